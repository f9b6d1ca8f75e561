import CLibPQ
import Foundation
import Logging

/// One libpq connection, blocking, used by one thread at a time.
///
/// `@unchecked Sendable` so a `Pool` can hand it from thread to thread; the contract is that
/// only one thread uses it at any moment (the pool's checkout guarantees that).
public final class Connection: @unchecked Sendable {
    var handle: OpaquePointer?
    let logger: Logger
    /// Depth of `withTransaction` nesting; >0 means savepoints are used.
    var transactionDepth = 0
    /// SQL text → name of the server-side prepared statement made for it on this connection.
    var preparedStatements: [String: String] = [:]
    /// Enqueued statements whose answers are unread (`enqueue(prepared:)`).
    var pipelined: [Pipelined] = []

    /// Connects with a URL (`postgresql://user@host:5432/db?host=/socket/dir`) or a
    /// key=value conninfo string (`host=/tmp dbname=app`).
    /// - Throws: `PostgresError` of kind `.connectionFailed` with libpq's reason.
    public init(_ conninfo: String, logger: Logger = Logger(label: "postgres", factory: { _ in SwiftLogNoOpLogHandler() })) throws {
        self.logger = logger
        let handle = conninfo.withCString { PQconnectdb($0) }
        guard let handle else {
            throw PostgresError(kind: .connectionFailed, operation: "connect", message: "out of memory")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.errorMessage(handle)
            PQfinish(handle)
            throw PostgresError(kind: .connectionFailed, operation: "connect", message: message)
        }
        self.handle = handle
        // Keep libpq from printing NOTICEs (e.g. "relation already exists, skipping") to stderr.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        if let style = PQparameterStatus(handle, "DateStyle").map({ String(cString: $0) }), !style.hasPrefix("ISO") {
            try execute(unsafeSQL: "SET DateStyle TO ISO")
        }
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Closes the connection now rather than at deinit; later calls throw `.connectionLost`.
    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    /// False once closed or broken; a pool discards such connections.
    public var isOpen: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// The server's process id for this session (for pg_terminate_backend in tests and ops).
    public var backendPID: Int32 { handle.map { PQbackendPID($0) } ?? 0 }

    /// True inside BEGIN … COMMIT (or after an error in one).
    public var isInTransaction: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Runs a statement and returns its rows.
    /// - Throws: `PostgresError` (server errors carry `sqlState`; bind values are redacted).
    @discardableResult
    public func query(_ query: Query) throws -> Rows {
        if hasPendingPipeline {
            // Rides with the enqueued statements: one round trip for all of them.
            try enqueue(unprepared: query)
            return try answerOfPipeline()
        }
        let handle = try readyHandle("query")
        let result = try withBinds(query.binds, operation: "query") { binds in
            query.sql.withCString { sql in
                PQexecParams(handle, sql, Int32(query.binds.count), binds.types, binds.values, binds.lengths, binds.formats, 0)
            }
        }
        return try check(result, operation: "query", binds: query.binds)
    }

    /// Runs a statement through a server-side prepared statement, prepared on this connection the
    /// first time its SQL text is seen: hot statements skip parsing and planning (which costs as
    /// much as executing a small batch insert). Bind types must be the same on every call.
    @discardableResult
    public func query(prepared query: Query) throws -> Rows {
        if hasPendingPipeline {
            try enqueue(prepared: query)
            return try answerOfPipeline()
        }
        let handle = try readyHandle("query")
        let name: String
        if let known = preparedStatements[query.sql] {
            name = known
        } else if preparedStatements.count >= Self.maxPreparedStatements {
            // Statements built from varying text would grow the cache without end: run unprepared.
            return try self.query(query)
        } else {
            name = "mosaic_\(preparedStatements.count + 1)"
            let types = query.binds.map { $0?.type.rawValue ?? 0 }
            let prepared = query.sql.withCString { sql in
                types.withUnsafeBufferPointer { PQprepare(handle, name, sql, Int32(types.count), $0.baseAddress) }
            }
            _ = try check(prepared, operation: "prepare", binds: [])
            preparedStatements[query.sql] = name
        }
        let result = try withBinds(query.binds, operation: "query") { binds in
            PQexecPrepared(handle, name, Int32(query.binds.count), binds.values, binds.lengths, binds.formats, 0)
        }
        return try check(result, operation: "query", binds: query.binds)
    }

