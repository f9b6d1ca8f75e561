import Foundation
@testable import Postgres
import Testing

/// Pure parsing/redaction tests with hostile inputs; no server needed.
struct TextFormatTests {
    func parse(_ text: String) -> Date? {
        Array(text.utf8).withUnsafeBufferPointer { PostgresTimestamp.parse($0) }
    }

    @Test(arguments: [
        ("1970-01-01 00:00:00+00", 0.0),
        ("2024-02-29 12:00:00.5+00", 1_709_208_000.5),
        ("2024-02-29 17:30:00.25+05:30", 1_709_208_000.25),
        ("2024-02-29 08:00:00-04", 1_709_208_000),
        ("2024-02-29 12:00:00", 1_709_208_000),
        ("2024-02-29", 1_709_164_800),
        ("1969-12-31 23:59:59.999999+00", -0.000001),
        ("1900-01-01 00:00:00+01:23:28", -2_208_993_808),
    ])
    func timestampsParse(_ text: String, _ expected: Double) throws {
        let date = try #require(parse(text))
        #expect(abs(date.timeIntervalSince1970 - expected) < 1e-6)
    }

    @Test(arguments: ["", "2024", "2024-13-01", "2024-02-30x", "2024-02-29 25:00:00", "2024-02-29 12:00",
                      "2024-02-29 12:00:00.", "2024-02-29 12:00:00+", "garbage", "2024-02-29 12:00:00+00 AD",
                      "99999999999-01-01"])
    func malformedTimestampsAreRejected(_ text: String) {
        #expect(parse(text) == nil)
    }

    @Test(arguments: [0.0, 1_700_000_000.123456, -86_400.25, 1e10])
    func timestampFormatRoundTrips(_ seconds: Double) throws {
        let text = PostgresTimestamp.format(Date(timeIntervalSince1970: seconds))
        let back = try #require(parse(text))
        #expect(abs(back.timeIntervalSince1970 - seconds) < 1e-6)
    }

    @Test(arguments: [
        ("{}", [String?]()),
        ("{a,b}", ["a", "b"]),
        (#"{"a,b","c\"d","e\\f",NULL,"NULL"}"#, ["a,b", "c\"d", "e\\f", nil, "NULL"]),
        ("[0:1]={x,y}", ["x", "y"]),
    ] as [(String, [String?])])
    func arrayLiteralsParse(_ text: String, _ expected: [String?]) {
        let parsed = Array(text.utf8).withUnsafeBufferPointer { PostgresArrayLiteral.parse($0) }
        #expect(parsed == expected)
    }

    @Test(arguments: ["", "{", "a,b", "{a,b", #"{"a}"#, "{{1,2},{3,4}}", "{a,,b}", "{a,}", #"{"a"b}"#, #"{"\"}"#])
    func malformedArrayLiteralsAreRejected(_ text: String) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { PostgresArrayLiteral.parse($0) } == nil)
    }

    @Test(arguments: ["", "-", "+", "12a", "9223372036854775808", "-9223372036854775809", " 1", "1.0"])
    func malformedIntegersAreRejected(_ text: String) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { PostgresTextParsing.int64($0) } == nil)
    }

    @Test func integerBoundsParse() {
        #expect(Array("-9223372036854775808".utf8).withUnsafeBufferPointer { PostgresTextParsing.int64($0) } == .min)
        #expect(Array("9223372036854775807".utf8).withUnsafeBufferPointer { PostgresTextParsing.int64($0) } == .max)
    }

    @Test(arguments: [
        (#"invalid input syntax for type uuid: "bob@x.com""#, [String](), #"invalid input syntax for type uuid: "<redacted>""#),
        (#"relation "users" does not exist"#, [], #"relation "users" does not exist"#),
        (#"value "secret-token" is bad"#, ["secret-token"], #"value "<redacted>" is bad"#),
    ] as [(String, [String], String)])
    func messagesAreRedacted(_ message: String, _ binds: [String], _ expected: String) {
        #expect(Redaction.message(message, binds: binds) == expected)
    }

    @Test(arguments: [
        ("Key (email)=(a@b.c) already exists.", "Key (email)=(<redacted>) already exists."),
        ("Key (a, b)=(1, x)) y) already exists.", "Key (a, b)=(<redacted>) already exists."),
        (#"Key (email)=(a@b.c) is not present in table "people"."#, #"Key (email)=(<redacted>) is not present in table "people"."#),
        ("Failing row contains (bob, -1).", "Failing row contains (<redacted>)."),
        (#"Token "dave" is invalid."#, #"Token "<redacted>" is invalid."#),
    ])
    func detailsAreRedacted(_ detail: String, _ expected: String) {
        #expect(Redaction.detail(detail) == expected)
    }

    @Test func arrayBindQuoting() {
        let value: [String?] = ["a\"b", "c\\d", nil, "NULL", "x,y"]
        #expect(value.postgresTextValue.text == #"{"a\"b","c\\d",NULL,"NULL","x,y"}"#)
        #expect(value.postgresValue.type == .textArray)
        #expect([Int64(1), -2].postgresTextValue.text == #"{"1","-2"}"#)
    }

    @Test func migrationFileNames() {
        #expect(Migration.parse(fileName: "0001_init.sql")! == (1, "init"))
        #expect(Migration.parse(fileName: "42_add-orders_v2.sql")! == (42, "add-orders_v2"))
        #expect(Migration.parse(fileName: "0001_init.SQL") == nil)
        #expect(Migration.parse(fileName: "9999999999_big.sql") == nil)
    }
}
