import Foundation
import Postgres
import Testing
import TestSupport

struct BodyFailure: Error, Equatable {}

@Suite struct TransactionTests {
    let db: TestDatabase
    init() throws {
        db = try TestDatabase.create(prefix: "tx")
        try db.connect().execute(unsafeSQL: "CREATE TABLE items (name text PRIMARY KEY)")
    }

    func names(_ conn: Connection) throws -> [String] {
        try conn.query("SELECT name FROM items ORDER BY name").map { try $0.decode(0, as: String.self) }
    }

    @Test func commitsOnReturn() throws {
        let conn = try db.connect()
        let value = try conn.withTransaction { tx in
            try tx.execute("INSERT INTO items VALUES (\("a"))")
            return 7
        }
        #expect(value == 7)
        #expect(try names(try db.connect()) == ["a"])
        #expect(!conn.isInTransaction)
    }

    @Test func planCacheMode_holdsForTheTransactionOnly() throws {
        let conn = try db.connect()
        func mode() throws -> String { try conn.query("SELECT current_setting('plan_cache_mode')")[0].decode(0) }
        let inside = try conn.withTransaction(plans: .generic) { _ in try mode() }
        #expect(inside == "force_generic_plan")
        #expect(try mode() == "auto")
        #expect(try conn.withTransaction(plans: .custom) { _ in try mode() } == "force_custom_plan")
        #expect(throws: BodyFailure.self) { try conn.withTransaction(plans: .generic) { _ in throw BodyFailure() } }
        #expect(try mode() == "auto")
    }

    @Test func rollsBackOnThrowAndRethrowsBodyError() throws {
        let conn = try db.connect()
        #expect(throws: BodyFailure()) {
            try conn.withTransaction { tx in
                try tx.execute("INSERT INTO items VALUES (\("b"))")
                throw BodyFailure()
            }
        }
        #expect(try names(conn) == [])
        #expect(!conn.isInTransaction)
    }

    @Test func serverErrorInBodyIsRethrownUnwrapped() throws {
        let conn = try db.connect()
        do {
            try conn.withTransaction { tx in
                try tx.execute("INSERT INTO items VALUES (\("c"))")
                try tx.execute("INSERT INTO items VALUES (\("c"))")
            }
            Issue.record("expected error")
        } catch SQLState.uniqueViolation {}
        #expect(try names(conn) == [])
    }

    @Test func nestedFailureRollsBackOnlyInner() throws {
        let conn = try db.connect()
        try conn.withTransaction { tx in
            try tx.execute("INSERT INTO items VALUES (\("outer"))")
            do {
                try tx.withTransaction { inner in
                    try inner.execute("INSERT INTO items VALUES (\("inner"))")
                    try inner.execute("INSERT INTO items VALUES (\("outer"))")
                }
            } catch SQLState.uniqueViolation {}
            try tx.withTransaction { inner in try inner.execute("INSERT INTO items VALUES (\("inner2"))") }
        }
        #expect(try names(conn) == ["inner2", "outer"])
    }

    @Test func swallowedErrorMakesCommitFail() throws {
        let conn = try db.connect()
        do {
            try conn.withTransaction { tx in
                try tx.execute("INSERT INTO items VALUES (\("d"))")
                _ = try? tx.execute("INSERT INTO items VALUES (\("d"))")
            }
            Issue.record("expected commit failure")
        } catch let error as TransactionError {
            #expect(error.stage == .commit)
        }
        #expect(try names(conn) == [])
    }

    @Test func isolationLevelApplies() throws {
        let conn = try db.connect()
        let level = try conn.withTransaction(isolation: .serializable, readOnly: true) { tx in
            try tx.query("SHOW transaction_isolation").first?.decode(0, as: String.self)
        }
        #expect(level == "serializable")
        #expect(throws: PostgresError.self) {
            try conn.withTransaction(readOnly: true) { tx in try tx.execute("INSERT INTO items VALUES (\("e"))") }
        }
    }

    @Test func beginFailureSaysStage() throws {
        let conn = try db.connect()
        conn.close()
        do {
            try conn.withTransaction { _ in }
            Issue.record("expected failure")
        } catch let error as TransactionError {
            #expect(error.stage == .begin)
            #expect(error.isConnectionError)
        }
    }

    /// The read after COMMIT sees what was committed, and a body that fails runs no read.
    @Test func readAfterCommit_seesTheCommit_andRunsOnlyAfterOne() throws {
        let conn = try db.connect()
        let (value, rows) = try conn.withTransaction({ tx -> String in
            try tx.enqueue(prepared: "INSERT INTO items VALUES (\("read-1"))")
            return "read-1"
        }, thenReading: { name in "SELECT name, (SELECT count(*) FROM items)::int8 FROM items WHERE name = \(name)" })
        #expect(value == "read-1")
        #expect(try rows?.first?.decode(0, as: String.self) == "read-1")
        #expect(try rows?.first?.decode(1, as: Int64.self) == 1)
        #expect(!conn.isInTransaction && !conn.hasPendingPipeline)

        var asked = false
        #expect(throws: BodyFailure.self) {
            try conn.withTransaction({ tx in
                try tx.execute("INSERT INTO items VALUES (\("read-2"))")
                throw BodyFailure()
            }, thenReading: { (_: Void) -> Query? in
                asked = true
                return "SELECT 1"
            })
        }
        #expect(!asked)
        #expect(try names(conn) == ["read-1"])
    }

    /// A read that fails does so after the COMMIT: the error says so (its stage), the data stays.
    @Test func failingReadAfterCommit_keepsTheCommit() throws {
        let conn = try db.connect()
        do {
            _ = try conn.withTransaction({ tx in try tx.enqueue(prepared: "INSERT INTO items VALUES (\("kept"))") },
                                         thenReading: { _ in "SELECT 1 / (SELECT count(*) - 1 FROM items)::int" })
            Issue.record("expected the read to fail")
        } catch let error as TransactionError {
            #expect(error.stage == .readAfterCommit)
            #expect((error.underlying as? PostgresError)?.sqlState == "22012")  // division_by_zero
        }
        #expect(!conn.isInTransaction)
        #expect(try names(conn) == ["kept"])
    }
}
