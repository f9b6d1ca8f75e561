/// The number plan of one country: enough metadata to read a national-format number
/// and to reject digit strings that cannot be a real subscriber number there.
///
/// This is a deliberately compact subset of what libphonenumber knows: calling code,
/// trunk prefixes, international dialling prefixes and a few patterns over the national
/// significant number (NSN, the digits after the calling code). Patterns are kept
/// loose on purpose: rejecting a real customer's phone is a missed merge, accepting a
/// malformed one is at worst a useless identifier.
struct PhoneRegion: Sendable {
    let country: String
    /// E.164 country calling code, without `+`.
    let callingCode: String
    /// Digits dialled before the NSN inside the country (`8` in Russia, `0` in Germany,
    /// `1` in the NANP), longest first. Empty where the plan has none (Poland, Italy, Spain).
    let trunkPrefixes: [String]
    /// The country's own international dialling prefixes (`810` in Russia, `011` in the
    /// NANP, `010` in Japan). `00` is always recognised as well.
    let internationalPrefixes: [String]
    let patterns: [DigitPattern]
    /// The patterns as written, so a test can prove that every one of them parsed.
    let patternSources: [String]

    init(_ country: String, callingCode: String, trunk: [String], international: [String] = [], patterns: [String]) {
        self.country = country
        self.callingCode = callingCode
        self.trunkPrefixes = trunk.sorted { $0.count > $1.count }
        self.internationalPrefixes = international
        self.patterns = patterns.compactMap(DigitPattern.init)
        self.patternSources = patterns
    }

    /// Shortest and longest valid NSN.
    var lengths: ClosedRange<Int> {
        let all = patterns.map(\.lengths)
        return (all.map(\.lowerBound).min() ?? 0)...(all.map(\.upperBound).max() ?? 0)
    }

    func isValid(nsn: [UInt8]) -> Bool { patterns.contains { $0.matches(nsn) } }
}
