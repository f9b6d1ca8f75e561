/// A trait value with its lineage and the way it was written.
///
/// Generic over the value so the domain does not fix one JSON representation; the
/// server plugs in its JSON value type.
public struct TraitEntry<Value: Sendable & Equatable>: Sendable, Equatable {
    public var value: Value
    public var lineage: TraitLineage
    /// Written with set-once semantics (`$set_once`, or a key in the set-once list):
    /// kept by the merge rules until an earlier write shows up.
    public var isSetOnce: Bool

    public init(value: Value, lineage: TraitLineage, isSetOnce: Bool = false) {
        self.value = value
        self.lineage = lineage
        self.isSetOnce = isSetOnce
    }
}

extension TraitEntry: Hashable where Value: Hashable {}
