import MosaicCore
import Testing

struct IdentityRulesTests {
    let rules = IdentityRules()

    @Test func defaults_matchTheDocumentedTable() {
        let expected: [(IdentifierType, Int, Int?)] = [
            (.userID, 1, 1), (.externalID, 2, nil), (.email, 3, 5), (.phone, 4, 5),
            (.loyaltyCard, 5, 10), (.deviceID, 6, nil), (.anonymousID, 7, nil),
        ]
        for (type, priority, limit) in expected {
            #expect(rules.priority(of: type) == priority, "\(type)")
            #expect(rules.maxPerProfile(type) == limit, "\(type)")
        }
        #expect(rules.priority(of: "wechat_id") == 100)
        #expect(rules.maxPerProfile("wechat_id") == nil)
        #expect(rules.linkGuardThreshold == 20)
    }

    @Test(arguments: [
        (Identifier(type: .email, value: "test@test.com"), true),
        (Identifier(type: .email, value: "test@example.com"), true),
        (Identifier(type: .email, value: "noemail@shop.ru"), true),
        (Identifier(type: .email, value: "no-email@shop.ru"), true),
        (Identifier(type: .email, value: "none@mail.ru"), true),
        (Identifier(type: .email, value: "nonexistent@mail.ru"), false),
        (Identifier(type: .email, value: "alice@example.com"), false),
        (Identifier(type: .email, value: "test@testing.com"), false),
        (Identifier(type: .userID, value: "null"), true),
        (Identifier(type: .userID, value: "NULL"), true),
        (Identifier(type: .userID, value: "undefined"), true),
        (Identifier(type: .userID, value: "unknown"), true),
        (Identifier(type: .userID, value: "none"), true),
        (Identifier(type: .userID, value: "n/a"), true),
        (Identifier(type: .userID, value: "N/A"), true),
        (Identifier(type: .userID, value: "-"), true),
        (Identifier(type: .userID, value: "0"), true),
        (Identifier(type: .userID, value: ""), true),
        (Identifier(type: .userID, value: "123456"), true),
        (Identifier(type: .userID, value: "1234567"), false),
        (Identifier(type: .userID, value: "u-1"), false),
        (Identifier(type: .anonymousID, value: "anonymous"), true),
        (Identifier(type: .loyaltyCard, value: "0000000000"), true),
        (Identifier(type: .loyaltyCard, value: "1234567890"), true),
        (Identifier(type: .loyaltyCard, value: "0000000001"), false),
        (Identifier(type: .deviceID, value: "undefined"), true),
    ])
    func defaultJunk_isBlocked(_ identifier: Identifier, _ blocked: Bool) {
        #expect(rules.isBlocked(identifier) == blocked)
    }

    @Test func perTypeBlockedValues_applyToTheirTypeOnly() {
        var custom = IdentityRules()
        custom.rules[.phone] = .init(priority: 4, maxPerProfile: 5, blockedValues: ["+74950000001"])
        #expect(custom.isBlocked(Identifier(type: .phone, value: "+74950000001")))
        #expect(!custom.isBlocked(Identifier(type: .userID, value: "+74950000001")))
        #expect(!custom.isBlocked(Identifier(type: .phone, value: "+74950000002")))
    }

    @Test func globalList_canBeReplaced() {
        let custom = IdentityRules(globalBlockedValues: ["House"], blockedEmailLocalParts: [])
        #expect(custom.isBlocked(Identifier(type: .userID, value: "house")))
        #expect(!custom.isBlocked(Identifier(type: .userID, value: "null")))
        #expect(!custom.isBlocked(Identifier(type: .email, value: "noemail@shop.ru")))
    }

    @Test(arguments: [(0, false), (1, false), (20, false), (21, true), (10_000, true)])
    func linkGuard_triggersAboveThreshold(_ count: Int, _ exceeds: Bool) {
        #expect(rules.exceedsLinkGuard(profileCount: count) == exceeds)
    }

    @Test func configuredValues_areClamped() {
        let rule = IdentityRules.TypeRule(priority: 3, maxPerProfile: 0)
        #expect(rule.maxPerProfile == 1)
        #expect(IdentityRules(linkGuardThreshold: -5).linkGuardThreshold == 1)
    }
}
