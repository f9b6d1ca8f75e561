import Foundation
import Postgres
import Testing
import TestSupport

/// Enqueued statements (libpq pipeline mode): applied in order, answered by the next call that
/// waits, and failing exactly as they would have failed on their own.
@Suite struct PipelineTests {
    let db: TestDatabase
    init() throws {
        db = try TestDatabase.create(prefix: "pipeline")
        try db.connect().execute(unsafeSQL: "CREATE TABLE items (name text PRIMARY KEY, n int NOT NULL DEFAULT 0)")
    }

    /// The SQLSTATE of the PostgresError `body` throws, itself and not wrapped (nil if none).
    func sqlState(_ body: () throws -> Void) -> SQLState? {
        do {
            try body()
            return nil
        } catch let error as PostgresError {
            return error.sqlState
        } catch {
            return nil
        }
    }

    func names(_ conn: Connection) throws -> [String] {
        try conn.query("SELECT name FROM items ORDER BY name").map { try $0.decode(0, as: String.self) }
    }

    @Test func enqueuedWrites_applyInOrder_beforeTheNextQuery() throws {
        let conn = try db.connect()
        let total = try conn.withTransaction { tx -> Int in
            try tx.enqueue(prepared: "INSERT INTO items (name, n) VALUES (\("a"), 1)")
            try tx.enqueue(prepared: "UPDATE items SET n = n + \(10) WHERE name = \("a")")
            try tx.enqueue(prepared: "INSERT INTO items (name, n) VALUES (\("b"), 2)")
            #expect(tx.hasPendingPipeline)
            let total = try tx.query(prepared: "SELECT sum(n)::int8 FROM items")[0].decode(0, as: Int.self)
            #expect(!tx.hasPendingPipeline)
            return total
        }
        #expect(total == 13)
        #expect(try names(try db.connect()) == ["a", "b"])
    }

    /// Writes left enqueued at the end of the body travel with the COMMIT and are committed.
    @Test func enqueuedWrites_goWithTheCommit() throws {
        let conn = try db.connect()
        try conn.withTransaction { tx in
            try tx.enqueue(prepared: "INSERT INTO items (name, n) VALUES (\("c"), 3)")
            try tx.enqueue(prepared: "INSERT INTO items (name, n) VALUES (\("d"), 4)")
        }
        #expect(!conn.isInTransaction && !conn.hasPendingPipeline)
        #expect(try names(try db.connect()) == ["c", "d"])
        // Nested: the savepoint's writes are answered before its RELEASE.
        try conn.withTransaction { tx in
            try tx.withTransaction { inner in try inner.enqueue(prepared: "INSERT INTO items (name) VALUES (\("e"))") }
            try tx.enqueue(prepared: "INSERT INTO items (name) VALUES (\("f"))")
        }
        #expect(try names(try db.connect()) == ["c", "d", "e", "f"])
    }

    /// The failing statement's own error, from the next call; the statements after it were skipped.
    @Test func enqueuedFailure_surfacesUnchanged_andSkipsTheRest() throws {
        let conn = try db.connect()
        try conn.execute("INSERT INTO items (name) VALUES (\("taken"))")
        let state = sqlState {
            try conn.withTransaction { tx in
                try tx.enqueue(prepared: "INSERT INTO items (name) VALUES (\("fresh"))")
                try tx.enqueue(prepared: "INSERT INTO items (name) VALUES (\("taken"))")
                try tx.enqueue(prepared: "INSERT INTO items (name) VALUES (\("after"))")
                _ = try tx.query("SELECT 1")
            }
        }
        #expect(state == .uniqueViolation)
        #expect(!conn.isInTransaction && !conn.hasPendingPipeline)
        #expect(try names(conn) == ["taken"])
    }

    /// Left enqueued at the end of the body, the writes go with the COMMIT: a failure among them
    /// is the body's error, rolled back, not a failed COMMIT.
    @Test func failureWithNothingAfterIt_isTheBodysError() throws {
        let conn = try db.connect()
        try conn.execute("INSERT INTO items (name) VALUES (\("dup"))")
        let state = sqlState {
            try conn.withTransaction { tx in
                try tx.enqueue(prepared: "INSERT INTO items (name) VALUES (\("other"))")
                try tx.enqueue(prepared: "INSERT INTO items (name) VALUES (\("dup"))")
            }
        }
        #expect(state == .uniqueViolation)
        #expect(try names(conn) == ["dup"])
    }