    /// `execute` through a prepared statement (see `query(prepared:)`).
    @discardableResult
    public func execute(prepared query: Query) throws -> Int {
        try self.query(prepared: query).affectedRows
    }

    /// The most statements one connection keeps prepared.
    static let maxPreparedStatements = 256

    /// Runs a statement and returns the number of affected rows.
    @discardableResult
    public func execute(_ query: Query) throws -> Int {
        try self.query(query).affectedRows
    }

    /// Runs a script of one or more statements without binds (migrations, DDL).
    /// Several statements in one call run in one implicit transaction unless the script says otherwise.
    public func execute(unsafeSQL sql: String) throws {
        let handle = try readyHandle("execute")
        let result = sql.withCString { PQexec(handle, $0) }
        // PQexec returns only the last result; earlier ones are freed by libpq.
        _ = try check(result, operation: "execute", binds: [])
    }

    // MARK: - Internals shared by the extensions

    /// The last enqueued statement's rows; the first failure among them thrown.
    private func answerOfPipeline() throws -> Rows {
        let (answers, failure) = try settlePipeline()
        if let failure { throw failure.error }
        guard let rows = answers.last ?? nil else { throw connectionError(operation: "query") }
        return rows
    }

    /// The handle for a call that waits for its answer: enqueued statements are answered first.
    func readyHandle(_ operation: String) throws -> OpaquePointer {
        try finishPipeline()
        return try liveHandle(operation)
    }

    func liveHandle(_ operation: String) throws -> OpaquePointer {
        guard let handle else {
            throw PostgresError(kind: .connectionLost, operation: operation, message: "connection is closed")
        }
        return handle
    }

    /// The C arrays libpq takes for binds; every pointer is valid only inside `withBinds`.
    struct BindBuffers {
        var types: UnsafePointer<Oid>?
        var values: UnsafePointer<UnsafePointer<CChar>?>?
        /// Byte lengths; libpq reads them for binary values only.
        var lengths: UnsafePointer<Int32>?
        /// 0 text, 1 binary, per bind; nil when every bind is text.
        var formats: UnsafePointer<Int32>?
    }

