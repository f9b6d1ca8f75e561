extension Money {
    /// How a bare JSON integer is meant: `12` euros, or `12` cents. Strings and numbers with
    /// a fraction are always in major units.
    public enum Unit: Sendable, Hashable {
        /// `12.50` means twelve euros fifty. The default everywhere.
        case major
        /// `1250` means twelve euros fifty; only integers are accepted (`12.5` cents is an error).
        case minor
    }

    /// Text longer than this is refused before it is looked at: no real amount needs it.
    static let maxTextLength = 64

    /// Reads a decimal string exactly: an optional `-`, one or more digits, optionally `.`
    /// and one or more digits. Nothing else — no `+`, spaces, grouping, `,` decimal commas
    /// (`"12,50"` is ambiguous between locales), exponents or `NaN`.
    ///
    /// Fraction digits beyond the currency's exponent are an error unless they are zeros
    /// (`"12.500"` EUR is 12.50, `"12.345"` EUR is refused): silently rounding money sent by a
    /// till hides a bug in the till. Callers that want rounding must round before sending.
    ///
    /// - Throws: ``MoneyError`` `invalid_amount`, `too_many_decimals`, `negative_amount`, `amount_overflow`.
    public static func parse(
        _ text: String,
        currency: CurrencyCode,
        allowNegative: Bool = false,
        unit: Unit = .major
    ) throws(MoneyError) -> Money {
        guard text.utf8.count <= maxTextLength else { throw MoneyError.invalid("amount text is too long") }
        let decimal = try DecimalText.read(Array(text.utf8), allowExponent: false)
        if unit == .minor, decimal.scale != 0 {
            throw MoneyError.invalid("an amount in minor units must be an integer")
        }
        return try make(decimal, currency: currency, allowNegative: allowNegative, unit: unit)
    }

    /// Reads an amount from JSON: a string (as ``parse(_:currency:allowNegative:unit:)``), an
    /// integer, or a number with a fraction.
    ///
    /// A JSON number with a fraction arrives as a `Double`, but its value is never used in
    /// arithmetic: Swift prints the shortest decimal text that reads back as the same double,
    /// which for anything a client typed with up to 15 significant digits (`12.5`, `19.99`)
    /// is exactly what it typed, and that text is parsed as decimal. A double that is really
    /// a float artefact (`0.30000000000000004`) has too many decimals and is refused.
    ///
    /// - Throws: ``MoneyError``; `invalid_amount` for any other JSON kind or a non-finite number.
    public static func parse(
        json value: JSONValue,
        currency: CurrencyCode,
        allowNegative: Bool = false,
        unit: Unit = .major
    ) throws(MoneyError) -> Money {
        switch value {
        case .string(let text):
            return try parse(text, currency: currency, allowNegative: allowNegative, unit: unit)
        case .int(let integer):
            let decimal = DecimalText(integer)
            return try make(decimal, currency: currency, allowNegative: allowNegative, unit: unit)
        case .double(let double):
            guard double.isFinite else { throw MoneyError.invalid("amount is not a finite number") }
            // In minor units `1250.0` is fine and `12.5` is not: ``DecimalText/scaled(toExponent:)`` decides.
            let decimal = try DecimalText.read(Array(double.description.utf8), allowExponent: true)
            return try make(decimal, currency: currency, allowNegative: allowNegative, unit: unit)
        default:
            throw MoneyError.invalid("amount must be a number or a decimal string, not \(value.kindName)")
        }
    }

    private static func make(
        _ decimal: DecimalText,
        currency: CurrencyCode,
        allowNegative: Bool,
        unit: Unit
    ) throws(MoneyError) -> Money {
        // Sign first: "-1e300" for a price is a negative price before it is a big one.
        if decimal.negative, !decimal.isZero, !allowNegative {
            throw MoneyError(code: .negativeAmount, message: "amount must not be negative")
        }
        let exponent = unit == .major ? currency.exponent : 0
        let magnitude = try decimal.scaled(toExponent: exponent)
        let minor: Int64
        if decimal.negative {
            guard magnitude <= UInt64(Int64.max) else { throw MoneyError.overflow }
            minor = 0 &- Int64(magnitude)
        } else {
            guard magnitude <= UInt64(Int64.max) else { throw MoneyError.overflow }
            minor = Int64(magnitude)
        }
        return Money(minorUnits: minor, currency: currency)
    }
}
