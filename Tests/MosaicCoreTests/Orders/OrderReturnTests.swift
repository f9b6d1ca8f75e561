import Foundation
import Testing
import MosaicCore

/// Return requests, their settlement against the order, and the refund arithmetic.
struct OrderReturnTests {
    /// 2 × shirts at 20.00 and 1 × socks at 10.00, with a 5.00 discount: total 45.00.
    static let order = OrderFixtures.make(
        items: [("SHIRT", "shirts", 2, "20.00"), ("SOCKS", "socks", 1, "10.00")], total: "45.00")

    static func request(_ json: String) throws(OrderError) -> OrderReturn {
        try OrderReturnParser.parse(
            try! JSONValue.parse(json), orderID: order.orderID, currency: .eur, receivedAt: OrderFixtures.receivedAt)
    }

    @Test func fullReturn_refundsEverythingLeft() throws {
        let settled = try Self.order.settle(try Self.request("{}"))
        #expect(settled.refund.decimalString == "45.00")
        #expect(settled.lines == [.init(itemIndex: 0, quantity: 2), .init(itemIndex: 1, quantity: 1)])
        #expect(settled.occurredAt == OrderFixtures.receivedAt)
        do {
            _ = try Self.order.settle(try Self.request("{}"), after: [settled])
            Issue.record("a second full return was accepted")
        } catch {
            #expect(error.code == .returnExceedsOrder)
        }
    }

