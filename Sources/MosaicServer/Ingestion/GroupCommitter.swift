import Foundation
import HTTP
import Logging

/// Makes tracking durable cheaply: requests hand their messages here and wait; a few writer
/// threads take everything queued (up to `maxBatchMessages`), insert it in one statement, COMMIT
/// once, and only then answer every request in the batch. So a 2xx means committed, and the
/// cost of a commit (fsync) is shared by all the requests that arrived while the last one ran.
///
/// Memory is bounded: past `queueCapacity` queued messages, or while the database is down,
/// `submit` fails at once with `.unavailable` (the route answers 503 + Retry-After).
final class GroupCommitter: @unchecked Sendable {
    /// Why a submission was not committed.
    enum Failure: Error, Equatable {
        /// Queue full or database unreachable: the client should retry later.
        case unavailable(String)
        /// The database refused this submission's rows (the others in the batch were committed).
        case rejected(String)
    }

    typealias Completion = @Sendable (Result<Void, Failure>) -> Void
    /// Writes one batch in one transaction; throws to fail the whole batch.
    typealias Write = @Sendable ([EventRow]) throws -> Void
    /// Tells whether an error means the database is unreachable (as opposed to bad rows).
    typealias IsUnavailable = @Sendable (any Error) -> Bool

    private struct Submission {
        let rows: [EventRow]
        let completion: Completion
    }

    private let settings: MosaicConfig.IngestionSettings
    private let write: Write
    private let isUnavailable: IsUnavailable
    private let probe: @Sendable () -> Bool
    private let logger: Logger
    /// Called after each successful commit (wakes the resolver). Set before `start()`.
    var onCommit: (@Sendable () -> Void)?

    // All state below is read and written only while holding `condition`.
    private let condition = NSCondition()
    private var queue: [Submission] = []
    private var queuedMessages = 0
    private var stopping = false
    private var runningWriters = 0
    /// Writers between taking a batch and answering it.
    private var committing = 0
    private var databaseDown = false
    /// When the last commit ended (uptime nanoseconds; 0: none yet).
    private var lastCommitEnded: UInt64 = 0

    init(settings: MosaicConfig.IngestionSettings, logger: Logger,
         write: @escaping Write, isUnavailable: @escaping IsUnavailable, probe: @escaping @Sendable () -> Bool) {
        self.settings = settings
        self.write = write
        self.isUnavailable = isUnavailable
        self.probe = probe
        self.logger = logger
    }

    /// Starts the writer threads.
    func start() {
        condition.lock()
        runningWriters = settings.writers
        condition.unlock()
        for index in 0..<settings.writers {
            NamedThread.start("ingest.\(index)") { [self] in writerLoop() }
        }
    }

    /// Queues rows for the next commit; `completion` runs on a writer thread once they are
    /// committed (or failed). Fails at once when the queue is full or the database is down.
    func submit(_ rows: [EventRow], completion: @escaping Completion) {
        condition.lock()
        if stopping || databaseDown || queuedMessages + rows.count > settings.queueCapacity {
            let reason = stopping ? "server is shutting down"
                : databaseDown ? "database unavailable" : "ingestion queue full"
            condition.unlock()
            completion(.failure(.unavailable(reason)))
            return
        }
        queue.append(Submission(rows: rows, completion: completion))
        queuedMessages += rows.count
        // While a commit is in flight and there is no backlog, its writer takes these next:
        // waking an idle writer would only send it back to sleep.
        if committing < runningWriters && (committing == 0 || queuedMessages >= settings.overlapMinMessages) {
            condition.signal()
        }
        condition.unlock()
    }

    /// True while the last write or probe reached the database.
    var isDatabaseReachable: Bool {
        condition.lock()
        defer { condition.unlock() }
        return !databaseDown
    }

    /// Whether messages are queued or being committed, or a commit ended within `window`: what
    /// background work that should only use spare capacity asks before it starts.
    func isBusy(within window: Duration = .milliseconds(250)) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        // Read under the lock, after `lastCommitEnded` was written: never earlier than it.
        let now = DispatchTime.now().uptimeNanoseconds
        return queuedMessages > 0 || committing > 0
            || (lastCommitEnded > 0 && now - lastCommitEnded < window.nanoseconds)
    }

    /// Messages waiting for a commit (a metric).
    var queueDepth: Int {
        condition.lock()
        defer { condition.unlock() }
        return queuedMessages
    }

    /// Commits what is queued, then stops the writers. New submissions fail with `.unavailable`.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while runningWriters > 0 { condition.wait() }
        condition.unlock()
    }

    private func writerLoop() {
        while let batch = nextBatch() {
            commit(batch)
            condition.lock()
            committing -= 1
            lastCommitEnded = DispatchTime.now().uptimeNanoseconds
            // A writer held back while this one committed may take what queued meanwhile.
            if !queue.isEmpty { condition.signal() }
            condition.unlock()
        }
        condition.lock()
        runningWriters -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for work; returns nil once stopping and drained. While the database is down,
    /// probes it every half second and fails nothing (submissions are refused meanwhile).
    private func nextBatch() -> [Submission]? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if databaseDown {
                condition.unlock()
                let back = probe()
                condition.lock()
                if back {
                    databaseDown = false
                    logger.notice("ingest.database.back")
                } else if stopping {
                    return nil
                } else {
                    _ = condition.wait(until: Date().addingTimeInterval(0.5))
                    continue
                }
            }
            // A second commit beside one in flight only pays when there is a backlog: two small
            // commits cost the database more per message than one of twice the size.
            if !queue.isEmpty && (committing == 0 || queuedMessages >= settings.overlapMinMessages || stopping) {
                break
            }
            if queue.isEmpty && stopping { return nil }
            condition.wait()
        }
        // Count first, then remove the prefix in one go: removing one at a time shifts the whole
        // queue each time, and `submit` (run on the HTTP I/O loops) waits for this lock.
        var taken = 0
        var count = 0
        for submission in queue {
            guard taken == 0 || count + submission.rows.count <= settings.maxBatchMessages else { break }
            taken += 1
            count += submission.rows.count
        }
        let batch = Array(queue.prefix(taken))
        queue.removeFirst(taken)
        queuedMessages -= count
        committing += 1
        return batch
    }

    private func commit(_ batch: [Submission]) {
        do {
            try write(batch.flatMap(\.rows))
            for submission in batch { submission.completion(.success(())) }
            onCommit?()
        } catch where isUnavailable(error) {
            markDown(error)
            for submission in batch { submission.completion(.failure(.unavailable("database unavailable"))) }
        } catch {
            // One submission's rows may have been refused: retry each on its own so the
            // others still commit, and only the culprit fails.
            logger.warning("ingest.batch.failed", metadata: ["error": "\(error)", "submissions": "\(batch.count)"])
            guard batch.count > 1 else {
                batch[0].completion(.failure(.rejected(String(describing: error))))
                return
            }
            for submission in batch { commit([submission]) }
        }
    }

    private func markDown(_ error: any Error) {
        logger.error("ingest.database.down", metadata: ["error": "\(error)"])
        condition.lock()
        databaseDown = true
        // Fail what is queued too: those clients retry rather than wait for an unknown time.
        let waiting = queue
        queue.removeAll()
        queuedMessages = 0
        condition.unlock()
        for submission in waiting { submission.completion(.failure(.unavailable("database unavailable"))) }
    }
}
