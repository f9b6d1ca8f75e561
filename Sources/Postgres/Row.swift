/// One row of a result; decode columns by index or name into Swift types.
public struct Row: Sendable {
    let result: Result
    public let index: Int

    public var columnCount: Int { result.columnNames.count }
    public var columnNames: [String] { result.columnNames }

    /// Decodes a column; NULL decodes only into an Optional.
    /// - Throws: `PostgresDecodingError` naming the column for NULL-as-non-optional,
    ///   an unparsable value or a bad index.
    public func decode<T: PostgresDecodable>(_ column: Int, as type: T.Type = T.self) throws -> T {
        guard column >= 0, column < result.columnNames.count else {
            throw PostgresDecodingError(
                column: "#\(column)", columnIndex: column, targetType: "\(T.self)", reason: .noSuchColumn)
        }
        if result.isNull(row: index, column: column) {
            if let null = T.postgresNull { return null }
            throw error(column, T.self, .unexpectedNull)
        }
        let columnType = result.type(of: column)
        let value = result.withValue(row: index, column: column) { T.decode(postgresText: $0, type: columnType) }
        guard let value else { throw error(column, T.self, .invalidValue) }
        return value
    }

    /// Decodes a column by its name (exact, case-sensitive, as the server reports it).
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let position = result.index(of: column) else {
            throw PostgresDecodingError(column: column, columnIndex: nil, targetType: "\(T.self)", reason: .noSuchColumn)
        }
        return try decode(position, as: type)
    }

    public func isNull(_ column: Int) -> Bool {
        column >= 0 && column < columnCount && result.isNull(row: index, column: column)
    }

    private func error<T>(_ column: Int, _: T.Type, _ reason: PostgresDecodingError.Reason) -> PostgresDecodingError {
        PostgresDecodingError(
            column: result.columnNames[column], columnIndex: column, targetType: "\(T.self)", reason: reason)
    }
}
