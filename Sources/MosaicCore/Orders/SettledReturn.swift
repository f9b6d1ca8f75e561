import Foundation

/// A return checked against its order: exactly which order lines came back and how much
/// money goes back. This is what is stored, and what computed traits apply.
public struct SettledReturn: Sendable, Hashable {
    /// Units taken back from one order line (by its position in ``Order/items``).
    public struct ReturnedLine: Sendable, Hashable {
        public var itemIndex: Int
        public var quantity: Int64

        public init(itemIndex: Int, quantity: Int64) {
            self.itemIndex = itemIndex
            self.quantity = quantity
        }
    }

    public var returnID: String?
    public var orderID: String
    /// Money given back, in the order's currency; never more than was left.
    public var refund: Money
    /// Empty for a return by amount.
    public var lines: [ReturnedLine]
    public var occurredAt: Date

    public init(returnID: String? = nil, orderID: String, refund: Money, lines: [ReturnedLine], occurredAt: Date) {
        self.returnID = returnID
        self.orderID = orderID
        self.refund = refund
        self.lines = lines
        self.occurredAt = occurredAt
    }
}
