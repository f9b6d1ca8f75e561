extension IdentityRules {
    /// The rule for one kind of identifier.
    public struct TypeRule: Sendable, Equatable {
        /// Lower is stronger: on a conflict, identifiers of the stronger kind keep their
        /// profile and weaker ones that point elsewhere are dropped.
        public var priority: Int
        /// The most distinct values of this kind one profile may hold; `nil` is unlimited.
        /// Values below 1 are read as 1.
        public var maxPerProfile: Int?
        /// Values of this kind that are never evidence (normalised, compared case-insensitively).
        public var blockedValues: Set<String>

        public init(priority: Int, maxPerProfile: Int?, blockedValues: Set<String> = []) {
            self.priority = priority
            self.maxPerProfile = maxPerProfile.map { max(1, $0) }
            self.blockedValues = Set(blockedValues.map { $0.lowercased() })
        }
    }
}
