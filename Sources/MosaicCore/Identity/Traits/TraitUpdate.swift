/// The traits one message or request writes: plain traits (`$set`, last write wins) and
/// those sent under a `$set_once` object (first write wins).
public struct TraitUpdate<Value: Sendable & Equatable>: Sendable, Equatable {
    public var set: [String: Value]
    public var setOnce: [String: Value]
    public var lineage: TraitLineage

    public init(set: [String: Value] = [:], setOnce: [String: Value] = [:], lineage: TraitLineage) {
        self.set = set
        self.setOnce = setOnce
        self.lineage = lineage
    }
}
