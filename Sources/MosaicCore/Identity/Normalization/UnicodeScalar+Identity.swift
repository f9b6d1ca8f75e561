import Foundation

/// Character classes shared by the normalisers.
extension Unicode.Scalar {
    /// Invisible or unprintable: controls (NUL included), format characters (bidi marks,
    /// zero-width spaces, BOM), surrogates, private-use and unassigned code points.
    /// Two ids that differ only in these look identical to a person, and PostgreSQL
    /// rejects NUL in text, so they never become part of an identifier.
    var isInvisibleOrUnprintable: Bool {
        switch properties.generalCategory {
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
        let edge = CharacterSet.whitespacesAndNewlines
            .union(CharacterSet(charactersIn: "\u{200B}\u{200C}\u{200D}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2060}\u{2066}\u{2067}\u{2068}\u{2069}\u{FEFF}"))
        return trimmingCharacters(in: edge)
    }
}
