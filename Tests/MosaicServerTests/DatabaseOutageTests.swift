import Foundation
import Postgres
import TestSupport
import Testing

/// PostgreSQL going away is an outage, not a crash: tracking answers 503 + Retry-After at once,
/// /ready says so, /health does not, and service resumes by itself when the database is back.
@Suite struct DatabaseOutageTests {
    @Test(.timeLimit(.minutes(1)))
    func databaseStoppedMidLoad_answers503_thenRecoversWithoutLosingAcknowledgedMessages() throws {
        let cluster = try TemporaryCluster()
        defer { cluster.destroy() }
        try cluster.cluster.createDatabase("outage")
        let conninfo = cluster.conninfo(database: "outage")
        let mosaic = try LiveMosaic(conninfo: conninfo) { $0.ingestion.retryAfterSeconds = 7 }
        defer { mosaic.stop() }
        let source = try mosaic.makeSource()
        let client = mosaic.client
        let probe = TrackingRequest(path: "/v1/track", json: #"{"userId":"probe","event":"Probe"}"#,
                                    writeKey: source.writeKey)
        try #require(try client.answer(probe).status == 200)

        let load = LoadGenerator(port: mosaic.port, writeKey: source.writeKey)
        load.start(threads: 3, requestsPerThread: 100_000, stopOnFailure: false, pause: 0.002)
        defer {
            load.stop()
            _ = load.wait(timeout: 20)
        }
        try waitFor("load before the outage", seconds: 10) { load.snapshot.acknowledged.count >= 150 }

        try cluster.cluster.stop()
        let stoppedAt = ContinuousClock.now

        // Tracking: 503 with Retry-After, promptly.
        var outageAnswer: TrackingAnswer?
        try waitFor("a 503 from tracking", seconds: 5) {
            let answer = try client.answer(probe, timeout: .seconds(5))
            outageAnswer = answer
            return answer.status == 503
        }
        #expect(outageAnswer?.errorCode == "unavailable", "\(String(describing: outageAnswer))")
        #expect(outageAnswer?.retryAfter == "7")
        let started = ContinuousClock.now
        let again = try client.answer(probe, timeout: .seconds(5))
        #expect(again.status == 503, "\(again)")
        #expect(ContinuousClock.now - started < .seconds(3), "a request during the outage took too long")
        // Readiness reports the outage; liveness does not.
        let ready = try client.get("/ready", timeout: .seconds(8))
        #expect(ready.status == 503, "\(ready)")
        #expect(ready.errorCode == "not_ready")
        let health = try client.get("/health", timeout: .seconds(2))
        #expect(health.status == 200)
        // Keep the load running against the outage for a moment.
        Thread.sleep(forTimeInterval: 0.5)
        let duringOutage = load.snapshot

        try cluster.cluster.start()
        let restartedAt = ContinuousClock.now
        try waitFor("tracking to answer 200 after the restart", seconds: 10) {
            try client.answer(probe, timeout: .seconds(5)).status == 200
        }
        let recovery = ContinuousClock.now - restartedAt
        try waitFor("/ready to answer 200 after the restart", seconds: 10) {
            try client.get("/ready", timeout: .seconds(5)).status == 200
        }
        let acknowledgedBeforeResume = load.snapshot.acknowledged.count
        try waitFor("the load to be acknowledged again", seconds: 10) {
            load.snapshot.acknowledged.count > acknowledgedBeforeResume + 50
        }
        load.stop()
        #expect(load.wait(timeout: 20), "senders did not finish")

        let outcome = load.snapshot
        #expect(Set(outcome.statuses.keys).isSubset(of: [200, 503]), "unexpected statuses: \(outcome.statuses) \(outcome.unexpected)")
        #expect((duringOutage.statuses[503] ?? 0) > 0, "the load never saw the outage: \(duringOutage.statuses)")
        #expect(outcome.retryAfterOn503 == outcome.statuses[503] ?? 0, "a 503 without Retry-After")
        #expect(outcome.failures == 0, "\(outcome.failures) requests got no answer")
        #expect(outcome.slowest < .seconds(6), "slowest answer \(outcome.slowest) (outage began \(stoppedAt))")
        #expect(recovery < .seconds(10))

        let stored = try Set(Connection(conninfo).query("""
            SELECT message_id FROM events WHERE source_id = \(source.id)
            """).map { try $0.decode(0, as: String.self) })
        let lost = outcome.acknowledged.subtracting(stored)
        #expect(lost.isEmpty, "\(lost.count) of \(outcome.acknowledged.count) acknowledged messages lost")
    }

    /// Polls `condition` every 50 ms until it holds; a thrown error counts as "not yet".
    private func waitFor(_ what: String, seconds: Double, _ condition: () throws -> Bool) throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if (try? condition()) == true { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out after \(seconds) s waiting for \(what)")
        throw CancellationError()
    }
}
