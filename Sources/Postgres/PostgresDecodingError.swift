/// A column could not be read as the requested Swift type. Names the column and the type,
/// never the value (it may be personal data).
public struct PostgresDecodingError: Error, Sendable, CustomStringConvertible, Equatable {
    public struct Reason: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }
        /// SQL NULL read as a non-optional type.
        public static let unexpectedNull = Reason(name: "unexpected NULL")
        /// The text is not a valid value of the requested type.
        public static let invalidValue = Reason(name: "invalid value")
        /// No column has that name or index.
        public static let noSuchColumn = Reason(name: "no such column")
    }

    public var column: String
    public var columnIndex: Int?
    public var targetType: String
    public var reason: Reason

    public init(column: String, columnIndex: Int?, targetType: String, reason: Reason) {
        self.column = column
        self.columnIndex = columnIndex
        self.targetType = targetType
        self.reason = reason
    }

    public var description: String {
        "cannot decode column \"\(column)\" as \(targetType): \(reason)"
    }
}
