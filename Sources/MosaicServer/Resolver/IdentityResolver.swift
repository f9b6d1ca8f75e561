import Foundation
import MosaicCore
import Postgres

/// Resolves fragments into the identity graph inside the caller's transaction: loads the part
/// of the graph they touch (locked), plans them in order, writes identities, merges, decisions,
/// traits and event assignments. The background `Resolver` and the synchronous REST upsert
/// share it, so both follow the same rules and locking.
struct IdentityResolver: Sendable {
    let rules: IdentityRules
    let traits: TraitMerger<JSONValue>

    init(rules: IdentityRules, setOnceTraits: Set<String> = []) {
        self.rules = rules
        self.traits = TraitMerger(setOnceKeys: setOnceTraits)
    }

    /// - Returns: the live profile each input landed on (nil: it carried no usable identifier).
    /// - Throws: `IdentityStore.StaleGraph`, unique violations and deadlocks when another
    ///   resolver changed the same part of the graph: the caller rolls back and retries.
    func resolve(_ inputs: [FragmentInput], on connection: Connection, now: Date = Date()) throws -> [ProfileID?] {
        try resolveWithDetails(inputs, on: connection, now: now).roots
    }

    /// `resolve`, also returning the batch's decisions (created profiles, merges, drops).
    func resolveWithDetails(_ inputs: [FragmentInput], on connection: Connection,
                            now: Date = Date()) throws -> (roots: [ProfileID?], batch: BatchResolution) {
        let keys = ResolutionContext.lookupKeys(for: inputs.map(\.fragment.identifiers))
        // When every input sets traits, every profile they land on needs its lineage: it comes
        // with the graph instead of a round trip of its own.
        let withTraits = inputs.allSatisfy { !$0.fragment.traits.set.isEmpty || !$0.fragment.traits.setOnce.isEmpty }
        let loaded = try IdentityStore.loadContext(keys: keys, rules: rules, withTraits: withTraits, on: connection)
        var batch = BatchResolution(context: loaded.context, planner: MergePlanner(rules: rules))
        var reserved: [ProfileID] = []
        for input in inputs {
            try batch.resolve(input.fragment.identifiers, now: now) {
                if reserved.isEmpty {
                    reserved = try IdentityStore.reserveProfileIDs(min(64, inputs.count), on: connection).reversed()
                }
                return reserved.removeLast()
            }
        }
        try IdentityStore.write(batch, inputs: inputs, now: now, on: connection)
        let roots = batch.targets.map { $0.map(batch.root) }
        try applyTraits(of: batch, inputs: inputs, roots: roots, loaded: loaded.traits, now: now, on: connection)
        try assignEvents(inputs: inputs, roots: roots, on: connection)
        try updateComputed(of: batch, inputs: inputs, roots: roots, loaded: loaded.states, now: now, on: connection)
        return (roots, batch)
    }

    /// Folds each loser's traits into its root, then applies every input's trait update to the
    /// profile it landed on; saves only what changed. `loaded` is the lineage of every locked
    /// profile when `loadContext` read it: then only profiles this batch created are unknown,
    /// and those have none yet.
    private func applyTraits(of batch: BatchResolution, inputs: [FragmentInput], roots: [ProfileID?],
                             loaded: [ProfileID: TraitStore.Traits]?, now: Date, on connection: Connection) throws {
        let writers = zip(inputs, roots).filter { input, root in
            root != nil && !(input.fragment.traits.set.isEmpty && input.fragment.traits.setOnce.isEmpty)
        }
        guard !writers.isEmpty || !batch.merges.isEmpty else { return }
        let involved = Set(writers.compactMap(\.1) + batch.losers + batch.losers.map(batch.root))
        let stored = try loaded ?? TraitStore.load(Array(involved), on: connection)
        var current: [ProfileID: TraitStore.Traits] = [:]
        for loser in batch.losers {
            let root = batch.root(of: loser)
            current[root] = traits.merge(winner: current[root] ?? stored[root] ?? [:], loser: stored[loser] ?? [:])
        }
        for (input, root) in writers {
            guard let root else { continue }
            var map = current[root] ?? stored[root] ?? [:]
            _ = traits.apply(input.fragment.traits, to: &map)
            current[root] = map
        }
        var changes: [(profile: ProfileID, key: String, entry: TraitEntry<JSONValue>)] = []
        for (profile, map) in current.sorted(by: { $0.key < $1.key }) {
            let before = stored[profile] ?? [:]
            for (key, entry) in map.sorted(by: { $0.key < $1.key }) where before[key] != entry {
                changes.append((profile, key, entry))
            }
        }
        try TraitStore.save(changes, now: now, on: connection)
    }

    /// Folds merged-away profiles' computed traits into their roots, counts each input's
    /// activity (last seen, sessions, page views) on the profile it landed on, adds its stored
    /// event to that profile's recent events (the profile `assignEvents` gave it), and widens the
    /// profile's first/last seen to the input's time and to the span of each profile merged into it.
    private func updateComputed(of batch: BatchResolution, inputs: [FragmentInput], roots: [ProfileID?],
                                loaded: [Int64: ComputedStore.Stored], now: Date, on connection: Connection) throws {
        let touched = roots.compactMap { $0?.rawValue } + batch.losers.map(\.rawValue)
        var landed: [Int64: [EventSummary]] = [:]
        var seen: [Int64: ComputedStore.Seen] = [:]
        for (input, root) in zip(inputs, roots) {
            guard let root = root?.rawValue else { continue }
            if let summary = input.eventSummary { landed[root, default: []].append(summary) }
            seen[root] = ComputedStore.widened(seen[root], by: (input.timestamp, input.timestamp))
        }
        let merges = batch.losers.map { (loser: $0.rawValue, root: batch.root(of: $0).rawValue) }
        try ComputedStore.update(touched, adding: landed, seen: seen, merging: merges, loaded: loaded, now: now,
                                 on: connection) { states in
            for loser in batch.losers {
                let root = batch.root(of: loser).rawValue
                if let lost = states[loser.rawValue] {
                    states[root, default: ComputedTraits()].merge(with: lost)
                    states[loser.rawValue] = lost
                }
            }
            for (input, root) in zip(inputs, roots) {
                guard let root, let activity = input.activity else { continue }
                states[root.rawValue, default: ComputedTraits()].apply(event: activity)
            }
        }
    }

    private func assignEvents(inputs: [FragmentInput], roots: [ProfileID?], on connection: Connection) throws {
        var ids: [Int64] = [], receivedAts: [Date] = [], profiles: [Int64] = []
        for (input, root) in zip(inputs, roots) {
            guard let eventID = input.eventID, let receivedAt = input.receivedAt, let root, !input.callerStoresEvent
            else { continue }
            ids.append(eventID)
            receivedAts.append(receivedAt)
            profiles.append(root.rawValue)
        }
        guard !ids.isEmpty else { return }
        // Enqueued: it travels with the next statement (see `Connection.enqueue`).
        try connection.enqueue(prepared: """
            UPDATE events e SET profile_id = t.profile_id
            FROM unnest(\(ids), \(receivedAts), \(profiles)) AS t(id, received_at, profile_id)
            WHERE e.id = t.id AND e.received_at = t.received_at
            """)
    }
}
