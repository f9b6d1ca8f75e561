import Postgres

/// Rebuilds profiles' recent-events rings (`profiles.recent_events`) from the `events` table:
/// after a rolling upgrade past migration 0009 (older instances resolve without writing rings),
/// after events are edited by hand, or to mend a damaged ring. It takes a chunk of profiles per
/// transaction, in id order, so a large install is never locked whole the way the migration's
/// backfill locks it; resolvers may keep running meanwhile (the function locks before it reads).
public struct RecentEventsRepair: Sendable {
    /// What a repair did.
    public struct Outcome: Sendable, Equatable {
        /// Profiles whose ring was compared with the table.
        public var profiles = 0
        /// Rings that differed and were rewritten.
        public var changed = 0

        public init(profiles: Int = 0, changed: Int = 0) {
            self.profiles = profiles
            self.changed = changed
        }
    }

    private let conninfo: String

    public init(conninfo: String) { self.conninfo = conninfo }

    /// - Parameters:
    ///   - chunkSize: profiles per transaction.
    ///   - progress: called after each chunk with the outcome so far.
    public func run(chunkSize: Int = 1_000, progress: (Outcome) -> Void = { _ in }) throws -> Outcome {
        precondition(chunkSize > 0, "chunkSize must be positive")
        let connection = try Connection(conninfo)
        var outcome = Outcome()
        var after: Int64 = 0
        while true {
            let ids = try connection.query(prepared: "SELECT id FROM profiles WHERE id > \(after) ORDER BY id LIMIT \(chunkSize)")
                .map { try $0.decode(0, as: Int64.self) }
            guard let last = ids.last else { return outcome }
            // One statement, so one transaction per chunk.
            let changed = try connection.query(prepared: "SELECT mosaic_rebuild_recent_events(\(ids))")[0].decode(0, as: Int64.self)
            outcome.profiles += ids.count
            outcome.changed += Int(changed)
            after = last
            progress(outcome)
        }
    }
}
