import Foundation
import MosaicCore
import Postgres

/// SQL for the identity graph: loading the part of it a batch touches (with the profiles
/// locked) and writing a `BatchResolution`'s changes with one statement per kind of change.
enum IdentityStore {
    /// A profile the batch relied on was merged by another resolver between lookup and lock:
    /// the caller rolls back and retries with a fresh view.
    struct StaleGraph: Error {}

    /// The part of the graph a batch touches, with what the locks read besides.
    struct Loaded {
        var context = ResolutionContext()
        /// Each locked profile's stored state (for `ComputedStore.update`).
        var states: [Int64: ComputedStore.Stored] = [:]
        /// The trait lineage of every locked profile, when asked for (nil otherwise).
        var traits: [ProfileID: TraitStore.Traits]?
    }

    /// Loads owners, snapshots and link counts for `keys`, locking the owning profiles
    /// (`FOR UPDATE`, in id order, so concurrent resolvers cannot deadlock on them). The lock
    /// also reads each profile's stored state, which `ComputedStore.update` then need not read;
    /// with `withTraits`, their trait lineage comes in the same round trip as the limits.
    static func loadContext(keys: [Identifier], rules: IdentityRules, withTraits: Bool = false,
                            on connection: Connection) throws -> Loaded {
        guard !keys.isEmpty else { return Loaded(traits: withTraits ? [:] : nil) }
        // Owners and their profiles in one statement: the identities as of its start, the
        // profiles locked in id order (the sort runs below the lock) and re-read once locked.
        // A profile merged meanwhile shows `merged_into`, and the batch starts over.
        let owned = try connection.query(prepared: """
            SELECT i.type, i.value, i.profile_id, i.link_count, i.merge_blocked,
                   p.created_at, p.merged_into, \(unsafeSQL: ComputedStore.Stored.columns)
            FROM unnest(\(keys.map(\.type.rawValue)), \(keys.map(\.value))) AS k(type, value)
            JOIN identities i ON i.type = k.type AND i.value = k.value
            JOIN profiles p ON p.id = i.profile_id
            ORDER BY p.id
            FOR UPDATE OF p
            """)
        var owners: [Identifier: ProfileID] = [:]
        var linkCounts: [Identifier: Int] = [:]
        var snapshots: [ProfileID: ProfileSnapshot] = [:]
        var states: [Int64: ComputedStore.Stored] = [:]
        for row in owned {
            let identifier = Identifier(type: IdentifierType(rawValue: try row.decode(0, as: String.self)),
                                        value: try row.decode(1, as: String.self))
            let id = try row.decode(2, as: Int64.self)
            owners[identifier] = ProfileID(id)
            // A value a split showed to be a false link never merges again.
            linkCounts[identifier] = try row.decode(4, as: Bool.self) ? Int.max : try row.decode(3, as: Int.self)
            if try row.decode(6, as: Int64?.self) != nil { throw StaleGraph() }
            if states[id] == nil {
                snapshots[ProfileID(id)] = ProfileSnapshot(id: ProfileID(id), createdAt: try row.decode(5, as: Date.self))
                states[id] = try ComputedStore.Stored(row, from: 7)
            }
        }
        let profileIDs = states.keys.sorted()
        guard !profileIDs.isEmpty else {
            return Loaded(context: ResolutionContext(linkCounts: linkCounts), traits: withTraits ? [:] : nil)
        }

        // Limits are checked on the kinds that have them; unlimited kinds (anonymous ids) can
        // number thousands per profile and are not needed.
        let limited = rules.rules.filter { $0.value.maxPerProfile != nil }.map(\.key.rawValue)
        // Both depend on the lock (taken first, so they read what it let through), not on each other.
        let limits: Query = """
            SELECT profile_id, type, value FROM identities
            WHERE profile_id = ANY(\(profileIDs)) AND type = ANY(\(limited))
            """
        let answers = try connection.queries(prepared: withTraits ? [limits, TraitStore.query(profileIDs.map { ProfileID($0) })] : [limits])
        for row in answers[0] {
            let id = ProfileID(try row.decode(0, as: Int64.self))
            snapshots[id]?.insert(Identifier(type: IdentifierType(rawValue: try row.decode(1, as: String.self)),
                                             value: try row.decode(2, as: String.self)))
        }
        return Loaded(context: ResolutionContext(owners: owners, profiles: snapshots.values, linkCounts: linkCounts),
                      states: states, traits: withTraits ? try TraitStore.traits(from: answers[1]) : nil)
    }

