import Foundation
import MosaicServer
import Postgres
import TestSupport
import Testing

/// A 200 from the tracking API means committed: killing the server with SIGKILL mid-load must
/// not lose any acknowledged message.
@Suite struct CrashDurabilityTests {
    @Test(.enabled(if: Repository.debugBinary != nil,
                   "needs .build/debug/mosaic: run `swift build` (make test does) before the tests"),
          .timeLimit(.minutes(1)))
    func killNineMidLoad_losesNoAcknowledgedMessage() throws {
        let binary = try #require(Repository.debugBinary)
        let database = try TestDatabase.create(prefix: "kill9")
        // The test cluster runs with synchronous_commit=off; acknowledgement must mean a
        // durable commit here, so turn it back on for this database.
        try database.connect().execute(unsafeSQL: "ALTER DATABASE \"\(database.name)\" SET synchronous_commit = on")
        let server = try ServerProcess(binary: binary, conninfo: database.conninfo)
        let created = try KeyAdministration(conninfo: database.conninfo).createSource(name: "kill9")
        let (source, key) = (created.source.id, created.writeKey)

        let load = LoadGenerator(port: server.port, writeKey: key)
        load.start(threads: 4, requestsPerThread: 3_000, stopOnFailure: true)
        let deadline = ContinuousClock.now + .seconds(20)
        while load.snapshot.acknowledged.count < 400, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        server.kill9()
        let finished = load.wait(timeout: 20)

        let outcome = load.snapshot
        #expect(finished, "senders did not stop after the kill")
        #expect(server.process.terminationReason == .uncaughtSignal)
        #expect(outcome.acknowledged.count >= 400, "too little load before the kill: \(outcome.statuses)")
        // The kill landed mid-load: senders were cut off rather than running out of work.
        #expect(outcome.failures >= 1, "no request was in flight at the kill")
        #expect(outcome.statuses.keys.sorted() == [200], "unexpected statuses: \(outcome.statuses) \(outcome.unexpected)")

        let stored = try Set(database.connect().query("""
            SELECT message_id FROM events WHERE source_id = \(source)
            """).map { try $0.decode(0, as: String.self) })
        let lost = outcome.acknowledged.subtracting(stored)
        #expect(lost.isEmpty, """
            \(lost.count) of \(outcome.acknowledged.count) acknowledged messages lost (\(stored.count) stored), \
            e.g. \(lost.prefix(5)); log: \(server.logTail())
            """)
    }
}
