import Foundation

/// Fast conversion between `Date` and PostgreSQL's ISO text timestamps.
///
/// Foundation's formatters cost microseconds per value and allocate; timelines decode
/// thousands of timestamps per request, so this works on bytes with civil-date arithmetic
/// (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
enum PostgresTimestamp {
    /// Parses `2024-03-01 12:34:56.123456+00`, `…+05:30`, `…-03:30:15`, a bare `timestamp`
    /// (taken as UTC), a `date`, a trailing ` BC`, and `infinity` / `-infinity`.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var reader = Reader(bytes: bytes)
        if bytes.count >= 8 && (bytes[0] == UInt8(ascii: "i") || bytes[1] == UInt8(ascii: "i")) {
            if reader.rest(equals: "infinity") { return .distantFuture }
            if reader.rest(equals: "-infinity") { return .distantPast }
        }
        guard let yearDigits = reader.digits(min: 4, max: 7), reader.consume("-"),
              let month = reader.digits(min: 2, max: 2), reader.consume("-"),
              let day = reader.digits(min: 2, max: 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var year = yearDigits
        var seconds: Double = 0
        var offset = 0
        if reader.consume(" ") || reader.consume("T") {
            if reader.peekIsDigit {
                guard let hour = reader.digits(min: 2, max: 2), reader.consume(":"),
                      let minute = reader.digits(min: 2, max: 2), reader.consume(":"),
                      let second = reader.digits(min: 2, max: 2),
                      hour <= 24, minute < 60, second <= 60 else { return nil }
                seconds = Double(hour * 3600 + minute * 60 + second)
                if reader.consume(".") {
                    var fraction: Double = 0
                    var scale: Double = 1
                    var count = 0
                    while let digit = reader.digit() {
                        count += 1
                        guard count <= 9 else { return nil }
                        fraction = fraction * 10 + Double(digit)
                        scale *= 10
                    }
                    guard count > 0 else { return nil }
                    seconds += fraction / scale
                }
                if reader.peek == UInt8(ascii: "+") || reader.peek == UInt8(ascii: "-") {
                    let sign = reader.peek == UInt8(ascii: "-") ? -1 : 1
                    reader.advance()
                    guard let hours = reader.digits(min: 2, max: 2) else { return nil }
                    var total = hours * 3600
                    if reader.consume(":") {
                        guard let minutes = reader.digits(min: 2, max: 2) else { return nil }
                        total += minutes * 60
                        if reader.consume(":") {
                            guard let secs = reader.digits(min: 2, max: 2) else { return nil }
                            total += secs
                        }
                    }
                    offset = sign * total
                }
                _ = reader.consume(" ")
            }
        }
        if !reader.atEnd && reader.rest(equals: "BC") {
            year = 1 - year
        } else if !reader.atEnd {
            return nil
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let epoch = Double(days) * 86_400 + seconds - Double(offset)
        return Date(timeIntervalSince1970: epoch)
    }

    /// Microseconds since 2000-01-01 UTC (timestamptz's binary value), rounded like `format`;
    /// `Int64.max`/`.min` are infinity and -infinity, where `format` writes them.
    static func postgresMicroseconds(_ date: Date) -> Int64 {
        if date == .distantFuture { return .max }
        if date == .distantPast { return .min }
        let interval = date.timeIntervalSince1970
        guard interval.isFinite, abs(interval) < 3e11 else { return interval < 0 ? .min : .max }
        return Int64((interval * 1_000_000).rounded()) - 946_684_800_000_000
    }

    /// Formats as `YYYY-MM-DD HH:MM:SS.ffffff+00`, microsecond precision (the server's).
    static func format(_ date: Date) -> String {
        if date == .distantFuture { return "infinity" }
        if date == .distantPast { return "-infinity" }
        let interval = date.timeIntervalSince1970
        guard interval.isFinite, abs(interval) < 3e11 else { return interval < 0 ? "-infinity" : "infinity" }
        var micros = Int64((interval * 1_000_000).rounded())
        var days = micros / 86_400_000_000
        micros -= days * 86_400_000_000
        if micros < 0 { micros += 86_400_000_000; days -= 1 }
        let (year, month, day) = civilFromDays(Int(days))
        let secondOfDay = Int(micros / 1_000_000)
        let fraction = Int(micros % 1_000_000)
        var text = ""
        text.reserveCapacity(32)
        let displayYear = year <= 0 ? 1 - year : year
        text += pad(displayYear, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + " "
        text += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if fraction != 0 { text += "." + pad(fraction, 6) }
        text += "+00"
        if year <= 0 { text += " BC" }
        return text
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[index] }
        var peekIsDigit: Bool { peek.map { $0 &- UInt8(ascii: "0") < 10 } ?? false }

        mutating func advance() { index += 1 }

        mutating func consume(_ char: Unicode.Scalar) -> Bool {
            guard peek == UInt8(ascii: char) else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int? {
            guard let byte = peek, byte &- UInt8(ascii: "0") < 10 else { return nil }
            index += 1
            return Int(byte &- UInt8(ascii: "0"))
        }

        mutating func digits(min: Int, max: Int) -> Int? {
            var value = 0
            var count = 0
            while count < max, let digit = digit() {
                value = value * 10 + digit
                count += 1
            }
            return count >= min ? value : nil
        }

        func rest(equals text: String) -> Bool {
            let utf8 = Array(text.utf8)
            guard bytes.count - index == utf8.count else { return false }
            for (offset, byte) in utf8.enumerated() where bytes[index + offset] != byte { return false }
            return true
        }
    }
}

extension Date {
    /// This date as it reads back from a `timestamptz` column: rounded to microseconds the way
    /// the encoder rounds, and decoded the way the decoder decodes, so a value kept in memory
    /// compares equal to the same value read from the database.
    public var postgresStored: Date {
        var text = PostgresTimestamp.format(self)
        return text.withUTF8 { PostgresTimestamp.parse($0) } ?? self
    }
}
