/// Decides, for one fragment of identifiers (one message or REST call), which profile
/// it belongs to and which profiles it proves to be the same person.
///
/// Pure and deterministic: the same fragment and context give the same plan on every
/// instance, whatever order the identifiers came in. Wrong merges leak one customer's
/// data to another, so when evidence conflicts the planner keeps profiles apart:
///
/// 1. Blocked values are dropped before anything else.
/// 2. Values past the link guard are never used to match or merge.
/// 3. The rest are taken strongest first (priority; then identifiers that already have
///    a profile, oldest profile first; then by value). Each owned identifier pulls its
///    profile into the merge group unless the group plus that profile would hold more
///    values of some kind than `maxPerProfile` allows — then that identifier is dropped
///    as a `conflict`. Each new identifier is attached unless it would break a limit
///    (`limitExceeded`).
/// 4. The oldest profile of the group is the target; the others merge into it.
///
/// A household sharing one phone, where each person signs in with their own
/// `user_id`: the phone stays on the profile that had it first. The second user's
/// fragment is attributed by its `user_id`, the phone is dropped from it as a conflict,
/// and later phone-only events resolve to the first owner. Nothing is ever taken away
/// from a profile by a weaker identifier.
public struct MergePlanner: Sendable {
    public let rules: IdentityRules

    public init(rules: IdentityRules = IdentityRules()) { self.rules = rules }

    /// - Parameters:
    ///   - fragment: the fragment's normalised identifiers, in any order, duplicates allowed.
    ///   - context: owners, snapshots and link counts for at least these identifiers.
    /// - Throws: `ResolutionError.missingSnapshot` when an owner has no snapshot.
    public func plan(
        _ fragment: some Sequence<Identifier>, in context: ResolutionContext
    ) throws(ResolutionError) -> ResolutionPlan {
        var dropped: [ResolutionPlan.Drop] = []
        var candidates: [Candidate] = []
        var guarded: [Candidate] = []

        for identifier in Set(fragment).sorted() {
            if rules.isBlocked(identifier) {
                dropped.append(.init(identifier, .blocked))
                continue
            }
            var owner: ProfileSnapshot?
            if let ownerID = context.owners[identifier] {
                guard let snapshot = context.profiles[ownerID] else { throw .missingSnapshot(ownerID) }
                owner = snapshot
            }
            let candidate = Candidate(identifier: identifier, owner: owner, priority: rules.priority(of: identifier.type))
            if rules.exceedsLinkGuard(profileCount: context.linkCounts[identifier] ?? 0) {
                guarded.append(candidate)
            } else {
                candidates.append(candidate)
            }
        }

        var group = MergeGroup(rules: rules)
        var attach: [Identifier] = []
        for candidate in candidates.sorted(by: Candidate.isStronger) {
            let identifier = candidate.identifier
            if let owner = candidate.owner {
                if group.contains(owner.id) { continue }
                if group.canAbsorb(owner, via: identifier) {
                    group.absorb(owner, via: identifier)
                } else {
                    dropped.append(.init(identifier, .conflict(with: owner.id)))
                }
            } else if group.canAttach(identifier) {
                group.attach(identifier)
                attach.append(identifier)
            } else {
                dropped.append(.init(identifier, .limitExceeded(identifier.type)))
            }
        }
        // A shared value already on a profile of the group is harmless; anywhere else
        // it would link strangers, so it neither merges nor attaches.
        for candidate in guarded where !(candidate.owner.map { group.contains($0.id) } ?? false) {
            dropped.append(.init(candidate.identifier, .linkGuard))
        }

        guard let winner = group.oldest else {
            return ResolutionPlan(target: attach.isEmpty ? .unresolved : .newProfile, attach: attach, dropped: dropped)
        }
        let merges = group.members
            .filter { $0.profile.id != winner.id }
            .map { ResolutionPlan.Merge(loser: $0.profile.id, cause: $0.cause) }
        return ResolutionPlan(target: .existing(winner.id), merges: merges, attach: attach, dropped: dropped)
    }
}

extension MergePlanner {
    struct Candidate {
        let identifier: Identifier
        let owner: ProfileSnapshot?
        let priority: Int

        /// Priority first; at equal priority, evidence already in the graph before new
        /// values, and older profiles before newer ones; finally by identifier, so the
        /// order never depends on how the fragment was written.
        static func isStronger(_ lhs: Candidate, _ rhs: Candidate) -> Bool {
            if lhs.priority != rhs.priority { return lhs.priority < rhs.priority }
            switch (lhs.owner, rhs.owner) {
            case (.some, .none): return true
            case (.none, .some): return false
            case (.some(let l), .some(let r)) where l.id != r.id:
                return ProfileSnapshot.isOlder(l, than: r)
            default: return lhs.identifier < rhs.identifier
            }
        }
    }
}
