/// An ISO 4217 alphabetic currency code (`EUR`, `JPY`): the unit every ``Money`` amount is in.
///
/// A struct over the upper-cased text rather than an enum, because currencies come and go
/// (ISO publishes amendments) and a shop may legitimately sell in one we have never listed.
/// What we do need per currency is its minor-unit exponent, from ``exponent``.
public struct CurrencyCode: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Accepts exactly three ASCII letters, in any case, and upper-cases them.
    /// Anything else (`"EURO"`, `"€"`, `"e u"`) is `nil`: a code we cannot name cannot be summed.
    public init?(rawValue: String) {
        var upper: [UInt8] = []
        upper.reserveCapacity(3)
        for byte in rawValue.utf8 {
            guard upper.count < 3 else { return nil }
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): upper.append(byte)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): upper.append(byte &- 32)
            default: return nil
            }
        }
        guard upper.count == 3 else { return nil }
        self.rawValue = String(decoding: upper, as: UTF8.self)
    }

    public var description: String { rawValue }

    public static func < (lhs: CurrencyCode, rhs: CurrencyCode) -> Bool { lhs.rawValue < rhs.rawValue }

    public static let usd = CurrencyCode(known: "USD")
    public static let eur = CurrencyCode(known: "EUR")
    public static let jpy = CurrencyCode(known: "JPY")
    public static let bhd = CurrencyCode(known: "BHD")

    /// For compile-time constants that are known to be valid.
    private init(known: String) { self.rawValue = known }
}
