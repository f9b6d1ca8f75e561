/// Turns raw identifier values from messages, REST calls and imports into the one
/// canonical form that identity matching compares.
///
/// Matching is exact on normalised values, so every path into the identity graph goes
/// through here: `8 916 123-45-67` and `+7 (916) 1234567` must become the same phone,
/// and garbage must become an error rather than a value that could match someone else.
/// Pure and `Sendable`: build one from configuration and share it.
public struct Normalizer: Sendable {
    /// Normalisation settings.
    public struct Configuration: Sendable {
        /// Country used to read national-format phones when the record carries none.
        /// Deliberately without a default: guessing it wrong turns every national number
        /// into a different, real subscriber's number.
        public var defaultCountry: CountryCode
        /// Longest opaque id (`user_id`, `anonymous_id`, `device_id`, custom kinds and
        /// the value part of `external_id`), in Unicode scalars. Default 256.
        public var maxIDLength: Int
        /// Longest loyalty card number after stripping separators. Default 64.
        public var maxCardLength: Int

        public init(defaultCountry: CountryCode, maxIDLength: Int = 256, maxCardLength: Int = 64) {
            self.defaultCountry = defaultCountry
            self.maxIDLength = max(1, maxIDLength)
            self.maxCardLength = max(1, maxCardLength)
        }
    }

    public let configuration: Configuration

    public init(configuration: Configuration) { self.configuration = configuration }

    public init(defaultCountry: CountryCode) {
        self.init(configuration: Configuration(defaultCountry: defaultCountry))
    }

    /// Normalises one raw value of any kind.
    ///
    /// - Parameters:
    ///   - type: the identifier kind; kinds without special rules are opaque ids.
    ///   - value: the raw value as received.
    ///   - country: the record's country or locale (`PL`, `pl_PL`), used only for
    ///     national-format phones; `nil` or unparseable means the configured default.
    /// - Throws: `NormalizationError` saying why the value is not an identifier.
    public func normalize(
        _ type: IdentifierType, _ value: String, country: String? = nil
    ) throws(NormalizationError) -> Identifier {
        let normalised: String =
            switch type {
            case .email: try email(value)
            case .phone: try phone(value, country: country)
            case .loyaltyCard: try loyaltyCard(value)
            case .externalID: try externalID(value)
            default: try opaqueID(value, type: type)
            }
        return Identifier(type: type, value: normalised)
    }
}
