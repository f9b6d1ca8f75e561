import Foundation
import HTTP
import Logging
import MosaicCore
import Postgres

/// The background consumer of committed events: drains `pending_batches` (one row per group
/// commit) with `DELETE … RETURNING`, skipping rows another instance holds, and resolves the
/// events in the same transaction, so each takes effect exactly once, across restarts and
/// instances.
///
/// `workers` threads per process (`identity.resolver_workers`), each taking its own batches as
/// separate instances would: while one waits for the database, another parses and plans. The
/// first runs whenever there is work; the others only while ingestion is quiet (`ingestionBusy`
/// false) and at a lower CPU priority, so they drain a backlog with spare capacity and never slow
/// what clients wait on. They wake when the local group committer commits, and poll every
/// `pollInterval` for events other instances stored.
final class Resolver: @unchecked Sendable {
    private let pool: Pool
    private let identity: IdentityResolver
    private let extractor: FragmentExtractor
    /// What this process's group committer just stored: read from memory, not from `events`.
    private let committed: CommittedEvents
    private let batchSize: Int
    private let workers: Int
    private let ingestionBusy: @Sendable () -> Bool
    private let logger: Logger
    private let pollInterval: TimeInterval = 0.5

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var stopping = false
    private var running = 0
    private var woken = false

    /// What one resolver thread keeps between its batches; touched only by that thread.
    private final class Worker {
        var sources: [Int64: (name: String, country: String?)] = [:]
        /// After an unexpected failure, events are taken one at a time until this many have
        /// passed, so one poisonous event cannot stall the others.
        var singleSteps = 0
        /// Events the last batch took: after it failed, that many single steps reach every event
        /// it held, however large its rows were.
        var lastTaken = 0
        /// The event the last single step took: the one to quarantine when that step failed,
        /// wherever it sits in the queue by then.
        var lastSingleEvent: Int64?
        /// Single steps of `conflictedEvent` that lost every retry to a race so far.
        var conflictRounds = 0
        var conflictedEvent: Int64?

        /// Counts one more step of `event` lost to races. - Returns: how many in a row.
        func lostRace(_ event: Int64) -> Int {
            if conflictedEvent != event { conflictedEvent = event; conflictRounds = 0 }
            conflictRounds += 1
            return conflictRounds
        }
    }

    /// Single steps of one event that may lose all of ``Retry/attempts`` to races before it is
    /// quarantined. A race is not the event's fault: it goes again after a pause, so it is set
    /// aside only when the conflict lasts, not because its part of the graph is busy. A round is
    /// 12 attempts with jittered back-off (~0.2 s) and a 50 ms pause: ~2.5 s per resolver thread
    /// that meets the event, during which that thread resolves nothing behind it.
    static let conflictRoundsBeforeQuarantine = 10

    /// Queue rows one batch may lock. Rows left unchosen stay locked until COMMIT and other
    /// instances skip them, so this stays small; under load rows hold many events each.
    private static let maxRowsPerBatch = 32

    /// Events resolved since start (a metric). Guarded by `condition`.
    private var resolved = 0

    var resolvedTotal: Int {
        condition.lock()
        defer { condition.unlock() }
        return resolved
    }

    init(pool: Pool, identity: IdentityResolver, extractor: FragmentExtractor, committed: CommittedEvents,
         batchSize: Int, workers: Int = 1, ingestionBusy: @escaping @Sendable () -> Bool = { false }, logger: Logger) {
        precondition(workers >= 1, "at least one resolver thread")
        self.pool = pool
        self.identity = identity
        self.extractor = extractor
        self.committed = committed
        self.batchSize = batchSize
        self.workers = workers
        self.ingestionBusy = ingestionBusy
        self.logger = logger
    }

    func start() {
        condition.lock()
        running = workers
        condition.unlock()
        for index in 0..<workers {
            NamedThread.start("resolver.\(index)", niceness: index == 0 ? 0 : 10) { [self] in
                loop(Worker(), spareCapacityOnly: index > 0)
            }
        }
    }

    /// Asks the resolver threads to look for work now (called after a commit of new events); a
    /// busy one looks again anyway when its batch is done. All of them: the one a signal picked
    /// could be a spare-capacity thread that ingestion has just made stand aside.
    func wake() {
        condition.lock()
        woken = true
        condition.broadcast()
        condition.unlock()
    }

