/// A decimal number read from text without any floating point: `digits × 10^-scale`.
///
/// Internal to money parsing. The digits are kept as text (inputs are at most
/// ``Money/maxTextLength`` bytes) so that precision is judged before size: `12.3450…01`
/// is "too many decimals", not "too large", whatever its length.
struct DecimalText: Sendable, Hashable {
    var negative: Bool
    /// Decimal digit values, most significant first, with no sign or point.
    var digits: [UInt8]
    /// Number of decimal places; negative for a positive exponent (`1e3` → digits `1`, scale -3).
    var scale: Int

    init(negative: Bool, digits: [UInt8], scale: Int) {
        self.negative = negative
        self.digits = digits
        self.scale = scale
    }

    init(_ integer: Int64) {
        negative = integer < 0
        digits = String(integer.magnitude).utf8.map { $0 &- UInt8(ascii: "0") }
        scale = 0
    }

    var isZero: Bool { digits.allSatisfy { $0 == 0 } }

    /// Parses `-?digits(.digits)?` and, when `allowExponent` (text that came from
    /// `Double.description`), a trailing `e[+-]digits`.
    static func read(_ bytes: [UInt8], allowExponent: Bool) throws(MoneyError) -> DecimalText {
        var position = 0
        var negative = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        var digits: [UInt8] = []
        while position < bytes.count, let digit = Self.digit(bytes[position]) {
            digits.append(digit)
            position += 1
        }
        guard !digits.isEmpty else { throw MoneyError.invalid("amount must start with a digit") }
        var scale = 0
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            while position < bytes.count, let digit = Self.digit(bytes[position]) {
                digits.append(digit)
                scale += 1
                position += 1
            }
            guard scale > 0 else { throw MoneyError.invalid("a decimal point must be followed by digits") }
        }
        if allowExponent, position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            var exponentNegative = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                exponentNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            var exponent = 0
            var exponentDigits = 0
            while position < bytes.count, let digit = Self.digit(bytes[position]) {
                guard exponentDigits < 4 else { throw MoneyError.invalid("exponent is out of range") }
                exponent = exponent * 10 + Int(digit)
                exponentDigits += 1
                position += 1
            }
            guard exponentDigits > 0 else { throw MoneyError.invalid("exponent has no digits") }
            scale += exponentNegative ? exponent : -exponent
        }
        guard position == bytes.count else { throw MoneyError.invalid("amount is not a plain decimal number") }
        return DecimalText(negative: negative, digits: digits, scale: scale)
    }

    /// The magnitude in units of `10^-exponent`: `12.5` at exponent 2 is `1250`.
    /// Fraction digits beyond `exponent` must be zeros.
    /// - Throws: `too_many_decimals`, then `amount_overflow`.
    func scaled(toExponent exponent: Int) throws(MoneyError) -> UInt64 {
        var digits = self.digits[...]
        var scale = self.scale
        while let first = digits.first, first == 0 { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return 0 }
        while scale > exponent, digits.last == 0 {
            digits = digits.dropLast()
            scale -= 1
        }
        guard scale <= exponent else {
            throw MoneyError(code: .tooManyDecimals, message: "amount has more decimals than the currency allows (\(exponent))")
        }
        var value: UInt64 = 0
        for digit in digits {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { throw MoneyError.overflow }
            value = sum
        }
        var shift = exponent - scale
        while shift > 0 {
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw MoneyError.overflow }
            value = times10
            shift -= 1
        }
        return value
    }

    private static func digit(_ byte: UInt8) -> UInt8? {
        let value = byte &- UInt8(ascii: "0")
        return value < 10 ? value : nil
    }
}
