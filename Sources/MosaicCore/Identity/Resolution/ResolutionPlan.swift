/// The decision for one fragment: where its event belongs and how the identity graph
/// changes. The database layer carries it out in one transaction (lock the profiles in
/// id order, repoint the losers' identities, set `merged_into`, insert `merges` rows
/// with `cause`, insert the attached identities, record the drops).
public struct ResolutionPlan: Sendable, Equatable {
    public enum Target: Sendable, Hashable {
        /// The event belongs to this live profile.
        case existing(ProfileID)
        /// Create a profile holding `attach`.
        case newProfile
        /// No usable identifier: store the event without a profile.
        case unresolved
    }

    /// One profile folded into the target.
    public struct Merge: Sendable, Hashable {
        /// The profile that stops being live (`merged_into` = target).
        public let loser: ProfileID
        /// The fragment's identifier owned by `loser`: the evidence that it is the same
        /// person as the rest of the fragment.
        public let cause: Identifier

        public init(loser: ProfileID, cause: Identifier) {
            self.loser = loser
            self.cause = cause
        }
    }

    public struct Drop: Sendable, Hashable {
        public let identifier: Identifier
        public let reason: DropReason

        public init(_ identifier: Identifier, _ reason: DropReason) {
            self.identifier = identifier
            self.reason = reason
        }
    }

    public let target: Target
    /// Sorted by loser id.
    public let merges: [Merge]
    /// Identifiers new to the graph, to be owned by the target. Sorted.
    public let attach: [Identifier]
    /// Sorted by identifier.
    public let dropped: [Drop]

    public init(target: Target, merges: [Merge] = [], attach: [Identifier] = [], dropped: [Drop] = []) {
        self.target = target
        self.merges = merges.sorted { $0.loser < $1.loser }
        self.attach = attach.sorted()
        self.dropped = dropped.sorted { $0.identifier < $1.identifier }
    }

    /// Whether carrying out the plan changes the identity graph. A re-sent fragment
    /// plans to no change.
    public var changesGraph: Bool {
        if case .newProfile = target { return true }
        return !merges.isEmpty || !attach.isEmpty
    }
}