    /// Reserves ids for profiles the batch may create, in one round trip.
    static func reserveProfileIDs(_ count: Int, on connection: Connection) throws -> [ProfileID] {
        try connection.query(prepared: "SELECT nextval('profiles_id_seq') FROM generate_series(1, \(count))")
            .map { ProfileID(try $0.decode(0, as: Int64.self)) }
    }

    /// Writes the graph changes of `batch`. `inputs` are the fragments in batch order.
    /// Enqueued: nothing reads their answers, so they travel with the caller's next statement or
    /// COMMIT, which reports a failure among them (a unique violation: another resolver linked
    /// the same identifier first, and the caller retries).
    static func write(_ batch: BatchResolution, inputs: [FragmentInput], now: Date, on connection: Connection) throws {
        if !batch.createdProfiles.isEmpty {
            let ids = batch.createdProfiles.map(\.rawValue)
            try connection.enqueue(prepared: """
                INSERT INTO profiles (id, created_at, updated_at, merged_into, merged_at)
                SELECT id, \(now), \(now), NULLIF(root, id), CASE WHEN root <> id THEN \(now) END
                FROM unnest(\(ids), \(batch.createdProfiles.map { batch.root(of: $0).rawValue })) AS t(id, root)
                """)
        }
        if !batch.attachments.isEmpty {
            let rows = batch.attachments
            try connection.enqueue(prepared: """
                INSERT INTO identities (type, value, profile_id, origin_profile_id, source_id, first_seen, last_seen, link_count)
                SELECT type, value, profile_id, origin, source_id, seen, seen, 1
                FROM unnest(\(rows.map(\.identifier.type.rawValue)), \(rows.map(\.identifier.value)),
                            \(rows.map { batch.root(of: $0.profile).rawValue }), \(rows.map(\.profile.rawValue)),
                            \(rows.map { inputs[$0.fragment].sourceID }), \(rows.map { inputs[$0.fragment].timestamp }))
                     AS t(type, value, profile_id, origin, source_id, seen)
                """)
        }
        if !batch.merges.isEmpty {
            let losers = batch.losers.map(\.rawValue)
            let roots = batch.losers.map { batch.root(of: $0).rawValue }
            // Everything that pointed at a loser now points at its live root.
            try connection.enqueue(prepared: """
                UPDATE identities i SET profile_id = t.root
                FROM unnest(\(losers), \(roots)) AS t(loser, root) WHERE i.profile_id = t.loser
                """)
            try connection.enqueue(prepared: """
                UPDATE profiles p SET merged_into = t.root, merged_at = coalesce(p.merged_at, \(now)), updated_at = \(now)
                FROM unnest(\(losers), \(roots)) AS t(loser, root)
                WHERE p.id = t.loser OR p.merged_into = t.loser
                """)
            let merges = batch.merges
            try connection.enqueue(prepared: """
                INSERT INTO merges (winner_id, loser_id, identifier_type, identifier_value, event_id, message_id, rule, created_at)
                SELECT * , \(now)::timestamptz FROM unnest(
                    \(merges.map(\.winner.rawValue)), \(merges.map(\.loser.rawValue)),
                    \(merges.map(\.cause.type.rawValue)), \(merges.map(\.cause.value)),
                    \(merges.map { inputs[$0.fragment].eventID }), \(merges.map { inputs[$0.fragment].messageID }),
                    \(merges.map { _ in "shared_identifier" }))
                """)
        }
        let evidence = batch.linkEvidence
        if !evidence.isEmpty {
            try connection.enqueue(prepared: """
                UPDATE identities i SET link_count = i.link_count + t.n
                FROM (SELECT type, value, count(*)::int AS n
                      FROM unnest(\(evidence.map(\.type.rawValue)), \(evidence.map(\.value))) AS e(type, value)
                      GROUP BY type, value) AS t
                WHERE i.type = t.type AND i.value = t.value
                """)
        }
        if !batch.drops.isEmpty {
            let drops = batch.drops
            try connection.enqueue(prepared: """
                INSERT INTO identity_decisions (event_id, message_id, profile_id, identifier_type, identifier_value, reason, created_at)
                SELECT *, \(now)::timestamptz FROM unnest(
                    \(drops.map { inputs[$0.fragment].eventID }), \(drops.map { inputs[$0.fragment].messageID }),
                    \(drops.map { $0.profile.map { batch.root(of: $0).rawValue } }),
                    \(drops.map(\.identifier.type.rawValue)), \(drops.map(\.identifier.value)),
                    \(drops.map { String(describing: $0.reason) }))
                """)
        }
    }
}
