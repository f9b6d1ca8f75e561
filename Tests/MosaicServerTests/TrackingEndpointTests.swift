import Foundation
import Postgres
import Testing

/// Every tracking endpoint stores what it was sent, under the source its key names.
@Suite struct TrackingEndpointTests {
    struct Endpoint: Sendable, CustomTestStringConvertible {
        var path: String
        var body: String
        var type: String
        var name: String?
        var testDescription: String { path }
    }

    static let endpoints: [Endpoint] = [
        Endpoint(path: "identify", body: #"{"userId":"u-1","traits":{"plan":"pro"}}"#, type: "identify"),
        Endpoint(path: "track", body: #"{"userId":"u-1","event":"Order Completed","properties":{"total":42}}"#,
                 type: "track", name: "Order Completed"),
        Endpoint(path: "page", body: #"{"anonymousId":"a-1","name":"Home","category":"Docs"}"#, type: "page", name: "Home"),
        Endpoint(path: "screen", body: #"{"anonymousId":"a-1","name":"Cart"}"#, type: "screen", name: "Cart"),
        Endpoint(path: "group", body: #"{"userId":"u-1","groupId":"g-1","traits":{"name":"Acme"}}"#, type: "group"),
        Endpoint(path: "alias", body: #"{"userId":"u-1","previousId":"a-1"}"#, type: "alias"),
    ]

    /// Single messages run on the I/O loop only with a cached key and a small body; the first
    /// request of a key (a database lookup) and a large body take the off-loop path. Both store.
    @Test func firstRequestOfAKey_andALargeBody_leaveTheLoop_andStore() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let first = try mosaic.client.post("track", #"{"userId":"u-1","event":"First","messageId":"first"}"#, key: source.writeKey)
        #expect(first.status == 200, "\(first)")
        // 40 KB of whitespace: over the 32 KB message limit as bytes, well under it as a message.
        let padded = #"{"userId":"u-1","event":"Padded",\#(String(repeating: " ", count: 40_000))"messageId":"padded"}"#
        let large = try mosaic.client.post("track", padded, key: source.writeKey)
        #expect(large.status == 200, "\(large)")
        let unknown = try mosaic.client.post("track", #"{"userId":"u-1","event":"E"}"#, key: "wk_unknown_\(UUID())")
        #expect(unknown.status == 401)
        #expect(Set(try mosaic.connect().events(source: source.id).map(\.messageID)) == ["first", "padded"])
    }

    @Test(arguments: endpoints)
    func singleEndpoint_storesItsType(_ endpoint: Endpoint) throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let messageID = "m-\(endpoint.path)-\(UUID().uuidString)"
        var body = endpoint.body
        body.removeLast()
        body += #","messageId":"\#(messageID)"}"#

        let answer = try mosaic.client.post(endpoint.path, body, key: source.writeKey)

        #expect(answer.status == 200, "\(answer)")
        #expect(answer.rawBody == #"{"success":true}"#)
        let stored = try mosaic.connect().events(source: source.id)
        try #require(stored.count == 1)
        #expect(stored[0].messageID == messageID)
        #expect(stored[0].type == endpoint.type)
        #expect(stored[0].name == endpoint.name)
        // The body is stored with its type whatever the endpoint, so replays need no URL.
        #expect(try mosaic.connect().bodyText(source: source.id, messageID: messageID, path: "{type}") == endpoint.type)
    }

    @Test(arguments: ["batch", "import"])
    func batch_storesEveryTypeAndAppliesBatchContextAndIntegrations(_ path: String) throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let body = """
            {"context":{"ip":"203.0.113.9","library":{"name":"batch-lib"}},"integrations":{"All":false,"Mixpanel":true},
             "batch":[
              {"type":"identify","userId":"u-1","messageId":"b-0","traits":{"email":"a@example.com"}},
              {"type":"track","userId":"u-1","messageId":"b-1","event":"Viewed",
               "context":{"library":{"name":"item-lib"}},"integrations":{"Mixpanel":false}},
              {"type":"page","anonymousId":"a-1","messageId":"b-2","name":"Home"},
              {"type":"screen","anonymousId":"a-1","messageId":"b-3","name":"Cart"},
              {"type":"group","userId":"u-1","messageId":"b-4","groupId":"g-1"},
              {"type":"alias","userId":"u-1","messageId":"b-5","previousId":"a-1"}
             ]}
            """

        let answer = try mosaic.client.post(path, body, key: source.writeKey)

        #expect(answer.status == 200, "\(answer)")
        #expect(answer.rawBody == #"{"success":true}"#)
        let connection = try mosaic.connect()
        let stored = try connection.events(source: source.id)
        #expect(Dictionary(uniqueKeysWithValues: stored.map { ($0.messageID, $0.type) }) == [
            "b-0": "identify", "b-1": "track", "b-2": "page", "b-3": "screen", "b-4": "group", "b-5": "alias",
        ])
        // Batch-level context fills what the item lacks; the item's own keys win one level deep.
        #expect(try connection.bodyText(source: source.id, messageID: "b-0", path: "{context,ip}") == "203.0.113.9")
        #expect(try connection.bodyText(source: source.id, messageID: "b-0", path: "{context,library,name}") == "batch-lib")
        #expect(try connection.bodyText(source: source.id, messageID: "b-1", path: "{context,ip}") == "203.0.113.9")
        #expect(try connection.bodyText(source: source.id, messageID: "b-1", path: "{context,library,name}") == "item-lib")
        #expect(try connection.bodyText(source: source.id, messageID: "b-0", path: "{integrations,Mixpanel}") == "true")
        #expect(try connection.bodyText(source: source.id, messageID: "b-1", path: "{integrations,Mixpanel}") == "false")
        #expect(try connection.bodyText(source: source.id, messageID: "b-1", path: "{integrations,All}") == "false")
    }

    @Test func writeKeyInBody_authenticatesWithoutAuthorizationHeader() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let single = #"{"writeKey":"\#(source.writeKey)","userId":"u-1","event":"E","messageId":"wk-1"}"#
        let batch = #"{"writeKey":"\#(source.writeKey)","batch":[{"type":"track","userId":"u","event":"E","messageId":"wk-2"}]}"#

        let first = try mosaic.client.post("track", single, key: nil)
        let second = try mosaic.client.post("batch", batch, key: nil)

        #expect(first.status == 200, "\(first)")
        #expect(second.status == 200, "\(second)")
        #expect(try mosaic.connect().events(source: source.id).map(\.messageID) == ["wk-1", "wk-2"])
    }

    @Test func basicAuth_withOrWithoutPassword_authenticates() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let withPassword = "Basic " + Data((source.writeKey + ":ignored").utf8).base64EncodedString()
        let request = TrackingRequest(path: "/v1/track", json: #"{"userId":"u","event":"E","messageId":"ba-2"}"#,
                                      headers: [("Authorization", withPassword)])

        let plain = try mosaic.client.post("track", #"{"userId":"u","event":"E","messageId":"ba-1"}"#, key: source.writeKey)
        let other = try mosaic.client.answer(request)

        #expect(plain.status == 200, "\(plain)")
        #expect(other.status == 200, "\(other)")
        #expect(try mosaic.connect().events(source: source.id).map(\.messageID) == ["ba-1", "ba-2"])
    }

    @Test func unknownKey_is401_andStoresNothing() throws {
        let mosaic = try LiveMosaic.shared()
        let response = try mosaic.client.send(TrackingRequest(
            path: "/v1/track", json: #"{"userId":"u","event":"E","messageId":"unk-1"}"#, writeKey: "wk_not_a_real_key"))
        let answer = TrackingAnswer(response)

        #expect(answer.status == 401, "\(answer)")
        #expect(answer.errorCode == "unauthorized")
        #expect(response["WWW-Authenticate"]?.hasPrefix("Basic") == true)
        let count = try mosaic.connect().query("SELECT count(*) FROM message_ids WHERE message_id = 'unk-1'")[0]
            .decode(0, as: Int.self)
        #expect(count == 0)
    }

    @Test func unknownKeyInBody_is401() throws {
        let mosaic = try LiveMosaic.shared()
        let answer = try mosaic.client.post("track", #"{"writeKey":"nope","userId":"u","event":"E"}"#, key: nil)
        #expect(answer.status == 401, "\(answer)")
        #expect(answer.errorCode == "unauthorized")
    }

    @Test func noKey_is401() throws {
        let mosaic = try LiveMosaic.shared()
        let single = try mosaic.client.post("track", #"{"userId":"u","event":"E"}"#, key: nil)
        let batch = try mosaic.client.post("batch", #"{"batch":[{"type":"track","userId":"u","event":"E"}]}"#, key: nil)
        let emptyKey = try mosaic.client.post("track", #"{"writeKey":"","userId":"u","event":"E"}"#, key: nil)
        for answer in [single, batch, emptyKey] {
            #expect(answer.status == 401, "\(answer)")
            #expect(answer.errorCode == "unauthorized")
        }
    }

    @Test func revokedKey_is401() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        // Revoked before its first use, so no cache can still hold it.
        try mosaic.connect().execute("UPDATE sources SET revoked_at = now() WHERE id = \(source.id)")

        let answer = try mosaic.client.post("track", #"{"userId":"u","event":"E"}"#, key: source.writeKey)

        #expect(answer.status == 401, "\(answer)")
        #expect(answer.errorCode == "unauthorized")
        #expect(try mosaic.connect().eventCount(source: source.id) == 0)
    }

    static let garbageAuthorization: [String] = [
        "Basic",
        "Basic ",
        "Basic !!!not-base64!!!",
        "Basic " + Data([0xFF, 0xFE, 0x3A]).base64EncodedString(),  // not UTF-8
        "Basic " + Data(":password-only".utf8).base64EncodedString(),  // empty username
        "Basic " + String(repeating: "QUFB", count: 2_000),  // 6 KB of base64
        "Bearer sk_whatever",
        "Digest username=\"x\"",
    ]

    @Test(arguments: garbageAuthorization)
    func garbageAuthorizationHeader_is401NotServerError(_ header: String) throws {
        let mosaic = try LiveMosaic.shared()
        let request = TrackingRequest(path: "/v1/track", json: #"{"userId":"u","event":"E"}"#,
                                      headers: [("Authorization", header)])
        let answer = try mosaic.client.answer(request)
        #expect(answer.status == 401, "\(answer)")
        #expect(answer.errorCode == "unauthorized")
    }
}
