import Foundation
import Postgres
import Testing
import TestSupport

/// Profile rows are rewritten by every batch that lands on them, so their pages keep room
/// (migration 0012): the new version fits beside the old one (a HOT update: no new index entry,
/// and the page can prune the old version itself) instead of moving the row to another page.
@Suite struct ProfileStorageTests {
    /// How many of ten single updates of profile rows in `table` were HOT. Counted inside one
    /// transaction (`pg_stat_get_xact_*`), so neither pruning nor the statistics collector's
    /// timing enters: each row is updated once, and the first new version of a row fits on its
    /// page or does not.
    static func hotUpdates(_ table: String, on connection: Connection) throws -> Int {
        // Rows of a realistic size (a ring of ten recent events is ~1 KB), stored as inserts store them.
        let ring = "[" + (0..<10).map { #"[\#($0), "message-\#($0)-0123456789abcdef", "track", "Product Viewed", 1764000000000000, 1764000000000000]"# }
            .joined(separator: ",") + "]"
        try connection.execute("""
            INSERT INTO \(unsafeSQL: table) (id, created_at, updated_at, recent_events)
            SELECT g, now(), now(), \(ring)::jsonb FROM generate_series(1, 60) g
            """)
        let changed = ring.replacingOccurrences(of: "-0123456789abcdef", with: "-fedcba9876543210")
        return try connection.withTransaction { transaction in
            try transaction.execute("""
                UPDATE \(unsafeSQL: table) SET last_seen_at = now(), recent_events = \(changed)::jsonb WHERE id BETWEEN 20 AND 29
                """)
            return try transaction.query("SELECT pg_stat_get_xact_tuples_hot_updated(\(table)::regclass)")[0].decode(0, as: Int.self)
        }
    }

    @Test func profileUpdates_areHOT() throws {
        let database = try TestDatabase.create(prefix: "profile_pages")
        let connection = try Connection(database.conninfo)
        try Migrator(directory: Repository.migrations).migrate(on: connection)
        #expect(try Self.hotUpdates("profiles", on: connection) == 10)

        // The same rows packed full (PostgreSQL's default): no update fits on its page, which is
        // what the assertion above would see without the migration.
        try connection.execute("CREATE TABLE packed_profiles (LIKE profiles INCLUDING ALL) WITH (fillfactor = 100)")
        #expect(try Self.hotUpdates("packed_profiles", on: connection) == 0)
    }
}
