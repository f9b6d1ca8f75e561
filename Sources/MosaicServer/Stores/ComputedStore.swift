import Foundation
import MosaicCore
import Postgres

/// SQL for the state a profile row keeps current as events and orders arrive: its computed traits
/// (`profiles.computed`) and its newest events (`profiles.recent_events`), updated incrementally
/// (never by rescanning history) in the transaction of the event or order that changes them.
enum ComputedStore {
    /// Loads the states of `profiles` (locking their rows), adds `events` to the recent events of
    /// the profile each is keyed by, lets `body` change the computed traits, and writes back the
    /// rows that changed. A damaged state starts over empty rather than failing the write.
    static func update(_ profiles: [Int64], adding events: [Int64: [EventSummary]] = [:], on connection: Connection,
                       _ body: (inout [Int64: ComputedTraits]) throws -> Void) throws {
        let ids = Array(Set(profiles).union(events.keys)).sorted()
        guard !ids.isEmpty else { return }
        var states: [Int64: ComputedTraits] = [:]
        var before: [Int64: (computed: JSONValue, recent: JSONValue)] = [:]
        var recent: [Int64: RecentEvents] = [:]
        for row in try connection.query(prepared: """
            SELECT id, computed::text, recent_events::text FROM profiles WHERE id = ANY(\(ids)) ORDER BY id FOR UPDATE
            """) {
            let id = try row.decode(0, as: Int64.self)
            let computed = (try? JSONValue.parse(try row.decode(1, as: String.self))) ?? .null
            let ring = (try? JSONValue.parse(try row.decode(2, as: String.self))) ?? .null
            before[id] = (computed, ring)
            states[id] = (try? ComputedTraits(stored: computed)) ?? ComputedTraits()
            recent[id] = (try? RecentEvents(stored: ring)) ?? RecentEvents()
        }
        try body(&states)
        for (id, landed) in events { recent[id]?.insert(contentsOf: landed) }
        let changed = before.keys.sorted().compactMap { id -> (id: Int64, computed: JSONValue, recent: JSONValue)? in
            let computed = states[id]?.stored ?? .null, ring = recent[id]?.stored ?? []
            guard let old = before[id], old.computed != computed || old.recent != ring else { return nil }
            return (id, computed, ring)
        }
        guard !changed.isEmpty else { return }
        try connection.execute(prepared: """
            UPDATE profiles p SET computed = t.computed, recent_events = t.recent
            FROM unnest(\(changed.map(\.id)), \(changed.map { PostgresJSON($0.computed.jsonString) }),
                        \(changed.map { PostgresJSON($0.recent.jsonString) }))
                 AS t(id, computed, recent)
            WHERE p.id = t.id
            """)
    }
}
