import HTTP
import MosaicCore

/// An error a route answers with: status, stable machine code, human message, and the field at
/// fault. Rendered as `{"error":{"code":...,"message":...,"field":...}}` by the HTTP layer.
struct APIError: HTTPResponseError {
    var status: Status
    var code: String
    var message: String
    var field: String?
    var headers: Headers = Headers()

    static func unauthorized(_ message: String, bearer: Bool = false) -> APIError {
        var headers = Headers()
        headers.add("WWW-Authenticate", bearer ? "Bearer realm=\"mosaic\"" : "Basic realm=\"mosaic\"")
        return APIError(status: .unauthorized, code: "unauthorized", message: message, field: nil, headers: headers)
    }

    static func forbidden(missing scope: Scope) -> APIError {
        APIError(status: .forbidden, code: "missing_scope",
                 message: "this key lacks the scope \(scope.rawValue)", field: nil)
    }

    static func badRequest(_ code: String, _ message: String, field: String? = nil) -> APIError {
        APIError(status: .badRequest, code: code, message: message, field: field)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: message, field: nil)
    }

    static func unavailable(_ message: String, retryAfterSeconds: Int) -> APIError {
        var headers = Headers()
        headers.add("Retry-After", String(retryAfterSeconds))
        return APIError(status: .serviceUnavailable, code: "unavailable", message: message, field: nil, headers: headers)
    }
}

extension APIError {
    /// A body or message the tracking parser refused: 413 for sizes, 400 for the rest.
    init(_ error: MessageError) {
        let tooLarge: Set<MessageError.Code> = [.messageTooLarge, .batchTooLarge]
        self.init(status: tooLarge.contains(error.code) ? .payloadTooLarge : .badRequest,
                  code: error.code.rawValue, message: error.message, field: error.field)
    }
}
