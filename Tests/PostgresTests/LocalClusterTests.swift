import Foundation
import Postgres
import Testing
import TestSupport

@Suite struct LocalClusterTests {
    @Test func staleServerIsRecoveredAfterKill9() throws {
        let temporary = try TemporaryCluster()
        defer { temporary.destroy() }
        let cluster = temporary.cluster
        let conn = try Connection(temporary.conninfo())
        // The test settings turn synchronous_commit off; a commit must reach the OS to survive kill -9.
        try conn.execute(unsafeSQL: "SET synchronous_commit = on; CREATE TABLE kept (x int); INSERT INTO kept VALUES (1)")
        let pid = try #require(cluster.postmasterPID)
        #expect(cluster.isRunning)
        #expect(kill(pid, SIGKILL) == 0)
        // Wait until the process is really gone (it is reparented, so we cannot waitpid).
        let deadline = ContinuousClock.now + .seconds(10)
        while cluster.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!cluster.isRunning)
        #expect(FileManager.default.fileExists(atPath: cluster.dataDirectory + "/postmaster.pid"))
        try cluster.start()
        #expect(cluster.isRunning)
        let again = try Connection(temporary.conninfo())
        #expect(try again.query("SELECT count(*) FROM kept").first?.decode(0, as: Int.self) == 1)
    }

    @Test func pidFileOfForeignProcessIsRemoved() throws {
        let temporary = try TemporaryCluster()
        defer { temporary.destroy() }
        let cluster = temporary.cluster
        try cluster.stop()
        #expect(!cluster.isRunning)
        // A pid file naming a live process that is not postgres (ourselves), as after a reboot.
        let pidFile = cluster.dataDirectory + "/postmaster.pid"
        try "\(getpid())\n\(cluster.dataDirectory)\n".write(toFile: pidFile, atomically: true, encoding: .utf8)
        #expect(!cluster.isRunning)
        try cluster.start()
        #expect(cluster.isRunning)
        #expect(cluster.postmasterPID != getpid())
        #expect(try Connection(temporary.conninfo()).query("SELECT 1").count == 1)
    }

    @Test func initializeIsIdempotentAndCreatesDatabases() throws {
        let temporary = try TemporaryCluster()
        defer { temporary.destroy() }
        #expect(try temporary.cluster.initializeIfNeeded() == false)
        try temporary.cluster.start()
        try temporary.cluster.createDatabase("My \"odd\" db")
        try temporary.cluster.createDatabase("My \"odd\" db")
        let conn = try Connection(temporary.conninfo(database: "My \"odd\" db"))
        let row = try #require(try conn.query("SHOW listen_addresses").first)
        #expect(try row.decode(0, as: String.self) == "")
        #expect(try conn.query("SHOW fsync").first?.decode(0, as: String.self) == "off")
        #expect(try conn.query("SHOW server_encoding").first?.decode(0, as: String.self) == "UTF8")
        try temporary.cluster.stop()
        try temporary.cluster.stop()
        #expect(!temporary.cluster.isRunning)
    }

    @Test func conninfoQuotesValues() throws {
        let cluster = try LocalCluster(configuration: .init(dataDirectory: "/tmp/x y/data", socketDirectory: "/tmp/it's"))
        #expect(cluster.conninfo(database: "d b") == #"host='/tmp/it\'s' port=5432 user='postgres' dbname='d b'"#)
    }

    @Test func relativePathsBecomeAbsoluteAndLongSocketPathsAreRejected() throws {
        let cluster = try LocalCluster(configuration: .init(dataDirectory: "rel/data", socketDirectory: "rel/sock"))
        let cwd = FileManager.default.currentDirectoryPath
        #expect(cluster.dataDirectory == cwd + "/rel/data")
        #expect(cluster.conninfo().contains("host='\(cwd)/rel/sock'"))
        let long = "/tmp/" + String(repeating: "s", count: 100)
        #expect {
            _ = try LocalCluster(configuration: .init(dataDirectory: "/tmp/d", socketDirectory: long))
        } throws: { error in
            guard case LocalClusterError.unsupportedPath(let path) = error else { return false }
            return path == long + "/.s.PGSQL.5432"
        }
    }
}
