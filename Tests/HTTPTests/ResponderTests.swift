import Testing
@testable import HTTP

/// In-process routing tests: no sockets, `Responder.respond(to:)` only.
struct ResponderTests {
    static let responder: Responder = {
        let router = Router(cors: CORSConfiguration(allowedOrigins: ["https://console.example"]))
        router.add(.get, "/v1/profiles/{id}") { _, context in .text(.ok, "id=\(context.parameter("id") ?? "") route=\(context.route)") }
        router.add(.get, "/v1/profiles/lookup") { request, _ in .text(.ok, "lookup \(request.query("email") ?? "-")") }
        router.add(.get, "/v1/profiles/{id}/events") { _, context in .text(.ok, "events \(context.parameter("id") ?? "")") }
        router.add(.get, "/v1/profiles/lookup/{kind}/{value}") { _, context in .text(.ok, "typed \(context.parameter("value") ?? "")") }
        router.add(.get, "/ui/{path...}") { _, context in .text(.ok, "ui \(context.parameter("path") ?? "")") }
        router.addDeferred(.post, "/later") { _, _, respond in respond(.text(.accepted, "later")) }
        return router.buildResponder()
    }()

    struct RouteCase: CustomStringConvertible, Sendable {
        var method: Method
        var target: String
        var status: Int
        var body: String
        var description: String { "\(method) \(target)" }
    }

    @Test(arguments: [
        RouteCase(method: .get, target: "/v1/profiles/abc", status: 200, body: "id=abc route=/v1/profiles/{id}"),
        RouteCase(method: .get, target: "/v1/profiles/lookup?email=a%40b.c", status: 200, body: "lookup a@b.c"),
        RouteCase(method: .get, target: "/v1/profiles/lookup/", status: 200, body: "lookup -"),
        RouteCase(method: .get, target: "/v1/profiles/a%2Fb/events", status: 200, body: "events a/b"),
        RouteCase(method: .get, target: "/v1/profiles/lookup/events", status: 200, body: "events lookup"),
        RouteCase(method: .get, target: "/v1/profiles/lookup/email/x%20y", status: 200, body: "typed x y"),
        RouteCase(method: .get, target: "/ui/app/main.js", status: 200, body: "ui app/main.js"),
        RouteCase(method: .head, target: "/v1/profiles/abc", status: 200, body: "id=abc route=/v1/profiles/{id}"),
        RouteCase(method: .post, target: "/later", status: 202, body: "later"),
        RouteCase(method: .get, target: "/v2/nothing", status: 404, body: #"{"error":{"code":"not_found","message":"No route for this path."}}"#),
        RouteCase(method: .get, target: "/v1/profiles/%ZZ", status: 400, body: #"{"error":{"code":"bad_request","message":"Invalid request target."}}"#),
    ])
    func routes_matchExactBeforeParameters(_ routeCase: RouteCase) {
        let response = Self.responder.respond(to: Request(method: routeCase.method, target: routeCase.target))
        #expect(response.status.code == routeCase.status)
        #expect(String(decoding: response.body, as: UTF8.self) == routeCase.body)
    }

    @Test func methodMismatch_is405WithAllow() {
        let response = Self.responder.respond(to: Request(method: .delete, target: "/v1/profiles/abc"))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS")
    }

    @Test func cors_onlyForAllowedOrigins() {
        let allowed = Self.responder.respond(to: Request(target: "/v1/profiles/a", headers: ["Origin": "https://console.example"]))
        #expect(allowed.headers["Access-Control-Allow-Origin"] == "https://console.example")
        #expect(allowed.headers["Vary"] == "Origin")
        let other = Self.responder.respond(to: Request(target: "/v1/profiles/a", headers: ["Origin": "https://evil.example"]))
        #expect(other.headers["Access-Control-Allow-Origin"] == nil)
        let preflight = Self.responder.respond(to: Request(method: .options, target: "/v1/profiles/a", headers: [
            "Origin": "https://evil.example", "Access-Control-Request-Method": "GET",
        ]))
        #expect(preflight.status == .forbidden)
    }

    @Test func queryItems_decodePlusAndPercent() {
        let request = Request(target: "/s?q=a+b%2Bc&flag&q=2")
        #expect(request.path == "/s")
        #expect(request.queryItems == [QueryItem("q", "a b+c"), QueryItem("flag", ""), QueryItem("q", "2")])
        #expect(request.query("q") == "a b+c")
    }

    @Test func headers_areCaseInsensitiveAndOrdered() {
        var headers: Headers = ["Set-Cookie": "a=1"]
        headers.add("set-cookie", "b=2")
        headers.add("Authorization", "Bearer secret")
        #expect(headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        headers.set("Set-Cookie", "c=3")
        #expect(headers.values(for: "set-cookie") == ["c=3"])
        #expect(!headers.description.contains("secret"))
    }

    @Test func errorResponse_escapesJSON() {
        let response = Response.error(.unprocessableContent, code: "invalid", message: "bad \"quote\"\n", field: "a\\b")
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"error":{"code":"invalid","message":"bad \"quote\"\n","field":"a\\b"}}"#)
        #expect(response.headers["Content-Type"] == "application/json")
    }
}
