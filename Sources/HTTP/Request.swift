/// A complete HTTP request as handlers see it: the body is already de-chunked and
/// decompressed, the target already split into a decoded path and query items.
public struct Request: Sendable {
    public var method: Method
    /// The raw request-target as received (RFC 9112 §3.2), e.g. `/v1/profiles/a%20b?x=1`.
    public var target: String
    /// The percent-decoded path without the query.
    public var path: String
    /// Percent-decoded query items in order, `+` read as a space (HTML form encoding).
    public var queryItems: [QueryItem]
    public var headers: Headers
    /// Trailer fields of a chunked body (RFC 9112 §7.1.2); kept apart from `headers` on purpose,
    /// since trailers must not silently override header semantics.
    public var trailers: Headers
    public var body: [UInt8]
    /// The peer's IP address (no port), for logs and rate limits.
    public var remoteAddress: String
    /// The protocol version of the request line, `"HTTP/1.1"` or `"HTTP/1.0"`.
    public var version: String

    /// Builds a request from a raw target; used by the server and by in-process tests.
    /// A target that is not valid percent-encoding keeps its raw text as the path.
    public init(
        method: Method = .get,
        target: String = "/",
        headers: Headers = Headers(),
        body: [UInt8] = [],
        remoteAddress: String = "127.0.0.1",
        version: String = "HTTP/1.1"
    ) {
        self.method = method
        self.target = target
        self.headers = headers
        self.trailers = Headers()
        self.body = body
        self.remoteAddress = remoteAddress
        self.version = version
        if let parsed = RequestTarget(target) {
            self.path = parsed.path
            self.queryItems = parsed.queryItems
        } else {
            self.path = target
            self.queryItems = []
        }
    }

    /// The first value of the query parameter `name`.
    public func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }
}

extension Request {
    /// The server's path: the target was already split and decoded while routing.
    init(method: Method, parsedTarget: RequestTarget, rawTarget: String, headers: Headers, body: [UInt8],
         remoteAddress: String, version: String) {
        self.method = method
        self.target = rawTarget
        self.path = parsedTarget.path
        self.queryItems = parsedTarget.queryItems
        self.headers = headers
        self.trailers = Headers()
        self.body = body
        self.remoteAddress = remoteAddress
        self.version = version
    }
}
