import Foundation
import Testing
import MosaicCore

/// Every validation rule of a single-message endpoint, with its exact code and field.
struct MessageValidationTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let body: String
        let endpoint: MessageType
        let code: MessageError.Code
        let field: String?
        var testDescription: String { "\(endpoint) \(body.prefix(60)) → \(code) \(field ?? "-")" }

        init(_ body: String, _ endpoint: MessageType, _ code: MessageError.Code, _ field: String?) {
            self.body = body
            self.endpoint = endpoint
            self.code = code
            self.field = field
        }
    }

    static let long256 = String(repeating: "m", count: 256)
    static let long1025 = String(repeating: "u", count: 1_025)
    static let deep = String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65)

    static let rows: [Row] = [
        Row("", .track, .invalidJSON, nil),
        Row("{", .track, .invalidJSON, nil),
        Row(#"{"userId":"u",}"#, .identify, .invalidJSON, nil),
        Row(deep, .identify, .invalidJSON, nil),
        Row("[]", .track, .notAnObject, nil),
        Row(#""text""#, .identify, .notAnObject, nil),
        Row(#"{"userId":"u"}"#, .track, .missingField, "event"),
        Row(#"{"userId":"u","event":""}"#, .track, .missingField, "event"),
        Row(#"{"userId":"u","event":"  "}"#, .track, .missingField, "event"),
        Row(#"{"userId":"u","event":null}"#, .track, .missingField, "event"),
        Row(#"{"userId":"u","event":5}"#, .track, .invalidType, "event"),
        Row(#"{"event":"E"}"#, .track, .missingField, "userId"),
        Row(#"{"userId":"","anonymousId":null,"event":"E"}"#, .track, .missingField, "userId"),
        Row(#"{"userId":{"a":1},"event":"E"}"#, .track, .invalidType, "userId"),
        Row(#"{"anonymousId":true,"event":"E"}"#, .track, .invalidType, "anonymousId"),
        Row(#"{"userId":"u","event":"E","type":"identify"}"#, .track, .typeMismatch, "type"),
        Row(#"{"userId":"u","type":"bogus"}"#, .identify, .unknownType, "type"),
        Row(#"{"userId":"u","type":7}"#, .identify, .invalidType, "type"),
        Row(#"{"userId":"u","event":"E","properties":"x"}"#, .track, .invalidType, "properties"),
        Row(#"{"userId":"u","traits":[1]}"#, .identify, .invalidType, "traits"),
        Row(#"{"userId":"u","context":5}"#, .identify, .invalidType, "context"),
        Row(#"{"userId":"u","integrations":"all"}"#, .identify, .invalidType, "integrations"),
        Row(#"{"userId":"u","timestamp":"yesterday"}"#, .identify, .invalidTimestamp, "timestamp"),
        Row(#"{"userId":"u","timestamp":1705300000}"#, .identify, .invalidTimestamp, "timestamp"),
        Row(#"{"userId":"u","sentAt":"2024-13-01T00:00:00Z"}"#, .identify, .invalidTimestamp, "sentAt"),
        Row(#"{"userId":"u","originalTimestamp":"2024-01-15T10:00:00"}"#, .identify, .invalidTimestamp, "originalTimestamp"),
        Row(#"{"userId":"u"}"#, .group, .missingField, "groupId"),
        Row(#"{"userId":"u","groupId":[]}"#, .group, .invalidType, "groupId"),
        Row(#"{"userId":"u"}"#, .alias, .missingField, "previousId"),
        Row(#"{"previousId":"p","anonymousId":"a"}"#, .alias, .missingField, "userId"),
        Row(#"{"userId":"u","messageId":"\#(long256)"}"#, .identify, .valueTooLong, "messageId"),
        Row(#"{"userId":"u","messageId":{}}"#, .identify, .invalidType, "messageId"),
        Row(#"{"userId":"\#(long1025)"}"#, .identify, .valueTooLong, "userId"),
        Row(#"{"userId":"u","event":"\#(long1025)"}"#, .track, .valueTooLong, "event"),
        Row(#"{"userId":"u","name":3}"#, .page, .invalidType, "name"),
        Row(#"{"anonymousId":"a","category":false}"#, .screen, .invalidType, "category"),
        Row(#"{"userId":"u","writeKey":5}"#, .identify, .invalidType, "writeKey"),
        Row(#"{"userId":"u","properties":{"blob":"\#(String(repeating: "x", count: 33_000))"}}"#,
            .identify, .messageTooLarge, nil),
        Row(#"{"userId":"u","properties":{"blob":"\#(String(repeating: "x", count: 520_000))"}}"#,
            .identify, .messageTooLarge, nil),
    ]

    @Test(arguments: rows)
    func invalidMessage_throwsCodeAndField(_ row: Row) {
        do {
            let parsed = try MessageFixtures.parse(row.body, endpoint: row.endpoint)
            Issue.record("expected \(row.code), parsed \(parsed.accepted.count) message(s)")
        } catch {
            #expect(error.code == row.code)
            #expect(error.field == row.field)
            #expect(error.index == nil)
        }
    }

    @Test func errorMessages_neverEchoSentValues() {
        let secret = "jane.doe@example.com"
        let bodies = [
            #"{"userId":{"email":"\#(secret)"},"event":"E"}"#,
            #"{"userId":"\#(secret)","timestamp":"\#(secret)"}"#,
            #"{"userId":"\#(secret)","type":"\#(secret)"}"#,
            #"{"userId":"\#(secret)","messageId":"\#(secret)\#(Self.long256)"}"#,
        ]
        for body in bodies {
            #expect(throws: MessageError.self) { try MessageFixtures.parse(body, endpoint: .identify) }
            do {
                _ = try MessageFixtures.parse(body, endpoint: .identify)
            } catch {
                #expect(!error.message.contains(secret))
                #expect(!error.description.contains(secret))
            }
        }
    }

    @Test func numbers_areAcceptedAsIdsAndConvertedToText() throws {
        let message = try MessageFixtures.single(
            #"{"userId":42,"anonymousId":4.0,"event":"E","messageId":123}"#, .track
        )
        #expect(message.userId == "42")
        #expect(message.anonymousId == "4")
        #expect(message.messageId == "123")
        let fractional = try MessageFixtures.single(#"{"userId":4.5}"#, .identify)
        #expect(fractional.userId == "4.5")
        let group = try MessageFixtures.single(#"{"anonymousId":"a","groupId":9001}"#, .group)
        #expect(group.groupId == "9001")
    }

    @Test func typeInBody_matchingEndpointCaseInsensitively_isAccepted() throws {
        let message = try MessageFixtures.single(#"{"type":"Track","userId":"u","event":"E"}"#, .track)
        #expect(message.type == .track)
        #expect(message.event == "E")
    }

    @Test func everyEndpoint_acceptsItsMinimalMessage() throws {
        let minimal: [(MessageType, String)] = [
            (.identify, #"{"userId":"u","traits":{"plan":"pro"}}"#),
            (.track, #"{"anonymousId":"a","event":"Signed Up","properties":{"n":1}}"#),
            (.page, #"{"anonymousId":"a","name":"Home","category":"Docs"}"#),
            (.screen, #"{"userId":"u"}"#),
            (.group, #"{"userId":"u","groupId":"g1","traits":{"name":"ACME"}}"#),
            (.alias, #"{"previousId":"anon-1","userId":"u"}"#),
        ]
        for (type, body) in minimal {
            let message = try MessageFixtures.single(body, type)
            #expect(message.type == type)
        }
        let page = try MessageFixtures.single(minimal[2].1, .page)
        #expect(page.name == "Home")
        #expect(page.category == "Docs")
        let alias = try MessageFixtures.single(minimal[5].1, .alias)
        #expect(alias.previousId == "anon-1")
        #expect(alias.userId == "u")
        let identify = try MessageFixtures.single(minimal[0].1, .identify)
        #expect(identify.traits == ["plan": "pro"])
    }

    @Test func nullOptionalFields_countAsAbsent() throws {
        let message = try MessageFixtures.single(
            #"{"userId":"u","anonymousId":null,"traits":null,"context":null,"timestamp":null,"messageId":null}"#, .identify
        )
        #expect(message.anonymousId == nil)
        #expect(message.traits.isEmpty)
        #expect(message.context.isEmpty)
        #expect(message.timestamp == MessageFixtures.receivedAt)
        #expect(message.messageId == "gen-1")
    }

    @Test func messageSize_limitIsInclusiveAndMeasuredCompact() throws {
        let body = #"{"userId":"u","properties":{"p":"\#(String(repeating: "x", count: 100))"}}"#
        let size = try JSONValue.parse(body).serializedByteCount
        let atLimit = MessageLimits(maxMessageBytes: size)
        #expect(try MessageFixtures.parse(body, endpoint: .identify, limits: atLimit).accepted.count == 1)
        // Whitespace the client adds does not count.
        let spaced = body.replacingOccurrences(of: ",", with: " ,  \n ")
        #expect(try MessageFixtures.parse(spaced, endpoint: .identify, limits: atLimit).accepted.count == 1)
        #expect(throws: MessageError(
            code: .messageTooLarge, message: "message is \(size) bytes, over the \(size - 1)-byte limit"
        )) {
            try MessageFixtures.parse(body, endpoint: .identify, limits: MessageLimits(maxMessageBytes: size - 1))
        }
    }

    @Test func nullCharacterEscapes_becomeReplacementCharacters() throws {
        let message = try MessageFixtures.single(#"{"userId":"u\u0000","traits":{"n\u0000":"x\u0000"}}"#, .identify)
        #expect(message.userId == "u\u{FFFD}")
        #expect(message.traits == ["n\u{FFFD}": "x\u{FFFD}"])
    }

    @Test func messageIdAtLimit_isAccepted() throws {
        let id = String(repeating: "m", count: 255)
        let message = try MessageFixtures.single(#"{"userId":"u","messageId":"\#(id)"}"#, .identify)
        #expect(message.messageId == id)
        #expect(!message.messageIdWasGenerated)
    }

    @Test func validateMessage_requiresTypeWhenNotGiven() throws {
        let value: JSONValue = ["type": "track", "userId": "u", "event": "E"]
        let message = try MessageParser.validateMessage(value, type: nil, receivedAt: MessageFixtures.receivedAt)
        #expect(message.type == .track)
        #expect(throws: MessageError(code: .missingField, message: "type is required", field: "type")) {
            try MessageParser.validateMessage(["userId": "u"], type: nil, receivedAt: MessageFixtures.receivedAt)
        }
    }

    @Test func codes_patternMatchInCatch() {
        var matched = false
        do {
            _ = try MessageFixtures.parse("nope", endpoint: .track)
        } catch MessageError.Code.invalidJSON {
            matched = true
        } catch {
            matched = false
        }
        #expect(matched)
    }
}
