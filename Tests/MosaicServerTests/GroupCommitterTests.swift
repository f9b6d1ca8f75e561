import Foundation
import Logging
import Synchronization
import Testing
@testable import MosaicServer

/// How the group committer splits submissions into commits. The write is a closure that
/// records each commit and can hold it "in flight"; the database side of a commit is covered by
/// the tracking suites against a real PostgreSQL.
@Suite struct GroupCommitterTests {
    /// Records every commit's row count; holds each commit until `release()` while `holding`.
    final class Recorder: @unchecked Sendable {
        private let state = Mutex<(commits: [Int], holding: Bool, held: Int)>(([], true, 0))
        private let released = DispatchSemaphore(value: 0)

        func write(_ rows: [EventRow]) {
            let hold = state.withLock { state -> Bool in
                state.commits.append(rows.count)
                if state.holding { state.held += 1 }
                return state.holding
            }
            if hold { released.wait() }
        }

        var commits: [Int] { state.withLock { $0.commits } }

        /// Lets held commits finish, and every later one pass straight through.
        func release() {
            let held = state.withLock { state -> Int in
                state.holding = false
                defer { state.held = 0 }
                return state.held
            }
            for _ in 0..<held { released.signal() }
        }
    }

    static func committer(_ recorder: Recorder, overlapMinMessages: Int) -> GroupCommitter {
        var settings = MosaicConfig.IngestionSettings()
        settings.writers = 2
        settings.overlapMinMessages = overlapMinMessages
        let committer = GroupCommitter(settings: settings, logger: Logger(label: "test"),
                                       write: { recorder.write($0) }, isUnavailable: { _ in false },
                                       probe: { true })
        committer.start()
        return committer
    }

    static func rows(_ count: Int) -> [EventRow] {
        (0..<count).map { index in
            EventRow(sourceID: 1, messageID: "m-\(index)", type: "track", name: "", anonymousID: "a",
                     userID: "", timestamp: Date(), receivedAt: Date(), body: Array("{}".utf8))
        }
    }

    static func waitUntil(_ condition: () -> Bool) {
        let deadline = Date().addingTimeInterval(5)
        while !condition() && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
    }

    /// A committer (two writers, overlap from 100 messages) whose first commit, of one message,
    /// is in flight and held.
    final class OneInFlight: @unchecked Sendable {
        let recorder = Recorder()
        let committer: GroupCommitter
        let answered = Atomic<Int>(0)

        init() {
            committer = GroupCommitterTests.committer(recorder, overlapMinMessages: 100)
            submit(1)
            GroupCommitterTests.waitUntil { recorder.commits.count == 1 }
        }

        func submit(_ messages: Int) {
            committer.submit(GroupCommitterTests.rows(messages)) { _ in self.answered.add(1, ordering: .relaxed) }
        }

        var answers: Int { answered.load(ordering: .relaxed) }
    }

    /// Busy (so the resolver's spare-capacity threads stand aside) while a commit is queued or in
    /// flight and for the window after it ends; idle before the first commit and once it passes.
    @Test func isBusy_fromSubmissionUntilTheWindowAfterTheCommit() {
        let recorder = Recorder()
        let committer = Self.committer(recorder, overlapMinMessages: 100)
        defer { committer.stop() }
        #expect(!committer.isBusy(within: .milliseconds(200)))
        let answered = Atomic<Bool>(false)
        committer.submit(Self.rows(1)) { _ in answered.store(true, ordering: .relaxed) }
        Self.waitUntil { recorder.commits.count == 1 }
        #expect(committer.isBusy(within: .milliseconds(200)), "held in flight")
        recorder.release()
        Self.waitUntil { answered.load(ordering: .relaxed) }
        #expect(committer.isBusy(within: .seconds(60)), "just committed")
        Thread.sleep(forTimeInterval: 0.05)
        #expect(!committer.isBusy(within: .milliseconds(20)), "the window has passed")
    }

    /// Asked from another thread while commits end (as the resolver does): the answer must come
    /// from one consistent moment. A time read before taking the lock could precede the last
    /// commit's end, and the subtraction trapped (it crashed the test process once).
    @Test func isBusy_whileCommitsEnd_neverTraps() {
        let recorder = Recorder()
        recorder.release()
        let committer = Self.committer(recorder, overlapMinMessages: 1)
        defer { committer.stop() }
        let answered = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 3) { lane in
            if lane == 0 {
                for _ in 0..<3_000 {
                    committer.submit(Self.rows(1)) { _ in answered.add(1, ordering: .relaxed) }
                }
            } else {
                for _ in 0..<30_000 { _ = committer.isBusy(within: .microseconds(50)) }
            }
        }
        Self.waitUntil { answered.load(ordering: .relaxed) == 3_000 }
        #expect(answered.load(ordering: .relaxed) == 3_000)
    }

    /// Without a backlog, messages that arrive during a commit wait for it and go out together,
    /// rather than in a second small commit beside it.
    @Test func withoutBacklog_arrivalsDuringACommit_goInOneCommitAfterIt() {
        let test = OneInFlight()
        for _ in 0..<10 { test.submit(1) }
        Thread.sleep(forTimeInterval: 0.1)
        #expect(test.recorder.commits == [1], "the idle writer must not start a commit of 10 beside the one in flight")
        test.recorder.release()
        Self.waitUntil { test.answers == 11 }
        test.committer.stop()
        #expect(test.recorder.commits == [1, 10])
        #expect(test.answers == 11)
    }

    /// With a backlog, a second writer commits beside the one in flight.
    @Test func withBacklog_aSecondCommitRunsBesideTheFirst() {
        let test = OneInFlight()
        test.submit(60)
        test.submit(60)
        Self.waitUntil { test.recorder.commits.count == 2 }
        #expect(test.recorder.commits == [1, 120], "120 waiting messages are a backlog: the second writer takes them")
        test.recorder.release()
        Self.waitUntil { test.answers == 3 }
        test.committer.stop()
        #expect(test.answers == 3)
    }

    /// Stopping commits what waits, held back or not.
    @Test func stop_commitsWhatWaits() {
        let test = OneInFlight()
        test.submit(5)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { test.recorder.release() }
        test.committer.stop()
        #expect(test.recorder.commits == [1, 5])
        #expect(test.answers == 2)
    }
}
