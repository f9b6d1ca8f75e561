/// A request the server refuses at the protocol level. Each carries the status the client gets
/// and a stable code; after any of them the connection is closed, since framing is no longer
/// trustworthy (RFC 9112 §6.3, §11.2 on request smuggling).
struct HTTPParseError: Error, Equatable, CustomStringConvertible {
    var status: Status
    var code: String
    var message: String

    var description: String { "\(status.code) \(code): \(message)" }

    static func badRequest(_ message: String) -> HTTPParseError {
        HTTPParseError(status: .badRequest, code: "bad_request", message: message)
    }

    static let uriTooLong = HTTPParseError(
        status: .uriTooLong, code: "uri_too_long", message: "The request line is too long.")
    static let headersTooLarge = HTTPParseError(
        status: .requestHeaderFieldsTooLarge, code: "headers_too_large", message: "The request headers are too large.")
    static let bodyTooLarge = HTTPParseError(
        status: .payloadTooLarge, code: "payload_too_large", message: "The request body is too large.")
    static let unsupportedTransferEncoding = HTTPParseError(
        status: .notImplemented, code: "unsupported_transfer_encoding",
        message: "Only the chunked transfer coding is supported.")
    static let unsupportedVersion = HTTPParseError(
        status: .httpVersionNotSupported, code: "http_version_not_supported", message: "Only HTTP/1.0 and HTTP/1.1 are supported.")
    static let expectationFailed = HTTPParseError(
        status: .expectationFailed, code: "expectation_failed", message: "Only 'Expect: 100-continue' is supported.")
}
