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
