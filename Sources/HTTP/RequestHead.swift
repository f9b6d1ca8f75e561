/// The request line and header fields of one request, validated, with the framing and
/// connection semantics derived from them (RFC 9112 §6, §9).
struct RequestHead: Sendable {
    enum Framing: Equatable, Sendable {
        case none
        case length(Int)
        case chunked
    }

    var method: Method
    var target: String
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    var minorVersion: Int
    var headers: Headers
    var framing: Framing
    /// Whether the connection may stay open after this exchange, as far as the client is concerned.
    var keepAlive: Bool
    /// `Expect: 100-continue` on HTTP/1.1 (RFC 9110 §10.1.1).
    var expectsContinue: Bool

    var version: String { minorVersion == 0 ? "HTTP/1.0" : "HTTP/1.1" }
}
