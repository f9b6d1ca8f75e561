/// An error that knows its HTTP meaning. Handlers throw these to answer with a status and the
/// standard JSON error body; any other thrown error becomes a logged 500 (never a crash).
public protocol HTTPResponseError: Error {
    var status: Status { get }
    /// A stable, machine-readable code such as `"invalid_json"`.
    var code: String { get }
    /// A human-readable explanation, shown to the client: never include PII.
    var message: String { get }
    /// The request field at fault, if any.
    var field: String? { get }
    /// Extra headers for the error response, e.g. `Retry-After` or `Allow`.
    var headers: Headers { get }
}

extension HTTPResponseError {
    public var field: String? { nil }
    public var headers: Headers { Headers() }

    /// The response this error stands for.
    public var response: Response {
        Response.error(status, code: code, message: message, field: field, headers: headers)
    }
}

/// A ready-made `HTTPResponseError` for handlers that need no error type of their own.
public struct HTTPError: HTTPResponseError, Equatable, CustomStringConvertible {
    public var status: Status
    public var code: String
    public var message: String
    public var field: String?
    public var headers: Headers { extraHeaders }
    private var extraHeaders: Headers

    public init(_ status: Status, code: String, message: String, field: String? = nil, headers: Headers = Headers()) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.extraHeaders = headers
    }

    public var description: String { "HTTPError(\(status.code) \(code): \(message))" }

    public static func == (lhs: HTTPError, rhs: HTTPError) -> Bool {
        lhs.status == rhs.status && lhs.code == rhs.code && lhs.message == rhs.message && lhs.field == rhs.field
    }
}