    /// Marshals binds into one contiguous C buffer whose pointers never outlive the call.
    func withBinds<R>(_ binds: [PostgresValue?], operation: String, _ body: (BindBuffers) -> R) throws -> R {
        if binds.isEmpty { return body(BindBuffers()) }
        // One buffer for all values, copied in bulk: group commits bind arrays of hundreds of
        // JSON bodies, where a byte-at-a-time copy showed up in profiles. Text values are
        // NUL-terminated; binary ones carry their length.
        var storage: [UInt8] = []
        storage.reserveCapacity(binds.reduce(0) { $0 + ($1.map { $0.binary?.count ?? $0.text.utf8.count } ?? 0) + 1 })
        var offsets: [Int?] = []
        var types: [Oid] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        offsets.reserveCapacity(binds.count)
        types.reserveCapacity(binds.count)
        lengths.reserveCapacity(binds.count)
        formats.reserveCapacity(binds.count)
        for (position, bind) in binds.enumerated() {
            guard let bind else {
                offsets.append(nil)
                types.append(0)
                lengths.append(0)
                formats.append(0)
                continue
            }
            offsets.append(storage.count)
            types.append(bind.type.rawValue)
            if let binary = bind.binary {
                guard binary.count <= Int32.max else {
                    throw PostgresError(kind: .client, operation: operation,
                                        message: "bind $\(position + 1) is \(binary.count) bytes, over PostgreSQL's 1 GB limit")
                }
                storage.append(contentsOf: binary)
                lengths.append(Int32(binary.count))
                formats.append(1)
                continue
            }
            var text = bind.text
            let clean = text.withUTF8 { utf8 -> Bool in
                guard !utf8.contains(0) else { return false }
                storage.append(contentsOf: utf8)
                return true
            }
            guard clean else {
                throw PostgresError(
                    kind: .client, operation: operation,
                    message: "bind $\(position + 1) contains a NUL byte, which PostgreSQL text cannot hold")
            }
            storage.append(0)
            lengths.append(0)
            formats.append(0)
        }
        let anyBinary = formats.contains(1)
        return storage.withUnsafeBufferPointer { buffer in
            // Empty only when every bind is NULL, and then no offset is used.
            let base = buffer.baseAddress.map(UnsafeRawPointer.init)
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in
                offset.flatMap { offset in base.map { ($0 + offset).assumingMemoryBound(to: CChar.self) } }
            }
            return types.withUnsafeBufferPointer { typeBuffer in
                pointers.withUnsafeBufferPointer { pointerBuffer in
                    lengths.withUnsafeBufferPointer { lengthBuffer in
                        formats.withUnsafeBufferPointer { formatBuffer in
                            body(BindBuffers(types: typeBuffer.baseAddress, values: pointerBuffer.baseAddress,
                                             lengths: lengthBuffer.baseAddress,
                                             formats: anyBinary ? formatBuffer.baseAddress : nil))
                        }
                    }
                }
            }
        }
    }

    /// Turns a PGresult into Rows or a redacted `PostgresError`.
    func check(_ result: OpaquePointer?, operation: String, binds: [PostgresValue?]) throws -> Rows {
        guard let result else {
            throw connectionError(operation: operation)
        }
        let owned = Result(handle: result)
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return Rows(result: owned)
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE:
            throw serverError(result, operation: operation, binds: binds.flatMap { $0?.quotableTexts ?? [] })
        default:
            throw PostgresError(
                kind: .unexpectedResponse, operation: operation,
                message: "unexpected result status \(String(cString: PQresStatus(PQresultStatus(result))))")
        }
    }

    func serverError(_ result: OpaquePointer, operation: String, binds: [String]) -> PostgresError {
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        let broken = handle.map { PQstatus($0) != CONNECTION_OK } ?? true
        let sqlState = field(Int32(UInt8(ascii: "C"))).map(SQLState.init(rawValue:))
        let primary = field(Int32(UInt8(ascii: "M")))
            ?? PQresultErrorMessage(result).map { String(cString: $0) } ?? "unknown error"
        var error = PostgresError(
            kind: broken && sqlState == nil ? .connectionLost : .server,
            operation: operation,
            sqlState: sqlState,
            severity: field(Int32(UInt8(ascii: "V"))) ?? field(Int32(UInt8(ascii: "S"))),
            message: Redaction.message(primary.trimmingCharacters(in: .whitespacesAndNewlines), binds: binds),
            detail: field(Int32(UInt8(ascii: "D"))).map { Redaction.detail($0, binds: binds) },
            hint: field(Int32(UInt8(ascii: "H"))))
        if broken { error.kind = .connectionLost }
        error.schemaName = field(Int32(UInt8(ascii: "s")))
        error.tableName = field(Int32(UInt8(ascii: "t")))
        error.columnName = field(Int32(UInt8(ascii: "c")))
        error.constraintName = field(Int32(UInt8(ascii: "n")))
        return error
    }

    func connectionError(operation: String) -> PostgresError {
        let message = handle.map(Self.errorMessage) ?? "connection is closed"
        return PostgresError(kind: .connectionLost, operation: operation, message: message)
    }

    static func errorMessage(_ handle: OpaquePointer) -> String {
        PQerrorMessage(handle).map { String(cString: $0) }?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown libpq error"
    }
}
