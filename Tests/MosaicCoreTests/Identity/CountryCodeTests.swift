@testable import MosaicCore
import Testing

struct CountryCodeTests {
    @Test(arguments: [
        ("RU", "RU"), ("ru", "RU"), (" pl ", "PL"), ("ru-RU", "RU"), ("pl_PL", "PL"), ("zh-CN", "CN"),
        ("zh-Hans-CN", "CN"), ("en_US.UTF-8", "US"), ("de_DE@euro", "DE"), ("sr-Latn-RS", "RS"),
    ])
    func countryOrLocale_givesRegion(_ text: String, _ alpha2: String) {
        #expect(CountryCode(text)?.alpha2 == alpha2)
    }

    @Test(arguments: ["", "   ", "R", "RUS", "zh-Hans", "es-419", "Россия", "Р\u{0423}", "r1", String(repeating: "a", count: 100)])
    func textWithoutRegion_isNil(_ text: String) {
        #expect(CountryCode(text) == nil)
    }

    /// ASCII text takes a byte path; it must agree with the general one on every kind of input.
    @Test func asciiPath_agreesWithTheGeneralPath() {
        let fixed = ["", " ", "de-DE", " en_US.UTF-8\n", "de_DE@euro", ".utf8", "@x", "de--DE", "-DE", "DE-",
                     "zh-Hans-CN", "es-419", "a1-RU", "ru", "r", "\tpl\r", "\u{0B}fr-FR\u{0C}", "x." + String(repeating: "a", count: 70)]
        var generator = SeededGenerator(state: 11)
        let alphabet = Array("aZrU-_.@ 1\t\n")
        let random = (0..<3_000).map { _ in
            String((0..<Int.random(in: 0...9, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
        }
        for text in fixed + random {
            #expect(CountryCode.region(ascii: Array(text.utf8)) == CountryCode.region(unicode: text), Comment(rawValue: text.debugDescription))
        }
        // Exactly 64 bytes is the longest accepted.
        let long = String(repeating: "a", count: 61) + "-DE"
        #expect(CountryCode(long)?.alpha2 == "DE" && CountryCode(long + " ")?.alpha2 == "DE" && CountryCode("a" + long) == nil)
    }

    @Test func everyTablePattern_parses() {
        #expect(PhoneRegion.all.count == 18)
        for region in PhoneRegion.all {
            #expect(region.patterns.count == region.patternSources.count, "\(region.country)")
            #expect(!region.patterns.isEmpty, "\(region.country)")
        }
        let required = ["RU", "KZ", "US", "CA", "GB", "DE", "FR", "PL", "CN", "IN", "BR", "UA", "BY", "IT", "ES", "NL", "TR", "JP"]
        #expect(Set(PhoneRegion.all.map(\.country)) == Set(required))
    }

    @Test(arguments: [
        ("[2-9]dd[2-9]d{6}", "4155552671", true),
        ("[2-9]dd[2-9]d{6}", "4151552671", false),
        ("[2-9]dd[2-9]d{6}", "415555267", false),
        ("[1-3]d{8,9}", "207946095", true),
        ("[1-3]d{8,9}", "2079460958", true),
        ("[1-3]d{8,9}", "20794609581", false),
        ("[3489]d{9}", "5161234567", false),
        ("10d{8}", "1012345678", true),
        ("d{2,3}5", "125", true),
        ("d{2,3}5", "1235", true),
        ("d{2,3}5", "1234", false),
    ])
    func digitPattern_matchesWholeNumber(_ pattern: String, _ digits: String, _ expected: Bool) throws {
        let compiled = try #require(DigitPattern(pattern))
        #expect(compiled.matches(digits.utf8.map { $0 - 48 }) == expected)
    }

    @Test(arguments: ["", "[", "[]", "[9-2]", "{3}", "d{0}", "d{3,2}", "d{16}", "a", "d{x}", "[2-]"])
    func malformedPattern_isRejected(_ pattern: String) {
        #expect(DigitPattern(pattern) == nil)
    }
}
