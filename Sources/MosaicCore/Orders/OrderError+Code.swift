extension OrderError {
    /// Stable snake_case codes; the raw values are part of the HTTP API. Money codes
    /// (`invalid_amount`, `too_many_decimals`, ...) are the same strings as ``MoneyError/Code``.
    ///
    /// Suggested HTTP statuses at the edge: `return_exceeds_order` → 409, `not_an_order_event`
    /// is not an HTTP error (the event is simply not an order), everything else → 400 / 422.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The body is not JSON.
        public static let invalidJSON = Code(rawValue: "invalid_json")
        /// The body, or an item, is not a JSON object.
        public static let notAnObject = Code(rawValue: "not_an_object")
        /// A required field is absent, `null` or blank.
        public static let missingField = Code(rawValue: "missing_field")
        /// A field has the wrong JSON kind.
        public static let invalidType = Code(rawValue: "invalid_type")
        /// A string is longer than its limit in ``OrderLimits``.
        public static let valueTooLong = Code(rawValue: "value_too_long")
        /// `occurred_at` is not an ISO-8601 timestamp with a zone.
        public static let invalidTimestamp = Code(rawValue: "invalid_timestamp")
        /// `quantity` is not a positive integer within limits.
        public static let invalidQuantity = Code(rawValue: "invalid_quantity")
        /// More than ``OrderLimits/maxItems`` items (or identifiers).
        public static let tooManyItems = Code(rawValue: "too_many_items")
        /// `channel` is not `web`, `pos`, `app` or `phone`.
        public static let invalidChannel = Code(rawValue: "invalid_channel")
        /// `country` is not two ASCII letters (ISO 3166-1 alpha-2).
        public static let invalidCountry = Code(rawValue: "invalid_country")
        /// An `identifiers` key is not a snake_case identifier type.
        public static let invalidIdentifierType = Code(rawValue: "invalid_identifier_type")
        /// `identifiers` holds no usable value: an order must belong to someone.
        public static let missingIdentifiers = Code(rawValue: "missing_identifiers")
        /// `total` differs from items + shipping + tax − discount.
        public static let totalMismatch = Code(rawValue: "total_mismatch")
        /// A return names a `sku` the order does not contain.
        public static let unknownSKU = Code(rawValue: "unknown_sku")
        /// A return asks back more (quantity or amount) than is left to return.
        public static let returnExceedsOrder = Code(rawValue: "return_exceeds_order")
        /// A return has both `items` and `amount`, which would be two different refunds.
        public static let conflictingFields = Code(rawValue: "conflicting_fields")
        /// A tracking message that is not an `Order Completed` track call.
        public static let notAnOrderEvent = Code(rawValue: "not_an_order_event")
        /// Money problems, same strings as ``MoneyError/Code``.
        public static let invalidAmount = Code(rawValue: MoneyError.Code.invalidAmount.rawValue)
        public static let tooManyDecimals = Code(rawValue: MoneyError.Code.tooManyDecimals.rawValue)
        public static let negativeAmount = Code(rawValue: MoneyError.Code.negativeAmount.rawValue)
        public static let amountOverflow = Code(rawValue: MoneyError.Code.amountOverflow.rawValue)
        public static let invalidCurrency = Code(rawValue: MoneyError.Code.invalidCurrency.rawValue)
        public static let currencyMismatch = Code(rawValue: MoneyError.Code.currencyMismatch.rawValue)
    }
}
