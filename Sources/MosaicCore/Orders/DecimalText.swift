/// A decimal number read from text without any floating point: `magnitude × 10^-scale`.
///
/// Internal to money parsing. Digits are accumulated into a `UInt64` with overflow checks, so
/// a thousand-digit number is an `amount_overflow`, not a trap or a silent rounding.
struct DecimalText: Sendable, Hashable {
    var negative: Bool
    var magnitude: UInt64
    /// Number of decimal places; negative for a positive exponent (`1e3` → magnitude 1, scale -3).
    var scale: Int

    /// Parses `-?digits(.digits)?` and, when `allowExponent` (text that came from
    /// `Double.description`), a trailing `e[+-]digits`.
    static func read(_ bytes: [UInt8], allowExponent: Bool) throws(MoneyError) -> DecimalText {
        var position = 0
        var negative = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        var magnitude: UInt64 = 0
        var overflowed = false
        var scale = 0
        var integerDigits = 0
        var droppedZeros = 0
        func push(_ digit: UInt8) {
            // Trailing fraction zeros may overflow harmlessly; remember them and strip later.
            if digit == 0, overflowed == false {
                let (times10, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                if overflow { droppedZeros += 1 } else { magnitude = times10 }
                return
            }
            if droppedZeros > 0 { overflowed = true }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            if overflow1 || overflow2 { overflowed = true } else { magnitude = sum }
        }
        while position < bytes.count, let digit = Self.digit(bytes[position]) {
            push(digit)
            integerDigits += 1
            position += 1
        }
        guard integerDigits > 0 else { throw MoneyError.invalid("amount must start with a digit") }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            var fractionDigits = 0
            while position < bytes.count, let digit = Self.digit(bytes[position]) {
                push(digit)
                fractionDigits += 1
                position += 1
            }
            guard fractionDigits > 0 else { throw MoneyError.invalid("a decimal point must be followed by digits") }
            scale = fractionDigits
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
            scale -= exponentNegative ? -exponent : exponent
        }
        guard position == bytes.count else { throw MoneyError.invalid("amount is not a plain decimal number") }
        guard !overflowed else { throw MoneyError.overflow }
        return DecimalText(negative: negative, magnitude: magnitude, scale: scale - droppedZeros)
    }

    /// The magnitude in units of `10^-exponent`: `12.5` at exponent 2 is `1250`.
    /// Fraction digits beyond `exponent` must be zeros.
    func scaled(toExponent exponent: Int) throws(MoneyError) -> UInt64 {
        var value = magnitude
        var scale = self.scale
        guard value != 0 else { return 0 }
        while scale > exponent, value % 10 == 0 {
            value /= 10
            scale -= 1
        }
        guard scale <= exponent else {
            throw MoneyError(code: .tooManyDecimals, message: "amount has more decimals than the currency allows (\(exponent))")
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
