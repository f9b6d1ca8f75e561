import Foundation
import MosaicCore
import Postgres

/// Undoes a merge (`POST /v1/profiles/{id}/split`): the loser and the profiles that had been
/// merged into it come back to life, the identifiers that first arrived on them go back, the
/// identifier that caused the merge is marked `merge_blocked` (it proved to be a false link, so
/// it must not merge the two again), and both profiles' traits are rebuilt from their own
/// `identify` events. Events keep the profile they were resolved to.
struct Splitter {
    struct Outcome {
        let mergeID: Int64
        let winner: Int64
        let loser: Int64
    }

    let identity: IdentityResolver
    let extractor: FragmentExtractor

    /// Runs inside the caller's transaction.
    /// - Parameter mergeID: the merge to undo; nil = the newest live merge into `profile`.
    func split(profile: Int64, mergeID: Int64?, on connection: Connection) throws -> Outcome {
        let found = try connection.query(prepared: """
            SELECT m.id, m.loser_id, m.identifier_type, m.identifier_value
            FROM merges m JOIN profiles p ON p.id = m.loser_id
            WHERE p.merged_into = \(profile) AND m.undone_at IS NULL
              AND (\(mergeID)::bigint IS NULL OR m.id = \(mergeID))
            ORDER BY m.id DESC LIMIT 1
            """)
        guard let row = found.first else {
            throw APIError(status: .conflict, code: "nothing_to_split",
                           message: mergeID == nil ? "no merge into this profile can be undone"
                               : "this merge is not a live merge into this profile", field: mergeID == nil ? nil : "merge_id")
        }
        let merge = try row.decode(0, as: Int64.self)
        let loser = try row.decode(1, as: Int64.self)
        let cause = Identifier(type: IdentifierType(rawValue: try row.decode(2)), value: try row.decode(3))
        _ = try connection.query(prepared: "SELECT id FROM profiles WHERE id = ANY(\([profile, loser])) ORDER BY id FOR UPDATE")

        // The loser's own group: itself and whatever had been merged into it, transitively.
        let group = try connection.query(prepared: """
            WITH RECURSIVE g(id) AS (
                SELECT \(loser)::bigint
                UNION
                SELECT m.loser_id FROM merges m JOIN g ON m.winner_id = g.id
                WHERE m.undone_at IS NULL AND m.id <> \(merge)
            )
            SELECT id FROM g
            """).map { try $0.decode(0, as: Int64.self) }
        try connection.execute(prepared: """
            UPDATE profiles SET merged_into = CASE WHEN id = \(loser) THEN NULL ELSE \(loser) END,
                merged_at = CASE WHEN id = \(loser) THEN NULL ELSE merged_at END, updated_at = now()
            WHERE id = ANY(\(group))
            """)
        try connection.execute(prepared: """
            UPDATE identities SET profile_id = \(loser)
            WHERE origin_profile_id = ANY(\(group)) AND profile_id = \(profile)
            """)
        try connection.execute(prepared: """
            UPDATE identities SET merge_blocked = true
            WHERE type = \(cause.type.rawValue) AND value = \(cause.value)
            """)
        try connection.execute(prepared: "UPDATE merges SET undone_at = now() WHERE id = \(merge)")
        try rebuildTraits(of: profile, on: connection)
        try rebuildTraits(of: loser, on: connection)
        return Outcome(mergeID: merge, winner: profile, loser: loser)
    }

    /// Replays the identify events of a live profile and its members through the trait rules;
    /// keeps direct trait edits (`PATCH`, lineage `patch-…`), which have no event.
    private func rebuildTraits(of profile: Int64, on connection: Connection) throws {
        let members = try ProfileStore.members(of: profile, on: connection)
        let existing = try TraitStore.load([ProfileID(profile)], on: connection)[ProfileID(profile)] ?? [:]
        var map = existing.filter { $0.value.lineage.messageID.hasPrefix("patch-") }
        let events = try connection.query(prepared: """
            SELECT e.body::text, e."timestamp", coalesce('source:' || s.name, 'api')
            FROM events e LEFT JOIN sources s ON s.id = e.source_id
            WHERE e.profile_id = ANY(\(members)) AND e.profile_id IS NOT NULL AND e.type = 'identify'
            ORDER BY e."timestamp", e.id
            """)
        for row in events {
            guard let body = try JSONValue.parse(try row.decode(0, as: String.self)).objectValue else { continue }
            let fragment = extractor.fragment(of: body, sourceCountry: nil, lineageSource: try row.decode(2),
                                              fallbackTimestamp: try row.decode(1))
            _ = identity.traits.apply(fragment.traits, to: &map)
        }
        try connection.execute(prepared: "DELETE FROM trait_lineage WHERE profile_id = \(profile)")
        try TraitStore.save(map.sorted { $0.key < $1.key }.map { (ProfileID(profile), $0.key, $0.value) },
                            now: Date(), on: connection)
    }
}
