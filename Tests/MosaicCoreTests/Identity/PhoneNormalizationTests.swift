import MosaicCore
import Testing

struct PhoneNormalizationTests {
    /// Default country Russia, as for a Russian retailer.
    let normalizer = Normalizer(defaultCountry: .ru)

    struct Valid: CustomTestStringConvertible, Sendable {
        let raw: String
        let country: String?
        let e164: String
        init(_ raw: String, _ country: String?, _ e164: String) {
            self.raw = raw
            self.country = country
            self.e164 = e164
        }
        init(_ raw: String, _ e164: String) { self.init(raw, nil, e164) }
        var testDescription: String { "\(raw) [\(country ?? "default")]" }
    }

    static let valid: [Valid] = [
        // Russia: trunk 8, +7, no prefix at all, calling code without +.
        Valid("8 916 123-45-67", "+79161234567"),
        Valid("+7 (916) 1234567", "+79161234567"),
        Valid("89161234567", "+79161234567"),
        Valid("8-916-123-45-67", "+79161234567"),
        Valid("8 (916) 123.45.67", "+79161234567"),
        Valid("7 916 123 45 67", "+79161234567"),
        Valid("9161234567", "+79161234567"),
        Valid("+7 916 123 45 67 ext. 12", "+79161234567"),
        Valid("+7 916 123 45 67 x12", "+79161234567"),
        Valid("8 916 123 45 67 доб. 12", "+79161234567"),
        Valid("+79161234567;ext=12", "+79161234567"),
        Valid("+7 916 123 45 67 #12", "+79161234567"),
        Valid("tel:+7-916-123-45-67", "+79161234567"),
        Valid("8 495 123 45 67", "+74951234567"),
        // International prefixes: 00 anywhere, the country's own (810 in Russia).
        Valid("0048600100200", "+48600100200"),
        Valid("8 10 48 600 100 200", "+48600100200"),
        Valid("+48 600-100-200", "+48600100200"),
        // Country from the record: ISO code or locale.
        Valid("600 100 200", "PL", "+48600100200"),
        Valid("600 100 200", "pl_PL", "+48600100200"),
        Valid("600 100 200", "pl-PL", "+48600100200"),
        Valid("48 600 100 200", "PL", "+48600100200"),
        Valid("138 0013 8000", "CN", "+8613800138000"),
        Valid("138 0013 8000", "zh-CN", "+8613800138000"),
        Valid("010 1234 5678", "CN", "+861012345678"),
        Valid("(415) 555-2671", "US", "+14155552671"),
        Valid("1-415-555-2671", "US", "+14155552671"),
        Valid("(415) 555-2671", "en_US.UTF-8", "+14155552671"),
        Valid("011 48 600 100 200", "US", "+48600100200"),
        Valid("(416) 555-0123", "CA", "+14165550123"),
        Valid("8 701 123 45 67", "KZ", "+77011234567"),
        Valid("+7 701 123 4567", nil, "+77011234567"),
        Valid("8 701 123 45 67", nil, "+77011234567"),
        Valid("8 916 123 45 67", "KZ", "+79161234567"),
        Valid("020 7946 0958", "GB", "+442079460958"),
        Valid("07700 900123", "GB", "+447700900123"),
        Valid("030 123456", "DE", "+4930123456"),
        Valid("0151 23456789", "DE", "+4915123456789"),
        Valid("06 12 34 56 78", "FR", "+33612345678"),
        Valid("098765 43210", "IN", "+919876543210"),
        Valid("(11) 91234-5678", "BR", "+5511912345678"),
        Valid("067 123 4567", "UA", "+380671234567"),
        Valid("8 029 123-45-67", "BY", "+375291234567"),
        Valid("+375 29 123 45 67", nil, "+375291234567"),
        Valid("06 1234 5678", "IT", "+390612345678"),
        Valid("312 345 6789", "IT", "+393123456789"),
        Valid("612 345 678", "ES", "+34612345678"),
        Valid("06 12345678", "NL", "+31612345678"),
        Valid("0532 123 45 67", "TR", "+905321234567"),
        Valid("090-1234-5678", "JP", "+819012345678"),
        Valid("+7 (901) 234-56-78", nil, "+79012345678"),
        Valid("010 1 212 555 2671", "JP", "+12125552671"),
        Valid("+44 20 7946 0958", nil, "+442079460958"),
        // International input ignores the record's country.
        Valid("+48 600 100 200", "US", "+48600100200"),
        // A country without metadata: E.164 length rules only.
        Valid("+358 40 1234567", nil, "+358401234567"),
        // An unparseable record country falls back to the default.
        Valid("8 916 123-45-67", "Russia!", "+79161234567"),
        // Digits of other scripts and widths, invisible bidi marks.
        Valid("٨٩١٦١٢٣٤٥٦٧", nil, "+79161234567"),
        Valid("８９１６１２３４５６７", nil, "+79161234567"),
        Valid("\u{200F}+7 916 123 45 67\u{200E}", nil, "+79161234567"),
        Valid("+7\u{00A0}916\u{2009}123\u{2013}45\u{2013}67", nil, "+79161234567"),
    ]

