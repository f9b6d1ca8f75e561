/// An error reported by the server or by libpq.
///
/// `message` and `detail` are redacted at construction (see `Redaction`): bind values, key
/// values in constraint details and quoted input values never reach `description` or logs,
/// because a CDP's data is personal data. The structural fields (constraint, table, column)
/// stay, so callers can still decide what went wrong.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; decides whether a pool may reuse the connection.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }
        /// The server rejected a statement; the connection is still usable.
        public static let server = Kind(name: "server")
        /// No connection could be established.
        public static let connectionFailed = Kind(name: "connection failed")
        /// The connection broke while in use; it must be discarded.
        public static let connectionLost = Kind(name: "connection lost")
        /// The client refused the request before sending it (bad bind, bad state).
        public static let client = Kind(name: "client")
        /// The server answered something this wrapper did not expect.
        public static let unexpectedResponse = Kind(name: "unexpected response")
    }

    public var kind: Kind
    /// What the wrapper was doing ("connect", "query", "copy", "listen", ...).
    public var operation: String
    public var sqlState: SQLState?
    public var severity: String?
    /// Primary message, redacted.
    public var message: String
    /// Detail, redacted.
    public var detail: String?
    public var hint: String?
    public var schemaName: String?
    public var tableName: String?
    public var columnName: String?
    public var constraintName: String?

    public init(
        kind: Kind, operation: String, sqlState: SQLState? = nil, severity: String? = nil,
        message: String, detail: String? = nil, hint: String? = nil
    ) {
        self.kind = kind
        self.operation = operation
        self.sqlState = sqlState
        self.severity = severity
        self.message = message
        self.detail = detail
        self.hint = hint
    }

    /// True when the connection that raised this error cannot be used again: failed to connect,
    /// lost mid-query, SQLSTATE class 08, or the server shutting down (57P01–57P03).
    public var isConnectionError: Bool {
        if kind == .connectionFailed || kind == .connectionLost { return true }
        guard let sqlState else { return false }
        return sqlState.errorClass == "08" || sqlState == .adminShutdown
            || sqlState == .crashShutdown || sqlState == .cannotConnectNow
    }

    public var description: String {
        var text = "PostgresError(\(kind), \(operation)"
        if let sqlState { text += ", \(sqlState)" }
        text += "): \(message)"
        if let detail, !detail.isEmpty { text += " — \(detail)" }
        if let hint, !hint.isEmpty { text += " (hint: \(hint))" }
        return text
    }
}

extension Error {
    /// True when this error means the database connection is gone or could not be made,
    /// whatever wrapper it travels in; pools and retry loops use it to decide to reconnect.
    public var isConnectionError: Bool {
        if let error = self as? PostgresError { return error.isConnectionError }
        if let error = self as? TransactionError { return error.underlying.isConnectionError }
        return false
    }
}
