import CLibPQ

/// Sole owner of a `PGresult*`; cleared in deinit.
///
/// A PGresult is read-only after creation and libpq documents it as safe to share between
/// threads, hence `@unchecked Sendable`.
final class Result: @unchecked Sendable {
    let handle: OpaquePointer
    let rowCount: Int
    let columnNames: [String]
    private let columnTypes: [PostgresType]
    private let columnIndex: [String: Int]

    init(handle: OpaquePointer) {
        self.handle = handle
        rowCount = Int(PQntuples(handle))
        let columns = Int(PQnfields(handle))
        var names: [String] = []
        var types: [PostgresType] = []
        var index: [String: Int] = [:]
        names.reserveCapacity(columns)
        for column in 0..<columns {
            let name = PQfname(handle, Int32(column)).map { String(cString: $0) } ?? ""
            names.append(name)
            types.append(PostgresType(rawValue: PQftype(handle, Int32(column))))
            if index[name] == nil { index[name] = column }
        }
        columnNames = names
        columnTypes = types
        columnIndex = index
    }

    deinit { PQclear(handle) }

    var affectedRows: Int {
        guard let text = PQcmdTuples(handle) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    var commandStatus: String {
        PQcmdStatus(handle).map { String(cString: $0) } ?? ""
    }

    func index(of column: String) -> Int? { columnIndex[column] }

    func type(of column: Int) -> PostgresType { columnTypes[column] }

    func isNull(row: Int, column: Int) -> Bool {
        PQgetisnull(handle, Int32(row), Int32(column)) == 1
    }

    /// Calls `body` with the value's bytes; the buffer lives as long as the result.
    func withValue<T>(row: Int, column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        guard let pointer = PQgetvalue(handle, Int32(row), Int32(column)) else {
            return body(UnsafeBufferPointer(start: nil, count: 0))
        }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            body(UnsafeBufferPointer(start: $0, count: length))
        }
    }
}
