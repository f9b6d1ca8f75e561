import Foundation

/// Character classes shared by the normalisers.
extension Unicode.Scalar {
    /// Invisible or unprintable: controls (NUL included), format characters (bidi marks,
    /// zero-width spaces, BOM), surrogates, private-use and unassigned code points.
    /// Two ids that differ only in these look identical to a person, and PostgreSQL
    /// rejects NUL in text, so they never become part of an identifier.
    var isInvisibleOrUnprintable: Bool {
        // In ASCII only the controls are (category Cc: below 0x20 and DEL); no Unicode lookup.
        if isASCII { return value < 0x20 || value == 0x7F }
        return switch properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
            .lineSeparator, .paragraphSeparator:
            true
        default: false
        }
    }

    /// Letters, combining marks and digits of any script: what internationalised email
    /// addresses (RFC 6531) are made of beyond ASCII.
    var isLetterMarkOrNumber: Bool {
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            true
        default: false
        }
    }

    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}

extension String {
    /// Trims whitespace and, at the ends only, invisible format characters (bidi marks and
    /// BOMs that copy-paste from right-to-left interfaces leaves around values).
    var trimmedForIdentity: String {
        // Every character trimmed here is a control, a space or non-ASCII: a value that starts
        // and ends with printable ASCII (nearly all of them) has nothing to trim.
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return self
        }
        return trimmingCharacters(in: Self.identityEdge)
    }

    private static let identityEdge = CharacterSet.whitespacesAndNewlines
        .union(CharacterSet(charactersIn: "\u{200B}\u{200C}\u{200D}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2060}\u{2066}\u{2067}\u{2068}\u{2069}\u{FEFF}"))

    /// NFKC (full-width forms, ligatures and compatibility digits folded). ASCII text is its own
    /// NFKC, and skipping ICU for it is most of the cost of normalising an identifier.
    var compatibilityComposed: String {
        isASCIIOnly ? self : precomposedStringWithCompatibilityMapping
    }

    /// Every byte is ASCII: the identity text transforms below are then byte-level or no-ops.
    private var isASCIIOnly: Bool { utf8.allSatisfy { $0 < 0x80 } }

    /// Unicode lowercase; ASCII text maps byte by byte (`lowercased()` takes the Unicode path
    /// and allocates for every value).
    var identityLowercased: String {
        guard isASCIIOnly else { return lowercased() }
        guard utf8.contains(where: { (0x41...0x5A).contains($0) }) else { return self }
        return String(decoding: utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// NFC; ASCII text is its own NFC.
    var canonicallyComposed: String {
        isASCIIOnly ? self : precomposedStringWithCanonicalMapping
    }
}
