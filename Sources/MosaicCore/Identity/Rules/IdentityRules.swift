/// How much each kind of identifier is trusted, how many of each one profile may hold,
/// and which values are never evidence of anything. Built once from configuration.
///
/// In the spirit of Segment's identity resolution settings: priorities decide who
/// wins a conflict, limits stop merges that would put two people in one profile (one
/// `user_id` per profile means two signed-in users never merge), and blocked values
/// (`test@test.com`, `null`, a phone shared by a whole call centre) are ignored.
public struct IdentityRules: Sendable {
    /// Rules per kind; kinds not listed use `defaultRule`.
    public var rules: [IdentifierType: TypeRule]
    /// For kinds that only configuration knows (`wechat_id`): weak and unlimited.
    public var defaultRule: TypeRule
    /// Values blocked for every kind (compared case-insensitively with the normalised value).
    public var globalBlockedValues: Set<String>
    /// Email local parts that mean "no email" (`noemail@shop.com`, `none@x.ru`).
    public var blockedEmailLocalParts: Set<String>
    /// A value already seen on more than this many distinct profiles is shared (a shop's
    /// own phone typed at the till, a family tablet) and never merges anything. Default 20.
    public var linkGuardThreshold: Int

    public init(
        rules: [IdentifierType: TypeRule] = IdentityRules.defaultTypeRules,
        defaultRule: TypeRule = TypeRule(priority: 100, maxPerProfile: nil),
        globalBlockedValues: Set<String> = IdentityRules.defaultBlockedValues,
        blockedEmailLocalParts: Set<String> = IdentityRules.defaultBlockedEmailLocalParts,
        linkGuardThreshold: Int = 20
    ) {
        self.rules = rules
        self.defaultRule = defaultRule
        self.globalBlockedValues = Set(globalBlockedValues.map { $0.lowercased() })
        self.blockedEmailLocalParts = Set(blockedEmailLocalParts.map { $0.lowercased() })
        self.linkGuardThreshold = max(1, linkGuardThreshold)
    }

    public func rule(for type: IdentifierType) -> TypeRule { rules[type] ?? defaultRule }

    /// Lower is stronger.
    public func priority(of type: IdentifierType) -> Int { rule(for: type).priority }

    /// `nil` means unlimited.
    public func maxPerProfile(_ type: IdentifierType) -> Int? { rule(for: type).maxPerProfile }

    /// Whether a normalised identifier is junk that must neither be attached to a
    /// profile nor used to find one.
    public func isBlocked(_ identifier: Identifier) -> Bool {
        let value = identifier.value.lowercased()
        if globalBlockedValues.contains(value) { return true }
        if rule(for: identifier.type).blockedValues.contains(value) { return true }
        if identifier.type == .email, let at = value.lastIndex(of: "@"),
            blockedEmailLocalParts.contains(String(value[..<at]))
        {
            return true
        }
        return false
    }

    /// Whether a value seen on `profileCount` distinct profiles is too shared to merge on.
    public func exceedsLinkGuard(profileCount: Int) -> Bool { profileCount > linkGuardThreshold }
}
