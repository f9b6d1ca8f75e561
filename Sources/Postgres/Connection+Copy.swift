import CLibPQ

extension Connection {
    /// Runs `COPY … FROM STDIN` and lets `body` stream rows into it.
    ///
    /// If `body` throws, the COPY is aborted (nothing is inserted) and the body's error rethrown.
    /// - Returns: the number of rows the server copied.
    /// - Throws: `PostgresError` for a bad row or a broken connection (values redacted).
    @discardableResult
    public func copyFrom(_ statement: Query, _ body: (CopyWriter) throws -> Void) throws -> Int {
        let handle = try readyHandle("copy")
        let start = try withBinds(statement.binds, operation: "copy") { binds in
            statement.sql.withCString {
                PQexecParams(handle, $0, Int32(statement.binds.count), binds.types, binds.values, binds.lengths, binds.formats, 0)
            }
        }
        guard let start else { throw connectionError(operation: "copy") }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            _ = try check(start, operation: "copy", binds: statement.binds)
            throw PostgresError(kind: .client, operation: "copy", message: "statement is not COPY … FROM STDIN")
        }
        PQclear(start)
        let writer = CopyWriter(connection: self)
        var bodyError: (any Error)?
        do {
            try body(writer)
            try writer.flush()
        } catch {
            bodyError = error
        }
        let endStatus: Int32
        if bodyError != nil {
            endStatus = PQputCopyEnd(handle, "aborted by client")
        } else {
            endStatus = PQputCopyEnd(handle, nil)
        }
        // Drain every result so the connection is ready for the next statement.
        var failure: (any Error)? = endStatus == 1 ? nil : connectionError(operation: "copy")
        var copied = 0
        while let result = PQgetResult(handle) {
            if failure == nil {
                do { copied = try check(result, operation: "copy", binds: []).affectedRows } catch { failure = error }
            } else {
                PQclear(result)
            }
        }
        if let bodyError { throw bodyError }
        if let failure { throw failure }
        return copied
    }
}
