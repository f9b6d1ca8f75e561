import Foundation
import MosaicCore
import Synchronization
import Testing

/// `POST /v1/orders`, returns, reads, and what they do to computed traits, over real sockets on
/// one shared app (each test uses its own order ids and buyers).
struct OrdersAPITests {
    static let shared = Result { try OrdersTestApp() }

    let app: OrdersTestApp
    let till: String
    let reader: String

    init() throws {
        app = try Self.shared.get()
        till = try app.key(["orders:write"])
        reader = try app.key(["profiles:read"], name: "support")
    }

    /// A unique id so tests sharing the app never meet.
    static func unique(_ prefix: String) -> String { prefix + "-" + UUID().uuidString.prefix(8).lowercased() }

    func order(_ id: String, email: String, total: String = "50.00", items: String? = nil, extra: String = "") -> String {
        let lines = items ?? #"[{"sku":"S1","name":"Tee","category":"shirts","quantity":2,"price":"10.00"},{"sku":"S2","name":"Boots","category":"shoes","quantity":1,"price":"30.00"}]"#
        return #"{"order_id":"\#(id)","identifiers":{"email":"\#(email)"},"currency":"EUR","items":\#(lines),"total":"\#(total)"\#(extra)}"#
    }

    // MARK: Scopes

    struct Route: Sendable, CustomTestStringConvertible {
        let method: String
        let path: String
        let body: String?
        let wrongScope: String
        let scope: String
        var testDescription: String { "\(method) \(path)" }
    }

    static let routes: [Route] = [
        Route(method: "POST", path: "/v1/orders", body: "{}", wrongScope: "profiles:write", scope: "orders:write"),
        Route(method: "POST", path: "/v1/orders/X-1/return", body: "{}", wrongScope: "profiles:read", scope: "orders:write"),
        Route(method: "GET", path: "/v1/orders/X-1", body: nil, wrongScope: "orders:write", scope: "profiles:read"),
        Route(method: "GET", path: "/v1/profiles/1/orders", body: nil, wrongScope: "orders:write", scope: "profiles:read"),
        Route(method: "GET", path: "/v1/analytics/summary", body: nil, wrongScope: "profiles:read", scope: "segments:read"),
        Route(method: "GET", path: "/v1/keys", body: nil, wrongScope: "segments:write", scope: "admin"),
        Route(method: "POST", path: "/v1/keys", body: "{}", wrongScope: "profiles:write", scope: "admin"),
        Route(method: "DELETE", path: "/v1/keys/999999", body: nil, wrongScope: "privacy", scope: "admin"),
        Route(method: "POST", path: "/v1/sources", body: "{}", wrongScope: "orders:write", scope: "admin"),
    ]

    @Test(arguments: routes)
    func scopes_noKeyIs401_wrongScopeIs403NamingIt(route: Route) throws {
        let anonymous = try app.send(route.method, route.path, key: nil, body: route.body)
        #expect(anonymous.status == 401)
        #expect(anonymous.errorCode == "unauthorized")
        #expect(anonymous.raw["WWW-Authenticate"]?.hasPrefix("Bearer") == true)

        let bogus = try app.send(route.method, route.path, key: "mk_not_a_key", body: route.body)
        #expect(bogus.status == 401)

        let wrong = try app.send(route.method, route.path, key: try app.key([route.wrongScope]), body: route.body)
        #expect(wrong.status == 403)
        #expect(wrong.errorCode == "missing_scope")
        #expect(wrong["error"]?["message"]?.stringValue?.hasSuffix(route.scope) == true)

        // The right scope gets past authorization (whatever the body then earns).
        let right = try app.send(route.method, route.path, key: try app.key([route.scope]), body: route.body)
        #expect(right.status != 401 && right.status != 403)
    }

    // MARK: Validation

