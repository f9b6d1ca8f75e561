import MosaicCore
import Testing

struct EmailNormalizationTests {
    let normalizer = Normalizer(defaultCountry: .ru)

    static let valid: [(String, String)] = [
        ("alice@example.com", "alice@example.com"),
        ("  Alice@Example.COM \n", "alice@example.com"),
        ("First.Last+Tag@Sub.Example.co.uk", "first.last+tag@sub.example.co.uk"),
        // No provider-specific folding: Gmail's dots and tags stay.
        ("john.doe+news@gmail.com", "john.doe+news@gmail.com"),
        ("o'brien@example.ie", "o'brien@example.ie"),
        ("x@a.io", "x@a.io"),
        ("Иван@Почта.РФ", "иван@почта.рф"),
        // Full-width forms typed on a CJK keyboard fold to ASCII (NFKC).
        ("ＡＬＩＣＥ@ＥＸＡＭＰＬＥ.ＣＯＭ", "alice@example.com"),
        ("\u{FEFF}\u{200E}alice@example.com\u{200F}", "alice@example.com"),
        (String(repeating: "a", count: 64) + "@" + String(repeating: "b", count: 63) + "."
            + String(repeating: "c", count: 63) + "." + String(repeating: "d", count: 61),
         String(repeating: "a", count: 64) + "@" + String(repeating: "b", count: 63) + "."
            + String(repeating: "c", count: 63) + "." + String(repeating: "d", count: 61)),
    ]

    @Test(arguments: valid)
    func validEmail_isTrimmedAndLowerCased(_ raw: String, _ expected: String) throws {
        #expect(try normalizer.email(raw) == expected)
        #expect(try normalizer.normalize(.email, raw).value == expected)
    }

    static let invalid: [(String, NormalizationError.Reason)] = [
        ("", .empty),
        (" \t ", .empty),
        ("alice.example.com", .missingAtSign),
        ("a@b@example.com", .multipleAtSigns),
        ("@example.com", .invalidLocalPart),
        (".alice@example.com", .invalidLocalPart),
        ("alice.@example.com", .invalidLocalPart),
        ("al..ice@example.com", .invalidLocalPart),
        (String(repeating: "a", count: 65) + "@example.com", .invalidLocalPart),
        ("alice@", .invalidDomain),
        ("alice@localhost", .invalidDomain),
        ("alice@example..com", .invalidDomain),
        ("alice@.example.com", .invalidDomain),
        ("alice@example.com.", .invalidDomain),
        ("alice@-example.com", .invalidDomain),
        ("alice@example-.com", .invalidDomain),
        ("alice@example.123", .invalidDomain),
        ("alice@exa_mple.com", .invalidDomain),
        ("al ice@example.com", .invalidCharacter),
        ("alice@exa mple.com", .invalidCharacter),
        ("\"alice\"@example.com", .invalidCharacter),
        ("alice@[127.0.0.1]", .invalidCharacter),
        ("alice,bob@example.com", .invalidCharacter),
        ("<alice@example.com>", .invalidCharacter),
        (String(repeating: "a", count: 64) + "@" + String(repeating: "b", count: 63) + "."
            + String(repeating: "c", count: 63) + "." + String(repeating: "d", count: 62), .tooLong(max: 254)),
    ]

    @Test(arguments: invalid)
    func invalidEmail_isTypedError(_ raw: String, _ reason: NormalizationError.Reason) {
        #expect(throws: NormalizationError(type: .email, reason: reason)) { try normalizer.email(raw) }
    }

    @Test func errorDescription_neverContainsTheValue() {
        do {
            _ = try normalizer.email("secret.person@@example.com")
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("secret"))
            #expect(error.description == "cannot normalise email: multipleAtSigns")
        }
    }
}
