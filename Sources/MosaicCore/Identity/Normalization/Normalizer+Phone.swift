import Foundation

extension Normalizer {
    /// Longest raw phone accepted before parsing; real numbers with an extension and
    /// generous punctuation stay far below it.
    public static let maxRawPhoneLength = 64
    /// ITU-T E.164 §6.1: at most 15 digits including the country code.
    static let maxE164Digits = 15

    /// Phone to E.164 (`+79161234567`).
    ///
    /// Strips spaces, dots, dashes, slashes, parentheses and invisible marks; cuts an
    /// extension (`ext. 12`, `x12`, `доб. 12`, `;ext=12`, `#12`); reads `+`, `00` and the
    /// country's own international prefix (`810`, `011`, `010`) as international;
    /// otherwise reads a national number of `country` (or the default country): with
    /// its trunk prefix (`8 916…`, `0 30…`), without it, or with the calling code but
    /// no `+` (`7916…`). Digits of any script count (full-width, Arabic-Indic).
    ///
    /// - Parameter country: the record's country or locale; ignored for international
    ///   input, and when unparseable the configured default is used.
    /// - Throws: `.empty`, `.tooLong(max: 64)`, `.invalidCharacter` (letters, `+` inside),
    ///   `.tooFewDigits`, `.tooManyDigits`, `.invalidNumber`, `.placeholderNumber`,
    ///   `.unsupportedCountry`.
    public func phone(_ raw: String, country: String? = nil) throws(NormalizationError) -> String {
        func fail(_ reason: NormalizationError.Reason) -> NormalizationError {
            NormalizationError(type: .phone, reason: reason)
        }
        guard raw.utf8.count <= Self.rawByteCap(forScalars: Self.maxRawPhoneLength) else {
            throw fail(.tooLong(max: Self.maxRawPhoneLength))
        }
        let text = raw.trimmedForIdentity.compatibilityComposed.lowercased()
        guard !text.isEmpty else { throw fail(.empty) }
        guard text.unicodeScalars.count <= Self.maxRawPhoneLength else {
            throw fail(.tooLong(max: Self.maxRawPhoneLength))
        }
        let (isInternational, digits) = try Self.phoneDigits(Self.cuttingExtension(Self.cuttingTelScheme(text)))
        guard !digits.isEmpty else { throw fail(.tooFewDigits) }
        guard digits.count <= Self.maxE164Digits + 3 else { throw fail(.tooManyDigits) }
        guard !Self.isRepeatedDigit(digits) else { throw fail(.placeholderNumber) }

        if isInternational { return try Self.international(digits) }

        let region = try self.region(for: country)
        for prefix in region.internationalPrefixes + ["00"] where digits.starts(with: Self.digits(prefix)) {
            return try Self.international(Array(digits.dropFirst(prefix.count)))
        }
        return try Self.national(digits, in: region)
    }

    /// The record's country when it names one, else the default.
    private func region(for country: String?) throws(NormalizationError) -> PhoneRegion {
        let code = country.flatMap(CountryCode.init) ?? configuration.defaultCountry
        guard let region = PhoneRegion.byCountry[code.alpha2] else {
            throw NormalizationError(type: .phone, reason: .unsupportedCountry(code.alpha2))
        }
        return region
    }

    /// RFC 3966 `tel:` URIs.
    private static func cuttingTelScheme(_ text: String) -> Substring {
        text.hasPrefix("tel:") ? text.dropFirst(4) : text[...]
    }

    /// Removes an extension marker and the digits after it. What follows the marker
    /// must be 1–10 digits, or the input is rejected rather than half-read.
    private static func cuttingExtension(_ text: Substring) throws(NormalizationError) -> Substring {
        let markers = [";ext=", "ext.", "ext", "доб.", "доб", "x", "#"]
        var cut: (at: Substring.Index, end: Substring.Index)?
        for marker in markers {
            guard let range = text.range(of: marker) else { continue }
            if let current = cut, current.at <= range.lowerBound { continue }
            cut = (range.lowerBound, range.upperBound)
        }
        guard let cut else { return text }
        let ext = text[cut.end...].drop { $0 == " " || $0 == ":" || $0 == "=" || $0 == "." }
        guard (1...10).contains(ext.count), ext.unicodeScalars.allSatisfy(\.isASCIIDigit) else {
            throw NormalizationError(type: .phone, reason: .invalidCharacter)
        }
        return text[..<cut.at]
    }

    /// The digits of the main number, and whether it began with `+`.
    private static func phoneDigits(_ text: Substring) throws(NormalizationError) -> (Bool, [UInt8]) {
        var digits: [UInt8] = []
        var plus = false
        for scalar in text.unicodeScalars {
            let props = scalar.properties
            if props.numericType == .decimal, let value = props.numericValue, (0...9).contains(value) {
                digits.append(UInt8(value))
            } else if scalar == "+" && digits.isEmpty && !plus {
                plus = true
            } else if props.generalCategory == .spaceSeparator || props.generalCategory == .dashPunctuation
                || props.generalCategory == .format || "()./".unicodeScalars.contains(scalar)
            {
                continue
            } else {
                throw NormalizationError(type: .phone, reason: .invalidCharacter)
            }
            guard digits.count <= maxE164Digits + 3 else {
                throw NormalizationError(type: .phone, reason: .tooManyDigits)
            }
        }
        return (plus, digits)
    }

