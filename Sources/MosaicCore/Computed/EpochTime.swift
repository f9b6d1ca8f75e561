import Foundation

/// Whole-number times for stored state: milliseconds (computed traits), microseconds (recent
/// events, as PostgreSQL stores `timestamptz`) and UTC days since 1970.
///
/// Stored state uses integers, not `Double` seconds, so that a state written to `jsonb` and
/// read back is identical and two orders of applying the same events compare equal.
enum EpochTime {
    static let millisPerDay: Int64 = 86_400_000

    /// Milliseconds since 1970, rounded; clamped to ±year 10000 so absurd dates cannot trap.
    static func millis(_ date: Date) -> Int64 { count(date, perSecond: 1000) }

    /// Microseconds since 1970, rounded as PostgreSQL rounds a bound `timestamptz`; clamped like ``millis(_:)``.
    static func micros(_ date: Date) -> Int64 { count(date, perSecond: 1_000_000) }

    static func date(millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    static func date(micros: Int64) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }

    private static func count(_ date: Date, perSecond: Double) -> Int64 {
        let value = (date.timeIntervalSince1970 * perSecond).rounded()
        guard value.isFinite else { return 0 }
        let limit = 253_402_300_800 * perSecond  // year 10000, exact in a Double for both units
        return Int64(Swift.min(Swift.max(value, -limit), limit))
    }

    /// The UTC day number holding `millis` (floor division, so times before 1970 work too).
    static func day(millis: Int64) -> Int64 {
        floorDivide(millis, millisPerDay)
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
