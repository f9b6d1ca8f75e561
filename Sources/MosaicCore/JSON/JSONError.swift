/// Why a document is not acceptable JSON, and where: the byte offset from the start of the
/// input. Never contains the input's text (documents carry PII).
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable machine-readable reason. An open set of constants, as new checks may be added.
    public struct Reason: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let empty = Reason(rawValue: "empty input")
        public static let unexpectedEnd = Reason(rawValue: "unexpected end of input")
        public static let unexpectedCharacter = Reason(rawValue: "unexpected character")
        public static let trailingData = Reason(rawValue: "unexpected data after the value")
        public static let trailingComma = Reason(rawValue: "trailing comma")
        public static let expectedKey = Reason(rawValue: "expected a string key")
        public static let expectedColon = Reason(rawValue: "expected ':' after key")
        public static let expectedCommaOrEnd = Reason(rawValue: "expected ',' or closing bracket")
        public static let invalidLiteral = Reason(rawValue: "invalid literal")
        public static let invalidNumber = Reason(rawValue: "invalid number")
        public static let numberOutOfRange = Reason(rawValue: "number out of range")
        public static let invalidEscape = Reason(rawValue: "invalid escape sequence")
        public static let controlCharacter = Reason(rawValue: "unescaped control character in string")
        public static let invalidUTF8 = Reason(rawValue: "invalid UTF-8")
        public static let tooDeep = Reason(rawValue: "nesting too deep")
        public static let tooLarge = Reason(rawValue: "document too large")
    }

    /// Byte offset into the input where the problem was detected.
    public let offset: Int
    public let reason: Reason

    public init(offset: Int, reason: Reason) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(reason) at byte \(offset)" }
}