    /// Finishes the batches in progress, then stops.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    /// - Parameter spareCapacityOnly: stand aside while ingestion is busy. Measured on 2 cores
    ///   (bench/ingest, default config): a second thread that ran under load, even at nice 10 (its
    ///   database backend is not), cut /v1/track's rate by ~25 %.
    private func loop(_ worker: Worker, spareCapacityOnly: Bool) {
        while !isStopping {
            if spareCapacityOnly && ingestionBusy() {
                Thread.sleep(forTimeInterval: 0.1)
                continue
            }
            do {
                if try processBatch(worker) == 0 { waitForWork() }
            } catch {
                // A race lost again is routine, and the work is still there: go again after a
                // pause, without waiting for a wake-up.
                if Retry.isConflict(error) {
                    logger.warning("resolver.batch.conflict", metadata: ["error": "\(error)"])
                } else {
                    logger.error("resolver.batch.failed", metadata: ["error": "\(error)"])
                }
                Thread.sleep(forTimeInterval: Database.isUnavailable(error) ? 1 : 0.05)
            }
        }
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    private var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    private func waitForWork() {
        condition.lock()
        if !woken && !stopping {
            _ = condition.wait(until: Date().addingTimeInterval(pollInterval))
        }
        woken = false
        condition.unlock()
    }

    /// Resolves up to one batch. - Returns: how many events it took.
    private func processBatch(_ worker: Worker) throws -> Int {
        let limit = worker.singleSteps > 0 ? 1 : batchSize
        // Set by the step once it has taken its event: a step that fails before that must not
        // blame the previous one.
        worker.lastSingleEvent = nil
        return try pool.withConnection { connection in
            do {
                let count = try Retry.onConflict(logger: logger) {
                    try connection.withTransaction { try resolvePending(limit: limit, worker: worker, on: $0) }
                }
                if worker.singleSteps > 0 { worker.singleSteps -= count }
                condition.lock()
                resolved += count
                condition.unlock()
                return count
            } catch let error where !Database.isUnavailable(error) {
                guard limit == 1, let eventID = worker.lastSingleEvent else {
                    worker.singleSteps = max(worker.lastTaken, 1)
                    throw error
                }
                if Retry.isConflict(error) && worker.lostRace(eventID) < Self.conflictRoundsBeforeQuarantine {
                    throw error
                }
                try quarantine(eventID, on: connection, error: error)
                worker.singleSteps -= 1
                return 1
            }
        }
    }

    private func resolvePending(limit: Int, worker: Worker, on connection: Connection) throws -> Int {
        let taken = try connection.query(prepared: limit == 1 ? Self.takeOne : """
            WITH candidates AS (
                SELECT id, cardinality(event_ids) AS n FROM pending_batches
                ORDER BY id LIMIT \(min(limit, Self.maxRowsPerBatch)) FOR UPDATE SKIP LOCKED
            ), chosen AS (
                -- Whole rows, oldest first, while the events before them number under the limit.
                SELECT id FROM (SELECT id, sum(n) OVER (ORDER BY id) - n AS before FROM candidates) c
                WHERE before < \(limit)
            ), taken AS (
                DELETE FROM pending_batches p USING chosen WHERE p.id = chosen.id
                RETURNING p.event_ids, p.received_ats
            )
            SELECT t.event_id, t.received_at FROM taken CROSS JOIN LATERAL unnest(taken.event_ids, taken.received_ats)
                AS t(event_id, received_at)
            """)
        guard !taken.isEmpty else { return 0 }
        worker.lastTaken = taken.count
        worker.lastSingleEvent = limit == 1 ? try taken[0].decode(0, as: Int64.self) : nil
        let ids = try taken.map { try $0.decode(0, as: Int64.self) }
        let receivedAts = try taken.map { try $0.decode(1, as: Date.self) }
        var events = Self.fromMemory(committed.take(ids))
        if events.count < ids.count {
            let held = Set(events.map(\.id))
            let missing = zip(ids, receivedAts).filter { !held.contains($0.0) }
            events += try Self.read(ids: missing.map(\.0), receivedAts: missing.map(\.1), on: connection)
        }
        // Per profile in event-time order (the order the table read used to give).
        events.sort { ($0.row.timestamp, $0.id) < ($1.row.timestamp, $1.id) }
        try loadSources(events.map(\.row.sourceID), into: worker, on: connection)
        var inputs: [FragmentInput] = []
        var bodies: [JSONObject] = []
        for (id, event) in events {
            let body = try JSONValue.parse(event.body).objectValue ?? JSONObject()
            bodies.append(body)
            let source = worker.sources[event.sourceID]
            let fragment = extractor.fragment(of: body, sourceCountry: source?.country,
                                              lineageSource: "source:" + (source?.name ?? String(event.sourceID)),
                                              fallbackTimestamp: event.timestamp)
            inputs.append(FragmentInput(eventID: id, receivedAt: event.receivedAt,
                                        messageID: event.messageID, sourceID: event.sourceID,
                                        timestamp: event.timestamp, fragment: fragment,
                                        activity: Self.activity(of: body, at: event.timestamp),
                                        eventType: event.type, eventName: event.name.isEmpty ? nil : event.name))
        }
        let roots = try identity.resolve(inputs, on: connection)
        try OrderStore.recordOrderCompleted(inputs: inputs, bodies: bodies, roots: roots, on: connection, logger: logger)
        return taken.count
    }

    /// An event to resolve: its id and its row as the table holds it.
    typealias StoredEvent = (id: Int64, row: EventRow)

    /// The events held in memory for these ids, as the table holds them: dates rounded as the
    /// columns round them.
    static func fromMemory(_ held: [Int64: EventRow]) -> [StoredEvent] {
        held.map { id, row in
            var row = row
            row.timestamp = row.timestamp.postgresStored
            row.receivedAt = row.receivedAt.postgresStored
            return (id, row)
        }
    }

    /// The events not held in memory, read back from the table.
    static func read(ids: [Int64], receivedAts: [Date], on connection: Connection) throws -> [StoredEvent] {
        guard !ids.isEmpty else { return [] }
        return try connection.query(prepared: """
            SELECT e.id, e.source_id, e.message_id, e.type, coalesce(e.name, ''), coalesce(e.anonymous_id, ''),
                   coalesce(e.user_id, ''), e."timestamp", e.received_at, e.body::text
            FROM events e JOIN unnest(\(ids), \(receivedAts)) AS t(id, received_at)
                 ON e.id = t.id AND e.received_at = t.received_at
            """).map { row in
            (try row.decode(0), EventRow(sourceID: try row.decode(1), messageID: try row.decode(2), type: try row.decode(3),
                                         name: try row.decode(4), anonymousID: try row.decode(5), userID: try row.decode(6),
                                         timestamp: try row.decode(7), receivedAt: try row.decode(8),
                                         body: Array(try row.decode(9, as: String.self).utf8)))
        }
    }

    static func activity(of body: JSONObject, at timestamp: Date) -> ActivityEvent? {
        guard let kind = body["type"]?.stringValue.flatMap(MessageType.init(rawValue:)) else { return nil }
        return ActivityEvent(kind: kind, name: body["event"]?.stringValue ?? body["name"]?.stringValue,
                             timestamp: timestamp,
                             sessionID: body["context"]?.objectValue?["sessionId"].flatMap(FragmentExtractor.text))
    }

    private func loadSources(_ ids: [Int64], into worker: Worker, on connection: Connection) throws {
        let missing = Array(Set(ids).subtracting(worker.sources.keys))
        guard !missing.isEmpty else { return }
        for row in try connection.query(prepared: "SELECT id, name, default_country FROM sources WHERE id = ANY(\(missing))") {
            worker.sources[try row.decode(0, as: Int64.self)] = (try row.decode(1, as: String.self),
                                                         try row.decode(2, as: String?.self))
        }
    }

    /// Takes the oldest pending event alone (stepping through a batch that failed as a whole):
    /// the first element of the oldest row, which shrinks or, when it was the last, goes.
    private static let takeOne: Query = """
        WITH head AS (
            SELECT id, event_ids[1] AS event_id, received_ats[1] AS received_at, cardinality(event_ids) AS n
            FROM pending_batches ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
        ), shortened AS (
            UPDATE pending_batches p SET event_ids = p.event_ids[2:], received_ats = p.received_ats[2:]
            FROM head WHERE p.id = head.id AND head.n > 1
        ), emptied AS (
            DELETE FROM pending_batches p USING head WHERE p.id = head.id AND head.n = 1
        )
        SELECT event_id, received_at FROM head
        """

    /// Takes `eventID` out of the queue without resolving it, recording why, so an event that
    /// always fails cannot block the ones behind it. It stays in `events`. When another instance
    /// holds its row, that instance meets the same failure and sets it aside itself.
    private func quarantine(_ eventID: Int64, on connection: Connection, error: any Error) throws {
        try connection.withTransaction { connection in
            let rows = try connection.query(prepared: """
                WITH target AS (
                    SELECT id, array_position(event_ids, \(eventID)) AS pos, cardinality(event_ids) AS n
                    FROM pending_batches WHERE event_ids @> ARRAY[\(eventID)]
                    ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
                ), shortened AS (
                    UPDATE pending_batches p
                    SET event_ids = p.event_ids[:t.pos - 1] || p.event_ids[t.pos + 1:],
                        received_ats = p.received_ats[:t.pos - 1] || p.received_ats[t.pos + 1:]
                    FROM target t WHERE p.id = t.id AND t.n > 1
                ), emptied AS (
                    DELETE FROM pending_batches p USING target t WHERE p.id = t.id AND t.n = 1
                )
                SELECT id FROM target
                """)
            guard !rows.isEmpty else { return }
            logger.error("resolver.event.quarantined", metadata: ["event.id": "\(eventID)", "error": "\(error)"])
            try connection.execute(prepared: """
                INSERT INTO identity_decisions (event_id, identifier_type, identifier_value, reason)
                VALUES (\(eventID), '', '', \("resolver_error: " + String(describing: error).prefix(500)))
                """)
        }
    }
}

