import Foundation

/// ISO-8601 / RFC 3339 timestamps as the tracking API reads and writes them.
///
/// Hand-written rather than `ISO8601DateFormatter` because SDKs disagree on precision (none,
/// milliseconds, microseconds, nanoseconds) and offsets, which one formatter configuration
/// cannot all accept, and because this runs for every message.
///
/// Accepted: `YYYY-MM-DD` followed by `T` (or `t`, or a space) `HH:MM`, optional `:SS`,
/// optional `.fraction` of any length (digits past nanoseconds are ignored), then a zone:
/// `Z`/`z`, `±HH:MM`, `±HHMM` or `±HH`. A zone is required, since local time without an offset
/// is ambiguous. A date alone (`2024-01-15`) is accepted as midnight UTC, which is what
/// backfill scripts mean by it. Second 60 (a leap second) rolls into the next minute.
/// Years 0001–9999 only; everything is range-checked (month 13, February 30 are errors).
public enum ISO8601Timestamp {
    /// The date, or `nil` when `text` is not a timestamp in the accepted forms.
    public static func parse(_ text: String) -> Date? {
        var copy = text
        return copy.withUTF8 { parse(bytes: $0) }
    }

    /// `2024-01-15T10:20:30.123Z`: UTC with milliseconds, the form Segment stores.
    public static func format(_ date: Date) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(24)
        append(date, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends ``format(_:)``'s text to `output`, so a serialiser writes it without a `String`.
    public static func append(_ date: Date, to text: inout [UInt8]) {
        let exact = (date.timeIntervalSince1970 * 1000).rounded(.toNearestOrAwayFromZero)
        let scaled = exact.isNaN ? 0 : exact
        // Clamp to years 0001...9999 so absurd dates cannot trap the integer conversion.
        let milliseconds = Int64(Swift.min(Swift.max(scaled, -62_135_596_800_000), 253_402_300_799_999))
        let (days, millisOfDay) = floorDivide(milliseconds, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let seconds = millisOfDay / 1000
        // Filled in place from a 24-byte pattern and appended once: building it from strings,
        // or appending digit by digit, made this a visible step of storing every event.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            _ = buffer.initialize(from: "0000-00-00T00:00:00.000Z".utf8)
            func put(_ value: Int64, at offset: Int, width: Int) {
                var rest = value
                for index in stride(from: offset &+ width &- 1, through: offset, by: -1) {
                    buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                }
            }
            put(year, at: 0, width: 4)
            put(month, at: 5, width: 2)
            put(day, at: 8, width: 2)
            put(seconds / 3600, at: 11, width: 2)
            put(seconds / 60 % 60, at: 14, width: 2)
            put(seconds % 60, at: 17, width: 2)
            put(millisOfDay % 1000, at: 20, width: 3)
            text.append(contentsOf: UnsafeBufferPointer(buffer))
        }
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count <= 64 else { return nil }
        var reader = Reader(bytes: bytes)
        guard let year = reader.number(digits: 4), year >= 1, reader.skip("-"),
              let month = reader.number(digits: 2), (1...12).contains(month), reader.skip("-"),
              let day = reader.number(digits: 2), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        if reader.atEnd { return Date(timeIntervalSince1970: Double(days) * 86_400) }

        guard reader.skip("T") || reader.skip("t") || reader.skip(" "),
              let hour = reader.number(digits: 2), hour <= 23, reader.skip(":"),
              let minute = reader.number(digits: 2), minute <= 59
        else { return nil }
        var second: Int64 = 0
        var nanoseconds: Int64 = 0
        if reader.skip(":") {
            guard let value = reader.number(digits: 2), value <= 60 else { return nil }
            second = value
            if reader.skip(".") {
                guard let fraction = reader.fraction() else { return nil }
                nanoseconds = fraction
            }
        }
        guard let offset = reader.zoneOffsetSeconds(), reader.atEnd else { return nil }
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1e9)
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        var atEnd: Bool { position == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
            position += 1
            return true
        }

        mutating func number(digits: Int) -> Int64? {
            guard bytes.count - position >= digits else { return nil }
            var value: Int64 = 0
            for _ in 0..<digits {
                let digit = bytes[position] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
                position += 1
            }
            return value
        }

        /// One or more digits; the first nine give nanoseconds, the rest are ignored.
        mutating func fraction() -> Int64? {
            var value: Int64 = 0
            var count = 0
            while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 {
                if count < 9 { value = value * 10 + Int64(bytes[position] &- UInt8(ascii: "0")) }
                count += 1
                position += 1
            }
            guard count > 0 else { return nil }
            for _ in count..<Swift.max(count, 9) { value *= 10 }
            return value
        }

        /// Seconds east of UTC: `Z`, `±HH:MM`, `±HHMM`, `±HH`.
        mutating func zoneOffsetSeconds() -> Int64? {
            if skip("Z") || skip("z") { return 0 }
            let sign: Int64
            if skip("+") { sign = 1 } else if skip("-") { sign = -1 } else { return nil }
            guard let hours = number(digits: 2), hours <= 23 else { return nil }
            var minutes: Int64 = 0
            if !atEnd {
                _ = skip(":")
                guard let value = number(digits: 2), value <= 59 else { return nil }
                minutes = value
            }
            return sign * (hours * 3_600 + minutes * 60)
        }
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Inverse of ``daysFromCivil(year:month:day:)`` (`civil_from_days`).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
