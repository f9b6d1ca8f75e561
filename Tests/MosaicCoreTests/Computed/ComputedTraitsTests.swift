import Foundation
import Testing
import MosaicCore

/// A scripted customer, and the properties that make incremental traits trustworthy:
/// order independence, exact merges, bounded state.
struct ComputedTraitsTests {
    static let orderA1 = OrderFixtures.make(
        id: "A-1", at: "2024-03-01T10:00:00Z", channel: .web,
        items: [("SHIRT", "shirts", 2, "20.00"), ("SOCKS", "socks", 1, "10.00")])
    static let orderA2 = OrderFixtures.make(id: "A-2", at: "2024-04-10T18:00:00Z", channel: .pos, items: [("SHOE", "shoes", 1, "80.00")])
    static let orderA3 = OrderFixtures.make(id: "A-3", at: "2024-05-20T12:00:00Z", channel: .web, items: [("SOCKS", "socks", 3, "10.00")])
    static let orderUSD = OrderFixtures.make(
        id: "U-1", at: "2024-05-01T09:00:00Z", currency: .usd, channel: .app, items: [("GADGET", "gadgets", 1, "15.00")])
    static let shirtReturn = try! orderA1.settle(OrderReturn(
        orderID: "A-1", scope: .items([.init(sku: "SHIRT", quantity: 1)]), occurredAt: OrderFixtures.date("2024-04-15T10:00:00Z")))

    static let history: [HistoryStep] = [
        .page("2024-03-01T09:40:00Z"), .page("2024-03-01T09:50:00Z"), .track("2024-03-01T09:55:00Z"),
        .order(orderA1),
        .order(orderA2),
        .settledReturn(shirtReturn, orderA1),
        .order(orderUSD),
        .page("2024-05-20T11:00:00Z"), .page("2024-05-20T11:10:00Z"), .page("2024-05-20T11:20:00Z"),
        .order(orderA3),
        .page("2024-05-20T12:30:00Z"),
        .track("2024-05-20T13:00:00Z", session: "s-9"), .track("2024-05-20T13:45:00Z", session: "s-9"),
        .event(ActivityEvent(kind: .identify, timestamp: OrderFixtures.date("2024-05-21T08:00:00Z"))),
    ]

    static let now = OrderFixtures.date("2024-05-25T12:00:00Z")

    @Test func scriptedCustomer_hasEveryTrait() throws {
        let traits = HistoryStep.traits(Self.history)
        #expect(Self.shirtReturn.refund.decimalString == "20.00")
        let view = traits.snapshot(now: Self.now)
        let expected: JSONValue = [
            "orders_count": 4,
            "returns_count": 1,
            "total_spent": ["EUR": "140.00", "USD": "15.00"],
            "total_refunded": ["EUR": "20.00", "USD": "0.00"],
            "aov": ["EUR": "46.67", "USD": "15.00"],
            "first_order_at": "2024-03-01T10:00:00.000Z",
            "last_order_at": "2024-05-20T12:00:00.000Z",
            "days_since_last_order": 5,
            // (80 days 2 hours) / 3 gaps = 26.69 days.
            "purchase_frequency_days": 26.7,
            // socks 1 + 3, shirts 2 − 1 returned, shoes 1, gadgets 1.
            "favourite_category": "socks",
            "preferred_channel": "web",
            // The identify call, after every order.
            "last_seen_at": "2024-05-21T08:00:00.000Z",
            // 11:00–11:20, 12:30 alone (70 minutes later), and session s-9; March is outside the window.
            "sessions_30d": 3,
            "page_views_30d": 4,
            // 5 days → R5; 4 orders → F3; 140.00 EUR net in the primary currency → M2.
            "rfm": ["score": "R5F3M2", "recency": 5, "frequency": 3, "monetary": 2, "segment": "promising"],
        ]
        #expect(view == expected)
        #expect(traits.primaryCurrency == .eur)
        #expect(traits.ordersCount == 4)
    }

    @Test func emptyProfile_hasNullsAndZeros() {
        let view = ComputedTraits().snapshot(now: Self.now)
        #expect(view["orders_count"] == 0)
        #expect(view["total_spent"] == .object(JSONObject()))
        for key in ["first_order_at", "last_order_at", "days_since_last_order", "purchase_frequency_days",
                    "favourite_category", "preferred_channel", "last_seen_at", "rfm"] {
            #expect(view[key] == .null, "\(key)")
        }
        #expect(view["sessions_30d"] == 0)
        #expect(view["page_views_30d"] == 0)
    }

    @Test(arguments: [UInt64(1), 2, 3, 42, 1_000, 65_537])
    func outOfOrder_givesTheSameState(_ seed: UInt64) {
        let inOrder = HistoryStep.traits(Self.history)
        var generator = SeededGenerator(state: seed)
        let shuffled = HistoryStep.traits(Self.history.shuffled(using: &generator))
        #expect(shuffled == inOrder)
        #expect(shuffled.snapshot(now: Self.now) == inOrder.snapshot(now: Self.now))
        #expect(shuffled.stored == inOrder.stored)
    }

