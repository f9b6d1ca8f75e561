/// Why an amount could not be read or computed. Never carries the amount itself: an
/// order total next to an email is personal data too.
public struct MoneyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable snake_case codes, shared with ``OrderError/Code`` so API clients see one vocabulary.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Not a decimal number in the accepted forms (`12.50`, `12`, `-3.5`); e.g. `12,50`, `NaN`, `1e3` as text.
        public static let invalidAmount = Code(rawValue: "invalid_amount")
        /// More fraction digits than the currency has (`12.345` EUR). Rejected, never rounded.
        public static let tooManyDecimals = Code(rawValue: "too_many_decimals")
        /// A negative amount where only zero or more makes sense (prices, totals).
        public static let negativeAmount = Code(rawValue: "negative_amount")
        /// The amount, or a sum or product of amounts, does not fit in 64-bit minor units.
        public static let amountOverflow = Code(rawValue: "amount_overflow")
        /// Not a three-letter ISO 4217 code.
        public static let invalidCurrency = Code(rawValue: "invalid_currency")
        /// Arithmetic between two currencies; there is no exchange rate in the core.
        public static let currencyMismatch = Code(rawValue: "currency_mismatch")
    }

    public var code: Code
    /// Human text, free of the sent value.
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    static func invalid(_ why: String) -> MoneyError { MoneyError(code: .invalidAmount, message: why) }
    static let overflow = MoneyError(code: .amountOverflow, message: "amount does not fit in 64-bit minor units")
}

extension MoneyError.Code {
    /// Lets callers write `catch MoneyError.Code.tooManyDecimals { … }`.
    public static func ~= (code: MoneyError.Code, error: any Error) -> Bool {
        (error as? MoneyError)?.code == code
    }
}
