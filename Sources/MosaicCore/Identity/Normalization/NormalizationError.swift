/// Why a raw value is not a usable identifier.
///
/// Invalid values are not identifiers: matching on a half-parsed phone or a
/// mistyped email is how two people end up in one profile. The error names the kind
/// and the reason but never the value, so it can go into logs and API error bodies.
public struct NormalizationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let type: IdentifierType
    public let reason: Reason

    public init(type: IdentifierType, reason: Reason) {
        self.type = type
        self.reason = reason
    }

    public enum Reason: Sendable, Equatable {
        /// Nothing left after trimming.
        case empty
        /// Longer than the limit for this kind (in Unicode scalars; UTF-8 bytes for email).
        case tooLong(max: Int)
        /// A control, invisible-format, emoji or otherwise disallowed character.
        case invalidCharacter
        /// Email without exactly one `@`.
        case missingAtSign
        case multipleAtSigns
        /// Email local part empty, over 64 bytes, or with a leading, trailing or double dot.
        case invalidLocalPart
        /// Email domain without a dot, with an empty or malformed label, or a numeric TLD.
        case invalidDomain
        /// Phone with fewer digits than any valid number of its country.
        case tooFewDigits
        /// Phone with more digits than any valid number of its country (or than E.164's 15).
        case tooManyDigits
        /// Phone whose digits have a plausible length but match no number plan of its country.
        case invalidNumber
        /// Phone made of one repeated digit or an ascending run (`0000000000`, `123456789`).
        case placeholderNumber
        /// A national-format phone for a country without number-plan metadata.
        case unsupportedCountry(String)
        /// `external_id` without `namespace:` or with an empty namespace.
        case missingNamespace
        /// `external_id` namespace with characters outside `[a-z0-9_.-]` or over 64.
        case invalidNamespace
    }

    public var description: String { "cannot normalise \(type.rawValue): \(reason)" }
}