    /// Sixty days of irregular activity, so late events fall before the window's cutoff,
    /// straddle it, and bridge sessions.
    static let longHistory: [HistoryStep] = {
        var steps: [HistoryStep] = []
        var generator = SeededGenerator(state: 7)
        var millis = EpochMillis.of("2024-01-01T00:00:00Z")
        for index in 0..<600 {
            // Gaps from 1 minute to a day (about 110 days in all), many around the 30-minute boundary.
            let gapMinutes: Int64 = [1, 5, 29, 30, 31, 45, 120, 360, 720, 1_440].randomElement(using: &generator)!
            millis += gapMinutes * 60_000
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            let session: String? = index % 7 == 0 ? "sid-\(index / 21)" : nil
            let kind: MessageType = index % 3 == 0 ? .track : .page
            steps.append(.event(ActivityEvent(kind: kind, timestamp: date, sessionID: session)))
        }
        return steps
    }()

    @Test(arguments: [UInt64(11), 12, 13, 14])
    func outOfOrder_acrossTheWindowCutoff_givesTheSameState(_ seed: UInt64) {
        let inOrder = HistoryStep.traits(Self.longHistory)
        var generator = SeededGenerator(state: seed)
        let shuffled = HistoryStep.traits(Self.longHistory.shuffled(using: &generator))
        #expect(shuffled == inOrder)
        let last = Self.longHistory.compactMap { if case .event(let e) = $0 { e.timestamp } else { nil } }.max()!
        #expect(shuffled.snapshot(now: last) == inOrder.snapshot(now: last))
        #expect((inOrder.snapshot(now: last)["sessions_30d"]?.int64Value ?? 0) > 0)
    }

    @Test(arguments: [UInt64(21), 22, 23])
    func merge_equalsApplyingBothHistories(_ seed: UInt64) {
        let everything = Self.history + Self.longHistory
        var generator = SeededGenerator(state: seed)
        var first: [HistoryStep] = []
        var second: [HistoryStep] = []
        for step in everything {
            if Bool.random(using: &generator) { first.append(step) } else { second.append(step) }
        }
        var merged = HistoryStep.traits(first)
        merged.merge(with: HistoryStep.traits(second))
        let together = HistoryStep.traits(everything)
        #expect(merged == together)
        #expect(merged.snapshot(now: Self.now) == together.snapshot(now: Self.now))
        var reversed = HistoryStep.traits(second)
        reversed.merge(with: HistoryStep.traits(first))
        #expect(reversed == together)
    }

    @Test func merge_withEmpty_isIdentity() {
        let traits = HistoryStep.traits(Self.history)
        var merged = traits
        merged.merge(with: ComputedTraits())
        #expect(merged == traits)
        var fromEmpty = ComputedTraits()
        fromEmpty.merge(with: traits)
        #expect(fromEmpty == traits)
    }

    @Test func sameOrderTwice_countsTwice() {
        // Idempotence is the caller's job; this documents the contract.
        let traits = HistoryStep.traits([.order(Self.orderA2), .order(Self.orderA2)])
        #expect(traits.snapshot(now: Self.now)["orders_count"] == 2)
        #expect(traits.snapshot(now: Self.now)["total_spent"] == ["EUR": "160.00"])
    }

    @Test func fullyReturnedOrder_stillCountsButSpendsNothing() throws {
        let order = Self.orderA2
        let settled = try order.settle(OrderReturn(orderID: order.orderID, scope: .full, occurredAt: order.occurredAt))
        let view = HistoryStep.traits([.order(order), .settledReturn(settled, order)]).snapshot(now: Self.now)
        #expect(view["orders_count"] == 1)
        #expect(view["total_spent"] == ["EUR": "0.00"])
        #expect(view["aov"] == ["EUR": "0.00"])
        #expect(view["favourite_category"] == .null)
    }

    @Test(arguments: [
        (["10.00", "10.01"], "10.00"),  // 10.005 → even
        (["10.00", "10.03"], "10.02"),  // 10.015 → even
        (["0.01", "0.00", "0.00"], "0.00"),
        (["0.02", "0.00", "0.00"], "0.01"),
    ])
    func averageOrderValue_roundsHalfToEven(_ totals: [String], _ expected: String) {
        let steps = totals.enumerated().map { index, total in
            HistoryStep.order(OrderFixtures.make(id: "O\(index)", items: [], total: total))
        }
        #expect(HistoryStep.traits(steps).snapshot(now: Self.now)["aov"] == ["EUR": .string(expected)])
    }

    @Test func ties_areBrokenAlphabetically() {
        let steps: [HistoryStep] = [
            .order(OrderFixtures.make(id: "1", channel: .pos, items: [("A", "zebra", 2, "1.00")])),
            .order(OrderFixtures.make(id: "2", channel: .app, items: [("B", "apple", 2, "1.00")])),
        ]
        let view = HistoryStep.traits(steps).snapshot(now: Self.now)
        #expect(view["favourite_category"] == "apple")
        #expect(view["preferred_channel"] == "app")
    }
}

/// Epoch milliseconds of ISO-8601 text, for building long histories.
enum EpochMillis {
    static func of(_ text: String) -> Int64 { Int64(OrderFixtures.date(text).timeIntervalSince1970 * 1000) }
}
