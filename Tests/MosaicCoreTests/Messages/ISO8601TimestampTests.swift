import Foundation
import Testing
import MosaicCore

struct ISO8601TimestampTests {
    static let valid: [(String, Double)] = [
        ("2024-01-15T10:20:30Z", 1_705_314_030),
        ("2024-01-15T10:20:30.123Z", 1_705_314_030.123),
        ("2024-01-15T10:20:30.1Z", 1_705_314_030.1),
        ("2024-01-15T10:20:30.123456789Z", 1_705_314_030.123456789),
        ("2024-01-15T10:20:30.1234567891234Z", 1_705_314_030.123456789),
        ("2024-01-15T10:20:30.5+02:00", 1_705_314_030.5 - 7_200),
        ("2024-01-15T10:20:30-0530", 1_705_314_030 + 19_800),
        ("2024-01-15T10:20:30+01", 1_705_314_030 - 3_600),
        ("2024-01-15t10:20:30z", 1_705_314_030),
        ("2024-01-15 10:20:30Z", 1_705_314_030),
        ("2024-01-15T10:20Z", 1_705_314_000),
        ("2024-01-15", 1_705_276_800),
        ("2024-02-29T00:00:00Z", 1_709_164_800),
        ("2000-02-29T00:00:00Z", 951_782_400),
        ("1969-12-31T23:59:59.999Z", -0.001),
        ("2016-12-31T23:59:60Z", 1_483_228_800),
        ("0001-01-01T00:00:00Z", -62_135_596_800),
        ("9999-12-31T23:59:59Z", 253_402_300_799),
    ]

    @Test(arguments: valid)
    func parse_acceptsForms(_ text: String, _ seconds: Double) throws {
        let date = try #require(ISO8601Timestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 1e-6)
    }

    static let invalid: [String] = [
        "", "yesterday", "1705314030", "2024-01-15T10:20:30", "2024-1-15T10:20:30Z", "2024-01-5T10:20:30Z",
        "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
        "2024-04-31T00:00:00Z", "2024-01-32T00:00:00Z", "2024-01-00T00:00:00Z", "0000-01-01T00:00:00Z",
        "2024-01-15T24:00:00Z", "2024-01-15T10:60:00Z", "2024-01-15T10:20:61Z", "2024-01-15T10:20:30.Z",
        "2024-01-15T10:20:30+2400", "2024-01-15T10:20:30+01:60", "2024-01-15T10:20:30+1", "2024-01-15T10:20:30Zjunk",
        "2024-01-15T", "2024-01-15T10Z", "2024-01-15X10:20:30Z", " 2024-01-15T10:20:30Z", "2024-01-15T10:20:30.123",
        "2024-01-15T10:20:30Z" + String(repeating: "0", count: 60), "２０２４-01-15T10:20:30Z",
    ]

    @Test(arguments: invalid)
    func parse_rejects(_ text: String) {
        #expect(ISO8601Timestamp.parse(text) == nil)
    }

    static let formatted: [(String, String)] = [
        ("2024-01-15T10:20:30.123Z", "2024-01-15T10:20:30.123Z"),
        ("2024-01-15T10:20:30Z", "2024-01-15T10:20:30.000Z"),
        ("2024-01-15T10:20:30.5+02:00", "2024-01-15T08:20:30.500Z"),
        ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"),
        ("9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"),
        ("2024-02-29", "2024-02-29T00:00:00.000Z"),
    ]

    @Test(arguments: formatted)
    func format_writesUTCWithMilliseconds(_ input: String, _ expected: String) throws {
        #expect(ISO8601Timestamp.format(try #require(ISO8601Timestamp.parse(input))) == expected)
    }

    @Test func format_clampsAbsurdDates() {
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: 1e300)) == "9999-12-31T23:59:59.999Z")
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: -1e300)) == "0001-01-01T00:00:00.000Z")
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: .nan)) == "1970-01-01T00:00:00.000Z")
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: .infinity)) == "9999-12-31T23:59:59.999Z")
    }

    /// Every 7th day across four centuries, at a time with milliseconds, survives format → parse.
    @Test func roundTrip_acrossCalendar() throws {
        for day in stride(from: -135_000, through: 150_000, by: 7) {
            let seconds = Double(day) * 86_400 + 45_296.789
            let text = ISO8601Timestamp.format(Date(timeIntervalSince1970: seconds))
            let parsed = try #require(ISO8601Timestamp.parse(text))
            #expect(abs(parsed.timeIntervalSince1970 - seconds) < 1e-4, "\(text)")
        }
    }
}
