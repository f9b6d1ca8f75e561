import Foundation

extension TrackingMessage {
    /// The JSON object to store as the event body: the raw message with the normalised
    /// fields written back, so readers never need to repeat validation or skew correction.
    ///
    /// Written back: `type`, `messageId` (generated when absent), `userId`/`anonymousId`/
    /// `previousId`/`groupId` as strings, `context`/`integrations` with batch-level members
    /// merged in, and `timestamp`, `originalTimestamp`, `sentAt`, `receivedAt` as ISO-8601 UTC
    /// with milliseconds. `writeKey` is removed: it is a credential, not event data.
    /// Members keep the client's order; new ones are appended.
    ///
    /// Read back from ``storedBody()``, so the stored form has one definition (callers are
    /// tests and tools, not the ingestion path).
    public func storedObject() -> JSONObject {
        guard case .object(let object)? = try? JSONValue.parse(storedBody()) else {
            preconditionFailure("storedBody() wrote something that is not a JSON object")
        }
        return object
    }

    /// The stored body as compact JSON, written in one pass over the raw members
    /// without building the object or any intermediate value: copying the raw message and
    /// setting a dozen keys in it was about a tenth of ingestion's CPU per event, and building
    /// each written-back value (a timestamp string, a wrapped object) another few per cent.
    public func storedBody() -> [UInt8] {
        var written: UInt16 = 0
        var output: [UInt8] = []
        output.reserveCapacity(768)
        output.append(UInt8(ascii: "{"))
        func key(_ key: String) {
            if output.count > 1 { output.append(UInt8(ascii: ",")) }
            JSONValue.serializeString(key, into: &output)
            output.append(UInt8(ascii: ":"))
        }
        for raw in raw.members where raw.key != "writeKey" {
            key(raw.key)
            if let member = WrittenBack(key: raw.key), write(member, into: &output) {
                written |= member.bit
            } else {
                raw.value.serialize(into: &output)
            }
        }
        for member in WrittenBack.allCases where written & member.bit == 0 && isWritten(member) {
            key(member.key)
            _ = write(member, into: &output)
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// The members written over the raw message, in the order they are appended when the
    /// client did not send them.
    private enum WrittenBack: Int, CaseIterable {
        case type, messageId, userId, anonymousId, previousId, groupId, context, integrations
        case timestamp, originalTimestamp, sentAt, receivedAt

        /// The member names, in case order.
        private static let keys = [
            "type", "messageId", "userId", "anonymousId", "previousId", "groupId", "context", "integrations",
            "timestamp", "originalTimestamp", "sentAt", "receivedAt",
        ]

        init?(key: String) {
            guard let position = Self.keys.firstIndex(of: key) else { return nil }
            self.init(rawValue: position)
        }

        var key: String { Self.keys[rawValue] }

        var bit: UInt16 { 1 << UInt16(rawValue) }
    }

    /// Whether the stored body has `member` (an identifier or time the message lacks is left
    /// out; an empty `context` only when the client sent one).
    private func isWritten(_ member: WrittenBack) -> Bool {
        switch member {
        case .type, .messageId, .timestamp, .receivedAt: true
        case .userId: userId != nil
        case .anonymousId: anonymousId != nil
        case .previousId: previousId != nil
        case .groupId: groupId != nil
        case .context: !context.isEmpty || raw.contains("context")
        case .integrations: !integrations.isEmpty || raw.contains("integrations")
        case .originalTimestamp: timestamps.originalTimestamp != nil
        case .sentAt: timestamps.sentAt != nil
        }
    }

    /// Serialises the normalised value of `member`; false (writing nothing) when not written.
    private func write(_ member: WrittenBack, into output: inout [UInt8]) -> Bool {
        func string(_ text: String?) -> Bool {
            guard let text else { return false }
            JSONValue.serializeString(text, into: &output)
            return true
        }
        func time(_ date: Date?) -> Bool {
            guard let date else { return false }
            output.append(UInt8(ascii: "\""))
            ISO8601Timestamp.append(date, to: &output)
            output.append(UInt8(ascii: "\""))
            return true
        }
        switch member {
        case .type: return string(type.rawValue)
        case .messageId: return string(messageId)
        case .userId: return string(userId)
        case .anonymousId: return string(anonymousId)
        case .previousId: return string(previousId)
        case .groupId: return string(groupId)
        case .context, .integrations:
            guard isWritten(member) else { return false }
            JSONValue.object(member == .context ? context : integrations).serialize(into: &output)
            return true
        case .timestamp: return time(timestamps.timestamp)
        case .originalTimestamp: return time(timestamps.originalTimestamp)
        case .sentAt: return time(timestamps.sentAt)
        case .receivedAt: return time(timestamps.receivedAt)
        }
    }
}
