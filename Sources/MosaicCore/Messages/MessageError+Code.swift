extension MessageError {
    /// The error codes of the tracking API. An open set (struct with constants) because new
    /// checks add codes; the raw values are part of the HTTP API and must not change.
    ///
    /// Suggested HTTP statuses at the edge: `messageTooLarge` and `batchTooLarge` → 413,
    /// everything else → 400.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The body is not JSON (RFC 8259), or nests deeper than allowed.
        public static let invalidJSON = Code(rawValue: "invalid_json")
        /// The body, or a batch item, is JSON but not an object.
        public static let notAnObject = Code(rawValue: "not_an_object")
        /// A required field is absent, `null` or an empty string.
        public static let missingField = Code(rawValue: "missing_field")
        /// A field has the wrong JSON kind (e.g. `properties` is a string).
        public static let invalidType = Code(rawValue: "invalid_type")
        /// A timestamp is not an ISO-8601 string we understand.
        public static let invalidTimestamp = Code(rawValue: "invalid_timestamp")
        /// One message is over ``MessageLimits/maxMessageBytes``.
        public static let messageTooLarge = Code(rawValue: "message_too_large")
        /// A batch body is over ``MessageLimits/maxBatchBytes``.
        public static let batchTooLarge = Code(rawValue: "batch_too_large")
        /// `type` is not one of the six Spec calls.
        public static let unknownType = Code(rawValue: "unknown_type")
        /// `type` in the body contradicts the endpoint (`"type":"identify"` sent to `/v1/track`).
        public static let typeMismatch = Code(rawValue: "type_mismatch")
        /// A batch holds more than ``MessageLimits/maxBatchMessages`` items.
        public static let tooManyMessages = Code(rawValue: "too_many_messages")
        /// `batch` is an empty array.
        public static let emptyBatch = Code(rawValue: "empty_batch")
        /// A string is longer than its limit (`messageId`, ids, event names).
        public static let valueTooLong = Code(rawValue: "value_too_long")
    }
}
