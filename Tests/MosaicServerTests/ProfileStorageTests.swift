import Foundation
import Postgres
import Testing
import TestSupport

/// Profile rows are rewritten by every batch that lands on them, so their pages keep room
/// (migration 0012): the new version stays on its page (a HOT update, no new index entry) and the
/// page prunes the old ones itself, instead of the table growing by a row per update.
@Suite struct ProfileStorageTests {
    /// The page each of `count` updates of one row leaves it on, in `table`.
    static func pagesOverUpdates(_ table: String, count: Int, on connection: Connection) throws -> [Int] {
        // Rows of a realistic size (a ring of ten recent events is ~1 KB), packed as inserts pack them.
        let ring = "[" + (0..<10).map { #"[\#($0), "message-\#($0)-0123456789abcdef", "track", "Product Viewed", 1764000000000000, 1764000000000000]"# }
            .joined(separator: ",") + "]"
        try connection.execute("""
            INSERT INTO \(unsafeSQL: table) (id, created_at, updated_at, recent_events)
            SELECT g, now(), now(), \(ring)::jsonb FROM generate_series(1, 60) g
            """)
        let page: Query = "SELECT (ctid::text::point)[0]::int FROM \(unsafeSQL: table) WHERE id = 20"
        var pages = [try connection.query(page)[0].decode(0, as: Int.self)]
        for step in 1...count {
            let changed = ring.replacingOccurrences(of: "-0123456789abcdef", with: "-\(step)123456789abcdef")
            try connection.execute("UPDATE \(unsafeSQL: table) SET last_seen_at = now(), recent_events = \(changed)::jsonb WHERE id = 20")
            pages.append(try connection.query(page)[0].decode(0, as: Int.self))
        }
        return pages
    }

    @Test func updatedProfile_staysOnItsPage() throws {
        let database = try TestDatabase.create(prefix: "profile_pages")
        let connection = try Connection(database.conninfo)
        try Migrator(directory: Repository.migrations).migrate(on: connection)
        let roomy = try Self.pagesOverUpdates("profiles", count: 12, on: connection)
        #expect(Set(roomy).count == 1, "\(roomy)")

        // The same rows packed full (PostgreSQL's default) move on the first update: what the
        // assertion above would see without the migration.
        try connection.execute("CREATE TABLE packed_profiles (LIKE profiles INCLUDING ALL) WITH (fillfactor = 100)")
        let packed = try Self.pagesOverUpdates("packed_profiles", count: 12, on: connection)
        #expect(Set(packed).count > 1, "\(packed)")
    }
}
