/// Merges trait writes into a profile's traits, and two profiles' traits into one.
///
/// Events arrive out of order (mobile SDKs flush hours late, batches retry), so the
/// rules compare event timestamps, never arrival order, and give the same result for
/// any arrival order of writes with distinct timestamps:
///
/// - plain write vs plain value: the later timestamp wins; a tie keeps the existing.
/// - set-once write vs set-once value: the earlier timestamp wins (first write wins);
///   a tie keeps the existing.
/// - set-once write vs plain value: the existing plain value stays. In time order,
///   either the plain write came later and overwrote, or it came first and the
///   set-once write found the trait already set.
/// - plain write vs set-once value: the plain write wins (a tie keeps the existing). In
///   time order it either overwrote the set-once value or was there first.
///
/// A write is set-once when it came under `$set_once` or its key is in `setOnceKeys`.
public struct TraitMerger<Value: Sendable & Equatable>: Sendable {
    /// Traits that only ever keep their first value (`first_seen_at`, `signup_source`).
    public let setOnceKeys: Set<String>

    public init(setOnceKeys: Set<String> = []) { self.setOnceKeys = setOnceKeys }

    /// Applies one message's writes.
    ///
    /// - Returns: the keys whose value or lineage changed (for `trait_lineage` rows and
    ///   segment re-evaluation); empty when the update changes nothing.
    @discardableResult
    public func apply(_ update: TraitUpdate<Value>, to traits: inout [String: TraitEntry<Value>]) -> Set<String> {
        var changed = Set<String>()
        for (key, value) in update.set {
            let incoming = TraitEntry(value: value, lineage: update.lineage, isSetOnce: setOnceKeys.contains(key))
            if write(incoming, key: key, into: &traits) { changed.insert(key) }
        }
        // A key both in `$set` and `$set_once` of one message: the plain write was applied
        // above and, at the same timestamp, the set-once one keeps it.
        for (key, value) in update.setOnce {
            let incoming = TraitEntry(value: value, lineage: update.lineage, isSetOnce: true)
            if write(incoming, key: key, into: &traits) { changed.insert(key) }
        }
        return changed
    }

    /// The traits of a merged profile: the winner's traits with the loser's written over
    /// them by the same rules, so the result does not depend on which profile won.
    public func merge(winner: [String: TraitEntry<Value>], loser: [String: TraitEntry<Value>]) -> [String: TraitEntry<Value>] {
        var merged = winner
        for (key, trait) in loser {
            write(trait, key: key, into: &merged)
        }
        return merged
    }

    /// Whether `incoming` replaces the existing value of its key.
    public func wins(_ incoming: TraitEntry<Value>, over existing: TraitEntry<Value>) -> Bool {
        let new = incoming.lineage.timestamp
        let old = existing.lineage.timestamp
        switch (incoming.isSetOnce, existing.isSetOnce) {
        case (false, false): return new > old
        case (true, true): return new < old
        case (true, false): return false
        case (false, true): return new != old
        }
    }

    @discardableResult
    private func write(_ incoming: TraitEntry<Value>, key: String, into traits: inout [String: TraitEntry<Value>]) -> Bool {
        if let existing = traits[key] {
            guard wins(incoming, over: existing), incoming != existing else { return false }
        }
        traits[key] = incoming
        return true
    }
}
