import Foundation
import MosaicCore
import Testing
import TestSupport

/// RudderStack's JavaScript SDK pointed at Mosaic (`configUrl` and `dataPlaneUrl` both Mosaic):
/// it fetches `/sourceConfig/?p=…&v=…` with the write key as Basic username (v1.1 also as
/// `writeKey=`), checks the shape (`source.id`, `source.config`, `source.destinations`), then
/// posts to `/v1/<type>` or `/v1/batch`, which the tracking tests cover. No browser runs here:
/// the requests are the SDK's in shape.
@Suite struct RudderStackJSCompatibilityTests {
    private static func get(_ mosaic: LiveMosaic, _ target: String, headers: String = "") throws -> HTTPTestResponse {
        try RawHTTPClient.exchange(
            port: mosaic.port,
            "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://shop.example.com\r\n\(headers)Connection: close\r\n\r\n")
    }

    @Test(arguments: ["/sourceConfig/?p=cdn&v=3.7.0&build=modern", "/sourceConfig?p=npm&v=3.7.0"])
    func sourceConfig_hasTheShapeTheSDKChecks(_ target: String) throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let response = try Self.get(mosaic, target, headers: "Authorization: \(TrackingRequest.basic(source.writeKey))\r\n")
        #expect(response.status == 200, "\(response)")
        #expect(response["Access-Control-Allow-Origin"] != nil, "a page on another origin reads it")
        let config = try #require(try JSONValue.parse(response.body).objectValue?["source"]?.objectValue)
        #expect(config["id"]?.stringValue == String(source.id))
        #expect(config["config"]?.objectValue != nil)
        #expect(config["destinations"] == .array([]))
        #expect(config["enabled"] == .bool(true))
        #expect(config["writeKey"]?.stringValue == source.writeKey)
    }

    /// v1.1 of the SDK names the key in the query as well.
    @Test func sourceConfig_takesTheKeyFromTheQuery() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let response = try Self.get(mosaic, "/sourceConfig/?p=npm&v=1.1.0&writeKey=\(source.writeKey)")
        #expect(response.status == 200, "\(response)")
    }

    @Test(arguments: [
        ("no key", "", "", 401, "unauthorized"),
        ("unknown key", "", "Authorization: \(TrackingRequest.basic("wk_unknown"))\r\n", 401, "unauthorized"),
        ("not Basic", "", "Authorization: Bearer wk_unknown\r\n", 401, "unauthorized"),
        ("empty query key", "&writeKey=", "", 401, "unauthorized"),
        ("4 KB query key", "&writeKey=" + String(repeating: "k", count: 4_000), "", 401, "unauthorized"),
        // The server refuses a target it cannot decode before any route sees it.
        ("query key not UTF-8", "&writeKey=%FF%FE%00", "", 400, "bad_request"),
    ] as [(String, String, String, Int, String)])
    func sourceConfig_withoutAKnownKey_isRefused(_ row: (name: String, query: String, headers: String, status: Int, code: String)) throws {
        let mosaic = try LiveMosaic.shared()
        let response = try Self.get(mosaic, "/sourceConfig/?p=cdn&v=3.7.0" + row.query, headers: row.headers)
        #expect(response.status == row.status, "\(row.name): \(response)")
        #expect(try JSONValue.parse(response.body).objectValue?["error"]?.objectValue?["code"]?.stringValue == row.code,
                "\(row.name): \(response)")
    }

    /// The browser asks first whether it may send `Authorization` from another origin.
    @Test func sourceConfig_preflight_allowsTheAuthorizationHeader() throws {
        let mosaic = try LiveMosaic.shared()
        let response = try RawHTTPClient.exchange(port: mosaic.port, """
            OPTIONS /sourceConfig/?p=cdn&v=3.7.0 HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://shop.example.com\r\n\
            Access-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: authorization\r\nConnection: close\r\n\r\n
            """)
        #expect((200...204).contains(response.status), "\(response)")
        #expect(response["Access-Control-Allow-Headers"]?.lowercased().contains("authorization") == true)
        #expect(response["Access-Control-Allow-Methods"]?.contains("GET") == true)
    }

    /// Its beacon transport (`navigator.sendBeacon` at page unload) can set no header: the key
    /// comes in the query, the body as `text/plain`.
    @Test func beaconBatch_takesTheKeyFromTheQuery() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let body = #"{"batch":[{"type":"page","anonymousId":"a-1","name":"Home","messageId":"beacon-1"},"#
            + #"{"type":"track","anonymousId":"a-1","event":"Left","messageId":"beacon-2"}],"sentAt":"2026-12-04T10:00:00.000Z"}"#
        let answer = try mosaic.client.answer(TrackingRequest(
            path: "/beacon/v1/batch?writeKey=\(source.writeKey)", json: body, contentType: "text/plain;charset=UTF-8"))
        #expect(answer.status == 200, "\(answer)")
        #expect(Set(try mosaic.connect().events(source: source.id).map(\.messageID)) == ["beacon-1", "beacon-2"])

        let unknown = try mosaic.client.answer(TrackingRequest(
            path: "/beacon/v1/batch?writeKey=wk_unknown", json: body, contentType: "text/plain;charset=UTF-8"))
        #expect(unknown.status == 401)
        #expect(unknown.errorCode == "unauthorized")
    }
}
