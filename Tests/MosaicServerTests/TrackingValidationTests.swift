import Foundation
import Postgres
import Testing

/// Bad tracking input gets an exact status and code, and stores nothing; the good part of a
/// batch is stored and the bad part is reported by index.
@Suite struct TrackingValidationTests {
    /// Where the row expects its error code: the request-level `error`, or `errors[0]` of a
    /// batch answer (`{"success":false,"stored":0,"errors":[...]}`).
    enum Place: Sendable { case request, firstItem }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var path: String
        var body: [UInt8]
        var contentType: String? = "application/json"
        var headers: [(name: String, value: String)] = []
        var status: Int
        var code: String
        var field: String?
        var place: Place = .request
        var testDescription: String { name }
    }

    static func json(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// `n` minimal valid batch items.
    static func items(_ n: Int) -> String {
        (0..<n).map { #"{"type":"track","userId":"u","event":"E","messageId":"i\#($0)"}"# }.joined(separator: ",")
    }

    static let rows: [Row] = [
        Row(name: "not JSON", path: "/v1/track", body: json(#"{"userId":"u","event":"#), status: 400, code: "invalid_json"),
        Row(name: "not JSON (batch)", path: "/v1/batch", body: json("batch=1"), status: 400, code: "invalid_json"),
        Row(name: "empty body", path: "/v1/track", body: [], status: 400, code: "invalid_json"),
        Row(name: "not an object", path: "/v1/track", body: json(#"[{"userId":"u","event":"E"}]"#), status: 400,
            code: "not_an_object"),
        Row(name: "string body", path: "/v1/identify", body: json(#""u-1""#), status: 400, code: "not_an_object"),
        Row(name: "no userId nor anonymousId", path: "/v1/track", body: json(#"{"event":"E"}"#), status: 400,
            code: "missing_field", field: "userId"),
        Row(name: "blank ids count as absent", path: "/v1/identify", body: json(#"{"userId":"  ","anonymousId":null}"#),
            status: 400, code: "missing_field", field: "userId"),
        Row(name: "track without event", path: "/v1/track", body: json(#"{"userId":"u"}"#), status: 400,
            code: "missing_field", field: "event"),
        Row(name: "alias without previousId", path: "/v1/alias", body: json(#"{"userId":"u"}"#), status: 400,
            code: "missing_field", field: "previousId"),
        Row(name: "group without groupId", path: "/v1/group", body: json(#"{"userId":"u"}"#), status: 400,
            code: "missing_field", field: "groupId"),
        Row(name: "traits not an object", path: "/v1/identify", body: json(#"{"userId":"u","traits":"vip"}"#),
            status: 400, code: "invalid_type", field: "traits"),
        Row(name: "properties an array", path: "/v1/track", body: json(#"{"userId":"u","event":"E","properties":[1]}"#),
            status: 400, code: "invalid_type", field: "properties"),
        Row(name: "bad timestamp", path: "/v1/track", body: json(#"{"userId":"u","event":"E","timestamp":"yesterday"}"#),
            status: 400, code: "invalid_timestamp", field: "timestamp"),
        Row(name: "timestamp a number", path: "/v1/track", body: json(#"{"userId":"u","event":"E","timestamp":1700000000}"#),
            status: 400, code: "invalid_timestamp", field: "timestamp"),
        Row(name: "type mismatch on /v1/track", path: "/v1/track", body: json(#"{"type":"identify","userId":"u"}"#),
            status: 400, code: "type_mismatch", field: "type"),
        Row(name: "writeKey not a string", path: "/v1/track", body: json(#"{"writeKey":5,"userId":"u","event":"E"}"#),
            status: 400, code: "invalid_type", field: "writeKey"),
        Row(name: "messageId over 255 bytes", path: "/v1/track",
            body: json(#"{"userId":"u","event":"E","messageId":"\#(String(repeating: "m", count: 256))"}"#),
            status: 400, code: "value_too_long", field: "messageId"),
        Row(name: "unknown type in batch", path: "/v1/batch",
            body: json(#"{"batch":[{"type":"purchase","userId":"u"}]}"#), status: 400, code: "unknown_type",
            field: "batch[0].type", place: .firstItem),
        Row(name: "batch item without type", path: "/v1/batch",
            body: json(#"{"batch":[{"userId":"u","event":"E"}]}"#), status: 400, code: "missing_field",
            field: "batch[0].type", place: .firstItem),
        Row(name: "batch item not an object", path: "/v1/batch", body: json(#"{"batch":[42]}"#), status: 400,
            code: "not_an_object", field: "batch[0]", place: .firstItem),
        Row(name: "empty batch", path: "/v1/batch", body: json(#"{"batch":[]}"#), status: 400, code: "empty_batch",
            field: "batch"),
        Row(name: "batch missing", path: "/v1/batch", body: json(#"{"messages":[]}"#), status: 400,
            code: "missing_field", field: "batch"),
        Row(name: "batch not an array", path: "/v1/batch", body: json(#"{"batch":{"type":"track"}}"#), status: 400,
            code: "invalid_type", field: "batch"),
        Row(name: "batch-level sentAt malformed", path: "/v1/batch",
            body: json(#"{"sentAt":"soon","batch":[\#(items(1))]}"#), status: 400, code: "invalid_timestamp",
            field: "sentAt"),
        Row(name: "2501 messages", path: "/v1/batch", body: json(#"{"batch":[\#(items(2_501))]}"#), status: 400,
            code: "too_many_messages", field: "batch"),
        Row(name: "one message over 32 KB", path: "/v1/track",
            body: json(#"{"userId":"u","event":"E","properties":{"pad":"\#(String(repeating: "x", count: 33_000))"}}"#),
            status: 413, code: "message_too_large"),
        Row(name: "track body over 500 KB", path: "/v1/track",
            body: json(#"{"userId":"u","event":"E","properties":{"pad":"\#(String(repeating: "x", count: 520_000))"}}"#),
            status: 413, code: "message_too_large"),
        Row(name: "batch body over 500 KB", path: "/v1/batch",
            body: json(#"{"batch":[\#(items(2)),{"type":"track","userId":"u","event":"\#(String(repeating: "x", count: 520_000))"}]}"#),
            status: 413, code: "batch_too_large"),
        Row(name: "form content type", path: "/v1/track", body: json(#"{"userId":"u","event":"E"}"#),
            contentType: "application/x-www-form-urlencoded", status: 415, code: "unsupported_media_type"),
        Row(name: "xml content type", path: "/v1/batch", body: json(#"{"batch":[\#(items(1))]}"#),
            contentType: "text/xml", status: 415, code: "unsupported_media_type"),
        Row(name: "unknown content encoding", path: "/v1/track", body: json(#"{"userId":"u","event":"E"}"#),
            headers: [("Content-Encoding", "br")], status: 415, code: "unsupported_content_encoding"),
        Row(name: "corrupt gzip", path: "/v1/track", body: [0x1F, 0x8B, 0x08, 0x00, 0xDE, 0xAD, 0xBE, 0xEF],
            headers: [("Content-Encoding", "gzip")], status: 400, code: "invalid_content_encoding"),
    ]

    @Test(arguments: rows)
    func badInput_getsExactStatusAndCode_andStoresNothing(_ row: Row) throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let request = TrackingRequest(path: row.path, body: row.body, writeKey: source.writeKey,
                                      contentType: row.contentType, headers: row.headers)

        let answer = try mosaic.client.answer(request)

        #expect(answer.status == row.status, "\(answer)")
        switch row.place {
        case .request:
            #expect(answer.errorCode == row.code, "\(answer)")
            #expect(answer.errorField == row.field, "\(answer)")
        case .firstItem:
            #expect(answer.success == false)
            #expect(answer.stored == 0)
            #expect(answer.errors == [.init(index: 0, code: row.code, field: row.field)], "\(answer)")
        }
        #expect(try mosaic.connect().eventCount(source: source.id) == 0)
    }

    @Test func gzipBomb_is413() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let inflated = #"{"userId":"u","event":"E","properties":{"pad":""# + String(repeating: "0", count: 5_000_000) + #""}}"#
        let body = try Gzip.compress(Array(inflated.utf8))
        let request = TrackingRequest(path: "/v1/track", body: body, writeKey: source.writeKey,
                                      headers: [("Content-Encoding", "gzip")])

        let answer = try mosaic.client.answer(request)

        #expect(body.count < 20_000)
        #expect(answer.status == 413, "\(answer)")
        #expect(try mosaic.connect().eventCount(source: source.id) == 0)
    }

    struct Accepted: Sendable, CustomTestStringConvertible {
        var name: String
        var contentType: String?
        var gzip: Bool = false
        var testDescription: String { name }
    }

    @Test(arguments: [
        Accepted(name: "application/json", contentType: "application/json"),
        Accepted(name: "json with charset", contentType: "application/json; charset=utf-8"),
        Accepted(name: "text/plain (sendBeacon)", contentType: "text/plain;charset=UTF-8"),
        Accepted(name: "no content type", contentType: nil),
        Accepted(name: "gzip body", contentType: "application/json", gzip: true),
    ])
    func acceptedEncodings_store(_ row: Accepted) throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let json = #"{"batch":[{"type":"track","userId":"u","event":"E","messageId":"enc-1"},"# +
            #"{"type":"identify","userId":"u","messageId":"enc-2","traits":{"name":"Zoë"}}]}"#
        let body = row.gzip ? try Gzip.compress(Array(json.utf8)) : Array(json.utf8)
        let request = TrackingRequest(path: "/v1/batch", body: body, writeKey: source.writeKey,
                                      contentType: row.contentType,
                                      headers: row.gzip ? [("Content-Encoding", "gzip")] : [])

        let answer = try mosaic.client.answer(request)

        #expect(answer.status == 200, "\(answer)")
        #expect(answer.rawBody == #"{"success":true}"#)
        let connection = try mosaic.connect()
        #expect(try connection.events(source: source.id).map(\.messageID) == ["enc-1", "enc-2"])
        #expect(try connection.bodyText(source: source.id, messageID: "enc-2", path: "{traits,name}") == "Zoë")
    }

    @Test func mixedBatch_storesExactlyTheGoodOnes_andReportsTheRestByIndex() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let pad = String(repeating: "x", count: 33_000)
        let body = """
            {"batch":[
              {"type":"track","userId":"u","event":"Good","messageId":"mx-0"},
              {"type":"track","userId":"u","messageId":"mx-1"},
              {"type":"identify","anonymousId":"a","messageId":"mx-2","traits":{"email":"a@example.com"}},
              {"type":"track","userId":"u","event":"Big","messageId":"mx-3","properties":{"pad":"\(pad)"}},
              {"type":"purchase","userId":"u","messageId":"mx-4"},
              {"type":"page","anonymousId":"a","messageId":"mx-5","timestamp":"not a time"},
              {"type":"page","anonymousId":"a","messageId":"mx-6","name":"Home"}
            ]}
            """

        let answer = try mosaic.client.post("batch", body, key: source.writeKey)

        #expect(answer.status == 200, "\(answer)")
        #expect(answer.success == false)
        #expect(answer.stored == 3)
        #expect(answer.errors == [
            .init(index: 1, code: "missing_field", field: "batch[1].event"),
            .init(index: 3, code: "message_too_large", field: "batch[3]"),
            .init(index: 4, code: "unknown_type", field: "batch[4].type"),
            .init(index: 5, code: "invalid_timestamp", field: "batch[5].timestamp"),
        ])
        let stored = try mosaic.connect().events(source: source.id)
        #expect(stored.map(\.messageID) == ["mx-0", "mx-2", "mx-6"])
        #expect(stored.map(\.type) == ["track", "identify", "page"])
    }

    @Test func allBadBatch_is400WithEveryError() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let body = #"{"batch":[{"type":"track","userId":"u"},{"type":"alias","userId":"u"}]}"#

        let answer = try mosaic.client.post("batch", body, key: source.writeKey)

        #expect(answer.status == 400, "\(answer)")
        #expect(answer.success == false)
        #expect(answer.stored == 0)
        #expect(answer.errors == [
            .init(index: 0, code: "missing_field", field: "batch[0].event"),
            .init(index: 1, code: "missing_field", field: "batch[1].previousId"),
        ])
        #expect(try mosaic.connect().eventCount(source: source.id) == 0)
    }

    @Test func exactly2500Messages_areAllStored() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let answer = try mosaic.client.post("batch", #"{"batch":[\#(Self.items(2_500))]}"#, key: source.writeKey)
        #expect(answer.status == 200, "\(answer)")
        #expect(try mosaic.connect().eventCount(source: source.id) == 2_500)
    }
}
