import Foundation

/// An ISO 3166-1 alpha-2 country, used to read phone numbers written in national format.
///
/// Records carry countries in many shapes (`RU`, `ru`, `ru-RU`, `pl_PL`, `zh-Hans-CN`,
/// `en_US.UTF-8`); `init?(_:)` takes the region from any of them so the phone of a
/// Polish shop's customer is read as Polish even when the default country is another.
public struct CountryCode: Hashable, Sendable, CustomStringConvertible {
    /// Two upper-case ASCII letters.
    public let alpha2: String

    /// Parses an alpha-2 code or a locale identifier; `nil` when no region is in it
    /// (`zh-Hans`, `419`, empty, non-ASCII lookalikes).
    ///
    /// A lone two-letter string is taken as a country (`ru` → `RU`), since that is what
    /// a `country` field holds; in a locale, the first two-letter subtag after the
    /// language is the region (BCP 47 §2.2.4, POSIX `lang_REGION.charset@modifier`).
    public init?(_ text: String) {
        // The usual case, a bare code (`ru`, `US`), without Foundation's trimming and splitting.
        let utf8 = text.utf8
        if utf8.count == 2, utf8.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) {
            self.alpha2 = text.uppercased()
            return
        }
        let region = utf8.allSatisfy({ $0 < 0x80 }) ? Self.region(ascii: Array(utf8)) : Self.region(unicode: text)
        guard let region else { return nil }
        self.alpha2 = region
    }

    /// The region of an ASCII country or locale, by the rules of ``region(unicode:)`` on bytes:
    /// a locale such as `de-DE` comes with most events, and Foundation's trimming and splitting
    /// cost about 5 % of the resolver's CPU.
    static func region(ascii bytes: [UInt8]) -> String? {
        // Foundation's whitespaces and newlines, as far as ASCII has them.
        let isSpace = { (byte: UInt8) in byte == 0x20 || (0x09...0x0D).contains(byte) }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }),
              last - first < 64 else { return nil }
        let locale = bytes[first...last].split(whereSeparator: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "@") }).first ?? []
        let parts = locale.split(whereSeparator: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") })
        let candidates = parts.count == 1 ? parts : Array(parts.dropFirst())
        let isLetter = { (byte: UInt8) in (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        guard let region = candidates.first(where: { $0.count == 2 && $0.allSatisfy(isLetter) }) else { return nil }
        return String(decoding: region, as: UTF8.self).uppercased()
    }

    /// The region of any text: trimmed, `.charset` and `@modifier` dropped, split into subtags.
    static func region(unicode text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count <= 64 else { return nil }
        // POSIX: drop `.charset` and `@modifier`.
        let locale = trimmed.split(whereSeparator: { $0 == "." || $0 == "@" }).first.map(String.init) ?? ""
        let parts = locale.split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        let candidates = parts.count == 1 ? parts : Array(parts.dropFirst())
        return candidates.first(where: Self.isTwoASCIILetters)?.uppercased()
    }

    private init(unchecked alpha2: String) { self.alpha2 = alpha2 }

    private static func isTwoASCIILetters(_ part: String) -> Bool {
        part.unicodeScalars.count == 2
            && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
    }

    public var description: String { alpha2 }

    public static let ru = CountryCode(unchecked: "RU")
    public static let kz = CountryCode(unchecked: "KZ")
    public static let us = CountryCode(unchecked: "US")
    public static let ca = CountryCode(unchecked: "CA")
    public static let gb = CountryCode(unchecked: "GB")
    public static let de = CountryCode(unchecked: "DE")
    public static let fr = CountryCode(unchecked: "FR")
    public static let pl = CountryCode(unchecked: "PL")
    public static let cn = CountryCode(unchecked: "CN")
    public static let `in` = CountryCode(unchecked: "IN")
    public static let br = CountryCode(unchecked: "BR")
    public static let ua = CountryCode(unchecked: "UA")
    public static let by = CountryCode(unchecked: "BY")
    public static let it = CountryCode(unchecked: "IT")
    public static let es = CountryCode(unchecked: "ES")
    public static let nl = CountryCode(unchecked: "NL")
    public static let tr = CountryCode(unchecked: "TR")
    public static let jp = CountryCode(unchecked: "JP")
}
