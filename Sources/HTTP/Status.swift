/// An HTTP response status. Open set of codes (RFC 9110 §15) with the reason phrases the
/// server writes on the status line; handlers may build any other code with `init(code:reason:)`.
public struct Status: Hashable, Sendable, CustomStringConvertible {
    public let code: Int
    public let reason: String

    public init(code: Int, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// Builds a status for a code, using the standard reason phrase when the code is known.
    public init(code: Int) {
        self.code = code
        self.reason = Status.knownReasons[code] ?? "Status \(code)"
    }

    public var description: String { "\(code) \(reason)" }

    /// Whether a response with this status may carry content (RFC 9110 §6.4.1: 1xx, 204 and 304 never do).
    public var allowsBody: Bool { !(code < 200 || code == 204 || code == 304) }

    public static let `continue` = Status(code: 100, reason: "Continue")
    public static let ok = Status(code: 200, reason: "OK")
    public static let created = Status(code: 201, reason: "Created")
    public static let accepted = Status(code: 202, reason: "Accepted")
    public static let noContent = Status(code: 204, reason: "No Content")
    public static let movedPermanently = Status(code: 301, reason: "Moved Permanently")
    public static let found = Status(code: 302, reason: "Found")
    public static let notModified = Status(code: 304, reason: "Not Modified")
    public static let permanentRedirect = Status(code: 308, reason: "Permanent Redirect")
    public static let badRequest = Status(code: 400, reason: "Bad Request")
    public static let unauthorized = Status(code: 401, reason: "Unauthorized")
    public static let forbidden = Status(code: 403, reason: "Forbidden")
    public static let notFound = Status(code: 404, reason: "Not Found")
    public static let methodNotAllowed = Status(code: 405, reason: "Method Not Allowed")
    public static let requestTimeout = Status(code: 408, reason: "Request Timeout")
    public static let conflict = Status(code: 409, reason: "Conflict")
    public static let lengthRequired = Status(code: 411, reason: "Length Required")
    public static let payloadTooLarge = Status(code: 413, reason: "Content Too Large")
    public static let uriTooLong = Status(code: 414, reason: "URI Too Long")
    public static let unsupportedMediaType = Status(code: 415, reason: "Unsupported Media Type")
    public static let expectationFailed = Status(code: 417, reason: "Expectation Failed")
    public static let unprocessableContent = Status(code: 422, reason: "Unprocessable Content")
    public static let tooManyRequests = Status(code: 429, reason: "Too Many Requests")
    public static let requestHeaderFieldsTooLarge = Status(code: 431, reason: "Request Header Fields Too Large")
    public static let internalServerError = Status(code: 500, reason: "Internal Server Error")
    public static let notImplemented = Status(code: 501, reason: "Not Implemented")
    public static let serviceUnavailable = Status(code: 503, reason: "Service Unavailable")
    public static let httpVersionNotSupported = Status(code: 505, reason: "HTTP Version Not Supported")

    private static let knownReasons: [Int: String] = {
        let all: [Status] = [
            .continue, .ok, .created, .accepted, .noContent, .movedPermanently, .found, .notModified,
            .permanentRedirect, .badRequest, .unauthorized, .forbidden, .notFound, .methodNotAllowed,
            .requestTimeout, .conflict, .lengthRequired, .payloadTooLarge, .uriTooLong, .unsupportedMediaType,
            .expectationFailed, .unprocessableContent, .tooManyRequests, .requestHeaderFieldsTooLarge,
            .internalServerError, .notImplemented, .serviceUnavailable, .httpVersionNotSupported,
        ]
        return Dictionary(all.map { ($0.code, $0.reason) }, uniquingKeysWith: { first, _ in first })
    }()
}
