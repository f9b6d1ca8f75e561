import Dispatch
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

@Suite struct PoolTests {
    @Test func connectsLazilyAndReuses() throws {
        let db = try TestDatabase.create(prefix: "pool")
        let pool = db.makePool(.init(maximumConnections: 3))
        #expect(pool.stats.size == 0)
        let first = try pool.withConnection { $0.backendPID }
        let second = try pool.withConnection { $0.backendPID }
        #expect(first == second)
        #expect(pool.stats == PoolStats(size: 1, idle: 1, inUse: 0, waiters: 0, maximumConnections: 3))
    }

    @Test func exhaustionTimesOutThenRecovers() throws {
        let db = try TestDatabase.create(prefix: "pool")
        let pool = db.makePool(.init(maximumConnections: 2, checkoutTimeout: .milliseconds(300)))
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for _ in 0..<2 {
            DispatchQueue.global().async(group: group) {
                _ = try? pool.withConnection { _ in
                    holding.signal()
                    release.wait()
                }
            }
        }
        holding.wait()
        holding.wait()
        #expect(pool.stats.inUse == 2)
        let started = ContinuousClock.now
        #expect(throws: PoolError.self) { try pool.withConnection { _ in } }
        #expect(ContinuousClock.now - started >= .milliseconds(290))
        do {
            try pool.withConnection { _ in }
        } catch let error as PoolError {
            guard case .timeout(_, let maximum) = error else { Issue.record("wrong error \(error)"); return }
            #expect(maximum == 2)
        }
        release.signal()
        release.signal()
        group.wait()
        #expect(try pool.withConnection { try $0.query("SELECT 1").count } == 1)
        #expect(pool.stats.waiters == 0)
    }

    @Test func waiterGetsConnectionWhenOneIsReturned() throws {
        let db = try TestDatabase.create(prefix: "pool")
        let pool = db.makePool(.init(maximumConnections: 1, checkoutTimeout: .seconds(10)))
        let counter = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<5 {
                let value = try? pool.withTransaction { conn in
                    try conn.query("SELECT 1").first?.decode(0, as: Int.self)
                }
                if value == 1 { counter.withLock { $0 += 1 } }
            }
        }
        #expect(counter.withLock { $0 } == 40)
        #expect(pool.stats.size == 1)
    }

    @Test func brokenConnectionIsReplaced() throws {
        let db = try TestDatabase.create(prefix: "pool")
        let pool = db.makePool(.init(maximumConnections: 1))
        let pid = try pool.withConnection { $0.backendPID }
        try db.connect().query("SELECT pg_terminate_backend(\(pid))")
        Thread.sleep(forTimeInterval: 0.2)
        let newPID = try pool.withConnection { try $0.query("SELECT pg_backend_pid()").first?.decode(0, as: Int32.self) }
        #expect(newPID != pid)
        #expect(pool.stats.size == 1)
    }

    @Test func leftOpenTransactionIsRolledBack() throws {
        let db = try TestDatabase.create(prefix: "pool")
        try db.connect().execute(unsafeSQL: "CREATE TABLE t (x int)")
        let pool = db.makePool(.init(maximumConnections: 1))
        try pool.withConnection { conn in
            try conn.execute(unsafeSQL: "BEGIN; INSERT INTO t VALUES (1)")
        }
        let count = try pool.withConnection { conn in
            (conn.isInTransaction, try conn.query("SELECT count(*) FROM t").first?.decode(0, as: Int.self))
        }
        #expect(count.0 == false)
        #expect(count.1 == 0)
    }

    /// Uses its own cluster: restarting the shared one would disturb parallel suites.
    @Test func recoversAfterServerRestart() throws {
        let temporary = try TemporaryCluster()
        defer { temporary.destroy() }
        let pool = Pool(conninfo: temporary.conninfo(), configuration: .init(maximumConnections: 3))
        try pool.withConnection { try $0.execute(unsafeSQL: "CREATE TABLE t (x int)") }
        // Put three connections into the pool.
        let ready = DispatchSemaphore(value: 0)
        let hold = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for _ in 0..<3 {
            DispatchQueue.global().async(group: group) {
                _ = try? pool.withConnection { _ in ready.signal(); hold.wait() }
            }
        }
        for _ in 0..<3 { ready.wait() }
        for _ in 0..<3 { hold.signal() }
        group.wait()
        #expect(pool.stats.idle == 3)

        try temporary.cluster.stop()
        #expect(!temporary.cluster.isRunning)
        #expect(throws: (any Error).self) { try pool.withConnection { try $0.query("SELECT 1") } }
        try temporary.cluster.start()

        for value in 0..<5 {
            try pool.withConnection { try $0.execute("INSERT INTO t VALUES (\(value))") }
        }
        #expect(try pool.withConnection { try $0.query("SELECT count(*) FROM t").first?.decode(0, as: Int.self) } == 5)
    }
}
