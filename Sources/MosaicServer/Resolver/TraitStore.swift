import Foundation
import MosaicCore
import Postgres

/// SQL for `trait_lineage`: each profile's current trait values with where they came from.
enum TraitStore {
    typealias Traits = [String: TraitEntry<JSONValue>]

    static func load(_ profiles: [ProfileID], on connection: Connection) throws -> [ProfileID: Traits] {
        guard !profiles.isEmpty else { return [:] }
        return try traits(from: connection.query(prepared: query(profiles)))
    }

    /// The statement ``load(_:on:)`` runs, for a caller that sends it with others.
    static func query(_ profiles: [ProfileID]) -> Query {
        """
        SELECT profile_id, key, value::text, source, message_id, event_time, set_once
        FROM trait_lineage WHERE profile_id = ANY(\(profiles.map(\.rawValue)))
        """
    }

    static func traits(from rows: Rows) throws -> [ProfileID: Traits] {
        var result: [ProfileID: Traits] = [:]
        for row in rows {
            let value = try JSONValue.parse(try row.decode(2, as: String.self))
            let lineage = TraitLineage(source: try row.decode(3, as: String.self),
                                       messageID: try row.decode(4, as: String.self),
                                       timestamp: try row.decode(5, as: Date.self))
            result[ProfileID(try row.decode(0, as: Int64.self)), default: [:]][try row.decode(1, as: String.self)] =
                TraitEntry(value: value, lineage: lineage, isSetOnce: try row.decode(6, as: Bool.self))
        }
        return result
    }

    /// Upserts the given entries (profile, key) → entry. Enqueued: the caller's next statement
    /// (or its COMMIT) carries it and reports its error, so it costs no round trip of its own.
    static func save(_ changes: [(profile: ProfileID, key: String, entry: TraitEntry<JSONValue>)], now: Date,
                     on connection: Connection) throws {
        guard !changes.isEmpty else { return }
        try connection.enqueue(prepared: """
            INSERT INTO trait_lineage (profile_id, key, value, source, message_id, event_time, set_once, updated_at)
            SELECT *, \(now)::timestamptz FROM unnest(
                \(changes.map(\.profile.rawValue)), \(changes.map(\.key)),
                \(changes.map { PostgresJSON(utf8: $0.entry.value.serialized()) }),
                \(changes.map(\.entry.lineage.source)), \(changes.map(\.entry.lineage.messageID)),
                \(changes.map(\.entry.lineage.timestamp)), \(changes.map(\.entry.isSetOnce)))
            ON CONFLICT (profile_id, key) DO UPDATE SET
                value = excluded.value, source = excluded.source, message_id = excluded.message_id,
                event_time = excluded.event_time, set_once = excluded.set_once, updated_at = excluded.updated_at
            """)
    }
}
