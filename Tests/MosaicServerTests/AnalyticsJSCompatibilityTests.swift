import Foundation
import MosaicCore
import MosaicServer
import Postgres
import Testing
import TestSupport

/// Segment's browser SDK (analytics.js / analytics-next) pointed at Mosaic: it fetches its source
/// settings from `cdnURL`, then posts each call to `<apiHost>/<first letter of the type>` (or
/// batches to `<apiHost>/b`) as `text/plain` with the write key in the body. No browser runs
/// here, so the requests are the SDK's, byte for byte in shape (its `normalize` step: `writeKey`,
/// `context.library`, `_metadata`, `sentAt`, `ajs-next-` message ids).
@Suite struct AnalyticsJSCompatibilityTests {
    /// A call as analytics-next sends it.
    static func sdkBody(_ type: String, _ fields: String, writeKey: String, messageID: String) -> String {
        """
        {"type":"\(type)",\(fields),"messageId":"\(messageID)","anonymousId":"6f2b1c1e-7a7e-4c56-9d6e-2d4c3a1b0f9e",
         "timestamp":"2026-12-04T10:00:00.000Z","integrations":{},
         "context":{"page":{"path":"/p/shoe","referrer":"","search":"","title":"Shoe","url":"https://shop.example.com/p/shoe"},
                    "userAgent":"Mozilla/5.0","locale":"de-DE","library":{"name":"analytics.js","version":"next-1.70.0"}},
         "writeKey":"\(writeKey)","sentAt":"2026-12-04T10:00:00.120Z",
         "_metadata":{"bundled":["Segment.io"],"unbundled":[],"bundledIds":[]}}
        """
    }