    /// Digits after `+` or an international prefix: calling code, then NSN.
    private static func international(_ digits: [UInt8]) throws(NormalizationError) -> String {
        func fail(_ reason: NormalizationError.Reason) -> NormalizationError {
            NormalizationError(type: .phone, reason: reason)
        }
        guard let first = digits.first, first != 0 else { throw fail(.invalidNumber) }
        guard digits.count <= maxE164Digits else { throw fail(.tooManyDigits) }
        // Calling codes are prefix-free (E.164 §6.2.1): the first known prefix is the one.
        for length in 1...3 where length < digits.count {
            let code = string(digits.prefix(length))
            guard let regions = PhoneRegion.byCallingCode[code] else { continue }
            let nsn = Array(digits.dropFirst(length))
            if isPlaceholder(nsn) { throw fail(.placeholderNumber) }
            if regions.contains(where: { $0.isValid(nsn: nsn) }) { return "+" + string(digits) }
            throw fail(lengthProblem(nsn.count, regions.map(\.lengths)))
        }
        // A country without metadata: only E.164's own length rules apply.
        guard digits.count >= 8 else { throw fail(.tooFewDigits) }
        if isPlaceholder(Array(digits.dropFirst())) { throw fail(.placeholderNumber) }
        return "+" + string(digits)
    }

    /// A national-format number of `region`: with its trunk prefix, without it, or with
    /// the calling code but no `+`, tried in that order (libphonenumber's order too).
    private static func national(_ digits: [UInt8], in region: PhoneRegion) throws(NormalizationError) -> String {
        // Countries sharing a calling code share one plan (+7 Russia/Kazakhstan, +1 NANP):
        // `8 701 …` read with Russia as the default is a Kazakh number, not an error.
        let plan = PhoneRegion.byCallingCode[region.callingCode] ?? [region]
        func isValid(_ nsn: [UInt8]) -> Bool { plan.contains { $0.isValid(nsn: nsn) } }

        var readings = [digits]
        for trunk in region.trunkPrefixes where digits.starts(with: Self.digits(trunk)) {
            let nsn = Array(digits.dropFirst(trunk.count))
            if isValid(nsn) { return try finish(region.callingCode, nsn) }
            readings.append(nsn)
        }
        if isValid(digits) { return try finish(region.callingCode, digits) }
        // The calling code written without `+` (`7 916 …`, `48 600 …`).
        let code = Self.digits(region.callingCode)
        if digits.starts(with: code) {
            let nsn = Array(digits.dropFirst(code.count))
            if isValid(nsn) { return try finish(region.callingCode, nsn) }
        }
        if readings.contains(where: isPlaceholder) {
            throw NormalizationError(type: .phone, reason: .placeholderNumber)
        }
        // The most helpful reason: a plausible length with bad digits is `invalidNumber`.
        let lengths = region.lengths
        let reason: NormalizationError.Reason =
            if readings.allSatisfy({ $0.count < lengths.lowerBound }) {
                .tooFewDigits
            } else if readings.allSatisfy({ $0.count > lengths.upperBound }) {
                .tooManyDigits
            } else {
                .invalidNumber
            }
        throw NormalizationError(type: .phone, reason: reason)
    }

    private static func finish(_ callingCode: String, _ nsn: [UInt8]) throws(NormalizationError) -> String {
        guard !isPlaceholder(nsn) else { throw NormalizationError(type: .phone, reason: .placeholderNumber) }
        return "+" + callingCode + string(nsn)
    }

    private static func lengthProblem(_ count: Int, _ lengths: [ClosedRange<Int>]) -> NormalizationError.Reason {
        if lengths.allSatisfy({ count < $0.lowerBound }) { return .tooFewDigits }
        if lengths.allSatisfy({ count > $0.upperBound }) { return .tooManyDigits }
        return .invalidNumber
    }

    /// `0000000000`, `9999999999`: what people type to get past a required field.
    static func isRepeatedDigit(_ digits: [UInt8]) -> Bool {
        digits.count >= 5 && digits.allSatisfy { $0 == digits[0] }
    }

    /// Repeated digits, or a run of at least 7 from `01234567890` (`123456789`,
    /// `1234567890`). Only that one run: `9012345678` is a real Japanese mobile.
    static func isPlaceholder(_ nsn: [UInt8]) -> Bool {
        if isRepeatedDigit(nsn) { return true }
        let run: [UInt8] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0]
        guard (7...run.count).contains(nsn.count) else { return false }
        return (0...(run.count - nsn.count)).contains { Array(run[$0..<($0 + nsn.count)]) == nsn }
    }

    private static func digits(_ text: String) -> [UInt8] {
        text.utf8.map { $0 &- 48 }
    }

    private static func string(_ digits: some Sequence<UInt8>) -> String {
        String(decoding: digits.map { $0 &+ 48 }, as: UTF8.self)
    }
}
