import Foundation

extension Normalizer {
    /// Hard cap on raw input checked before any Unicode work, so a 10 MB "id" costs
    /// nothing; generous enough (4 bytes per scalar) never to reject a value that
    /// would pass the real limit.
    static func rawByteCap(forScalars limit: Int) -> Int {
        let (cap, overflow) = limit.multipliedReportingOverflow(by: 4)
        return overflow ? Int.max : cap &+ 64
    }

    /// Opaque ids (`user_id`, `anonymous_id`, `device_id`, custom kinds): trimmed and put
    /// in Unicode NFC, nothing else. NFC because Swift compares strings by canonical
    /// equivalence while PostgreSQL compares bytes: without it the two would disagree
    /// on whether `é` and `e\u{301}` are the same id.
    ///
    /// - Throws: `.empty`, `.tooLong(max:)`, `.invalidCharacter` (controls, NUL,
    ///   invisible format characters inside the value).
    public func opaqueID(_ raw: String, type: IdentifierType = .userID) throws(NormalizationError) -> String {
        let limit = configuration.maxIDLength
        guard raw.utf8.count <= Self.rawByteCap(forScalars: limit) else {
            throw NormalizationError(type: type, reason: .tooLong(max: limit))
        }
        let value = raw.trimmedForIdentity.canonicallyComposed
        guard !value.isEmpty else { throw NormalizationError(type: type, reason: .empty) }
        guard !value.unicodeScalars.contains(where: \.isInvisibleOrUnprintable) else {
            throw NormalizationError(type: type, reason: .invalidCharacter)
        }
        guard value.unicodeScalars.count <= limit else {
            throw NormalizationError(type: type, reason: .tooLong(max: limit))
        }
        return value
    }

    /// Loyalty cards: spaces and dashes stripped, upper-cased, ASCII letters and digits
    /// only (after folding full-width forms), as printed under a barcode.
    ///
    /// - Throws: `.empty`, `.tooLong(max:)`, `.invalidCharacter`.
    public func loyaltyCard(_ raw: String) throws(NormalizationError) -> String {
        let limit = configuration.maxCardLength
        guard raw.utf8.count <= Self.rawByteCap(forScalars: limit) else {
            throw NormalizationError(type: .loyaltyCard, reason: .tooLong(max: limit))
        }
        let folded = raw.trimmedForIdentity.compatibilityComposed
        var card = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            if scalar.properties.generalCategory == .spaceSeparator
                || scalar.properties.generalCategory == .dashPunctuation
            {
                continue
            }
            guard scalar.isASCIIDigit || scalar.isASCIILetter else {
                throw NormalizationError(type: .loyaltyCard, reason: .invalidCharacter)
            }
            card.append(scalar)
        }
        guard !card.isEmpty else { throw NormalizationError(type: .loyaltyCard, reason: .empty) }
        guard card.count <= limit else {
            throw NormalizationError(type: .loyaltyCard, reason: .tooLong(max: limit))
        }
        return String(card).uppercased()
    }

    /// `external_id` is `namespace:value` (`shop:1234`): the namespace names the source
    /// system and is lower-cased (`[a-z0-9_.-]`, ≤ 64); the value is an opaque id. Without
    /// the namespace, `1234` from the shop and `1234` from the CRM would be one person.
    ///
    /// - Throws: `.missingNamespace`, `.invalidNamespace`, and the opaque-id errors for
    ///   the value (`.empty` when nothing follows the colon).
    public func externalID(_ raw: String) throws(NormalizationError) -> String {
        guard let colon = raw.firstIndex(of: ":") else {
            throw NormalizationError(type: .externalID, reason: .missingNamespace)
        }
        let namespace = String(raw[..<colon]).trimmedForIdentity.lowercased()
        guard !namespace.isEmpty else {
            throw NormalizationError(type: .externalID, reason: .missingNamespace)
        }
        guard namespace.unicodeScalars.count <= 64, namespace.unicodeScalars.allSatisfy(Self.isNamespaceScalar) else {
            throw NormalizationError(type: .externalID, reason: .invalidNamespace)
        }
        let value = try opaqueID(String(raw[raw.index(after: colon)...]), type: .externalID)
        return namespace + ":" + value
    }

    private static func isNamespaceScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCIIDigit || ("a"..."z").contains(scalar) || scalar == "_" || scalar == "." || scalar == "-"
    }
}
