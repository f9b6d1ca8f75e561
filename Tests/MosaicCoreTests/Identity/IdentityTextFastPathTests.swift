import Foundation
import Testing
@testable import MosaicCore

/// The ASCII shortcuts of identifier normalisation give exactly what the full Unicode path gives.
struct IdentityTextFastPathTests {
    /// Every printable and control ASCII character at either end, plus Unicode edges and insides.
    static let samples: [String] = {
        var samples = (0...0x7F).flatMap { code -> [String] in
            let c = String(UnicodeScalar(UInt8(code)))
            return [c, c + "ab", "ab" + c, c + "a" + c]
        }
        samples += ["", " Ana@Example.COM ", "\u{200E}ana@example.com\u{FEFF}", "ａｎａ@ｅｘａｍｐｌｅ.com",
                    "ﬁ@example.com", "\u{00A0}x\u{2003}", "e\u{301}@é.fr", "①②③", "\u{85}x\u{85}",
                    "ÀNA@EXAMPLE.COM", "İstanbul@X.TR", "ẞ@STRASSE.DE", "MiXeD.Case+Tag@Sub.Example.ORG"]
        return samples
    }()

    @Test func shortcuts_matchFoundation() {
        let edge = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{200B}\u{200C}\u{200D}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2060}\u{2066}\u{2067}\u{2068}\u{2069}\u{FEFF}"))
        for sample in Self.samples {
            #expect(sample.trimmedForIdentity == sample.trimmingCharacters(in: edge), "\(Array(sample.unicodeScalars))")
            #expect(sample.compatibilityComposed == sample.precomposedStringWithCompatibilityMapping)
            #expect(sample.canonicallyComposed == sample.precomposedStringWithCanonicalMapping)
            #expect(sample.identityLowercased == sample.lowercased())
        }
    }

    @Test func asciiScalars_areUnprintableExactlyWhenUnicodeSaysSo() {
        for code in UInt32(0)...0x7F {
            let scalar = Unicode.Scalar(code)!
            let byCategory = [.control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator]
                .contains(scalar.properties.generalCategory)
            #expect(scalar.isInvisibleOrUnprintable == byCategory, "U+\(String(code, radix: 16))")
        }
    }

    /// A bare two-character code takes the shortcut; with a leading space it takes the full parse.
    @Test func countryCodeShortcut_matchesTheFullParse() {
        for a in UInt8(0x20)...0x7E {
            for b in UInt8(0x20)...0x7E {
                let pair = String(decoding: [a, b], as: UTF8.self)
                #expect(CountryCode(pair) == CountryCode(" " + pair), "\(pair)")
            }
        }
    }
}
