/// The rows of one statement's result, random access and cheap to pass around.
public struct Rows: RandomAccessCollection, Sendable {
    let result: Result?

    init(result: Result?) { self.result = result }

    public var startIndex: Int { 0 }
    public var endIndex: Int { result?.rowCount ?? 0 }

    public subscript(position: Int) -> Row {
        // A bad index is a programming error (chosen by code, not input), like Array's.
        guard let result, indices.contains(position) else { preconditionFailure("row index out of range") }
        return Row(result: result, index: position)
    }

    /// The number of rows an INSERT/UPDATE/DELETE/COPY touched (PQcmdTuples).
    public var affectedRows: Int { result?.affectedRows ?? 0 }

    public var columnNames: [String] { result?.columnNames ?? [] }
}