    static let calls: [(path: String, type: String, fields: String)] = [
        ("t", "track", #""event":"Product Viewed","properties":{"sku":"shoe-1"}"#),
        ("i", "identify", #""userId":"u-ajs","traits":{"email":"ajs@example.com"}"#),
        ("p", "page", #""name":"Shoe","properties":{"path":"/p/shoe"}"#),
        ("s", "screen", #""name":"Cart""#),
        ("g", "group", #""groupId":"g-1","traits":{"name":"Acme"}"#),
        ("a", "alias", #""userId":"u-ajs","previousId":"6f2b1c1e-7a7e-4c56-9d6e-2d4c3a1b0f9e""#),
    ]

    @Test func oneLetterPaths_storeEachCallUnderItsType() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        for call in Self.calls {
            let body = Self.sdkBody(call.type, call.fields, writeKey: source.writeKey, messageID: "ajs-next-\(call.path)")
            let answer = try mosaic.client.answer(TrackingRequest(
                path: "/v1/" + call.path, json: body, contentType: "text/plain",
                headers: [("Origin", "https://shop.example.com")]))
            #expect(answer.status == 200, "\(call.path): \(answer)")
        }
        let stored = try mosaic.connect().events(source: source.id)
        #expect(Dictionary(uniqueKeysWithValues: stored.map { ($0.messageID, $0.type) })
            == Dictionary(uniqueKeysWithValues: Self.calls.map { ("ajs-next-\($0.path)", $0.type) }))
        // The SDK's write key never lands in the stored body; the sender's address does, as
        // Segment's servers add it to client-side events.
        #expect(try mosaic.connect().bodyText(source: source.id, messageID: "ajs-next-t", path: "{writeKey}") == nil)
        #expect(try mosaic.connect().bodyText(source: source.id, messageID: "ajs-next-t", path: "{context,ip}") == "127.0.0.1")
    }

    /// Behind a proxy, the address comes from the configured header (its last entry, the one the
    /// proxy added); a value that is not an address falls back to the peer; switched off, none.
    @Test func clientIP_fromTheConfiguredHeader_orThePeer_orNotAtAll() throws {
        func storedIP(_ configure: @escaping @Sendable (inout MosaicConfig) -> Void, forwardedFor: String) throws -> String? {
            let mosaic = try LiveMosaic(conninfo: try TestDatabase.create(prefix: "client_ip").conninfo, configure: configure)
            defer { mosaic.stop() }
            let source = try mosaic.makeSource()
            let body = Self.sdkBody("track", #""event":"E""#, writeKey: source.writeKey, messageID: "ip-1")
            let answer = try mosaic.client.answer(TrackingRequest(path: "/v1/t", json: body, contentType: "text/plain",
                                                                  headers: [("X-Forwarded-For", forwardedFor)]))
            try #require(answer.status == 200, "\(answer)")
            return try mosaic.connect().bodyText(source: source.id, messageID: "ip-1", path: "{context,ip}")
        }
        let behindProxy: @Sendable (inout MosaicConfig) -> Void = { $0.http.clientIPHeader = "X-Forwarded-For" }
        #expect(try storedIP(behindProxy, forwardedFor: "192.0.2.1, 198.51.100.23") == "198.51.100.23")
        #expect(try storedIP(behindProxy, forwardedFor: "<script>") == "127.0.0.1")
        #expect(try storedIP({ _ in }, forwardedFor: "198.51.100.23") == "127.0.0.1", "the header is not trusted unless configured")
        #expect(try storedIP({ $0.ingestion.fillClientIP = false }, forwardedFor: "198.51.100.23") == nil)
    }

    /// Its batching mode: `{writeKey, batch, sentAt}` to `/b`, items without their own `sentAt`.
    @Test func batchingMode_postsToB_andEveryItemIsStored() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let items = Self.calls.map { call in
            Self.sdkBody(call.type, call.fields, writeKey: source.writeKey, messageID: "ajs-b-\(call.path)")
                .replacingOccurrences(of: #","sentAt":"2026-12-04T10:00:00.120Z""#, with: "")
        }
        let body = #"{"writeKey":"\#(source.writeKey)","batch":[\#(items.joined(separator: ","))],"sentAt":"2026-12-04T10:00:01.000Z"}"#
        let answer = try mosaic.client.answer(TrackingRequest(path: "/v1/b", json: body, contentType: "text/plain"))
        #expect(answer.status == 200, "\(answer)")
        #expect(answer.rawBody == #"{"success":true}"#)
        #expect(try mosaic.connect().events(source: source.id).count == Self.calls.count)
    }

    /// The one-letter paths are the long ones under another name: the same rules hold.
    @Test func oneLetterPath_checksTheTypeAndTheKey() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let identify = Self.sdkBody("identify", #""userId":"u-1""#, writeKey: source.writeKey, messageID: "m-1")
        let mismatch = try mosaic.client.answer(TrackingRequest(path: "/v1/t", json: identify, contentType: "text/plain"))
        #expect(mismatch.status == 400)
        #expect(mismatch.errorCode == "type_mismatch")
        let unknownKey = Self.sdkBody("track", #""event":"E""#, writeKey: "wk_unknown", messageID: "m-2")
        let refused = try mosaic.client.answer(TrackingRequest(path: "/v1/t", json: unknownKey, contentType: "text/plain"))
        #expect(refused.status == 401)
        #expect(try mosaic.connect().events(source: source.id).isEmpty)
    }

    private static func settings(_ mosaic: LiveMosaic, key: String, headers: String = "Host: 127.0.0.1:8080\r\n") throws -> HTTPTestResponse {
        try RawHTTPClient.exchange(
            port: mosaic.port,
            "GET /v1/projects/\(key)/settings HTTP/1.1\r\n\(headers)Origin: https://shop.example.com\r\nConnection: close\r\n\r\n")
    }

    @Test func cdnSettings_pointTheSDKBackHere() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()

        let direct = try Self.settings(mosaic, key: source.writeKey)
        #expect(direct.status == 200, "\(direct)")
        #expect(direct["Access-Control-Allow-Origin"] != nil, "a page on another origin reads it")
        let body = try #require(try JSONValue.parse(direct.body).objectValue)
        let segment = body["integrations"]?.objectValue?["Segment.io"]?.objectValue
        #expect(segment?["apiKey"]?.stringValue == source.writeKey)
        #expect(segment?["apiHost"]?.stringValue == "127.0.0.1:8080/v1")
        #expect(segment?["protocol"]?.stringValue == "http")
        #expect(body["metrics"]?.objectValue?["sampleRate"] == .int(0), "no SDK telemetry to Segment")
        // Built from headers the client chose: no shared cache may keep it for others.
        #expect(direct["Cache-Control"] == "private, max-age=300")
        #expect(direct["Vary"]?.contains("X-Forwarded-Host") == true)

        let proxied = try Self.settings(mosaic, key: source.writeKey, headers: """
            Host: 10.0.0.5:8080\r\nX-Forwarded-Host: cdp.example.com, 10.0.0.5\r\nX-Forwarded-Proto: https\r\n
            """)
        let behindProxy = try #require(try JSONValue.parse(proxied.body).objectValue)["integrations"]?
            .objectValue?["Segment.io"]?.objectValue
        #expect(behindProxy?["apiHost"]?.stringValue == "cdp.example.com/v1")
        #expect(behindProxy?["protocol"]?.stringValue == "https")
    }

    /// With `http.public_url` set, the headers a client sends no longer matter, and the answer
    /// is the same for everyone (so a shared cache may keep it).
    @Test func cdnSettings_followTheConfiguredPublicURL() throws {
        let mosaic = try LiveMosaic(conninfo: try TestDatabase.create(prefix: "public_url").conninfo,
                                    configure: { $0.http.publicURL = "https://cdp.example.com" })
        defer { mosaic.stop() }
        let source = try mosaic.makeSource()
        let response = try Self.settings(mosaic, key: source.writeKey,
                                         headers: "Host: evil.example\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: http\r\n")
        #expect(response.status == 200, "\(response)")
        let segment = try #require(try JSONValue.parse(response.body).objectValue)["integrations"]?
            .objectValue?["Segment.io"]?.objectValue
        #expect(segment?["apiHost"]?.stringValue == "cdp.example.com/v1")
        #expect(segment?["protocol"]?.stringValue == "https")
        #expect(response["Cache-Control"] == "public, max-age=300")
    }

    @Test func cdnSettings_ofARevokedKey_are404() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        try mosaic.connect().execute("UPDATE sources SET revoked_at = now() WHERE id = \(source.id)")
        let response = try Self.settings(mosaic, key: source.writeKey)
        #expect(response.status == 404, "\(response)")
    }

    @Test(arguments: [
        ("unknown key", "wk_unknown", "Host: 127.0.0.1\r\n", 404, "not_found"),
        ("4 KB key", String(repeating: "k", count: 4_000), "Host: 127.0.0.1\r\n", 404, "not_found"),
        ("key not UTF-8", "%FF%FE", "Host: 127.0.0.1\r\n", 400, "bad_request"),
        ("host with a path", nil, "Host: evil.example/x?y\r\n", 400, "invalid_host"),
        ("host with a quote", nil, "Host: a\"b\r\n", 400, "invalid_host"),
        ("forwarded host with userinfo", nil, "Host: 127.0.0.1\r\nX-Forwarded-Host: user@evil.example\r\n", 400, "invalid_host"),
        ("forwarded proto not http", nil, "Host: 127.0.0.1\r\nX-Forwarded-Proto: javascript\r\n", 400, "invalid_forwarded_proto"),
    ] as [(String, String?, String, Int, String)])
    func cdnSettings_refuseWhatTheyCannotAnswer(_ row: (name: String, key: String?, headers: String, status: Int, code: String)) throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let response = try Self.settings(mosaic, key: row.key ?? source.writeKey, headers: row.headers)
        #expect(response.status == row.status, "\(row.name): \(response)")
        let error = try JSONValue.parse(response.body).objectValue?["error"]?.objectValue
        #expect(error?["code"]?.stringValue == row.code, "\(row.name)")
    }
}
