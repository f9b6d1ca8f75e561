import Dispatch
import Logging

/// The frozen routing table plus the rules every response passes through (CORS, 404/405,
/// preflight, error mapping). The server uses its pieces around the I/O; tests can call
/// `respond(to:)` in-process without sockets.
public struct Responder: Sendable {
    let root: RouteNode
    let cors: CORSConfiguration?

    /// What to do with a request once its head is known.
    enum Decision: Sendable {
        /// Run this route's handler.
        case route(RouteEntry, parameters: [String: String])
        /// Answer without a handler (404, 405, preflight), still after reading the body.
        case immediate(Response, route: String)

        /// The error a too-large body gets on this route (the route's own code, or the generic one).
        func tooLarge(_ generic: HTTPParseError) -> HTTPParseError {
            guard case .route(let entry, _) = self, let custom = entry.options.tooLargeCode,
                  generic.status == .payloadTooLarge else { return generic }
            return HTTPParseError(status: .payloadTooLarge, code: custom, message: generic.message)
        }

        var maxBodyBytes: Int? {
            if case .route(let entry, _) = self { return entry.options.maxBodyBytes }
            return nil
        }

        var routeName: String {
            switch self {
            case .route(let entry, _): return entry.pattern
            case .immediate(_, let route): return route
            }
        }
    }

    /// Routes by method and raw path segments; decided from the head alone so that the
    /// route's body limit is known before the body is read.
    func decide(method: Method, segments: [String], headers: Headers) -> Decision {
        var parameters: [String: String] = [:]
        guard let routes = root.match(segments[...], parameters: &parameters) else {
            return .immediate(
                Response.error(.notFound, code: "not_found", message: "No route for this path."), route: "<unmatched>")
        }
        if let entry = routes[method] {
            return .route(entry, parameters: parameters)
        }
        if method == .head, let entry = routes[.get] {
            return .route(entry, parameters: parameters)
        }
        let pattern = routes.values.first?.pattern ?? "<unmatched>"
        let allow = Responder.allowValue(for: routes)
        if method == .options {
            if let cors, let origin = headers["Origin"], let requested = headers["Access-Control-Request-Method"] {
                return .immediate(preflight(cors: cors, origin: origin, requested: requested, allow: allow, headers: headers),
                                  route: pattern)
            }
            return .immediate(Response(status: .noContent, headers: ["Allow": allow]), route: pattern)
        }
        return .immediate(
            Response.error(.methodNotAllowed, code: "method_not_allowed",
                           message: "Method \(method) is not allowed here.", headers: ["Allow": allow]),
            route: pattern)
    }

    private func preflight(
        cors: CORSConfiguration, origin: String, requested: String, allow: String, headers: Headers
    ) -> Response {
        guard let allowOrigin = cors.allowOriginValue(for: origin) else {
            return Response.error(.forbidden, code: "cors_origin_denied", message: "Origin is not allowed.")
        }
        var response = Response(status: .noContent)
        response.headers.add("Access-Control-Allow-Origin", allowOrigin)
        if allowOrigin != "*" { response.headers.add("Vary", "Origin") }
        response.headers.add("Access-Control-Allow-Methods", allow)
        if let allowed = cors.allowedHeaders {
            response.headers.add("Access-Control-Allow-Headers", allowed.joined(separator: ", "))
        } else if let requestedHeaders = headers["Access-Control-Request-Headers"], !requestedHeaders.isEmpty {
            response.headers.add("Access-Control-Allow-Headers", requestedHeaders)
        }
        response.headers.add("Access-Control-Max-Age", String(cors.maxAgeSeconds))
        if cors.allowCredentials { response.headers.add("Access-Control-Allow-Credentials", "true") }
        return response
    }

    /// Adds CORS headers to an actual (non-preflight) response when the request came from an
    /// allowed origin; preflight answers already carry theirs.
    func applyCORS(to response: inout Response, requestHeaders: Headers) {
        guard let cors, let origin = requestHeaders["Origin"],
              !response.headers.contains("Access-Control-Allow-Origin"),
              let allowOrigin = cors.allowOriginValue(for: origin)
        else { return }
        response.headers.add("Access-Control-Allow-Origin", allowOrigin)
        if allowOrigin != "*" { response.headers.add("Vary", "Origin") }
        if !cors.exposedHeaders.isEmpty {
            response.headers.add("Access-Control-Expose-Headers", cors.exposedHeaders.joined(separator: ", "))
        }
        if cors.allowCredentials { response.headers.add("Access-Control-Allow-Credentials", "true") }
    }

    static func allowValue(for routes: [Method: RouteEntry]) -> String {
        var methods = Set(routes.keys.map(\.rawValue))
        if methods.contains("GET") { methods.insert("HEAD") }
        methods.insert("OPTIONS")
        return methods.sorted().joined(separator: ", ")
    }

    /// Runs a blocking handler, turning thrown errors into responses.
    static func invoke(_ handler: Handler, request: Request, context: RequestContext) -> Response {
        do {
            return try handler(request, context)
        } catch {
            return errorResponse(for: error, context: context)
        }
    }

    /// `HTTPResponseError` → its own status and body; anything else → a logged 500 whose body
    /// reveals nothing about the failure. Deferred handlers use it for what they catch.
    public static func errorResponse(for error: any Error, context: RequestContext) -> Response {
        if let httpError = error as? any HTTPResponseError {
            return httpError.response
        }
        context.logger.error("handler failed", metadata: [
            "http.route": "\(context.route)",
            "error.type": "\(type(of: error))",
            "error": "\(error)",
        ])
        return Response.error(.internalServerError, code: "internal_error", message: "Internal server error.")
    }

    /// Answers a request in-process, blocking until the handler (even a deferred one) responds.
    /// For tests and tools: the server never calls it.
    public func respond(
        to request: Request,
        logger: Logger = Logger(label: "http.responder", factory: { _ in SwiftLogNoOpLogHandler() })
    ) -> Response {
        guard let target = RequestTarget(request.target) else {
            return Response.error(.badRequest, code: "bad_request", message: "Invalid request target.")
        }
        let requestID = RequestID.generate()
        var response: Response
        switch decide(method: request.method, segments: target.segments, headers: request.headers) {
        case .immediate(let immediate, _):
            response = immediate
        case .route(let entry, let parameters):
            let context = RequestContext(
                requestID: requestID, pathParameters: parameters, route: entry.pattern, logger: logger)
            switch entry.handler {
            case .blocking(let handler):
                response = Responder.invoke(handler, request: request, context: context)
            case .deferred(let handler):
                let box = ResponseBox()
                handler(request, context) { box.set($0) }
                response = box.wait()
            }
        }
        applyCORS(to: &response, requestHeaders: request.headers)
        response.headers.set("X-Request-Id", requestID)
        return response
    }
}
