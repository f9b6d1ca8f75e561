import MosaicCore
import Testing

struct OpaqueIdentifierNormalizationTests {
    let normalizer = Normalizer(defaultCountry: .ru)

    static let validIDs: [(IdentifierType, String, String)] = [
        (.userID, "  u-123 ", "u-123"),
        (.userID, "User 42", "User 42"),
        (.anonymousID, "\t3f2a9c1e-8b1d-4e6f-9a0b-7c5d2e1f4a3b\n", "3f2a9c1e-8b1d-4e6f-9a0b-7c5d2e1f4a3b"),
        (.deviceID, "IDFA-ABC", "IDFA-ABC"),
        ("wechat_id", " wx_abc ", "wx_abc"),
        // Canonically equivalent spellings become one (NFC), as PostgreSQL compares bytes.
        (.userID, "jose\u{0301}", "jos\u{00E9}"),
        (.userID, "user😀", "user😀"),
        (.userID, String(repeating: "x", count: 256), String(repeating: "x", count: 256)),
    ]

    @Test(arguments: validIDs)
    func opaqueID_isTrimmedOnly(_ type: IdentifierType, _ raw: String, _ expected: String) throws {
        let identifier = try normalizer.normalize(type, raw)
        #expect(identifier == Identifier(type: type, value: expected))
        #expect(Array(identifier.value.unicodeScalars) == Array(expected.unicodeScalars))
    }

    static let invalidIDs: [(IdentifierType, String, NormalizationError.Reason)] = [
        (.userID, "", .empty),
        (.anonymousID, "   ", .empty),
        (.deviceID, "\u{200B}", .empty),
        (.userID, String(repeating: "x", count: 257), .tooLong(max: 256)),
        (.userID, "abc\u{0}def", .invalidCharacter),
        (.userID, "u\u{200B}1", .invalidCharacter),
        (.userID, "u\u{202E}1", .invalidCharacter),
        (.userID, "u\u{7}1", .invalidCharacter),
        (.userID, "u\u{E000}1", .invalidCharacter),
        ("wechat_id", "a\nb", .invalidCharacter),
    ]

    @Test(arguments: invalidIDs)
    func invalidOpaqueID_isTypedError(_ type: IdentifierType, _ raw: String, _ reason: NormalizationError.Reason) {
        #expect(throws: NormalizationError(type: type, reason: reason)) { try normalizer.normalize(type, raw) }
    }

    static let cards: [(String, String)] = [
        ("1234 5678-9012", "123456789012"),
        ("ab-12 cd", "AB12CD"),
        ("  0042 ", "0042"),
        ("ＡＢ１２", "AB12"),
        ("12\u{2013}34", "1234"),
    ]

    @Test(arguments: cards)
    func loyaltyCard_isStrippedAndUpperCased(_ raw: String, _ expected: String) throws {
        #expect(try normalizer.loyaltyCard(raw) == expected)
    }

    static let invalidCards: [(String, NormalizationError.Reason)] = [
        ("", .empty),
        (" - ", .empty),
        ("12#34", .invalidCharacter),
        ("12.34", .invalidCharacter),
        ("карта1", .invalidCharacter),
        ("12\u{0}34", .invalidCharacter),
        (String(repeating: "9", count: 65), .tooLong(max: 64)),
    ]

    @Test(arguments: invalidCards)
    func invalidLoyaltyCard_isTypedError(_ raw: String, _ reason: NormalizationError.Reason) {
        #expect(throws: NormalizationError(type: .loyaltyCard, reason: reason)) { try normalizer.loyaltyCard(raw) }
    }

    static let externalIDs: [(String, String)] = [
        ("shop:1234", "shop:1234"),
        ("Shop:1234", "shop:1234"),
        (" SHOP : 1234 ", "shop:1234"),
        ("crm.v2:AbC-9", "crm.v2:AbC-9"),
        ("shop:a:b", "shop:a:b"),
    ]

    @Test(arguments: externalIDs)
    func externalID_isNamespaced(_ raw: String, _ expected: String) throws {
        #expect(try normalizer.externalID(raw) == expected)
    }

    static let invalidExternalIDs: [(String, NormalizationError.Reason)] = [
        ("1234", .missingNamespace),
        (":1234", .missingNamespace),
        ("  :1234", .missingNamespace),
        ("shop:", .empty),
        ("shop:   ", .empty),
        ("sh op:1", .invalidNamespace),
        ("магазин:1", .invalidNamespace),
        (String(repeating: "n", count: 65) + ":1", .invalidNamespace),
        ("shop:1\u{0}2", .invalidCharacter),
    ]

    @Test(arguments: invalidExternalIDs)
    func invalidExternalID_isTypedError(_ raw: String, _ reason: NormalizationError.Reason) {
        #expect(throws: NormalizationError(type: .externalID, reason: reason)) { try normalizer.externalID(raw) }
    }
}
