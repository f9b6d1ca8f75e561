import MosaicCore
import Testing

/// Input an attacker or a broken client controls: each must come back as one exact
/// outcome, never a crash, a hang or a value that could match somebody else.
struct HostileInputTests {
    let normalizer = Normalizer(defaultCountry: .ru)

    static let tenKB = String(repeating: "a", count: 10_240)
    static let tenKBDigits = String(repeating: "7", count: 10_240)

    struct Row: CustomTestStringConvertible, Sendable {
        let type: IdentifierType
        let raw: String
        let outcome: Outcome
        let name: String
        init(_ name: String, _ type: IdentifierType, _ raw: String, _ outcome: Outcome) {
            self.name = name
            self.type = type
            self.raw = raw
            self.outcome = outcome
        }
        var testDescription: String { "\(type.rawValue): \(name)" }
    }

    enum Outcome: Equatable, Sendable {
        case success(String)
        case failure(NormalizationError.Reason)
    }

    static let rows: [Row] = [
        Row("10 KB email", .email, tenKB + "@example.com", .failure(.tooLong(max: 254))),
        Row("10 KB phone", .phone, tenKBDigits, .failure(.tooLong(max: 64))),
        Row("10 KB user id", .userID, tenKB, .failure(.tooLong(max: 256))),
        Row("10 KB card", .loyaltyCard, tenKBDigits, .failure(.tooLong(max: 64))),
        Row("10 KB external id", .externalID, "shop:" + tenKB, .failure(.tooLong(max: 256))),
        Row("10 KB namespace", .externalID, tenKB + ":1", .failure(.invalidNamespace)),
        Row("NUL in email", .email, "alice\u{0}@example.com", .failure(.invalidCharacter)),
        Row("NUL in phone", .phone, "+7916\u{0}1234567", .failure(.invalidCharacter)),
        Row("NUL in user id", .userID, "u1\u{0}", .failure(.invalidCharacter)),
        Row("emoji email", .email, "😀@example.com", .failure(.invalidCharacter)),
        Row("emoji domain", .email, "alice@😀.com", .failure(.invalidCharacter)),
        Row("emoji phone", .phone, "+7 916 😀 123 45 67", .failure(.invalidCharacter)),
        Row("RTL override in email", .email, "ali\u{202E}ce@example.com", .failure(.invalidCharacter)),
        Row("zero-width joiner in email", .email, "ali\u{200D}ce@example.com", .failure(.invalidCharacter)),
        Row("RTL marks in phone are ignored", .phone, "+7\u{200F}916\u{200E}1234567", .success("+79161234567")),
        // Lookalikes stay distinct: a missed merge, never a wrong one.
        Row("Cyrillic a in email", .email, "\u{0430}lice@example.com", .success("\u{0430}lice@example.com")),
        Row("Cyrillic o in user id", .userID, "b\u{043E}b", .success("b\u{043E}b")),
        Row("Cyrillic letters in phone", .phone, "+7 916 123 45 6\u{0417}", .failure(.invalidCharacter)),
        Row("superscript digit folds (NFKC)", .phone, "+7 916 123 45 6\u{00B9}", .success("+79161234561")),
        Row("SQL in email", .email, "a@example.com'; DROP TABLE profiles;--", .failure(.invalidCharacter)),
        Row("SQL in user id is just an id", .userID, "1' OR '1'='1", .success("1' OR '1'='1")),
        Row("only combining marks", .userID, "\u{0301}\u{0301}", .success("\u{0301}\u{0301}")),
        Row("only bidi marks", .email, "\u{200E}\u{200F}", .failure(.empty)),
        Row("many extensions", .phone, "+79161234567 x1 x2", .failure(.invalidCharacter)),
    ]

    @Test(arguments: rows)
    func hostileInput_hasExactOutcome(_ row: Row) {
        let outcome: Outcome
        do {
            outcome = .success(try normalizer.normalize(row.type, row.raw).value)
        } catch {
            #expect(error.type == row.type)
            outcome = .failure(error.reason)
        }
        #expect(outcome == row.outcome)
    }

    @Test func lookalikeEmail_isNotTheSameIdentifier() throws {
        let latin = try normalizer.normalize(.email, "alice@example.com")
        let cyrillic = try normalizer.normalize(.email, "\u{0430}lice@example.com")
        #expect(latin != cyrillic)
    }
}
