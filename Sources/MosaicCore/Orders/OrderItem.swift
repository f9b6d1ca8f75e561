/// One line of an order: so many units of a product at a unit price.
public struct OrderItem: Sendable, Hashable {
    /// The shop's product code; returns name lines by it.
    public var sku: String?
    public var name: String?
    /// Feeds the favourite-category trait.
    public var category: String?
    /// Always ≥ 1.
    public var quantity: Int64
    /// Price of one unit, in the order's currency.
    public var unitPrice: Money

    public init(sku: String? = nil, name: String? = nil, category: String? = nil, quantity: Int64, unitPrice: Money) {
        self.sku = sku
        self.name = name
        self.category = category
        self.quantity = quantity
        self.unitPrice = unitPrice
    }

    /// `unitPrice × quantity`.
    /// - Throws: ``MoneyError`` `amount_overflow`.
    public func lineTotal() throws(MoneyError) -> Money {
        try unitPrice.multiplied(by: quantity)
    }
}