    /// A statement first prepared inside a pipeline that fails is not left in the statement
    /// cache: the next use prepares it again and gets the same error, not "does not exist".
    @Test func badStatementPreparedInAPipeline_isNotCached() throws {
        let conn = try db.connect()
        for _ in 0..<2 {
            let state = sqlState {
                try conn.enqueue(prepared: "UPDATE items SET nope = \(1)")
                try conn.finishPipeline()
            }
            #expect(state == .undefinedColumn)
        }
        try conn.enqueue(prepared: "INSERT INTO items (name) VALUES (\("ok"))")
        try conn.finishPipeline()
        #expect(try names(conn) == ["ok"])
    }

    /// With the statement cache full, enqueued and waiting statements go unprepared, in the
    /// same pipeline (no recursion into the prepared path).
    @Test func fullStatementCache_sendsUnpreparedInThePipeline() throws {
        let conn = try db.connect()
        try conn.execute(prepared: "INSERT INTO items (name, n) VALUES (\("early"), 1)")
        for index in 0..<300 { _ = try conn.query(prepared: Query(unsafeSQL: "SELECT \(index)")) }
        let count = try conn.withTransaction { tx -> Int in
            try tx.enqueue(prepared: "INSERT INTO items (name, n) VALUES (\("late"), 1)")
            try tx.enqueue(prepared: "UPDATE items SET n = n + \(4) WHERE name = \("late")")
            return try tx.query(prepared: "SELECT count(*)::int8 FROM items WHERE n = \(5)")[0].decode(0, as: Int.self)
        }
        #expect(count == 1)
        #expect(try names(conn) == ["early", "late"])
    }

    /// A connection returned to the pool with answers unread is settled before it is lent again.
    @Test func pool_settlesAPendingPipeline() throws {
        let pool = db.makePool(.init(maximumConnections: 1))
        try pool.withConnection { try $0.enqueue(prepared: "INSERT INTO items (name) VALUES (\("pooled"))") }
        let seen = try pool.withConnection { conn -> [String] in
            #expect(!conn.hasPendingPipeline)
            return try names(conn)
        }
        #expect(seen == ["pooled"])
    }

    /// BEGIN is enqueued: it leaves with the body's first statement, and that statement runs
    /// inside the transaction it opened.
    @Test func begin_travelsWithTheFirstStatement() throws {
        let conn = try db.connect()
        let (pendingAtStart, first, second) = try conn.withTransaction(plans: .generic) { tx in
            let pending = tx.hasPendingPipeline
            let first = try tx.query("SELECT txid_current()::int8")[0].decode(0, as: Int64.self)
            let second = try tx.query("SELECT txid_current()::int8")[0].decode(0, as: Int64.self)
            #expect(try tx.query("SHOW plan_cache_mode")[0].decode(0, as: String.self) == "force_generic_plan")
            return (pending, first, second)
        }
        #expect(pendingAtStart)
        #expect(first == second)
        #expect(try conn.query("SHOW plan_cache_mode")[0].decode(0, as: String.self) == "auto")
    }

    /// A body that throws its own error after an enqueued write failed: the ROLLBACK is still
    /// sent, the body's error is the one thrown, and the connection is clean for the next user.
    @Test func swiftErrorAfterAFailedEnqueuedWrite_stillRollsBack() throws {
        struct Refused: Error {}
        let conn = try db.connect()
        try conn.execute("INSERT INTO items (name) VALUES (\("taken"))")
        #expect(throws: Refused.self) {
            try conn.withTransaction { tx in
                try tx.enqueue(prepared: "INSERT INTO items (name) VALUES (\("kept-out"))")
                try tx.enqueue(prepared: "INSERT INTO items (name) VALUES (\("taken"))")
                throw Refused()
            }
        }
        #expect(!conn.isInTransaction && !conn.hasPendingPipeline)
        #expect(try names(conn) == ["taken"])
    }

    /// Several reads in one flight: each one's rows in order, after the writes enqueued before
    /// them; a failure among them is thrown unchanged.
    @Test func queries_answerEachInOrder_afterEnqueuedWrites() throws {
        let conn = try db.connect()
        try conn.enqueue(prepared: "INSERT INTO items (name, n) VALUES (\("q1"), 5)")
        let answers = try conn.queries(prepared: [
            "SELECT n FROM items WHERE name = \("q1")",
            "SELECT count(*)::int8 FROM items",
            "SELECT name FROM items WHERE n > \(100)",
        ])
        #expect(answers.count == 3)
        #expect(try answers[0][0].decode(0, as: Int.self) == 5)
        #expect(try answers[1][0].decode(0, as: Int.self) == 1)
        #expect(answers[2].isEmpty)
        #expect(!conn.hasPendingPipeline)
        #expect(sqlState { _ = try conn.queries(prepared: ["SELECT 1", "SELECT 1 / \(0)"]) } == "22012")
        #expect(try conn.query("SELECT 1::int8")[0].decode(0, as: Int.self) == 1)
    }
}
