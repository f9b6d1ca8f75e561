import Foundation

/// A completed purchase, from a till, a shop backend or a Segment `Order Completed` event.
///
/// A value: parsing (``OrderParser``, ``init(fromOrderCompleted:)``) guarantees the
/// invariants — one currency for every amount, quantities ≥ 1, a non-negative total.
public struct Order: Sendable, Hashable {
    /// The shop's own id; `POST /v1/orders` is idempotent on it.
    public var orderID: String
    /// Raw buyer identifiers by type (`email`, `phone`, `loyalty_card`, ...), not yet
    /// normalised: the identity layer does that with its configured rules.
    public var identifiers: [IdentifierType: String]
    /// ISO 3166-1 alpha-2, upper-cased.
    public var country: String?
    public var items: [OrderItem]
    /// What the customer paid, in ``currency``.
    public var total: Money
    public var channel: OrderChannel
    public var storeID: String?
    public var occurredAt: Date

    public var currency: CurrencyCode { total.currency }

    public init(
        orderID: String,
        identifiers: [IdentifierType: String] = [:],
        country: String? = nil,
        items: [OrderItem] = [],
        total: Money,
        channel: OrderChannel = .web,
        storeID: String? = nil,
        occurredAt: Date
    ) {
        self.orderID = orderID
        self.identifiers = identifiers
        self.country = country
        self.items = items
        self.total = total
        self.channel = channel
        self.storeID = storeID
        self.occurredAt = occurredAt
    }

    /// Σ unit price × quantity over the items (zero when there are none).
    /// - Throws: ``MoneyError`` `amount_overflow`.
    public func itemsSubtotal() throws(MoneyError) -> Money {
        var sum = Money.zero(currency)
        for item in items { sum = try sum.adding(try item.lineTotal()) }
        return sum
    }
}
