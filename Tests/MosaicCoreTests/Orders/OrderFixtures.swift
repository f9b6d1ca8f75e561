import Foundation
import MosaicCore

/// Shared builders for order, return and computed-trait tests.
enum OrderFixtures {
    static let receivedAt = ISO8601Timestamp.parse("2024-05-01T12:00:00Z")!

    static func date(_ text: String) -> Date { ISO8601Timestamp.parse(text)! }

    static func eur(_ text: String) -> Money { try! Money.parse(text, currency: .eur) }

    static func parse(_ json: String) throws(OrderError) -> Order {
        try OrderParser.parse(body: Array(json.utf8), receivedAt: receivedAt)
    }

    /// An order with all-defaulted fields; items are (sku, category, quantity, unit price).
    static func make(
        id: String = "A-1",
        at time: String = "2024-05-01T10:00:00Z",
        currency: CurrencyCode = .eur,
        channel: OrderChannel = .web,
        items: [(String, String?, Int64, String)] = [("S1", "shirts", 1, "10.00")],
        total: String? = nil
    ) -> Order {
        let lines = items.map { sku, category, quantity, price in
            OrderItem(sku: sku, category: category, quantity: quantity, unitPrice: try! Money.parse(price, currency: currency))
        }
        let sum = lines.reduce(Money.zero(currency)) { try! $0.adding(try! $1.lineTotal()) }
        return Order(
            orderID: id,
            identifiers: [.email: "a@example.com"],
            items: lines,
            total: total.map { try! Money.parse($0, currency: currency) } ?? sum,
            channel: channel,
            occurredAt: date(time)
        )
    }
}
