/// An exact amount of one currency, as an integer count of its minor unit (cents, fils, yen).
///
/// Money never passes through `Double`: `0.1 + 0.2` must be `0.30`, and a sum over ten
/// thousand orders must match the shop's books to the cent. Arithmetic that could overflow
/// or mix currencies throws instead of trapping or guessing.
public struct Money: Sendable, Hashable, CustomStringConvertible {
    /// The amount in minor units: `1250` EUR minor units is 12.50 EUR.
    public let minorUnits: Int64
    public let currency: CurrencyCode

    public init(minorUnits: Int64, currency: CurrencyCode) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    public static func zero(_ currency: CurrencyCode) -> Money { Money(minorUnits: 0, currency: currency) }

    public var isNegative: Bool { minorUnits < 0 }
    public var isZero: Bool { minorUnits == 0 }

    /// `12.50 EUR`, for logs and tests (amounts alone are not personal data).
    public var description: String { "\(decimalString) \(currency.rawValue)" }

    /// - Throws: ``MoneyError`` `currency_mismatch` or `amount_overflow`.
    public func adding(_ other: Money) throws(MoneyError) -> Money {
        try sameCurrency(other)
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        guard !overflow else { throw MoneyError.overflow }
        return Money(minorUnits: sum, currency: currency)
    }

    /// - Throws: ``MoneyError`` `currency_mismatch` or `amount_overflow`.
    public func subtracting(_ other: Money) throws(MoneyError) -> Money {
        try sameCurrency(other)
        let (difference, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        guard !overflow else { throw MoneyError.overflow }
        return Money(minorUnits: difference, currency: currency)
    }

    /// A line total: unit price × quantity.
    /// - Throws: ``MoneyError`` `amount_overflow`.
    public func multiplied(by quantity: Int64) throws(MoneyError) -> Money {
        let (product, overflow) = minorUnits.multipliedReportingOverflow(by: quantity)
        guard !overflow else { throw MoneyError.overflow }
        return Money(minorUnits: product, currency: currency)
    }

    private func sameCurrency(_ other: Money) throws(MoneyError) {
        guard other.currency == currency else {
            throw MoneyError(
                code: .currencyMismatch,
                message: "cannot combine \(currency.rawValue) with \(other.currency.rawValue)"
            )
        }
    }
}
