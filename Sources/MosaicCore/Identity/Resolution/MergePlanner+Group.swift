extension MergePlanner {
    /// The profiles a fragment has proved to be one person so far, and the values of
    /// limited kinds they would hold together with the fragment's new identifiers.
    struct MergeGroup {
        struct Member {
            let profile: ProfileSnapshot
            let cause: Identifier
        }

        let rules: IdentityRules
        private(set) var members: [Member] = []
        private var limited: [IdentifierType: Set<String>] = [:]

        init(rules: IdentityRules) { self.rules = rules }

        func contains(_ id: ProfileID) -> Bool { members.contains { $0.profile.id == id } }

        var oldest: ProfileSnapshot? {
            members.map(\.profile).min(by: ProfileSnapshot.isOlder)
        }

        /// Whether the group and `profile` together stay within every limit. A profile
        /// already over a limit (imported before the limit was lowered) may still be the
        /// group's anchor, but nothing may grow it further.
        func canAbsorb(_ profile: ProfileSnapshot, via identifier: Identifier) -> Bool {
            var theirs = profile.identifiers
            theirs[identifier.type, default: []].insert(identifier.value)
            for (type, values) in theirs {
                guard let limit = rules.maxPerProfile(type) else { continue }
                let mine = limited[type] ?? []
                let union = mine.count + values.subtracting(mine).count
                if union > max(limit, mine.count, values.count) { return false }
            }
            return true
        }

        mutating func absorb(_ profile: ProfileSnapshot, via identifier: Identifier) {
            var theirs = profile.identifiers
            theirs[identifier.type, default: []].insert(identifier.value)
            for (type, values) in theirs where rules.maxPerProfile(type) != nil {
                limited[type, default: []].formUnion(values)
            }
            members.append(Member(profile: profile, cause: identifier))
        }

        func canAttach(_ identifier: Identifier) -> Bool {
            guard let limit = rules.maxPerProfile(identifier.type) else { return true }
            let mine = limited[identifier.type] ?? []
            return mine.contains(identifier.value) || mine.count < limit
        }

        mutating func attach(_ identifier: Identifier) {
            guard rules.maxPerProfile(identifier.type) != nil else { return }
            limited[identifier.type, default: []].insert(identifier.value)
        }
    }
}
