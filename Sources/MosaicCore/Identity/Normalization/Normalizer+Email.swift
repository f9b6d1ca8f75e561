import Foundation

extension Normalizer {
    /// RFC 5321 §4.5.3.1: a path is at most 256 octets including the angle brackets.
    public static let maxEmailLength = 254
    /// RFC 5321 §4.5.3.1.1.
    static let maxEmailLocalPartLength = 64

    /// Email: trimmed, NFKC-folded (full-width `ａ` typed on a CJK keyboard is `a`) and
    /// lower-cased. No provider-specific folding (no Gmail dot or `+tag` removal): those
    /// rules belong to one provider and guessing them wrong merges two people.
    ///
    /// Accepts dot-atom addresses with ASCII `atext` or letters and digits of any script
    /// (RFC 6531); rejects quoted local parts, IP literals, spaces, controls, invisible
    /// characters and emoji.
    ///
    /// - Throws: `.empty`, `.tooLong(max: 254)`, `.invalidCharacter`, `.missingAtSign`,
    ///   `.multipleAtSigns`, `.invalidLocalPart`, `.invalidDomain`.
    public func email(_ raw: String) throws(NormalizationError) -> String {
        func fail(_ reason: NormalizationError.Reason) -> NormalizationError {
            NormalizationError(type: .email, reason: reason)
        }
        guard raw.utf8.count <= Self.rawByteCap(forScalars: Self.maxEmailLength) else {
            throw fail(.tooLong(max: Self.maxEmailLength))
        }
        let email = raw.trimmedForIdentity.compatibilityComposed.identityLowercased
        guard !email.isEmpty else { throw fail(.empty) }
        guard email.unicodeScalars.allSatisfy(Self.isEmailScalar) else { throw fail(.invalidCharacter) }
        guard email.utf8.count <= Self.maxEmailLength else { throw fail(.tooLong(max: Self.maxEmailLength)) }

        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { throw fail(.missingAtSign) }
        guard parts.count == 2 else { throw fail(.multipleAtSigns) }
        let local = parts[0]
        let domain = parts[1]

        guard !local.isEmpty, local.utf8.count <= Self.maxEmailLocalPartLength,
            !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else { throw fail(.invalidLocalPart) }

        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2,
            labels.allSatisfy(Self.isDomainLabel),
            let tld = labels.last, !tld.utf8.allSatisfy({ (0x30...0x39).contains($0) })
        else { throw fail(.invalidDomain) }
        return email
    }

    /// RFC 5322 §3.2.3 `atext`, the dot, `@`, and non-ASCII letters/marks/digits.
    private static func isEmailScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return asciiEmailScalars[Int(scalar.value)] }
        return scalar.isLetterMarkOrNumber
    }

    /// `isEmailScalar` for each ASCII code, looked up once per scalar instead of searched.
    private static let asciiEmailScalars: [Bool] = (0..<128).map { code in
        let scalar = Unicode.Scalar(UInt8(code))
        return scalar.isASCIILetter || scalar.isASCIIDigit || "!#$%&'*+/=?^_`{|}~.-@".unicodeScalars.contains(scalar)
    }

    /// RFC 1035 §2.3.1 as relaxed by RFC 1123 and IDNA: 1–63 bytes of letters, digits and
    /// hyphens, not starting or ending with a hyphen.
    private static func isDomainLabel(_ label: Substring) -> Bool {
        guard !label.isEmpty, label.utf8.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-") else {
            return false
        }
        return label.unicodeScalars.allSatisfy { $0 == "-" || $0.isASCIIDigit || $0.isASCIILetter || !$0.isASCII }
    }
}
