import Foundation
import Postgres
import Testing
import TestSupport

/// Monthly `events` partitions: creating one for a month whose rows already sit in the default
/// partition (the maintenance job could not run in time) moves them instead of failing.
///
/// On a database of its own: moving rows out of the default partition locks it exclusively, and
/// suites reading `events` on the shared one at that moment were chosen as deadlock victims.
@Suite struct PartitionTests {
    @Test func creatingAMonthLate_movesItsRowsOutOfTheDefaultPartition() throws {
        let database = try TestDatabase.create(prefix: "partitions")
        let connection = try Connection(database.conninfo)
        try Migrator(directory: Repository.migrations).migrate(on: connection)
        let messageID = "late-\(UUID())"
        try connection.execute("""
            INSERT INTO events (source_id, message_id, type, "timestamp", received_at, body)
            VALUES (0, \(messageID), 'track', '2091-03-15T10:00:00Z', '2091-03-15T10:00:00Z', '{}')
            """)
        let whereIs = "SELECT tableoid::regclass::text FROM events WHERE message_id = '\(messageID)'"
        #expect(try connection.query(Query(unsafeSQL: whereIs)).first?.decode(0, as: String.self) == "events_default")

        let created = try connection.query("SELECT mosaic_ensure_event_partitions('2091-03-01', 2)")
        #expect(try created.first?.decode(0, as: Int.self) == 2)
        #expect(try connection.query(Query(unsafeSQL: whereIs)).first?.decode(0, as: String.self) == "events_2091_03")
        // Idempotent, and the moved month is a real partition with the parent's indexes.
        #expect(try connection.query("SELECT mosaic_ensure_event_partitions('2091-03-01', 2)").first?.decode(0, as: Int.self) == 0)
        let indexes = try connection.query("SELECT count(*) FROM pg_indexes WHERE tablename = 'events_2091_03'")
        #expect(try indexes.first?.decode(0, as: Int.self) == 2)
    }

    /// Instances start (and run the job) at the same time, while requests read and write
    /// `events`: creating the same months at once, with and without rows to move, must neither
    /// deadlock nor fail either caller.
    @Test func creatingMonthsConcurrently_withReadersAndWriters_neverDeadlocks() throws {
        let database = try TestDatabase.create(prefix: "partrace")
        let setup = try Connection(database.conninfo)
        try Migrator(directory: Repository.migrations).migrate(on: setup)
        let failures = Failures()
        let stopped = Counter()
        // A reader and a writer of `events`, each in short transactions, for the whole test.
        let traffic = (0..<2).map { worker in
            Thread {
                do {
                    let connection = try Connection(database.conninfo)
                    var n = 0
                    while stopped.value == 0 {
                        n += 1
                        if worker == 0 {
                            _ = try connection.query("SELECT count(*) FROM events WHERE received_at >= '2090-01-01'")
                        } else {
                            try connection.execute("""
                                INSERT INTO events (source_id, message_id, type, "timestamp", received_at, body)
                                VALUES (0, \("w-\(n)"), 'track', now(), now(), '{}')
                                """)
                        }
                    }
                } catch {
                    failures.add("traffic \(worker): \(error)")
                }
            }
        }
        traffic.forEach { $0.start() }
        for round in 0..<8 {
            let year = 2090 + round
            // Half the rounds find rows of the month in the default partition (the catch-up path).
            if round.isMultiple(of: 2) {
                try setup.execute("""
                    INSERT INTO events (source_id, message_id, type, "timestamp", received_at, body)
                    VALUES (0, \("late-\(year)"), 'track', now(), make_timestamptz(\(year)::int, 2, 10, 0, 0, 0, 'UTC'), '{}')
                    """)
            }
            let group = DispatchGroup()
            for _ in 0..<3 {
                DispatchQueue.global().async(group: group) {
                    do {
                        let connection = try Connection(database.conninfo)
                        _ = try connection.query("SELECT mosaic_ensure_event_partitions(make_date(\(year)::int, 1, 1), 3)")
                    } catch {
                        failures.add("year \(year): \(error)")
                    }
                }
            }
            group.wait()
        }
        stopped.increment()
        while traffic.contains(where: { !$0.isFinished }) { Thread.sleep(forTimeInterval: 0.01) }
        #expect(failures.all == [])
        let made = try setup.query("SELECT count(*) FROM pg_class WHERE relname ~ '^events_209[0-7]_0[1-3]$'")
        #expect(try made.first?.decode(0, as: Int.self) == 24)
        let stranded = try setup.query("SELECT count(*) FROM events_default")
        #expect(try stranded.first?.decode(0, as: Int.self) == 0, "every late row moved into its month")
    }
}

/// Errors collected from several threads.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
