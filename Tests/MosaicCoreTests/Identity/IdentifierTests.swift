import MosaicCore
import Testing

struct IdentifierTests {
    @Test func builtInTypes_haveWireNames() {
        #expect(IdentifierType.builtIn.map(\.rawValue) == [
            "user_id", "external_id", "email", "phone", "loyalty_card", "device_id", "anonymous_id",
        ])
        let custom: IdentifierType = "wechat_id"
        #expect(custom.rawValue == "wechat_id")
    }

    @Test(arguments: [
        ("wechat_id", true), ("ga_client_id", true), ("a", true), ("x9", true),
        ("", false), ("WeChat", false), ("9lives", false), ("_id", false), ("we chat", false),
        ("wechat-id", false), ("идентификатор", false), (String(repeating: "a", count: 65), false),
    ])
    func configuredTypeName_isValidated(_ name: String, _ accepted: Bool) {
        #expect((IdentifierType(validating: name) != nil) == accepted)
    }

    @Test(arguments: [
        (Identifier(type: .email, value: "alice@example.com"), "email:a***@example.com"),
        (Identifier(type: .phone, value: "+79161234567"), "phone:+7916*****67"),
        (Identifier(type: .phone, value: "+48600100200"), "phone:+4860*****00"),
        (Identifier(type: .loyaltyCard, value: "123456789012"), "loyalty_card:****9012"),
        (Identifier(type: .userID, value: "u-12345678"), "user_id:u-***"),
        (Identifier(type: .userID, value: "42"), "user_id:***"),
        (Identifier(type: .externalID, value: "shop:1234567"), "external_id:shop:12***"),
        (Identifier(type: "wechat_id", value: "wx_secret_value"), "wechat_id:wx***"),
    ])
    func description_redactsTheValue(_ identifier: Identifier, _ expected: String) {
        #expect(identifier.description == expected)
        #expect("\(identifier)" == expected)
    }

    @Test(arguments: [
        ("Anna Maria Petrova", "A*** M*** P***"),
        ("Иван", "И***"),
        ("", ""),
    ])
    func nameMask_keepsInitials(_ name: String, _ expected: String) {
        #expect(PIIMask.name(name) == expected)
    }

    @Test(arguments: [
        ("alice@example.com", "a***@example.com"),
        ("@example.com", "***"),
        ("not-an-email", "***"),
    ])
    func emailMask(_ email: String, _ expected: String) {
        #expect(PIIMask.email(email) == expected)
    }

    @Test(arguments: [("+79161234567", "+7916*****67"), ("+1234", "+****"), ("12345678", "12****78")])
    func phoneMask(_ phone: String, _ expected: String) {
        #expect(PIIMask.phone(phone) == expected)
    }

    @Test func identifiers_orderByTypeThenValue() {
        let unordered = [
            Identifier(type: .userID, value: "b"), Identifier(type: .email, value: "z@x.io"),
            Identifier(type: .userID, value: "a"), Identifier(type: .anonymousID, value: "q"),
        ]
        #expect(unordered.sorted() == [
            Identifier(type: .anonymousID, value: "q"), Identifier(type: .email, value: "z@x.io"),
            Identifier(type: .userID, value: "a"), Identifier(type: .userID, value: "b"),
        ])
    }
}
