import Foundation

/// A request to take goods or money back on one order, as `POST /v1/orders/{id}/return` sends it.
///
/// It is only a request: what it refunds depends on what earlier returns already took back,
/// which ``Order/settle(_:after:)`` decides, producing a ``SettledReturn``.
public struct OrderReturn: Sendable, Hashable {
    /// What is being returned.
    public enum Scope: Sendable, Hashable {
        /// Everything not yet returned, goods and money.
        case full
        /// These units, by SKU; the refund is their share of the order total.
        case items([Line])
        /// A sum of money without naming goods (goodwill, price adjustment).
        case amount(Money)
    }

    /// Units of one SKU being returned.
    public struct Line: Sendable, Hashable {
        public var sku: String
        public var quantity: Int64

        public init(sku: String, quantity: Int64) {
            self.sku = sku
            self.quantity = quantity
        }
    }

    /// The shop's id of the return, when it has one (for idempotence at the API).
    public var returnID: String?
    public var orderID: String
    public var scope: Scope
    public var reason: String?
    public var occurredAt: Date

    public init(returnID: String? = nil, orderID: String, scope: Scope, reason: String? = nil, occurredAt: Date) {
        self.returnID = returnID
        self.orderID = orderID
        self.scope = scope
        self.reason = reason
        self.occurredAt = occurredAt
    }
}