    @Test func partialByItems_isProratedByTheDiscount() throws {
        // One shirt is 20.00 of 50.00 of goods; the customer paid 45.00, so 18.00 back.
        let first = try Self.order.settle(try Self.request(#"{"return_id":"R1","items":[{"sku":"SHIRT","quantity":1}],"reason":"size"}"#))
        #expect(first.refund.decimalString == "18.00")
        #expect(first.returnID == "R1")
        #expect(first.lines == [.init(itemIndex: 0, quantity: 1)])
        let second = try Self.order.settle(try Self.request(#"{"items":[{"sku":"SOCKS"}]}"#), after: [first])
        #expect(second.refund.decimalString == "9.00")
        // The last unit takes whatever money is left, so nothing is stranded by rounding.
        let last = try Self.order.settle(try Self.request(#"{"items":[{"sku":"SHIRT","quantity":1}]}"#), after: [first, second])
        #expect(last.refund.decimalString == "18.00")
        let everything = try [first, second, last].reduce(Money.zero(.eur)) { try $0.adding($1.refund) }
        #expect(everything == Self.order.total)
    }

    @Test func partialByAmount_thenItems_isCapped() throws {
        let goodwill = try Self.order.settle(try Self.request(#"{"amount":"40.00","currency":"eur"}"#))
        #expect(goodwill.refund.decimalString == "40.00")
        #expect(goodwill.lines.isEmpty)
        let shirt = try Self.order.settle(try Self.request(#"{"items":[{"sku":"SHIRT"}]}"#), after: [goodwill])
        #expect(shirt.refund.decimalString == "5.00")
        #expect(shirt.lines == [.init(itemIndex: 0, quantity: 1)])
    }

    @Test(arguments: [
        (#"{"amount":"45.01"}"#, OrderError.Code.returnExceedsOrder, "amount"),
        (#"{"items":[{"sku":"SHIRT","quantity":3}]}"#, .returnExceedsOrder, "items[0].quantity"),
        (#"{"items":[{"sku":"SHIRT","quantity":1},{"sku":"SHIRT","quantity":2}]}"#, .returnExceedsOrder, "items[1].quantity"),
        (#"{"items":[{"sku":"HAT"}]}"#, .unknownSKU, "items[0].sku"),
    ])
    func overReturn_isRefused(_ json: String, _ code: OrderError.Code, _ field: String) throws {
        do {
            let settled = try Self.order.settle(try Self.request(json))
            Issue.record("expected \(code), refunded \(settled.refund)")
        } catch {
            #expect(error.code == code)
            #expect(error.field == field)
        }
    }

    @Test func overReturn_countsEarlierReturns() throws {
        let first = try Self.order.settle(try Self.request(#"{"amount":"30.00"}"#))
        do {
            _ = try Self.order.settle(try Self.request(#"{"amount":"15.01"}"#), after: [first])
            Issue.record("refund beyond what is left was accepted")
        } catch {
            #expect(error.code == .returnExceedsOrder)
        }
        #expect(try Self.order.settle(try Self.request(#"{"amount":"15.00"}"#), after: [first]).refund.decimalString == "15.00")
    }

    @Test(arguments: [
        ("[]", OrderError.Code.notAnObject, nil as String?),
        (#"{"items":[],"amount":"1"}"#, .conflictingFields, "amount"),
        (#"{"items":[]}"#, .missingField, "items"),
        (#"{"items":[{"quantity":1}]}"#, .missingField, "items[0].sku"),
        (#"{"items":[{"sku":"S","quantity":0}]}"#, .invalidQuantity, "items[0].quantity"),
        (#"{"items":["S"]}"#, .notAnObject, "items[0]"),
        (#"{"amount":"0.00"}"#, .invalidAmount, "amount"),
        (#"{"amount":"-1.00"}"#, .negativeAmount, "amount"),
        (#"{"amount":"1.005"}"#, .tooManyDecimals, "amount"),
        (#"{"amount":"1","currency":"USD"}"#, .currencyMismatch, "currency"),
        (#"{"occurred_at":"soon"}"#, .invalidTimestamp, "occurred_at"),
    ])
    func invalidReturnBody_throwsCodeAndField(_ json: String, _ code: OrderError.Code, _ field: String?) {
        do {
            let request = try Self.request(json)
            Issue.record("expected \(code), got \(request.scope)")
        } catch {
            #expect(error.code == code)
            #expect(error.field == field)
        }
    }

    struct ProrationRow: Sendable, CustomTestStringConvertible {
        let prices: [(Int64, Int64)]
        let total: Int64
        let returned: [(Int, Int64)]
        let refund: Int64
        var testDescription: String { "\(prices) total \(total) returning \(returned) → \(refund)" }
    }

    @Test(arguments: [
        // 1 of 3 equal units of a 10.00 order: 3.333… → 3.33.
        ProrationRow(prices: [(3, 333)], total: 1000, returned: [(0, 1)], refund: 333),
        // Exactly half a cent rounds to even: 1 of 2 units, total 0.05 → 0.025 → 0.02.
        ProrationRow(prices: [(2, 5)], total: 5, returned: [(0, 1)], refund: 2),
        // 0.075 → 0.08 (to even).
        ProrationRow(prices: [(2, 10)], total: 15, returned: [(0, 1)], refund: 8),
        // No discount: unit price back.
        ProrationRow(prices: [(1, 1999), (2, 500)], total: 2999, returned: [(1, 1)], refund: 500),
        // Free items refund nothing.
        ProrationRow(prices: [(1, 0)], total: 0, returned: [(0, 1)], refund: 0),
        // Huge amounts stay exact through the 128-bit product.
        ProrationRow(prices: [(2, 4_000_000_000_000_000_000)], total: 7_000_000_000_000_000_000, returned: [(0, 1)],
                     refund: 3_500_000_000_000_000_000),
    ])
    func proratedRefund(_ row: ProrationRow) throws {
        let order = Order(
            orderID: "P",
            items: row.prices.map { OrderItem(quantity: $0.0, unitPrice: Money(minorUnits: $0.1, currency: .eur)) },
            total: Money(minorUnits: row.total, currency: .eur),
            occurredAt: OrderFixtures.receivedAt
        )
        let refund = try order.proratedRefund(for: row.returned.map { .init(itemIndex: $0.0, quantity: $0.1) })
        #expect(refund.minorUnits == row.refund)
    }

    @Test func proratedRefund_rejectsLinesNotOnTheOrder() {
        #expect(throws: MoneyError.self) { try Self.order.proratedRefund(for: [.init(itemIndex: 5, quantity: 1)]) }
        #expect(throws: MoneyError.self) { try Self.order.proratedRefund(for: [.init(itemIndex: 1, quantity: 2)]) }
    }
}