    @Test(arguments: valid)
    func validNumber_isE164(_ row: Valid) throws {
        #expect(try normalizer.phone(row.raw, country: row.country) == row.e164)
        #expect(try normalizer.normalize(.phone, row.raw, country: row.country) == Identifier(type: .phone, value: row.e164))
    }

    struct Invalid: CustomTestStringConvertible, Sendable {
        let raw: String
        let country: String?
        let reason: NormalizationError.Reason
        init(_ raw: String, _ country: String?, _ reason: NormalizationError.Reason) {
            self.raw = raw
            self.country = country
            self.reason = reason
        }
        init(_ raw: String, _ reason: NormalizationError.Reason) { self.init(raw, nil, reason) }
        var testDescription: String { "\(raw.prefix(40)) [\(country ?? "default")]" }
    }

    static let invalid: [Invalid] = [
        Invalid("", .empty),
        Invalid("   ", .empty),
        Invalid("+", .tooFewDigits),
        Invalid("()-", .tooFewDigits),
        Invalid("+7 916 123", .tooFewDigits),
        Invalid("916 123", .tooFewDigits),
        Invalid("555-2671", "US", .tooFewDigits),
        Invalid("8 916 123 45 67 89", .tooManyDigits),
        Invalid("+7 916 123 45 67 89", .tooManyDigits),
        Invalid("+1234567890123456", .tooManyDigits),
        Invalid("12345678901234567890", .tooManyDigits),
        Invalid("8 916 CALL-NOW", .invalidCharacter),
        Invalid("1-800-FLOWERS", "US", .invalidCharacter),
        Invalid("+7 916+123 45 67", .invalidCharacter),
        Invalid("+7 916 123 45 67 ext", .invalidCharacter),
        Invalid("+7 916 123 45 67 x12345678901", .invalidCharacter),
        Invalid("+7 916 123 45 67 ext. 1a", .invalidCharacter),
        Invalid("+7 916 123 45 67 ,12", .invalidCharacter),
        Invalid("0000000000", .placeholderNumber),
        Invalid("000-000-0000", "US", .placeholderNumber),
        Invalid("+7 999 999 99 99", .placeholderNumber),
        Invalid("8 999 999 99 99", .placeholderNumber),
        Invalid("1234567890", .placeholderNumber),
        Invalid("+7 (123) 456-78-90", .placeholderNumber),
        Invalid("+48 123 456 789", .placeholderNumber),
        Invalid("+7 (216) 123-45-67", .invalidNumber),
        // One digit short: must not turn into a Kazakh number of another subscriber.
        Invalid("7916123456", .invalidNumber),
        Invalid("+7 791 612 34 56", .invalidNumber),
        Invalid("(115) 555-2671", "US", .invalidNumber),
        Invalid("(415) 155-2671", "US", .invalidNumber),
        Invalid("+0 123 456 789", .invalidNumber),
        Invalid("00 0 123 456 789", .invalidNumber),
        Invalid("+1 (415) 555-267", .tooFewDigits),
        Invalid("(415) 555-2671", "SE", .unsupportedCountry("SE")),
        Invalid("+358 40 12", .tooFewDigits),
        Invalid("+7 (901) 234-56-78 90", .tooManyDigits),
    ]

    @Test(arguments: invalid)
    func invalidNumber_isTypedError(_ row: Invalid) {
        #expect(throws: NormalizationError(type: .phone, reason: row.reason)) {
            try normalizer.phone(row.raw, country: row.country)
        }
    }

    @Test func defaultCountry_readsNationalNumbers() throws {
        let polish = Normalizer(defaultCountry: .pl)
        #expect(try polish.phone("600 100 200") == "+48600100200")
        #expect(try polish.phone("8 916 123 45 67", country: "RU") == "+79161234567")
        let unsupported = Normalizer(defaultCountry: try #require(CountryCode("SE")))
        #expect(throws: NormalizationError(type: .phone, reason: .unsupportedCountry("SE"))) {
            try unsupported.phone("070 123 45 67")
        }
        // International input needs no country metadata.
        #expect(try unsupported.phone("+7 916 123 45 67") == "+79161234567")
    }

    @Test func sameNumberWrittenEveryWay_isOneIdentifier() throws {
        let ways = ["8 916 123-45-67", "+7 (916) 1234567", "89161234567", "8-916-123-45-67", "+79161234567", "007 916 123 45 67"]
        let identifiers = try Set(ways.map { try normalizer.normalize(.phone, $0) })
        #expect(identifiers == [Identifier(type: .phone, value: "+79161234567")])
    }
}
