import Foundation
import Postgres
import Testing
import TestSupport

/// Arrays bind in binary format; the server must read exactly what the text format says.
@Suite struct BinaryArrayTests {
    let db: TestDatabase
    init() throws { db = try TestDatabase.create(prefix: "binary_arrays") }

    /// Binds a prepared `PostgresValue` as is.
    struct Raw: PostgresEncodable {
        let value: PostgresValue
        var postgresValue: PostgresValue { value }
    }

    /// The array sent in binary and in text reads back as the same value, in both directions of
    /// the comparison and as the server prints it.
    func expectSame<Element: PostgresArrayElement>(_ array: [Element], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let binary = array.postgresValue
        #expect(binary.binary != nil, "not sent in binary", sourceLocation: sourceLocation)
        let text = Raw(value: array.postgresTextValue)
        let conn = try db.connect()
        let row = try #require(try conn.query("""
            SELECT \(Raw(value: binary))::text AS b, \(text)::text AS t,
                   \(Raw(value: binary)) IS NOT DISTINCT FROM \(text) AS same
            """).first)
        #expect(try row.decode("b", as: String.self) == (try row.decode("t", as: String.self)), sourceLocation: sourceLocation)
        #expect(try row.decode("same", as: Bool.self), sourceLocation: sourceLocation)
    }

    @Test func everyElementType_readsAsItsTextForm() throws {
        try expectSame(["a", "b,c", "quote\"d", "back\\slash", "{brace}", "NULL", "", " spaced ", "ü🙂 日本"])
        try expectSame(["x", nil, "NULL"] as [String?])
        try expectSame([nil, nil] as [String?])
        try expectSame([0, 1, -2, Int64.max, Int64.min] as [Int64])
        try expectSame([0, 42, -7] as [Int])
        try expectSame([Int32.min, 0, Int32.max])
        try expectSame([0.1, -0.0, 1e300, .infinity, -.infinity, .nan] as [Double])
        try expectSame([true, false])
        try expectSame([UUID(), UUID(uuidString: "00000000-0000-0000-0000-0000000000ff")!])
        try expectSame([
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_709_208_000.123456),
            Date(timeIntervalSince1970: 946_684_799.999_999), Date(timeIntervalSince1970: -1_000_000.5),
            Date(timeIntervalSince1970: 1_709_208_000.000_000_4), .distantFuture, .distantPast,
        ])
        try expectSame([Date(), nil] as [Date?])
        try expectSame([PostgresJSON(#"{"a":[1,2.5,"ü\"q"],"b":null}"#), PostgresJSON("[]"), PostgresJSON(#""text""#)])
        try expectSame([] as [String])
        try expectSame([] as [Int64])
    }

    @Test func unnestOfBinaryArrays_joinsRowByRow() throws {
        let conn = try db.connect()
        let ids: [Int64] = [3, 1, 2]
        let names: [String?] = ["c", nil, "b"]
        let bodies = [PostgresJSON(#"{"n":3}"#), PostgresJSON(#"{"n":1}"#), PostgresJSON(#"{"n":2}"#)]
        let rows = try conn.query(prepared: """
            SELECT t.id, t.name, (t.body->>'n')::int8 AS n
            FROM unnest(\(ids), \(names), \(bodies)) AS t(id, name, body) ORDER BY t.id
            """)
        #expect(try rows.map { try $0.decode("id", as: Int64.self) } == [1, 2, 3])
        #expect(try rows.map { try $0.decode("name", as: String?.self) } == [nil, "b", "c"])
        #expect(try rows.map { try $0.decode("n", as: Int64.self) } == [1, 2, 3])
    }

    /// A NUL byte cannot be stored in text: the array falls back to text, whose bind check
    /// names the problem before anything reaches the server.
    @Test func textWithNUL_isAClientError() throws {
        #expect(["a\u{0}b"].postgresValue.binary == nil)
        #expect([PostgresJSON(utf8: Array("{}".utf8)), PostgresJSON(utf8: [0x22, 0x61, 0, 0x22])].postgresValue.binary == nil)
        #expect([PostgresJSON(utf8: Array("{}".utf8)), PostgresJSON(utf8: [])].postgresValue.binary != nil)
        let conn = try db.connect()
        #expect(throws: PostgresError.self) { try conn.query("SELECT \(["ok", "a\u{0}b"])::text") }
        #expect(try conn.query("SELECT 1").count == 1)
    }

    /// An error that quotes an element is redacted like one that quotes a text bind.
    @Test func errorQuotingAnElement_isRedacted() throws {
        let conn = try db.connect()
        try conn.execute("""
            CREATE FUNCTION pg_temp.reject(names text[], bodies jsonb[]) RETURNS int LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'refused % and %', names[2], bodies[1]::text; END $$
            """)
        do {
            try conn.query("SELECT pg_temp.reject(\(["first", "secret-name"]), \([PostgresJSON(#"{"token": "secret-token"}"#)]))")
            Issue.record("the function did not raise")
        } catch let error as PostgresError {
            #expect(error.message == "refused <redacted> and <redacted>", "\(error.message)")
        }
    }
}
