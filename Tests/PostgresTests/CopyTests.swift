import Foundation
import Postgres
import Testing
import TestSupport

@Suite struct CopyTests {
    let db: TestDatabase
    init() throws {
        db = try TestDatabase.create(prefix: "copy")
        try db.connect().execute(unsafeSQL: "CREATE TABLE t (id int8 NOT NULL, name text, body jsonb, tags text[])")
    }

    @Test func copiesRowsWithEscaping() throws {
        let conn = try db.connect()
        let tricky = ["tab\there", "new\nline", "back\\slash", "\\N", "cr\rx", "ünï 🙂", ""]
        let copied = try conn.copyFrom("COPY t (id, name, body, tags) FROM STDIN") { writer in
            for (index, name) in tricky.enumerated() {
                try writer.write(values: [index, name, PostgresJSON(#"{"k": "v\t\\"}"#), [name, "x"]])
            }
            try writer.write("100", nil, nil, nil)
            for index in 0..<20_000 { try writer.write("\(1000 + index)", "bulk", nil, nil) }
        }
        #expect(copied == tricky.count + 1 + 20_000)
        let rows = try conn.query("SELECT name, body->>'k', tags FROM t WHERE id < \(tricky.count) ORDER BY id")
        #expect(try rows.map { try $0.decode(0, as: String.self) } == tricky)
        #expect(try rows.map { try $0.decode(1, as: String.self) } == Array(repeating: "v\t\\", count: tricky.count))
        #expect(try rows.map { try $0.decode(2, as: [String].self) } == tricky.map { [$0, "x"] })
        #expect(try conn.query("SELECT name IS NULL FROM t WHERE id = 100").first?.decode(0, as: Bool.self) == true)
    }

    @Test func escapeHelper() {
        #expect(CopyText.escape("a\tb\nc\\d\re") == #"a\tb\nc\\d\re"#)
        #expect(CopyText.escape(nil) == #"\N"#)
    }

    @Test func badRowIsPostgresErrorAndNothingIsCopied() throws {
        let conn = try db.connect()
        do {
            try conn.copyFrom("COPY t (id, name) FROM STDIN") { writer in
                try writer.write("1", "ok")
                try writer.write("not-a-number-secret", "bad")
            }
            Issue.record("expected error")
        } catch let error as PostgresError {
            #expect(error.sqlState == .invalidTextRepresentation)
            #expect(!error.description.contains("secret"))
        }
        #expect(try conn.query("SELECT count(*) FROM t").first?.decode(0, as: Int.self) == 0)
        #expect(try conn.query("SELECT 1").count == 1)
    }

    @Test func bodyErrorAbortsCopy() throws {
        let conn = try db.connect()
        #expect(throws: BodyFailure()) {
            try conn.copyFrom("COPY t (id) FROM STDIN") { writer in
                try writer.write("1")
                throw BodyFailure()
            }
        }
        #expect(try conn.query("SELECT count(*) FROM t").first?.decode(0, as: Int.self) == 0)
    }

    @Test func nonCopyStatementIsRejected() throws {
        let conn = try db.connect()
        #expect(throws: PostgresError.self) { try conn.copyFrom("SELECT 1") { _ in } }
        #expect(throws: PostgresError.self) { try conn.copyFrom("COPY missing FROM STDIN") { _ in } }
        #expect(try conn.query("SELECT 1").count == 1)
    }
}
