import Foundation
import MosaicCore
import Testing

/// `GET /v1/analytics/summary` on a small dataset whose every number is worked out by hand.
struct AnalyticsSummaryTests {
    /// Ann (email): two EUR orders in May, one with a returned pair of boots.
    /// Ben (phone): one EUR and one USD order in May. Cy (anonymous id only): one order in April.
    static func seed(_ app: OrdersTestApp, till: String) throws {
        let orders = [
            #"{"order_id":"A1","identifiers":{"email":"ann@example.com"},"currency":"EUR","channel":"web","occurred_at":"2024-05-02T09:00:00Z","items":[{"sku":"T","category":"shirts","quantity":2,"price":"10.00"},{"sku":"B","category":"shoes","quantity":1,"price":"30.00"}]}"#,
            #"{"order_id":"A2","identifiers":{"email":"ann@example.com"},"currency":"EUR","store_id":"s1","occurred_at":"2024-05-10T09:00:00Z","items":[{"sku":"T","category":"shirts","quantity":2,"price":"10.00"}]}"#,
            #"{"order_id":"B1","identifiers":{"phone":"+48601000001"},"currency":"EUR","store_id":"s1","occurred_at":"2024-05-05T09:00:00Z","items":[{"sku":"H","category":"hats","quantity":3,"price":"10.00"}]}"#,
            #"{"order_id":"B2","identifiers":{"phone":"+48601000001"},"currency":"USD","channel":"app","occurred_at":"2024-05-31T23:59:59Z","total":"15.00"}"#,
            #"{"order_id":"C1","identifiers":{"anonymous_id":"anon-c"},"currency":"EUR","occurred_at":"2024-04-30T23:59:59Z","total":"100.00"}"#,
        ]
        for body in orders {
            let reply = try app.send("POST", "/v1/orders", key: till, body: body)
            #expect(reply.status == 201, "\(reply)")
        }
        let back = try app.send("POST", "/v1/orders/A1/return", key: till, body: #"{"items":[{"sku":"B","quantity":1}]}"#)
        #expect(back["return"]?["refund"]?.stringValue == "30.00")
    }

    @Test func summary_ofMay_matchesTheHandCount() throws {
        try OrdersTestApp.with { app in
            try Self.seed(app, till: try app.key(["orders:write"]))
            let analyst = try app.key(["segments:read"], name: "analyst")
            let may = try app.send("GET", "/v1/analytics/summary?from=2024-05-01&to=2024-05-31", key: analyst)
            #expect(may.status == 200, "\(may)")
            #expect(may["from"]?.stringValue?.hasPrefix("2024-05-01T00:00:00") == true)
            #expect(may["to"]?.stringValue?.hasPrefix("2024-06-01T00:00:00") == true)

            #expect(may["customers"]?["total"]?.int64Value == 3)
            #expect(may["customers"]?["identified"]?.int64Value == 2)
            #expect(may["customers"]?["anonymous"]?.int64Value == 1)
            #expect(may["customers"]?["new"]?.int64Value == 0)  // created today, not in May 2024

            #expect(may["orders"]?["total"]?.int64Value == 4)
            #expect(may["orders"]?["by_currency"] == ["EUR": 3, "USD": 1])
            #expect(may["buyers"]?.int64Value == 2)
            #expect(may["revenue"] == ["EUR": "70.00", "USD": "15.00"])
            #expect(may["gross_revenue"] == ["EUR": "100.00", "USD": "15.00"])
            #expect(may["refunded"] == ["EUR": "30.00", "USD": "0.00"])
            #expect(may["average_check"] == ["EUR": "23.33", "USD": "15.00"])
            #expect(may["purchase_frequency"]?.doubleValue == 2)
            #expect(may["repeat_purchase_rate"]?.doubleValue == 1)

            #expect(may["channels"] == [
                ["channel": "pos", "orders": 2, "share": 0.5],
                ["channel": "app", "orders": 1, "share": 0.25],
                ["channel": "web", "orders": 1, "share": 0.25],
            ])
            #expect(may["top_categories"]?["by_units"] == [
                ["category": "shirts", "units": 4], ["category": "hats", "units": 3], ["category": "shoes", "units": 0],
            ])
            #expect(may["top_categories"]?["by_revenue"] == [
                ["category": "shirts", "currency": "EUR", "revenue": "40.00", "units": 4],
                ["category": "hats", "currency": "EUR", "revenue": "30.00", "units": 3],
                ["category": "shoes", "currency": "EUR", "revenue": "0.00", "units": 0],
            ])

            // Ann alone in the range: one buyer, two orders, a repeat buyer.
            let ann = try app.send("GET", "/v1/analytics/summary?from=2024-05-02T00:00:00Z&to=2024-05-04T00:00:00Z", key: analyst)
            #expect(ann["orders"]?["total"]?.int64Value == 1)
            #expect(ann["repeat_purchase_rate"]?.doubleValue == 0)
            #expect(ann["revenue"] == ["EUR": "20.00"])

            // The default range is the last 30 days: nothing bought, three customers new.
            let recent = try app.send("GET", "/v1/analytics/summary", key: try app.key(["admin"], name: "boss"))
            #expect(recent.status == 200)
            #expect(recent["orders"]?["total"]?.int64Value == 0)
            #expect(recent["customers"]?["new"]?.int64Value == 3)
            #expect(recent["purchase_frequency"] == .null)
            #expect(recent["revenue"] == [:])
        }
    }

    struct BadRange: Sendable, CustomTestStringConvertible {
        let query: String
        let code: String
        let field: String
        var testDescription: String { query }
    }

    static let badRanges: [BadRange] = [
        BadRange(query: "from=yesterday", code: "invalid_parameter", field: "from"),
        BadRange(query: "to=2024-02-30", code: "invalid_parameter", field: "to"),
        BadRange(query: "from=2024-13-01", code: "invalid_parameter", field: "from"),
        BadRange(query: "from=2024-05-02&to=2024-05-01", code: "invalid_range", field: "from"),
        BadRange(query: "from=2024-05-01T00:00:00Z&to=2024-05-01T00:00:00Z", code: "invalid_range", field: "from"),
    ]

    @Test(arguments: badRanges)
    func summary_refusesBadRanges(_ row: BadRange) throws {
        let app = try OrdersAPITests.shared.get()
        let reply = try app.send("GET", "/v1/analytics/summary?\(row.query)", key: app.admin)
        #expect(reply.status == 400)
        #expect(reply.errorCode == row.code)
        #expect(reply["error"]?["field"]?.stringValue == row.field)
    }
}
