import Foundation

extension ResolutionContext {
    /// Updates the context as if `plan` had been carried out, so the next fragment of
    /// the same batch is planned against the graph as it now is.
    ///
    /// - Parameters:
    ///   - newProfileID: the id the database gave the profile a `.newProfile` plan created.
    ///   - createdAt: that profile's creation time.
    /// - Throws: `.missingNewProfileID`, or `.unknownProfile` when the plan names a
    ///   profile this context does not hold.
    public mutating func apply(
        _ plan: ResolutionPlan, newProfileID: ProfileID? = nil, createdAt: Date = Date(timeIntervalSince1970: 0)
    ) throws(ResolutionError) {
        let targetID: ProfileID
        switch plan.target {
        case .unresolved:
            return
        case .newProfile:
            guard let newProfileID else { throw .missingNewProfileID }
            targetID = newProfileID
            profiles[newProfileID] = ProfileSnapshot(id: newProfileID, createdAt: createdAt)
        case .existing(let id):
            guard profiles[id] != nil else { throw .unknownProfile(id) }
            targetID = id
        }
        guard var target = profiles[targetID] else { throw .unknownProfile(targetID) }
        for merge in plan.merges {
            guard let loser = profiles.removeValue(forKey: merge.loser) else { throw .unknownProfile(merge.loser) }
            for (type, values) in loser.identifiers {
                target.identifiers[type, default: []].formUnion(values)
            }
        }
        let losers = Set(plan.merges.map(\.loser))
        if !losers.isEmpty {
            for (identifier, owner) in owners where losers.contains(owner) {
                owners[identifier] = targetID
            }
        }
        for identifier in plan.attach {
            owners[identifier] = targetID
            target.insert(identifier)
        }
        profiles[targetID] = target
    }
}
