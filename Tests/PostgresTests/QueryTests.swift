import Foundation
import Postgres
import Testing
import TestSupport

@Suite struct QueryTests {
    let db: TestDatabase
    init() throws {
        db = try TestDatabase.create(prefix: "query")
        let conn = try db.connect()
        try conn.execute(unsafeSQL: """
            CREATE TABLE users (id bigserial PRIMARY KEY, email text UNIQUE NOT NULL, tags text[] NOT NULL DEFAULT '{}');
            CREATE TABLE secrets (value text);
            INSERT INTO secrets VALUES ('top');
            """)
    }

    @Test(arguments: [
        "'; DROP TABLE secrets; --",
        "' OR '1'='1",
        "x\"); DELETE FROM secrets; --",
        "$1",
        "\\'; SELECT pg_sleep(10); --",
    ])
    func injectionAttemptsStayData(_ hostile: String) throws {
        let conn = try db.connect()
        try conn.execute("INSERT INTO users (email, tags) VALUES (\(hostile), \([hostile, "b"]))")
        let rows = try conn.query("SELECT email, tags FROM users WHERE email = \(hostile)")
        #expect(rows.count == 1)
        #expect(try rows[0].decode("email", as: String.self) == hostile)
        #expect(try rows[0].decode("tags", as: [String].self) == [hostile, "b"])
        #expect(try conn.query("SELECT count(*) FROM secrets").first?.decode(0, as: Int.self) == 1)
        #expect(try conn.query("SELECT count(*) FROM users WHERE email = \("' OR '1'='1' --")").first?.decode(0, as: Int.self) == 0)
        try conn.execute("DELETE FROM users WHERE email = \(hostile)")
    }

    @Test func preparedStatements_areReusedAndKeepBindsAsData() throws {
        let conn = try db.connect()
        let values = ["p1@x", "p\"2\\@x", "é,{p3}@x"]
        for value in values {
            let rows = try conn.query(prepared: "INSERT INTO users (email, tags) VALUES (\(value), \([value])) RETURNING email, tags")
            #expect(try rows[0].decode(0, as: String.self) == value)
            #expect(try rows[0].decode(1, as: [String].self) == [value])
        }
        // One server-side statement served all three calls.
        let prepared = try conn.query("SELECT count(*) FROM pg_prepared_statements").first?.decode(0, as: Int.self)
        #expect(prepared == 1)
        #expect(throws: PostgresError.self) {
            try conn.query(prepared: "INSERT INTO users (email) VALUES (\(values[0]))")
        }
    }

    @Test func anyAndUnnestWithArrayBinds() throws {
        let conn = try db.connect()
        let emails = ["a@x", "b@x", "c,\"d\"@x"]
        let tags = ["t1", "t2", "t3"]
        let inserted = try conn.execute("""
            INSERT INTO users (email, tags) SELECT e, ARRAY[t] FROM unnest(\(emails), \(tags)) AS u(e, t)
            """)
        #expect(inserted == 3)
        let ids = try conn.query("SELECT id FROM users WHERE email = ANY(\(emails)) ORDER BY id").map { try $0.decode(0, as: Int64.self) }
        #expect(ids.count == 3)
        let found = try conn.query("SELECT email FROM users WHERE id = ANY(\(ids)) ORDER BY id").map { try $0.decode(0, as: String.self) }
        #expect(found == emails)
    }

    @Test func programmaticMultiRowValues() throws {
        let conn = try db.connect()
        var query = Query(unsafeSQL: "INSERT INTO users (email) VALUES ")
        for index in 0..<250 {
            if index > 0 { query.append(unsafeSQL: ", ") }
            query.append(unsafeSQL: "(\(query.appendBind("bulk\(index)@x")))")
        }
        query.append(unsafeSQL: " RETURNING id")
        #expect(query.binds.count == 250)
        #expect(try conn.query(query).count == 250)
        let built = Query(unsafeSQL: "SELECT count(*) FROM users WHERE email LIKE $1", binds: [PostgresValue(text: "bulk%")])
        #expect(try conn.query(built).first?.decode(0, as: Int.self) == 250)
    }

    @Test func unsafeSQLAndIdentifierInterpolation() throws {
        let conn = try db.connect()
        let table = "users"
        let column = "weird \"name\""
        try conn.execute(unsafeSQL: "CREATE TABLE \(PostgresIdentifier.quote(column)) (x int)")
        #expect(try conn.query("SELECT count(*) FROM \(unsafeSQL: table)").count == 1)
        #expect(try conn.query("SELECT count(*) FROM \(identifier: column)").first?.decode(0, as: Int.self) == 0)
    }

    @Test func descriptionNeverShowsBinds() {
        let email = "alice@example.com"
        let query: Query = "SELECT * FROM users WHERE email = \(email)"
        #expect(query.sql == "SELECT * FROM users WHERE email = $1")
        #expect(!"\(query)".contains("alice"))
    }

    @Test func nulByteInBindIsClientError() throws {
        let conn = try db.connect()
        let bad = "a\u{0}b"
        do {
            try conn.query("SELECT \(bad)")
            Issue.record("expected an error")
        } catch let error as PostgresError {
            #expect(error.kind == .client)
            #expect(!error.isConnectionError)
        }
        #expect(try conn.query("SELECT 1").count == 1)
    }
}
