import Foundation
import MosaicCore
import Testing

/// The keys admin API: create (secret shown once), list (never secrets), revoke (at once),
/// and tracking sources with their write keys.
struct KeyRoutesTests {
    @Test func apiKeys_createListUseRevoke() throws {
        try OrdersTestApp.with { app in
            let created = try app.send("POST", "/v1/keys", key: app.admin,
                                       body: #"{"name":"till-berlin","scopes":["orders:write"," profiles:read","orders:write"]}"#)
            #expect(created.status == 201, "\(created)")
            let secret = try #require(created["secret"]?.stringValue)
            let id = try #require(created["id"]?.int64Value)
            #expect(created["scopes"] == ["orders:write", "profiles:read"])
            #expect(created["revoked_at"] == .null)
            #expect(secret.hasPrefix(try #require(created["prefix"]?.stringValue)))

            let list = try app.send("GET", "/v1/keys", key: app.admin)
            #expect(list.status == 200)
            #expect(!list.raw.bodyText.contains(secret))
            #expect(!list.raw.bodyText.contains(app.admin))
            let listed = try #require(list["data"]?.arrayValue?.first { $0["id"]?.int64Value == id })
            #expect(listed["name"]?.stringValue == "till-berlin")
            #expect(listed["secret"] == nil)

            let order = #"{"order_id":"K1","identifiers":{"email":"k@example.com"},"currency":"EUR","total":"1.00"}"#
            #expect(try app.send("POST", "/v1/orders", key: secret, body: order).status == 201)
            #expect(try app.send("GET", "/v1/keys", key: secret).status == 403)

            let revoked = try app.send("DELETE", "/v1/keys/\(id)", key: app.admin)
            #expect(revoked.status == 200)
            #expect(revoked["revoked"] == true)
            // The cached key is forgotten: the very next request is refused.
            let refused = try app.send("POST", "/v1/orders", key: secret, body: order)
            #expect(refused.status == 401)
            #expect(try app.send("DELETE", "/v1/keys/\(id)", key: app.admin).status == 404)
            #expect(try app.send("DELETE", "/v1/keys/abc", key: app.admin).status == 404)
            let after = try app.send("GET", "/v1/keys", key: app.admin)
            let entry = try #require(after["data"]?.arrayValue?.first { $0["id"]?.int64Value == id })
            #expect(entry["revoked_at"]?.stringValue != nil)
        }
    }

    @Test func sources_createReturnsAWorkingWriteKeyOnce() throws {
        try OrdersTestApp.with { app in
            let created = try app.send("POST", "/v1/sources", key: app.admin, body: #"{"name":"shop-app","country":"pl"}"#)
            #expect(created.status == 201, "\(created)")
            #expect(created["default_country"]?.stringValue == "PL")
            let writeKey = try #require(created["write_key"]?.stringValue)
            let tracked = try app.track("/v1/identify", writeKey: writeKey, body: #"{"userId":"s-1","traits":{"phone":"601 000 002"}}"#)
            #expect(tracked.status == 200, "\(tracked)")
            try app.waitForResolver()
            // The source's country made the national phone number readable.
            let found = try app.send("GET", "/v1/profiles/lookup?phone=%2B48601000002", key: app.admin)
            #expect(found.status == 200)

            let list = try app.send("GET", "/v1/sources", key: app.admin)
            #expect(!list.raw.bodyText.contains(writeKey))
            #expect(list["data"]?.arrayValue?.contains { $0["name"]?.stringValue == "shop-app" } == true)
        }
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        let path: String
        let body: String
        let code: String
        let field: String?
        var testDescription: String { "\(path) \(body)" }
    }

    static let malformed: [Malformed] = [
        Malformed(path: "/v1/keys", body: #"{"scopes":["admin"]}"#, code: "missing_field", field: "name"),
        Malformed(path: "/v1/keys", body: #"{"name":"  ","scopes":["admin"]}"#, code: "invalid_name", field: "name"),
        Malformed(path: "/v1/keys", body: #"{"name":"x"}"#, code: "missing_field", field: "scopes"),
        Malformed(path: "/v1/keys", body: #"{"name":"x","scopes":[]}"#, code: "missing_field", field: "scopes"),
        Malformed(path: "/v1/keys", body: #"{"name":"x","scopes":["root"]}"#, code: "unknown_scope", field: "scopes"),
        Malformed(path: "/v1/keys", body: #"{"name":"x","scopes":[1]}"#, code: "invalid_type", field: "scopes"),
        Malformed(path: "/v1/keys", body: "[]", code: "not_an_object", field: nil),
        Malformed(path: "/v1/sources", body: #"{"name":"web","country":"Poland"}"#, code: "invalid_country", field: "country"),
        Malformed(path: "/v1/sources", body: #"{"name":"\#(String(repeating: "n", count: 201))"}"#,
                  code: "invalid_name", field: "name"),
    ]

    @Test(arguments: malformed)
    func create_refusesMalformedBodies(_ row: Malformed) throws {
        let app = try OrdersAPITests.shared.get()
        let reply = try app.send("POST", row.path, key: app.admin, body: row.body)
        #expect(reply.status == 400, "\(reply)")
        #expect(reply.errorCode == row.code)
        #expect(reply["error"]?["field"]?.stringValue == row.field)
    }
}
