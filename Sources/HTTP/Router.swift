/// Collects routes, then freezes them into a `Responder` (a mutable builder that becomes an
/// immutable, `Sendable` runtime value). Not thread-safe: build it on one thread at startup.
public final class Router {
    private var root = RouteNode()
    private let cors: CORSConfiguration?

    /// - Parameter cors: cross-origin settings; nil turns CORS handling off entirely.
    public init(cors: CORSConfiguration? = CORSConfiguration()) {
        self.cors = cors
    }

    /// Registers a handler that may block. Patterns are `/`-separated; `{name}` captures one
    /// segment, a final `{name...}` captures the rest. Registering the same method and pattern
    /// twice is a programming error and traps at startup.
    public func add(_ method: Method, _ pattern: String, options: RouteOptions = .init(), _ handler: @escaping Handler) {
        insert(RouteEntry(method: method, pattern: pattern, options: options, handler: .blocking(handler)))
    }

    /// Registers a handler that answers through a callback, possibly later and from another thread.
    public func addDeferred(
        _ method: Method,
        _ pattern: String,
        options: RouteOptions = .init(),
        _ handler: @escaping DeferredHandler
    ) {
        insert(RouteEntry(method: method, pattern: pattern, options: options, handler: .deferred(handler)))
    }

    /// Freezes the routes registered so far; later `add` calls do not affect the result.
    public func buildResponder() -> Responder {
        Responder(root: root, cors: cors)
    }

    private func insert(_ entry: RouteEntry) {
        precondition(entry.pattern.hasPrefix("/"), "route pattern must start with '/': \(entry.pattern)")
        let segments = RouteNode.segments(of: entry.pattern)
        let inserted = root.insert(entry, at: segments[...])
        precondition(inserted, "route registered twice: \(entry.method) \(entry.pattern)")
    }
}
