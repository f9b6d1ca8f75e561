import Foundation
import MosaicCore

/// Shared inputs for the message tests.
enum MessageFixtures {
    static let receivedAt = ISO8601Timestamp.parse("2024-01-15T12:00:00Z")!

    static func date(_ text: String) -> Date { ISO8601Timestamp.parse(text)! }

    /// A generator that numbers ids so tests can assert exactly which message got which.
    final class Counter {
        var count = 0
        func next() -> String {
            count += 1
            return "gen-\(count)"
        }
    }

    static func parse(
        _ json: String,
        endpoint: MessageType?,
        limits: MessageLimits = MessageLimits(),
        counter: Counter = Counter()
    ) throws(MessageError) -> ParsedRequest {
        try MessageParser.parse(
            body: Array(json.utf8), endpoint: endpoint, receivedAt: receivedAt, limits: limits,
            makeMessageID: counter.next
        )
    }

    /// Parses a single-endpoint body that must be valid, returning its message.
    static func single(_ json: String, _ endpoint: MessageType) throws -> TrackingMessage {
        let parsed = try parse(json, endpoint: endpoint)
        guard parsed.accepted.count == 1, parsed.rejected.isEmpty else { throw MessageError(code: .missingField, message: "fixture") }
        return parsed.accepted[0].message
    }
}
