/// The part of the identity graph that a batch of fragments touches, loaded up front.
///
/// Shaped for one round trip per batch: collect `lookupKeys(for:)` of all events in
/// the batch, fetch their owners (`identities` joined to live `profiles`, following
/// `merged_into`), the snapshots of those profiles (their identifiers of limited kinds)
/// and each value's count of distinct profiles it was ever seen on. Then plan the
/// events in order, `apply`ing each plan so the next event sees its effect.
public struct ResolutionContext: Sendable, Equatable {
    /// The live profile that owns each known identifier. Identifiers absent here are new.
    public var owners: [Identifier: ProfileID]
    /// Every profile named in `owners`.
    public var profiles: [ProfileID: ProfileSnapshot]
    /// How many distinct profiles each value has been seen on, for the link guard.
    /// Absent means 0 (or 1 for an owned value: the owner).
    public var linkCounts: [Identifier: Int]

    public init(
        owners: [Identifier: ProfileID] = [:],
        profiles: some Sequence<ProfileSnapshot> = [],
        linkCounts: [Identifier: Int] = [:]
    ) {
        self.owners = owners
        self.profiles = Dictionary(profiles.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        self.linkCounts = linkCounts
    }

    /// The distinct identifiers of a batch, sorted: the keys of the one lookup query.
    public static func lookupKeys(for fragments: some Sequence<some Sequence<Identifier>>) -> [Identifier] {
        var keys = Set<Identifier>()
        for fragment in fragments { keys.formUnion(fragment) }
        return keys.sorted()
    }
}
