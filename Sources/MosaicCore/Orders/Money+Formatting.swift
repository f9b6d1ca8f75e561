extension Money {
    /// The amount as a plain decimal string with exactly the currency's fraction digits:
    /// `"12.50"` (EUR), `"1250"` (JPY), `"-0.005"` (KWD). No grouping, no symbol, `.` as the
    /// separator: this is what the API and `jsonb` store, and what ``Money/parse(_:currency:allowNegative:)`` reads back.
    public var decimalString: String {
        // Int64.min has no positive counterpart: work on the magnitude as UInt64.
        let magnitude = minorUnits.magnitude
        var digits = Array(String(magnitude).utf8)
        let exponent = currency.exponent
        if exponent > 0 {
            if digits.count <= exponent {
                digits.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: exponent - digits.count + 1), at: 0)
            }
            digits.insert(UInt8(ascii: "."), at: digits.count - exponent)
        }
        if minorUnits < 0 { digits.insert(UInt8(ascii: "-"), at: 0) }
        return String(decoding: digits, as: UTF8.self)
    }
}
