/// A complete response. The server adds framing (`Content-Length`, `Connection`), `Date`,
/// `X-Request-Id`, CORS and compression, so handlers only state what is theirs to state.
public struct Response: Sendable {
    public var status: Status
    public var headers: Headers
    public var body: [UInt8]

    public init(status: Status = .ok, headers: Headers = Headers(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response; the body must already be encoded JSON.
    public static func json(_ status: Status, _ body: [UInt8]) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    /// A JSON response from already-encoded JSON text.
    public static func json(_ status: Status, _ text: String) -> Response {
        json(status, Array(text.utf8))
    }

    /// A plain-text response (UTF-8).
    public static func text(_ status: Status, _ text: String) -> Response {
        Response(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    /// The one error shape of the API: `{"error":{"code":"...","message":"...","field":"..."}}`.
    /// `field` is omitted when nil. `message` must not carry PII: it is shown to callers.
    public static func error(
        _ status: Status,
        code: String,
        message: String,
        field: String? = nil,
        headers: Headers = Headers()
    ) -> Response {
        var text = "{\"error\":{\"code\":"
        JSONText.appendString(code, to: &text)
        text += ",\"message\":"
        JSONText.appendString(message, to: &text)
        if let field {
            text += ",\"field\":"
            JSONText.appendString(field, to: &text)
        }
        text += "}}"
        var response = Response.json(status, Array(text.utf8))
        for header in headers { response.headers.set(header.name, header.value) }
        return response
    }
}