    struct Malformed: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let status: Int
        let code: String
        let field: String?
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(name: "not JSON", body: "{order", status: 400, code: "invalid_json", field: nil),
        Malformed(name: "array", body: "[1]", status: 400, code: "not_an_object", field: nil),
        Malformed(name: "no order_id", body: #"{"identifiers":{"email":"a@b.co"},"currency":"EUR","total":"1"}"#,
                  status: 400, code: "missing_field", field: "order_id"),
        Malformed(name: "no identifiers", body: #"{"order_id":"V-1","currency":"EUR","total":"1"}"#,
                  status: 422, code: "missing_identifiers", field: "identifiers"),
        Malformed(name: "no currency", body: #"{"order_id":"V-1","identifiers":{"email":"a@b.co"},"total":"1"}"#,
                  status: 400, code: "missing_field", field: "currency"),
        Malformed(name: "bad currency", body: #"{"order_id":"V-1","identifiers":{"email":"a@b.co"},"currency":"EURO","total":"1"}"#,
                  status: 400, code: "invalid_currency", field: "currency"),
        Malformed(name: "too many decimals",
                  body: #"{"order_id":"V-1","identifiers":{"email":"a@b.co"},"currency":"EUR","total":"1.005"}"#,
                  status: 400, code: "too_many_decimals", field: "total"),
        Malformed(name: "negative total",
                  body: #"{"order_id":"V-1","identifiers":{"email":"a@b.co"},"currency":"EUR","total":"-1"}"#,
                  status: 400, code: "negative_amount", field: "total"),
        Malformed(name: "total mismatch",
                  body: #"{"order_id":"V-1","identifiers":{"email":"a@b.co"},"currency":"EUR","items":[{"sku":"A","quantity":2,"price":"5"}],"total":"11"}"#,
                  status: 422, code: "total_mismatch", field: "total"),
        Malformed(name: "zero quantity",
                  body: #"{"order_id":"V-1","identifiers":{"email":"a@b.co"},"currency":"EUR","items":[{"sku":"A","quantity":0,"price":"5"}]}"#,
                  status: 400, code: "invalid_quantity", field: "items[0].quantity"),
        Malformed(name: "item without price",
                  body: #"{"order_id":"V-1","identifiers":{"email":"a@b.co"},"currency":"EUR","items":[{"sku":"A","quantity":1}]}"#,
                  status: 400, code: "missing_field", field: "items[0].price"),
        Malformed(name: "unknown channel",
                  body: #"{"order_id":"V-1","identifiers":{"email":"a@b.co"},"currency":"EUR","total":"1","channel":"fax"}"#,
                  status: 400, code: "invalid_channel", field: "channel"),
        Malformed(name: "unknown identifier type",
                  body: #"{"order_id":"V-1","identifiers":{"shoe_size":"42"},"currency":"EUR","total":"1"}"#,
                  status: 400, code: "unknown_identifier_type", field: "identifiers.shoe_size"),
        Malformed(name: "unusable identifier",
                  body: #"{"order_id":"V-1","identifiers":{"email":"not an email"},"currency":"EUR","total":"1"}"#,
                  status: 422, code: "no_usable_identifier", field: "identifiers"),
        Malformed(name: "blocked identifier",
                  body: #"{"order_id":"V-1","identifiers":{"email":"test@test.com"},"currency":"EUR","total":"1"}"#,
                  status: 422, code: "no_usable_identifier", field: "identifiers"),
        Malformed(name: "traits not an object",
                  body: #"{"order_id":"V-1","identifiers":{"email":"a@b.co"},"currency":"EUR","total":"1","traits":[1]}"#,
                  status: 400, code: "invalid_type", field: "traits"),
    ]

    @Test(arguments: malformed)
    func createOrder_refusesMalformedBodies(_ row: Malformed) throws {
        let reply = try app.send("POST", "/v1/orders", key: till, body: row.body)
        #expect(reply.status == row.status, "\(reply)")
        #expect(reply.errorCode == row.code)
        #expect(reply["error"]?["field"]?.stringValue == row.field)
        // Nothing was stored under the order id the bad bodies share.
        #expect(try app.send("GET", "/v1/orders/V-1", key: reader).status == 404)
    }

    @Test func createOrder_refusesNonJSONContentType() throws {
        let reply = try app.send("POST", "/v1/orders", key: till, body: "order_id=1", headers: ["Content-Type: text/csv"])
        #expect(reply.status == 415)
        #expect(reply.errorCode == "unsupported_media_type")
    }

    // MARK: Create, idempotency, reads

    @Test func createOrder_answers201_thenRepeatsAre200_andDifferentContentIs409() throws {
        let id = Self.unique("A")
        let email = Self.unique("ann") + "@example.com"
        let body = order(id, email: email)
        let first = try app.send("POST", "/v1/orders", key: till, body: body)
        #expect(first.status == 201, "\(first)")
        #expect(first["order_id"]?.stringValue == id)
        #expect(first["total"]?.stringValue == "50.00")
        #expect(first["net"]?.stringValue == "50.00")
        #expect(first["channel"]?.stringValue == "web")
        #expect(first["items"]?.arrayValue?.count == 2)
        #expect(first["source"]?.stringValue == "api_key:till")
        let profile = try #require(first["profile_id"]?.int64Value)

        // A retry without occurred_at gets a new default time, but is the same order.
        let again = try app.send("POST", "/v1/orders", key: till, body: body)
        #expect(again.status == 200)
        #expect(again["id"] == first["id"])
        #expect(again["profile_id"]?.int64Value == profile)
        #expect(again["occurred_at"] == first["occurred_at"])

        let changed = try app.send("POST", "/v1/orders", key: till,
                                   body: order(id, email: email, total: "40.00",
                                               items: #"[{"sku":"S1","category":"shirts","quantity":4,"price":"10.00"}]"#))
        #expect(changed.status == 409)
        #expect(changed.errorCode == "order_conflict")
        let otherBuyer = try app.send("POST", "/v1/orders", key: till, body: order(id, email: "other-" + email))
        #expect(otherBuyer.status == 409)

        let read = try app.send("GET", "/v1/orders/\(id)", key: reader)
        #expect(read.status == 200)
        #expect(read["id"] == first["id"])
        #expect(read["returns"]?.arrayValue?.isEmpty == true)

        let computed = try app.send("GET", "/v1/profiles/\(profile)", key: reader)["computed"]
        #expect(computed?["orders_count"]?.int64Value == 1)
        #expect(computed?["total_spent"]?["EUR"]?.stringValue == "50.00")
    }

    @Test func createOrder_withExplicitTime_repeatWithAnotherTimeIsAConflict() throws {
        let id = Self.unique("T")
        let email = Self.unique("tim") + "@example.com"
        let body = order(id, email: email, extra: #","occurred_at":"2024-05-01T10:00:00Z""#)
        #expect(try app.send("POST", "/v1/orders", key: till, body: body).status == 201)
        #expect(try app.send("POST", "/v1/orders", key: till, body: body).status == 200)
        let later = order(id, email: email, extra: #","occurred_at":"2024-05-02T10:00:00Z""#)
        #expect(try app.send("POST", "/v1/orders", key: till, body: later).errorCode == "order_conflict")
    }

    @Test func computedTraits_followOrdersAndReturns() throws {
        let email = Self.unique("cara") + "@example.com"
        let first = Self.unique("C")
        let second = Self.unique("C")
        let a = try app.send("POST", "/v1/orders", key: till,
                             body: order(first, email: email, extra: #","occurred_at":"2024-05-01T10:00:00Z","store_id":"berlin-1""#))
        let b = try app.send("POST", "/v1/orders", key: till,
                             body: order(second, email: email, total: "20.00",
                                         items: #"[{"sku":"S1","category":"shirts","quantity":2,"price":"10.00"}]"#,
                                         extra: #","occurred_at":"2024-05-11T10:00:00Z""#))
        #expect(a.status == 201 && b.status == 201)
        let profile = try #require(a["profile_id"]?.int64Value)
        #expect(b["profile_id"]?.int64Value == profile)

        var computed = try app.send("GET", "/v1/profiles/\(profile)", key: reader)["computed"]
        #expect(computed?["orders_count"]?.int64Value == 2)
        #expect(computed?["total_spent"]?["EUR"]?.stringValue == "70.00")
        #expect(computed?["aov"]?["EUR"]?.stringValue == "35.00")
        #expect(computed?["favourite_category"]?.stringValue == "shirts")
        #expect(computed?["first_order_at"]?.stringValue?.hasPrefix("2024-05-01T10:00:00") == true)
        #expect(computed?["last_order_at"]?.stringValue?.hasPrefix("2024-05-11T10:00:00") == true)
        #expect(computed?["purchase_frequency_days"]?.doubleValue == 10)

        let back = try app.send("POST", "/v1/orders/\(first)/return", key: till,
                                body: #"{"items":[{"sku":"S2","quantity":1}]}"#)
        #expect(back.status == 201, "\(back)")
        computed = try app.send("GET", "/v1/profiles/\(profile)", key: reader)["computed"]
        #expect(computed?["orders_count"]?.int64Value == 2)
        #expect(computed?["returns_count"]?.int64Value == 1)
        #expect(computed?["total_spent"]?["EUR"]?.stringValue == "40.00")
        #expect(computed?["total_refunded"]?["EUR"]?.stringValue == "30.00")
        #expect(computed?["aov"]?["EUR"]?.stringValue == "20.00")

        let view = try app.send("GET", "/v1/profiles/\(profile)", key: reader)
        let recent = try #require(view["recent_orders"]?.arrayValue)
        #expect(recent.map { $0["order_id"]?.stringValue } == [second, first])
        #expect(recent.last?["returned"]?.stringValue == "30.00")
    }

    @Test func concurrentRetries_storeOneOrder_andOneReturn() throws {
        let id = Self.unique("X")
        let body = order(id, email: Self.unique("xena") + "@example.com", extra: #","occurred_at":"2024-05-01T10:00:00Z""#)
        let statuses = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let status = (try? app.send("POST", "/v1/orders", key: till, body: body).status) ?? -1
            statuses.withLock { $0.append(status) }
        }
        #expect(statuses.withLock { $0.sorted() } == [200, 200, 200, 200, 200, 200, 200, 201])
        let read = try app.send("GET", "/v1/orders/\(id)", key: reader)
        let profile = try #require(read["profile_id"]?.int64Value)

        let returns = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            let status = (try? app.send("POST", "/v1/orders/\(id)/return", key: till,
                                        body: #"{"return_id":"RX","items":[{"sku":"S1","quantity":1}]}"#).status) ?? -1
            returns.withLock { $0.append(status) }
        }
        #expect(returns.withLock { $0.sorted() } == [200, 200, 200, 200, 200, 201])
        let computed = try app.send("GET", "/v1/profiles/\(profile)", key: reader)["computed"]
        #expect(computed?["orders_count"]?.int64Value == 1)
        #expect(computed?["returns_count"]?.int64Value == 1)
        #expect(computed?["total_spent"]?["EUR"]?.stringValue == "40.00")
    }

    // MARK: Returns

    @Test func returns_partialThenAmountThenFull_thenNothingLeft() throws {
        let id = Self.unique("R")
        let email = Self.unique("rita") + "@example.com"
        // 2 × 10 + 30 + 5 shipping = 55: refunds are the goods' share of what was paid.
        let created = try app.send("POST", "/v1/orders", key: till,
                                   body: order(id, email: email, total: "55.00", extra: #","shipping":"5.00""#))
        #expect(created.status == 201, "\(created)")
        let profile = try #require(created["profile_id"]?.int64Value)

        let over = try app.send("POST", "/v1/orders/\(id)/return", key: till, body: #"{"items":[{"sku":"S1","quantity":3}]}"#)
        #expect(over.status == 409)
        #expect(over.errorCode == "return_exceeds_order")
        #expect(over["error"]?["field"]?.stringValue == "items[0].quantity")

        let partial = try app.send("POST", "/v1/orders/\(id)/return", key: till,
                                   body: #"{"return_id":"RET-1","items":[{"sku":"S1","quantity":1}],"reason":"too small"}"#)
        #expect(partial.status == 201, "\(partial)")
        #expect(partial["return"]?["refund"]?.stringValue == "11.00")
        #expect(partial["return"]?["lines"]?[0]?["sku"]?.stringValue == "S1")
        #expect(partial["order"]?["returned"]?.stringValue == "11.00")
        #expect(partial["order"]?["items"]?[0]?["returned_quantity"]?.int64Value == 1)

        // The same return again is the stored one, not a second refund.
        let repeated = try app.send("POST", "/v1/orders/\(id)/return", key: till,
                                    body: #"{"return_id":"RET-1","items":[{"sku":"S1","quantity":1}],"reason":"too small"}"#)
        #expect(repeated.status == 200)
        #expect(repeated["return"]?["id"] == partial["return"]?["id"])
        #expect(repeated["order"]?["returned"]?.stringValue == "11.00")
        let reused = try app.send("POST", "/v1/orders/\(id)/return", key: till,
                                  body: #"{"return_id":"RET-1","items":[{"sku":"S2","quantity":1}]}"#)
        #expect(reused.status == 409)
        #expect(reused.errorCode == "return_conflict")

        let goodwill = try app.send("POST", "/v1/orders/\(id)/return", key: till, body: #"{"amount":"4.00","currency":"EUR"}"#)
        #expect(goodwill.status == 201)
        #expect(goodwill["return"]?["refund"]?.stringValue == "4.00")

        let full = try app.send("POST", "/v1/orders/\(id)/return", key: till, body: "")
        #expect(full.status == 201, "\(full)")
        #expect(full["return"]?["refund"]?.stringValue == "40.00")
        #expect(full["order"]?["net"]?.stringValue == "0.00")
        #expect(full["order"]?["items"]?.arrayValue?.map { $0["returned_quantity"]?.int64Value } == [2, 1])

        let nothingLeft = try app.send("POST", "/v1/orders/\(id)/return", key: till, body: "{}")
        #expect(nothingLeft.status == 409)
        #expect(nothingLeft.errorCode == "return_exceeds_order")

        let read = try app.send("GET", "/v1/orders/\(id)", key: reader)
        #expect(read["returns"]?.arrayValue?.map { $0["refund"]?.stringValue } == ["11.00", "4.00", "40.00"])
        let computed = try app.send("GET", "/v1/profiles/\(profile)", key: reader)["computed"]
        #expect(computed?["returns_count"]?.int64Value == 3)
        #expect(computed?["total_spent"]?["EUR"]?.stringValue == "0.00")
        #expect(computed?["total_refunded"]?["EUR"]?.stringValue == "55.00")
    }

    static let badReturns: [Malformed] = [
        Malformed(name: "unknown sku", body: #"{"items":[{"sku":"NOPE","quantity":1}]}"#,
                  status: 422, code: "unknown_sku", field: "items[0].sku"),
        Malformed(name: "items and amount", body: #"{"items":[{"sku":"S1","quantity":1}],"amount":"1.00"}"#,
                  status: 400, code: "conflicting_fields", field: "amount"),
        Malformed(name: "zero amount", body: #"{"amount":"0"}"#, status: 400, code: "invalid_amount", field: "amount"),
        Malformed(name: "amount over total", body: #"{"amount":"50.01"}"#,
                  status: 409, code: "return_exceeds_order", field: "amount"),
        Malformed(name: "other currency", body: #"{"amount":"1.00","currency":"USD"}"#,
                  status: 422, code: "currency_mismatch", field: "currency"),
        Malformed(name: "empty items", body: #"{"items":[]}"#, status: 400, code: "missing_field", field: "items"),
        Malformed(name: "zero quantity", body: #"{"items":[{"sku":"S1","quantity":0}]}"#,
                  status: 400, code: "invalid_quantity", field: "items[0].quantity"),
        Malformed(name: "not JSON", body: "{", status: 400, code: "invalid_json", field: nil),
    ]

    @Test(arguments: badReturns)
    func returns_refuseBadRequests_andChangeNothing(_ row: Malformed) throws {
        let id = Self.unique("BR")
        #expect(try app.send("POST", "/v1/orders", key: till, body: order(id, email: Self.unique("b") + "@example.com")).status == 201)
        let reply = try app.send("POST", "/v1/orders/\(id)/return", key: till, body: row.body)
        #expect(reply.status == row.status, "\(reply)")
        #expect(reply.errorCode == row.code)
        #expect(reply["error"]?["field"]?.stringValue == row.field)
        #expect(try app.send("GET", "/v1/orders/\(id)", key: reader)["returned"]?.stringValue == "0.00")
    }

    @Test func unknownOrders_are404() throws {
        #expect(try app.send("GET", "/v1/orders/\(Self.unique("none"))", key: reader).status == 404)
        let reply = try app.send("POST", "/v1/orders/\(Self.unique("none"))/return", key: till, body: "{}")
        #expect(reply.status == 404)
        #expect(reply.errorCode == "not_found")
        #expect(try app.send("GET", "/v1/profiles/999999999/orders", key: reader).status == 404)
    }

    // MARK: A profile's orders

    @Test func profileOrders_arePaged_andFollowMerges() throws {
        let email = Self.unique("pat") + "@example.com"
        let phone = "+48601" + String(Int.random(in: 100_000...999_999))
        let ids = (1...3).map { _ in Self.unique("P") }
        for (index, id) in ids.enumerated() {
            let reply = try app.send("POST", "/v1/orders", key: till,
                                     body: order(id, email: email, extra: #","occurred_at":"2024-05-0\#(index + 1)T10:00:00Z""#))
            #expect(reply.status == 201)
        }
        let phoneOrder = Self.unique("P")
        let other = try app.send("POST", "/v1/orders", key: till, body: #"""
            {"order_id":"\#(phoneOrder)","identifiers":{"phone":"\#(phone)"},"currency":"EUR","total":"9.99","occurred_at":"2024-05-09T10:00:00Z"}
            """#)
        #expect(other.status == 201)
        let byEmail = try #require(try app.send("GET", "/v1/orders/\(ids[0])", key: reader)["profile_id"]?.int64Value)
        let byPhone = try #require(other["profile_id"]?.int64Value)
        #expect(byEmail != byPhone)

        let first = try app.send("GET", "/v1/profiles/\(byEmail)/orders?limit=2", key: reader)
        #expect(first["data"]?.arrayValue?.map { $0["order_id"]?.stringValue } == [ids[2], ids[1]])
        let cursor = try #require(first["next_cursor"]?.stringValue)
        let second = try app.send("GET", "/v1/profiles/\(byEmail)/orders?limit=2&before=\(cursor)", key: reader)
        #expect(second["data"]?.arrayValue?.map { $0["order_id"]?.stringValue } == [ids[0]])
        #expect(second["next_cursor"] == .null)
        #expect(try app.send("GET", "/v1/profiles/\(byEmail)/orders?before=junk", key: reader).errorCode == "invalid_cursor")

        // One person after all: a profile upsert with both identifiers merges the two.
        let writer = try app.key(["profiles:write"], name: "crm")
        let merged = try app.send("POST", "/v1/profiles", key: writer,
                                  body: #"{"identifiers":{"email":"\#(email)","phone":"\#(phone)"}}"#)
        #expect(merged.status == 200, "\(merged)")
        let live = try #require(merged["id"]?.int64Value)
        let loser = live == byEmail ? byPhone : byEmail
        let redirect = try app.send("GET", "/v1/profiles/\(loser)/orders", key: reader)
        #expect(redirect.status == 308)
        #expect(redirect.raw["Location"] == "/v1/profiles/\(live)/orders")
        let all = try app.send("GET", "/v1/profiles/\(live)/orders", key: reader)
        #expect(all["data"]?.arrayValue?.map { $0["order_id"]?.stringValue } == [phoneOrder, ids[2], ids[1], ids[0]])
        #expect(all["data"]?.arrayValue?.allSatisfy { $0["profile_id"]?.int64Value == live } == true)
        let computed = merged["computed"]
        #expect(computed?["orders_count"]?.int64Value == 4)
        #expect(computed?["total_spent"]?["EUR"]?.stringValue == "159.99")
    }
}
