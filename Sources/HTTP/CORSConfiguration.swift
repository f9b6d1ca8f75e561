/// Cross-origin settings. Browsers running the tracking snippet post from the customer's site,
/// so CORS is on by default with `*`; restrict `allowedOrigins` for the console and REST API.
public struct CORSConfiguration: Sendable {
    /// Allowed origins, exact strings such as `https://shop.example`; `"*"` allows any.
    /// Default `["*"]`.
    public var allowedOrigins: [String]
    /// Headers allowed in preflight answers; nil (default) echoes `Access-Control-Request-Headers`.
    public var allowedHeaders: [String]?
    /// Response headers scripts may read. Default `["X-Request-Id"]`.
    public var exposedHeaders: [String]
    /// How long browsers may cache a preflight answer, in seconds. Default 600.
    public var maxAgeSeconds: Int
    /// Whether to send `Access-Control-Allow-Credentials: true` (then the origin is echoed,
    /// never `*`, per the Fetch standard). Default false.
    public var allowCredentials: Bool

    public init(
        allowedOrigins: [String] = ["*"],
        allowedHeaders: [String]? = nil,
        exposedHeaders: [String] = ["X-Request-Id"],
        maxAgeSeconds: Int = 600,
        allowCredentials: Bool = false
    ) {
        self.allowedOrigins = allowedOrigins
        self.allowedHeaders = allowedHeaders
        self.exposedHeaders = exposedHeaders
        self.maxAgeSeconds = maxAgeSeconds
        self.allowCredentials = allowCredentials
    }

    /// The value for `Access-Control-Allow-Origin` for this request origin, or nil when
    /// the origin is not allowed.
    func allowOriginValue(for origin: String) -> String? {
        if allowedOrigins.contains(origin) { return origin }
        if allowedOrigins.contains("*") { return allowCredentials ? origin : "*" }
        return nil
    }
}
