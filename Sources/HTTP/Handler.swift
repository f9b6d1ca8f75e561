/// A handler that may block (e.g. on libpq): it runs on the server's worker pool unless its
/// route is `inline`. Thrown `HTTPResponseError`s become their status; anything else a 500.
public typealias Handler = @Sendable (Request, RequestContext) throws -> Response

/// A handler that answers later through `respond`, which may be called from any thread, exactly
/// once. It lets one committer thread answer many requests after one COMMIT without a thread
/// parked per request. Calls after the first are ignored.
public typealias DeferredHandler = @Sendable (Request, RequestContext, @escaping @Sendable (Response) -> Void) -> Void

/// The two shapes of handler a route can hold.
enum HandlerKind: Sendable {
    case blocking(Handler)
    case deferred(DeferredHandler)
}

/// One registered route, frozen into the responder's table.
struct RouteEntry: Sendable {
    var method: Method
    var pattern: String
    var options: RouteOptions
    var handler: HandlerKind
}
