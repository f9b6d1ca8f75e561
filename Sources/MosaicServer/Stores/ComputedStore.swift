import Foundation
import MosaicCore
import Postgres

/// SQL for the state a profile row keeps current as events and orders arrive: its computed traits
/// (`profiles.computed`), its newest events (`profiles.recent_events`) and when it was seen,
/// updated incrementally (never by rescanning history) in the transaction of the event or order
/// that changes them — with one UPDATE, so a resolved batch leaves one new version of each row.
enum ComputedStore {
    /// When a batch saw a profile: its earliest and latest event time.
    typealias Seen = (first: Date, last: Date)

    /// `span` grown to cover `other` (`other` alone when there is no span yet).
    static func widened(_ span: Seen?, by other: Seen) -> Seen {
        guard let span else { return other }
        return (min(span.first, other.first), max(span.last, other.last))
    }

    /// A profile row's state as stored, before this transaction changes it.
    struct Stored {
        /// The columns `init(_:from:)` reads, for a statement that locks profile rows anyway.
        static let columns = "computed::text, recent_events::text, first_seen_at, last_seen_at"

        var computed: JSONValue
        /// nil when the column is NULL or damaged: the ring starts over, and is written even
        /// when no event lands on it.
        var ring: RecentEvents?
        var seen: Seen?

        /// Reads ``columns`` starting at `column`. Damaged JSON reads as null (the state starts over).
        init(_ row: Row, from column: Int) throws {
            computed = (try? JSONValue.parse(try row.decode(column, as: String.self))) ?? .null
            ring = try row.decode(column + 1, as: String?.self).flatMap { try? RecentEvents(storedText: $0) }
            if let first = try row.decode(column + 2, as: Date?.self), let last = try row.decode(column + 3, as: Date?.self) {
                seen = (first, last)
            }
        }
    }

    /// Loads the states of `profiles` (locking their rows), adds `events` to the recent events of
    /// the profile each is keyed by, lets `body` change the computed traits, widens first/last seen
    /// by `seen` and by the stored span of each loser merged into a root (and sets `updated_at`
    /// to `now` on those), and writes back the rows that changed. A damaged state starts over
    /// empty rather than failing the write. `loaded` holds states the caller read while locking
    /// the rows in this transaction: those are not read again.
    static func update(_ profiles: [Int64], adding events: [Int64: [EventSummary]] = [:],
                       seen: [Int64: Seen] = [:], merging merges: [(loser: Int64, root: Int64)] = [],
                       loaded: [Int64: Stored] = [:], now: Date = Date(), on connection: Connection,
                       _ body: (inout [Int64: ComputedTraits]) throws -> Void) throws {
        var seen = seen
        let ids = Array(Set(profiles).union(events.keys).union(seen.keys).union(merges.flatMap { [$0.loser, $0.root] })).sorted()
        guard !ids.isEmpty else { return }
        let wanted = Set(ids)
        var stored = loaded.filter { wanted.contains($0.key) }
        let unread = ids.filter { stored[$0] == nil }
        if !unread.isEmpty {
            for row in try connection.query(prepared: """
                SELECT id, \(unsafeSQL: Stored.columns) FROM profiles WHERE id = ANY(\(unread)) ORDER BY id FOR UPDATE
                """) {
                stored[try row.decode(0, as: Int64.self)] = try Stored(row, from: 1)
            }
        }
        var states: [Int64: ComputedTraits] = [:]
        var before: [Int64: (computed: JSONValue, recent: RecentEvents?)] = [:]
        var recent: [Int64: RecentEvents] = [:]
        for (id, state) in stored {
            before[id] = (state.computed, state.ring)
            states[id] = (try? ComputedTraits(stored: state.computed)) ?? ComputedTraits()
            recent[id] = state.ring ?? RecentEvents()
        }
        for (loser, root) in merges {
            guard let span = stored[loser]?.seen else { continue }
            seen[root] = widened(seen[root], by: span)
        }
        try body(&states)
        for (id, landed) in events { recent[id]?.insert(contentsOf: landed) }
        var changes: [(id: Int64, computed: PostgresJSON?, recent: PostgresJSON?, seen: Seen?)] = []
        for (id, old) in before.sorted(by: { $0.key < $1.key }) {
            let computed = states[id]?.stored ?? .null, ring = recent[id] ?? RecentEvents()
            let span = seen[id]
            guard old.computed != computed || old.recent != ring || span != nil else { continue }
            changes.append((id, old.computed == computed ? nil : PostgresJSON(utf8: computed.serialized()),
                            old.recent == ring ? nil : PostgresJSON(utf8: ring.serialized()), span))
        }
        guard !changes.isEmpty else { return }
        // Enqueued: nothing here reads its answer, and the caller's next statement or COMMIT
        // carries it (and reports its error).
        try connection.enqueue(prepared: """
            UPDATE profiles p SET computed = coalesce(t.computed, p.computed),
                recent_events = coalesce(t.recent, p.recent_events),
                updated_at = CASE WHEN t.first IS NULL THEN p.updated_at ELSE \(now) END,
                first_seen_at = least(p.first_seen_at, t.first), last_seen_at = greatest(p.last_seen_at, t.last)
            FROM unnest(\(changes.map(\.id)), \(changes.map(\.computed)), \(changes.map(\.recent)),
                        \(changes.map { $0.seen?.first }), \(changes.map { $0.seen?.last }))
                 AS t(id, computed, recent, first, last)
            WHERE p.id = t.id
            """)
    }
}
