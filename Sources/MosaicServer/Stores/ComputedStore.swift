import Foundation
import MosaicCore
import Postgres

/// SQL for `profiles.computed`: the stored state of each profile's computed traits, updated
/// incrementally (never by rescanning history) in the transaction of the event or order that
/// changes it.
enum ComputedStore {
    /// Loads the states of `profiles` (locking their rows), lets `body` change them, writes back
    /// those that changed. A damaged state starts over empty rather than failing the write.
    static func update(_ profiles: [Int64], on connection: Connection,
                       _ body: (inout [Int64: ComputedTraits]) throws -> Void) throws {
        guard !profiles.isEmpty else { return }
        var states: [Int64: ComputedTraits] = [:]
        var before: [Int64: JSONValue] = [:]
        for row in try connection.query(prepared: """
            SELECT id, computed::text FROM profiles WHERE id = ANY(\(Array(Set(profiles)).sorted())) ORDER BY id FOR UPDATE
            """) {
            let id = try row.decode(0, as: Int64.self)
            let stored = (try? JSONValue.parse(try row.decode(1, as: String.self))) ?? .null
            before[id] = stored
            states[id] = (try? ComputedTraits(stored: stored)) ?? ComputedTraits()
        }
        try body(&states)
        let changed = states.filter { before[$0.key] != $0.value.stored }.sorted { $0.key < $1.key }
        guard !changed.isEmpty else { return }
        try connection.execute(prepared: """
            UPDATE profiles p SET computed = t.computed
            FROM unnest(\(changed.map(\.key)), \(changed.map { PostgresJSON($0.value.stored.jsonString) }))
                 AS t(id, computed)
            WHERE p.id = t.id
            """)
    }
}
