import Foundation
import Postgres
import Testing
import TestSupport

@Suite struct DecodingTests {
    let db: TestDatabase
    init() throws { db = try TestDatabase.create(prefix: "decoding") }

    @Test(arguments: ["", "plain", "ünïcødé ✓ 日本語 🙂", "quote ' and \" and \\ backslash", "tab\tnew\nline",
                      "NULL", "null", "{a,b}", "'; DROP TABLE users; --"])
    func stringRoundTrip(_ value: String) throws {
        let conn = try db.connect()
        let row = try #require(try conn.query("SELECT \(value)::text AS v, length(\(value)::text) AS n").first)
        #expect(try row.decode("v", as: String.self) == value)
        #expect(try row.decode("n", as: Int.self) == value.count)
    }

    @Test func largeTextRoundTrip() throws {
        let conn = try db.connect()
        let value = String(repeating: "abcdé🙂", count: 200_000)
        let row = try #require(try conn.query("SELECT \(value)::text").first)
        #expect(try row.decode(0, as: String.self) == value)
    }

    @Test func onlyNullBinds_andMixedBinds_arePassedInPlace() throws {
        let conn = try db.connect()
        let none: String? = nil
        let row = try #require(try conn.query("SELECT \(none)::text IS NULL, \(none)::bigint IS NULL").first)
        #expect(try row.decode(0, as: Bool.self) && row.decode(1, as: Bool.self))
        let mixed = try #require(try conn.query("SELECT \(none)::text, \("")::text, \("b")::text, \(none)::text").first)
        #expect(try mixed.decode(0, as: String?.self) == nil)
        #expect(try mixed.decode(1, as: String.self) == "")
        #expect(try mixed.decode(2, as: String.self) == "b")
        #expect(try mixed.decode(3, as: String?.self) == nil)
    }

    @Test func bindWithNulByte_isRefusedBeforeSending() throws {
        let conn = try db.connect()
        #expect(throws: PostgresError.self) { try conn.query("SELECT \("ok")::text, \("a\u{0}b")::text") }
        // The connection is still usable.
        #expect(try conn.query("SELECT 1").first?.decode(0, as: Int.self) == 1)
    }

    @Test(arguments: [Int64.min, -1, 0, 42, Int64.max])
    func int64RoundTrip(_ value: Int64) throws {
        let conn = try db.connect()
        let row = try #require(try conn.query("SELECT \(value) AS v, pg_typeof(\(value))::text AS t").first)
        #expect(try row.decode(0, as: Int64.self) == value)
        #expect(try row.decode(0, as: Int.self) == Int(value))
        #expect(try row.decode(1, as: String.self) == "bigint")
    }

