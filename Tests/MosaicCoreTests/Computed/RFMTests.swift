import Foundation
import Testing
import MosaicCore

/// RFM scores at each fixed threshold, and the segment labels.
struct RFMTests {
    static let now = OrderFixtures.date("2024-06-30T12:00:00Z")

    struct Row: Sendable, CustomTestStringConvertible {
        let daysAgo: Int
        let orders: Int
        let net: String
        let currency: String
        let code: String
        let segment: String
        var testDescription: String { "\(daysAgo)d \(orders)× \(net) \(currency) → \(code) \(segment)" }

        init(_ daysAgo: Int, _ orders: Int, _ net: String, in currency: String = "EUR", _ code: String, _ segment: String) {
            self.daysAgo = daysAgo
            self.orders = orders
            self.net = net
            self.currency = currency
            self.code = code
            self.segment = segment
        }
    }

    static let rows: [Row] = [
        Row(0, 1, "10.00", "R5F1M1", "new"),
        Row(30, 1, "49.99", "R5F1M1", "new"),
        Row(31, 1, "50.00", "R4F1M2", "new"),
        Row(90, 2, "150.00", "R4F2M3", "promising"),
        Row(91, 3, "399.99", "R3F3M3", "potential_loyalist"),
        Row(180, 5, "400.00", "R3F4M4", "loyal"),
        Row(181, 10, "1000.00", "R2F5M5", "cannot_lose"),
        Row(365, 3, "20.00", "R2F3M1", "at_risk"),
        Row(366, 1, "5.00", "R1F1M1", "hibernating"),
        Row(400, 2, "5.00", "R1F2M1", "hibernating"),
        Row(10, 9, "999.99", "R5F4M4", "champions"),
        Row(10, 4, "999.99", "R5F3M4", "promising"),
        Row(100, 1, "60.00", "R3F1M2", "need_attention"),
        Row(200, 6, "100.00", "R2F4M2", "at_risk"),
        Row(5, 1, "4999", in: "JPY", "R5F1M1", "new"),
        Row(5, 1, "5000", in: "JPY", "R5F1M2", "new"),
        Row(5, 1, "50.000", in: "KWD", "R5F1M2", "new"),
        Row(5, 1, "49.999", in: "KWD", "R5F1M1", "new"),
    ]

    @Test(arguments: rows)
    func score(_ row: Row) throws {
        let currency = try #require(CurrencyCode(rawValue: row.currency))
        let time = ISO8601Timestamp.format(Self.now.addingTimeInterval(-Double(row.daysAgo) * 86_400))
        var traits = ComputedTraits()
        for index in 0..<row.orders {
            // The whole amount on the first order, the rest free: only the sum matters.
            let total = index == 0 ? row.net : "0"
            traits.apply(order: Order(
                orderID: "O\(index)", total: try Money.parse(total, currency: currency),
                occurredAt: OrderFixtures.date(time)))
        }
        let score = try #require(traits.rfm(now: Self.now))
        #expect(score.code == row.code)
        #expect(score.segment == row.segment)
        #expect(traits.snapshot(now: Self.now)["rfm"]?["score"] == .string(row.code))
    }

    @Test func customThresholds_areUsed() throws {
        var traits = ComputedTraits()
        traits.apply(order: OrderFixtures.make(at: "2024-06-20T12:00:00Z", items: [("S", nil, 1, "20.00")]))
        let strict = RFMConfiguration(recencyDays: [1, 2, 3, 4], frequencyOrders: [1, 1, 1, 1], monetaryMajorUnits: [10, 15, 20, 25])
        #expect(traits.rfm(now: Self.now, configuration: strict)?.code == "R1F5M4")
    }

    @Test func primaryCurrency_isTheOneWithMostOrders() {
        var traits = ComputedTraits()
        traits.apply(order: OrderFixtures.make(id: "1", currency: .usd, items: [("S", nil, 1, "5000.00")]))
        traits.apply(order: OrderFixtures.make(id: "2", items: [("S", nil, 1, "10.00")]))
        traits.apply(order: OrderFixtures.make(id: "3", items: [("S", nil, 1, "10.00")]))
        #expect(traits.primaryCurrency == .eur)
        #expect(traits.rfm(now: Self.now)?.monetary == 1)
    }

    @Test func noOrders_noScore() {
        var traits = ComputedTraits()
        traits.apply(event: ActivityEvent(kind: .page, timestamp: Self.now))
        #expect(traits.rfm(now: Self.now) == nil)
        #expect(traits.snapshot(now: Self.now)["rfm"] == .null)
    }
}
