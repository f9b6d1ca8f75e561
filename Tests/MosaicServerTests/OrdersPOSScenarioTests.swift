import Foundation
import MosaicCore
import Testing

/// The story a CDP exists for: a shopper known to the till only by a loyalty card, later also
/// by phone, then signing in on the website with that phone and buying online. Orders by REST
/// and by tracking (`Order Completed`) must end on one profile, each counted once.
struct OrdersPOSScenarioTests {
    @Test func cardThenPhoneThenWebIdentify_makeOneCustomerWithEveryOrder() throws {
        try OrdersTestApp.with { app in
            let till = try app.key(["orders:write"], name: "till")
            let support = try app.key(["profiles:read", "pii:read"], name: "support")
            let website = try app.writeKey("website")

            let p1 = try app.send("POST", "/v1/orders", key: till, body: #"""
                {"order_id":"P1","identifiers":{"loyalty_card":"4000 1234 5678"},"currency":"EUR","store_id":"waw-1",
                 "items":[{"sku":"T1","category":"shirts","quantity":1,"price":"20.00"}],"occurred_at":"2024-05-01T10:00:00Z"}
                """#)
            #expect(p1.status == 201, "\(p1)")
            #expect(p1["channel"]?.stringValue == "pos")
            let cardProfile = try #require(p1["profile_id"]?.int64Value)

            let p2 = try app.send("POST", "/v1/orders", key: till, body: #"""
                {"order_id":"P2","identifiers":{"loyalty_card":"400012345678","phone":"+48 601 234 567"},"currency":"EUR",
                 "channel":"POS","store_id":"waw-1","traits":{"first_name":"Anna"},
                 "items":[{"sku":"B1","category":"shoes","quantity":1,"price":"80.00"}],"occurred_at":"2024-05-03T10:00:00Z"}
                """#)
            #expect(p2.status == 201, "\(p2)")
            #expect(p2["profile_id"]?.int64Value == cardProfile)

            // The website: a sign-in with the phone in national format, then an online order.
            let identify = try app.track("/v1/identify", writeKey: website, body: #"""
                {"userId":"web-anna","traits":{"phone":"601 234 567","email":"Anna@Example.com","name":"Anna Nowak"},
                 "context":{"location":{"country":"PL"}},"timestamp":"2024-05-04T10:00:00Z"}
                """#)
            #expect(identify.status == 200, "\(identify)")
            let tracked = try app.track("/v1/track", writeKey: website, body: #"""
                {"userId":"web-anna","event":"Order Completed","timestamp":"2024-05-05T10:00:00Z",
                 "properties":{"order_id":"W1","currency":"EUR","total":35.5,
                               "products":[{"sku":"H1","category":"hats","price":"35.50","quantity":1}]}}
                """#)
            #expect(tracked.status == 200)
            try app.waitForResolver()

            let found = try app.send("GET", "/v1/profiles/lookup?phone=%2B48601234567", key: support)
            #expect(found.status == 200, "\(found)")
            let live = try #require(found["id"]?.int64Value)
            let identifiers = Set(found["identifiers"]?.arrayValue?.compactMap { identifier -> String? in
                guard let type = identifier["type"]?.stringValue, let value = identifier["value"]?.stringValue else { return nil }
                return type + "=" + value
            } ?? [])
            #expect(identifiers.isSuperset(of: ["loyalty_card=400012345678", "phone=+48601234567", "user_id=web-anna",
                                                "email=anna@example.com"]))
            #expect(try app.send("GET", "/v1/profiles/lookup?loyalty_card=4000%201234%205678", key: support)["id"]?.int64Value == live)

            let computed = found["computed"]
            #expect(computed?["orders_count"]?.int64Value == 3)
            #expect(computed?["total_spent"]?["EUR"]?.stringValue == "135.50")
            #expect(computed?["aov"]?["EUR"]?.stringValue == "45.17")
            #expect(computed?["preferred_channel"]?.stringValue == "pos")
            #expect(computed?["first_order_at"]?.stringValue?.hasPrefix("2024-05-01T10:00:00") == true)
            #expect(computed?["last_order_at"]?.stringValue?.hasPrefix("2024-05-05T10:00:00") == true)

            // Lineage: the till's trait names the API key and the order; the website's the source.
            let lineage = found["trait_lineage"]
            #expect(lineage?["first_name"]?["source"]?.stringValue == "api_key:till")
            #expect(lineage?["first_name"]?["message_id"]?.stringValue == "order:P2")
            #expect(lineage?["name"]?["source"]?.stringValue == "source:website")
            #expect(found["traits"]?["name"]?.stringValue == "Anna Nowak")

            let orders = try app.send("GET", "/v1/profiles/\(live)/orders", key: support)
            let data = try #require(orders["data"]?.arrayValue)
            #expect(data.map { $0["order_id"]?.stringValue } == ["W1", "P2", "P1"])
            #expect(data.allSatisfy { $0["profile_id"]?.int64Value == live })
            #expect(data.first?["source"]?.stringValue == "source:website")
            #expect(data.first?["channel"]?.stringValue == "web")
            #expect(data.first?["total"]?.stringValue == "35.50")
        }
    }

    @Test func oneOrderId_isOneOrder_whicheverPathCameFirst() throws {
        try OrdersTestApp.with { app in
            let till = try app.key(["orders:write"], name: "till")
            let support = try app.key(["profiles:read"], name: "support")
            let website = try app.writeKey("website")

            // Tracking first, then the shop backend posts the same order.
            _ = try app.track("/v1/track", writeKey: website, body: #"""
                {"userId":"u-7","event":"Order Completed","properties":{"order_id":"W7","currency":"EUR","total":"12.00"},
                 "context":{"traits":{"email":"u7@example.com"}}}
                """#)
            // The same event again (an SDK retry with a new messageId) is still one order.
            _ = try app.track("/v1/track", writeKey: website, body: #"""
                {"userId":"u-7","event":"order completed","properties":{"order_id":"W7","currency":"EUR","total":"12.00"}}
                """#)
            try app.waitForResolver()
            let tracked = try app.send("GET", "/v1/orders/W7", key: support)
            #expect(tracked.status == 200, "\(tracked)")
            let profile = try #require(tracked["profile_id"]?.int64Value)
            let rest = try app.send("POST", "/v1/orders", key: till,
                                    body: #"{"order_id":"W7","identifiers":{"email":"u7@example.com"},"currency":"EUR","total":"12.00"}"#)
            #expect(rest.status == 200, "\(rest)")
            #expect(rest["id"] == tracked["id"])
            #expect(rest["source"]?.stringValue == "source:website")

            // REST first, then the web shop's tracking reports it too.
            let posted = try app.send("POST", "/v1/orders", key: till,
                                      body: #"{"order_id":"R7","identifiers":{"user_id":"u-7"},"currency":"EUR","total":"8.00"}"#)
            #expect(posted.status == 201)
            #expect(posted["profile_id"]?.int64Value == profile)
            _ = try app.track("/v1/track", writeKey: website, body: #"""
                {"userId":"u-7","event":"Order Completed","properties":{"order_id":"R7","currency":"EUR","total":"8.00"}}
                """#)
            // Not an order (no order_id): the event is kept, nothing is counted, the resolver goes on.
            _ = try app.track("/v1/track", writeKey: website, body: #"""
                {"userId":"u-7","event":"Order Completed","properties":{"total":"99.00"}}
                """#)
            try app.waitForResolver()
            #expect(try app.send("GET", "/v1/orders/R7", key: support)["source"]?.stringValue == "api_key:till")

            let view = try app.send("GET", "/v1/profiles/\(profile)", key: support)
            #expect(view["computed"]?["orders_count"]?.int64Value == 2)
            #expect(view["computed"]?["total_spent"]?["EUR"]?.stringValue == "20.00")
            #expect(view["recent_orders"]?.arrayValue?.count == 2)
            let events = try app.send("GET", "/v1/profiles/\(profile)/events?type=track", key: support)
            #expect(events["data"]?.arrayValue?.count == 4)
        }
    }
}
