import Dispatch
import HTTP

/// The routes every live-socket test serves, each exercising one handler shape.
enum TestRoutes {
    struct Conflict: HTTPResponseError {
        var status: Status { .conflict }
        var code: String { "already_exists" }
        var message: String { "It already exists." }
        var field: String? { "id" }
    }

    struct Unexpected: Error {}

    static let bigJSON: String = "[" + (0..<200).map { "{\"n\":\($0),\"name\":\"item\"}" }.joined(separator: ",") + "]"

    static func router(cors: CORSConfiguration? = CORSConfiguration()) -> Router {
        let router = Router(cors: cors)
        router.add(.get, "/hello") { _, _ in .text(.ok, "hello") }
        router.add(.get, "/fast", options: RouteOptions(inline: true)) { _, _ in .text(.ok, "fast") }
        router.add(.post, "/echo") { request, _ in
            Response(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: request.body)
        }
        router.add(.post, "/small", options: RouteOptions(maxBodyBytes: 10)) { request, _ in
            .text(.ok, String(decoding: request.body, as: UTF8.self))
        }
        router.add(.get, "/big") { _, _ in .json(.ok, bigJSON) }
        router.add(.get, "/bytes") { request, _ in
            // Byte i is i % 251, so a reordered or lost stretch shows.
            let count = min(Int(request.query("n") ?? "0") ?? 0, 64 << 20)
            let cycle = (0..<251).map { UInt8($0) }
            var body: [UInt8] = []
            body.reserveCapacity(count + 251)
            while body.count < count { body.append(contentsOf: cycle) }
            body.removeLast(body.count - count)
            return Response(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: body)
        }
        router.add(.get, "/slow") { request, _ in
            let milliseconds = Int(request.query("ms") ?? "400") ?? 400
            usleepMilliseconds(milliseconds)
            return .text(.ok, "slow \(request.query("n") ?? "")")
        }
        router.add(.get, "/boom") { _, _ in throw Unexpected() }
        router.add(.get, "/conflict") { _, _ in throw Conflict() }
        router.addDeferred(.post, "/deferred") { request, context, respond in
            let body = request.body
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) {
                respond(.text(.accepted, "deferred \(context.requestID) \(body.count)"))
                respond(.text(.internalServerError, "second answer must be ignored"))
            }
        }
        router.add(.get, "/v1/profiles/{id}") { _, context in .text(.ok, "profile \(context.parameter("id") ?? "")") }
        router.add(.delete, "/v1/profiles/{id}") { _, _ in Response(status: .noContent) }
        router.add(.get, "/v1/profiles/lookup") { request, _ in .text(.ok, "lookup \(request.query("email") ?? "")") }
        return router
    }

    static func usleepMilliseconds(_ milliseconds: Int) {
        let semaphore = DispatchSemaphore(value: 0)
        _ = semaphore.wait(timeout: .now() + .milliseconds(milliseconds))
    }

    /// Small limits and timeouts so the limit tests run in well under a second each.
    static var configuration: Server.Configuration {
        Server.Configuration(
            port: 0, ioQueues: 2, workerThreads: 4, maxConnections: 50,
            maxRequestLineBytes: 1024, maxHeaderBytes: 2048, maxBodyBytes: 64 * 1024,
            headerReadTimeout: .milliseconds(400), bodyReadTimeout: .milliseconds(400),
            idleTimeout: .milliseconds(400), writeTimeout: .seconds(2), lingerTimeout: .milliseconds(300),
            gzipMinimumBytes: 1024)
    }
}
