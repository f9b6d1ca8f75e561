import Logging

/// Per-request state that is not part of the HTTP message: kept apart from `Request` so that
/// middleware and handlers can carry identity, routing and logging without touching the message.
public struct RequestContext: Sendable {
    /// The request id: the client's sane `X-Request-Id`, else one the server generated.
    public let requestID: String
    /// Values of `{name}` segments of the matched pattern, percent-decoded.
    public var pathParameters: [String: String]
    /// The matched route pattern (e.g. `/v1/profiles/{id}`): use it for metrics and logs,
    /// never the raw URI, which has unbounded cardinality and may contain PII.
    public var route: String
    /// The server's logger with `request.id` metadata attached: attached when asked for, since
    /// most handlers log nothing (setting it on every request cost ~1 % of `/v1/track`'s CPU).
    public var logger: Logger {
        var logger = baseLogger
        logger[metadataKey: "request.id"] = "\(requestID)"
        return logger
    }
    private let baseLogger: Logger
    private let offloader: @Sendable (@escaping @Sendable () -> Void) -> Void

    /// - Parameters:
    ///   - logger: the server's logger; ``logger`` adds `request.id` to it.
    ///   - offload: runs work where it may block; the server passes its worker pool, the default
    ///     runs it at once on the calling thread (tests, tools).
    public init(requestID: String, pathParameters: [String: String] = [:], route: String = "", logger: Logger,
                offload: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void = { $0() }) {
        self.requestID = requestID
        self.pathParameters = pathParameters
        self.route = route
        self.baseLogger = logger
        self.offloader = offload
    }

    /// Runs `work` on the server's worker pool. For an `inline` deferred handler that finds it
    /// must block after all (a cache miss that needs the database): the I/O loop must not wait.
    public func offload(_ work: @escaping @Sendable () -> Void) {
        offloader(work)
    }

    /// The path parameter `name`, if the pattern has one.
    public func parameter(_ name: String) -> String? { pathParameters[name] }
}