    @Test func int32AndOverflow() throws {
        let conn = try db.connect()
        let row = try #require(try conn.query("SELECT \(Int32.max) AS a, 3000000000::int8 AS b").first)
        #expect(try row.decode("a", as: Int32.self) == .max)
        #expect(throws: PostgresDecodingError(column: "b", columnIndex: 1, targetType: "Int32", reason: .invalidValue)) {
            try row.decode("b", as: Int32.self)
        }
    }

    @Test(arguments: [0.0, -1.5, 3.141592653589793, 1e300, -2.2250738585072014e-308, .infinity, -.infinity])
    func doubleRoundTrip(_ value: Double) throws {
        let conn = try db.connect()
        let row = try #require(try conn.query("SELECT \(value)").first)
        #expect(try row.decode(0, as: Double.self) == value)
    }

    @Test func nanRoundTrip() throws {
        let conn = try db.connect()
        let row = try #require(try conn.query("SELECT \(Double.nan)").first)
        #expect(try row.decode(0, as: Double.self).isNaN)
    }

    @Test func boolUUIDBytesJSON() throws {
        let conn = try db.connect()
        let uuid = UUID()
        let bytes = Data([0, 1, 2, 0xfe, 0xff, 0x5c, 0x27])
        let json = PostgresJSON(#"{"b": [1, 2], "a": "é\"x"}"#)
        let row = try #require(try conn.query("""
            SELECT \(true) AS t, \(false) AS f, \(uuid) AS u, \(bytes) AS bytes, \(json) AS j,
                   pg_typeof(\(json))::text AS jt, (\(json))->>'a' AS field
            """).first)
        #expect(try row.decode("t", as: Bool.self) == true)
        #expect(try row.decode("f", as: Bool.self) == false)
        #expect(try row.decode("u", as: UUID.self) == uuid)
        #expect(try row.decode("bytes", as: Data.self) == bytes)
        #expect(try row.decode("j", as: PostgresJSON.self).text == #"{"a": "é\"x", "b": [1, 2]}"#)
        #expect(try row.decode("jt", as: String.self) == "jsonb")
        #expect(try row.decode("j", as: Data.self) == Data(#"{"a": "é\"x", "b": [1, 2]}"#.utf8))
        #expect(try row.decode("field", as: String.self) == "é\"x")
    }

    @Test(arguments: [0.0, 1_700_000_000.123456, -1_000_000_000.5, 253_402_300_799.5, 951_782_400])
    func dateRoundTrip(_ seconds: Double) throws {
        let conn = try db.connect()
        let date = Date(timeIntervalSince1970: seconds)
        let row = try #require(try conn.query(
            "SELECT \(date) AS tz, \(date)::timestamptz::timestamp AS plain, extract(epoch FROM \(date))::float8 AS epoch").first)
        let decoded = try row.decode("tz", as: Date.self)
        #expect(abs(decoded.timeIntervalSince1970 - seconds) < 1e-6)
        #expect(abs(try row.decode("plain", as: Date.self).timeIntervalSince1970 - seconds) < 1e-6)
        #expect(abs(try row.decode("epoch", as: Double.self) - seconds) < 1e-6)
    }

    @Test func dateParsesServerOffsetsAndDates() throws {
        let conn = try db.connect()
        try conn.execute(unsafeSQL: "SET TimeZone TO 'Asia/Kolkata'")
        let row = try #require(try conn.query("""
            SELECT '2024-02-29 12:00:00.25+00'::timestamptz AS a, '2024-02-29'::date AS d,
                   'infinity'::timestamptz AS inf, '0044-03-15 12:00:00+00 BC'::timestamptz AS bc,
                   current_setting('TimeZone') AS zone, '2024-02-29 12:00:00.25+00'::timestamptz::text AS text
            """).first)
        #expect(try row.decode("text", as: String.self) == "2024-02-29 17:30:00.25+05:30")
        #expect(try row.decode("a", as: Date.self).timeIntervalSince1970 == 1_709_208_000.25)
        #expect(try row.decode("d", as: Date.self).timeIntervalSince1970 == 1_709_164_800)
        #expect(try row.decode("inf", as: Date.self) == .distantFuture)
        let bc = try row.decode("bc", as: Date.self)
        let epoch = try #require(try conn.query("SELECT extract(epoch FROM '0044-03-15 12:00:00+00 BC'::timestamptz)::float8").first)
        #expect(bc.timeIntervalSince1970 == (try epoch.decode(0, as: Double.self)))
    }

    @Test func arraysRoundTrip() throws {
        let conn = try db.connect()
        let strings = ["a", "b,c", "quote\"d", "back\\slash", "{brace}", "NULL", "", " spaced ", "ü🙂"]
        let ints: [Int64] = [1, -2, Int64.max]
        let optionals: [String?] = ["x", nil, "NULL"]
        let row = try #require(try conn.query("""
            SELECT \(strings) AS s, \(ints) AS i, \(optionals) AS o, cardinality(\(strings)) AS n,
                   \(optionals)[2] IS NULL AS second_null, ARRAY[]::text[] AS empty, \([UUID()]) AS u
            """).first)
        #expect(try row.decode("s", as: [String].self) == strings)
        #expect(try row.decode("i", as: [Int64].self) == ints)
        #expect(try row.decode("o", as: [String?].self) == optionals)
        #expect(try row.decode("n", as: Int.self) == strings.count)
        #expect(try row.decode("second_null", as: Bool.self))
        #expect(try row.decode("empty", as: [String].self) == [])
        #expect(try row.decode("u", as: [UUID].self).count == 1)
        #expect(throws: PostgresDecodingError.self) { try row.decode("o", as: [String].self) }
    }

    @Test func nullDecodesOnlyAsOptional() throws {
        let conn = try db.connect()
        let missing: String? = nil
        let row = try #require(try conn.query("SELECT \(missing)::text AS email, NULL::int8 AS n").first)
        #expect(try row.decode("email", as: String?.self) == nil)
        #expect(try row.decode("n", as: Int64?.self) == nil)
        #expect(throws: PostgresDecodingError(column: "email", columnIndex: 0, targetType: "String", reason: .unexpectedNull)) {
            try row.decode("email", as: String.self)
        }
        #expect(throws: PostgresDecodingError(column: "nope", columnIndex: nil, targetType: "Int", reason: .noSuchColumn)) {
            try row.decode("nope", as: Int.self)
        }
        #expect(throws: PostgresDecodingError.self) { try row.decode(7, as: Int.self) }
    }

    @Test func wrongTypeIsTypedError() throws {
        let conn = try db.connect()
        let row = try #require(try conn.query("SELECT 'abc'::text AS word").first)
        #expect(throws: PostgresDecodingError(column: "word", columnIndex: 0, targetType: "Int", reason: .invalidValue)) {
            try row.decode("word", as: Int.self)
        }
        #expect(throws: PostgresDecodingError.self) { try row.decode("word", as: UUID.self) }
        #expect(throws: PostgresDecodingError.self) { try row.decode("word", as: Date.self) }
    }

    @Test func rowsAreRandomAccess() throws {
        let conn = try db.connect()
        let rows = try conn.query("SELECT g AS n FROM generate_series(1, 1000) g ORDER BY g")
        #expect(rows.count == 1000)
        #expect(try rows[999].decode("n", as: Int.self) == 1000)
        #expect(try rows.map { try $0.decode(0, as: Int.self) }.reduce(0, +) == 500_500)
        #expect(rows.columnNames == ["n"])
    }
}
