import Foundation
import Testing
import MosaicCore

struct BatchParsingTests {
    @Test func mixedBatch_keepsExactlyTheGoodItems() throws {
        let big = String(repeating: "x", count: 33_000)
        let body = """
        {"batch":[
          {"type":"track","userId":"u1","event":"A","messageId":"m0"},
          "not an object",
          {"type":"track","userId":"u1"},
          {"type":"identify","anonymousId":"a1","traits":{"plan":"pro"},"messageId":"m3"},
          {"type":"identify","userId":"u2","traits":{"blob":"\(big)"}},
          {"type":"shout","userId":"u3"},
          {"userId":"u4","event":"B"},
          {"type":"page","anonymousId":"a2","name":"Home","messageId":"m7"},
          {"type":"track","userId":"u5","event":"C","timestamp":"soon"}
        ]}
        """
        let parsed = try MessageFixtures.parse(body, endpoint: nil)
        #expect(parsed.accepted.map(\.index) == [0, 3, 7])
        #expect(parsed.accepted.map(\.message.messageId) == ["m0", "m3", "m7"])
        #expect(parsed.accepted.map(\.message.type) == [.track, .identify, .page])
        let rejected = parsed.rejected.map { [$0.code.rawValue, $0.field ?? "-", String($0.index ?? -1)] }
        #expect(rejected == [
            ["not_an_object", "batch[1]", "1"],
            ["missing_field", "batch[2].event", "2"],
            ["message_too_large", "batch[4]", "4"],
            ["unknown_type", "batch[5].type", "5"],
            ["missing_field", "batch[6].type", "6"],
            ["invalid_timestamp", "batch[8].timestamp", "8"],
        ])
    }

    struct BodyRow: Sendable, CustomTestStringConvertible {
        let body: String
        let code: MessageError.Code
        let field: String?
        var limits = MessageLimits()
        var testDescription: String { "\(body.prefix(50)) → \(code)" }
    }

    static let bodyErrors: [BodyRow] = [
        BodyRow(body: "[]", code: .notAnObject, field: nil),
        BodyRow(body: #"{"batch":[{"type":"identify","userId":"u"}"#, code: .invalidJSON, field: nil),
        BodyRow(body: "{}", code: .missingField, field: "batch"),
        BodyRow(body: #"{"batch":null}"#, code: .missingField, field: "batch"),
        BodyRow(body: #"{"batch":{}}"#, code: .invalidType, field: "batch"),
        BodyRow(body: #"{"batch":[]}"#, code: .emptyBatch, field: "batch"),
        BodyRow(body: #"{"batch":[{},{},{},{}]}"#, code: .tooManyMessages, field: "batch",
                limits: MessageLimits(maxBatchMessages: 3)),
        BodyRow(body: #"{"batch":[{"type":"identify","userId":"u"}],"padding":"\#(String(repeating: " ", count: 100))"}"#,
                code: .batchTooLarge, field: nil, limits: MessageLimits(maxBatchBytes: 100)),
        BodyRow(body: #"{"batch":[{"type":"identify","userId":"u"}],"context":[]}"#, code: .invalidType, field: "context"),
        BodyRow(body: #"{"batch":[{"type":"identify","userId":"u"}],"integrations":1}"#, code: .invalidType, field: "integrations"),
        BodyRow(body: #"{"batch":[{"type":"identify","userId":"u"}],"sentAt":"later"}"#, code: .invalidTimestamp, field: "sentAt"),
        BodyRow(body: #"{"batch":[{"type":"identify","userId":"u"}],"writeKey":["k"]}"#, code: .invalidType, field: "writeKey"),
    ]

    @Test(arguments: bodyErrors)
    func bodyLevelProblem_throws(_ row: BodyRow) {
        do {
            _ = try MessageFixtures.parse(row.body, endpoint: nil, limits: row.limits)
            Issue.record("expected \(row.code)")
        } catch {
            #expect(error.code == row.code)
            #expect(error.field == row.field)
            #expect(error.index == nil)
        }
    }

    @Test func batchAtMessageLimit_isAccepted() throws {
        let items = (0..<3).map { #"{"type":"identify","userId":"u\#($0)"}"# }.joined(separator: ",")
        let parsed = try MessageFixtures.parse(#"{"batch":[\#(items)]}"#, endpoint: nil, limits: MessageLimits(maxBatchMessages: 3))
        #expect(parsed.accepted.map(\.message.userId) == ["u0", "u1", "u2"])
    }

    @Test func defaultLimit_acceptsTwentyFiveHundredAndRefusesOneMore() throws {
        func body(_ count: Int) -> String {
            #"{"batch":["# + Array(repeating: #"{"type":"track","userId":"u","event":"E"}"#, count: count)
                .joined(separator: ",") + "]}"
        }
        #expect(try MessageFixtures.parse(body(2_500), endpoint: nil).accepted.count == 2_500)
        #expect(throws: MessageError.self) { try MessageFixtures.parse(body(2_501), endpoint: nil) }
    }

    @Test func batchContextAndIntegrations_mergeOneLevelWithMessageWinning() throws {
        let body = """
        {"writeKey":"wk_123",
         "context":{"library":{"name":"analytics-node","version":"1"},"ip":"1.1.1.1","locale":"en-US"},
         "integrations":{"All":false,"Mixpanel":true},
         "batch":[
           {"type":"track","userId":"u","event":"A","context":{"ip":"2.2.2.2","library":{"name":"mine"}},
            "integrations":{"All":true}},
           {"type":"identify","userId":"u"}
         ]}
        """
        let parsed = try MessageFixtures.parse(body, endpoint: nil)
        #expect(parsed.writeKey == "wk_123")
        let first = parsed.accepted[0].message
        #expect(first.context == ["ip": "2.2.2.2", "library": ["name": "mine"], "locale": "en-US"])
        #expect(first.integrations == ["All": true, "Mixpanel": true])
        let second = parsed.accepted[1].message
        #expect(second.context == ["library": ["name": "analytics-node", "version": "1"], "ip": "1.1.1.1", "locale": "en-US"])
        #expect(second.integrations == ["All": false, "Mixpanel": true])
        // The raw message is what the client sent, untouched by the merge.
        #expect(second.raw == ["type": "identify", "userId": "u"])
    }

    @Test func batchSentAt_appliesToItemsWithoutTheirOwn() throws {
        let body = """
        {"sentAt":"2024-01-15T10:00:10Z","batch":[
          {"type":"track","userId":"u","event":"A","timestamp":"2024-01-15T10:00:00Z"},
          {"type":"track","userId":"u","event":"B","timestamp":"2024-01-15T10:00:00Z","sentAt":"2024-01-15T10:00:01Z"},
          {"type":"track","userId":"u","event":"C"}
        ]}
        """
        let messages = try MessageFixtures.parse(body, endpoint: nil).accepted.map(\.message)
        #expect(messages[0].timestamp == MessageFixtures.date("2024-01-15T11:59:50Z"))
        #expect(messages[0].sentAt == MessageFixtures.date("2024-01-15T10:00:10Z"))
        #expect(messages[1].timestamp == MessageFixtures.date("2024-01-15T11:59:59Z"))
        #expect(messages[1].sentAt == MessageFixtures.date("2024-01-15T10:00:01Z"))
        #expect(messages[2].timestamp == MessageFixtures.receivedAt)
        #expect(messages.allSatisfy { $0.receivedAt == MessageFixtures.receivedAt })
    }

    @Test func singleEndpoint_surfacesWriteKeyAndAppliesSkew() throws {
        let body = #"{"writeKey":"wk_1","userId":"u","event":"E","timestamp":"2024-01-15T08:00:00Z","sentAt":"2024-01-15T08:01:00Z"}"#
        let parsed = try MessageFixtures.parse(body, endpoint: .track)
        #expect(parsed.writeKey == "wk_1")
        #expect(parsed.accepted.map(\.index) == [0])
        #expect(parsed.accepted[0].message.timestamp == MessageFixtures.date("2024-01-15T11:59:00Z"))
        #expect(parsed.accepted[0].message.originalTimestamp == MessageFixtures.date("2024-01-15T08:00:00Z"))
    }

    @Test func missingMessageIds_areGeneratedInOrderOnlyForAcceptedItems() throws {
        let body = """
        {"batch":[
          {"type":"identify","userId":"u"},
          {"type":"identify"},
          {"type":"identify","userId":"u","messageId":"client-1"},
          {"type":"identify","userId":"u","messageId":""},
          {"type":"identify","userId":"u"}
        ]}
        """
        let counter = MessageFixtures.Counter()
        let parsed = try MessageFixtures.parse(body, endpoint: nil, counter: counter)
        #expect(parsed.accepted.map(\.message.messageId) == ["gen-1", "client-1", "gen-2", "gen-3"])
        #expect(parsed.accepted.map(\.message.messageIdWasGenerated) == [true, false, true, true])
        #expect(counter.count == 3)
    }

    @Test func defaultGenerator_makesDistinctLowercaseUUIDs() throws {
        let body = #"{"batch":[{"type":"identify","userId":"u"},{"type":"identify","userId":"u"}]}"#
        let ids = try MessageParser.parse(body: Array(body.utf8), endpoint: nil, receivedAt: MessageFixtures.receivedAt)
            .accepted.map(\.message.messageId)
        #expect(ids.count == 2)
        #expect(ids[0] != ids[1])
        for id in ids {
            #expect(UUID(uuidString: id) != nil)
            #expect(id == id.lowercased())
        }
    }
}
