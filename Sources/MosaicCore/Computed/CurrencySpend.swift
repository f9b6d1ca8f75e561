/// Order money of one profile in one currency. Totals in different currencies are never
/// added together: the core has no exchange rates, and a wrong conversion is worse than two numbers.
public struct CurrencySpend: Sendable, Hashable {
    /// Orders applied (a fully returned order still counts: it was placed).
    public var orders: Int64 = 0
    /// Σ order totals, in minor units.
    public var gross: Int64 = 0
    /// Σ refunds of returns, in minor units.
    public var refunded: Int64 = 0
    /// Returns applied.
    public var returns: Int64 = 0

    public init(orders: Int64 = 0, gross: Int64 = 0, refunded: Int64 = 0, returns: Int64 = 0) {
        self.orders = orders
        self.gross = gross
        self.refunded = refunded
        self.returns = returns
    }

    /// What the customer kept paying for: gross − refunded.
    public var net: Int64 {
        let (difference, overflow) = gross.subtractingReportingOverflow(refunded)
        guard overflow else { return difference }
        return refunded > 0 ? .min : .max
    }

    /// Net spend per order, rounded half to even to the minor unit; `nil` without orders.
    public var averageOrderValue: Int64? {
        guard orders > 0 else { return nil }
        let value = net
        let quotient = value / orders
        let remainder = (value % orders).magnitude
        let half = orders.magnitude - remainder
        var rounded = quotient
        if remainder > half || (remainder == half && quotient % 2 != 0) {
            rounded += value < 0 ? -1 : 1
        }
        return rounded
    }

    mutating func merge(_ other: CurrencySpend) {
        orders = orders.saturatingAdd(other.orders)
        gross = gross.saturatingAdd(other.gross)
        refunded = refunded.saturatingAdd(other.refunded)
        returns = returns.saturatingAdd(other.returns)
    }
}
