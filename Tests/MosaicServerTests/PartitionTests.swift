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
}
