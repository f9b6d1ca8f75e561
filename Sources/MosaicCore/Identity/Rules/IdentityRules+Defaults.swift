extension IdentityRules {
    /// Default rules per built-in kind.
    ///
    /// - `user_id` 1 per profile: two signed-in accounts are two people (or one person
    ///   with two accounts, which the customer's own system must resolve, not us).
    /// - `external_id` unlimited: a person is a record in several systems (`shop:`, `crm:`),
    ///   and shops keep duplicate records of one customer that a CDP exists to unify. It is
    ///   still strong evidence (priority 2). Per-namespace limits are not modelled.
    /// - `email` and `phone` 5: people change and share them, but not by the dozen.
    /// - `loyalty_card` 10: reissued and lost cards.
    /// - `device_id`, `anonymous_id` unlimited: every browser and install adds one.
    public static let defaultTypeRules: [IdentifierType: TypeRule] = [
        .userID: TypeRule(priority: 1, maxPerProfile: 1),
        .externalID: TypeRule(priority: 2, maxPerProfile: nil),
        .email: TypeRule(priority: 3, maxPerProfile: 5),
        .phone: TypeRule(priority: 4, maxPerProfile: 5),
        .loyaltyCard: TypeRule(priority: 5, maxPerProfile: 10),
        .deviceID: TypeRule(priority: 6, maxPerProfile: nil),
        .anonymousID: TypeRule(priority: 7, maxPerProfile: nil),
    ]

    /// Placeholders that forms, SDKs and tills send when the real value is unknown.
    /// Phones of one repeated digit never get here: the normaliser rejects them.
    public static let defaultBlockedValues: Set<String> = [
        "", "0", "-", "n/a", "na", "null", "nil", "undefined", "none", "unknown", "anonymous",
        "test", "123456", "0000000000", "1234567890",
        "test@test.com", "test@example.com", "example@example.com",
        "[object object]",
    ]

    /// `noemail@…`, `no-email@…`, `none@…` on any domain.
    public static let defaultBlockedEmailLocalParts: Set<String> = [
        "noemail", "no-email", "no_email", "none", "noreply", "no-reply",
    ]
}
