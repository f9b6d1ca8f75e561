import Dispatch
import Logging
import Testing
@testable import HTTP
import TestSupport

/// Every limit and timeout, live, with the small values of `TestRoutes.configuration`.
struct ServerLimitsTests {
    func withServer(_ configuration: Server.Configuration = TestRoutes.configuration, _ body: (Int) throws -> Void) throws {
        try HTTPTestServer.withServer(configuration: configuration, router: TestRoutes.router()) { server in
            try body(server.port)
        }
    }

    struct LimitCase: CustomStringConvertible, Sendable {
        var name: String
        var request: String
        var status: Int
        var code: String
        var description: String { name }
    }

    @Test(arguments: [
        LimitCase(name: "uri too long", request: "GET /\(String(repeating: "a", count: 2000)) HTTP/1.1\r\nHost: t\r\n\r\n",
                  status: 414, code: "uri_too_long"),
        LimitCase(name: "headers too large", request: "GET / HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "b", count: 3000))\r\n\r\n",
                  status: 431, code: "headers_too_large"),
        LimitCase(name: "default body limit", request: "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 70000\r\n\r\n",
                  status: 413, code: "payload_too_large"),
        LimitCase(name: "route body limit", request: "POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n01234567890",
                  status: 413, code: "payload_too_large"),
        LimitCase(name: "chunked route body limit",
                  request: "POST /small HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n6\r\n678901\r\n0\r\n\r\n",
                  status: 413, code: "payload_too_large"),
    ])
    func limits_answerJSONErrorAndClose(_ limit: LimitCase) throws {
        try withServer { port in
            let client = try RawHTTPClient(port: port)
            try client.send(limit.request)
            let response = try client.readResponse()
            #expect(response.status == limit.status)
            #expect(response.errorCode == limit.code)
            #expect(response["Content-Type"] == "application/json")
            #expect(response["Connection"] == "close")
            #expect(client.isClosedByPeer())
        }
    }

    @Test func bodyWithinRouteLimit_isAccepted() throws {
        try withServer { port in
            let response = try RawHTTPClient.exchange(port: port, "POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123456789")
            #expect(response.status == 200)
            #expect(response.bodyText == "0123456789")
        }
    }

    @Test func slowloris_headTimeout_gets408AndClose() throws {
        try withServer { port in
            let client = try RawHTTPClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n")
            let started = DispatchTime.now().uptimeNanoseconds
            let response = try client.readResponse()
            let elapsed = DispatchTime.now().uptimeNanoseconds - started
            #expect(response.status == 408)
            #expect(response.errorCode == "request_timeout")
            #expect(elapsed >= 300_000_000)
            #expect(client.isClosedByPeer())
        }
    }

    @Test func slowBody_gets408AndClose() throws {
        try withServer { port in
            let client = try RawHTTPClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(client.isClosedByPeer())
        }
    }

    @Test func idleKeepAlive_isClosedSilently() throws {
        try withServer { port in
            let client = try RawHTTPClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            let started = DispatchTime.now().uptimeNanoseconds
            #expect(client.isClosedByPeer())
            #expect(DispatchTime.now().uptimeNanoseconds - started >= 300_000_000)
        }
    }

    @Test func connectionLimit_answers503AndCloses() throws {
        var configuration = TestRoutes.configuration
        configuration.maxConnections = 2
        try withServer(configuration) { port in
            let first = try RawHTTPClient(port: port)
            let second = try RawHTTPClient(port: port)
            for client in [first, second] {
                try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().status == 200)
            }
            let third = try RawHTTPClient(port: port)
            try third.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            let refused = try third.readResponse()
            #expect(refused.status == 503)
            #expect(refused.errorCode == "too_many_connections")
            #expect(refused["Retry-After"] == "1")
            #expect(third.isClosedByPeer())
            // The first connections still work.
            try first.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try first.readResponse().status == 200)
        }
    }

    @Test func addressInUse_throwsSocketErrorWithErrno() throws {
        try withServer { port in
            var configuration = TestRoutes.configuration
            configuration.port = port
            let second = Server(configuration: configuration, responder: TestRoutes.router().buildResponder(),
                                logger: .init(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
            #expect(throws: SocketError.failed("bind", errno: 98)) { try second.start() }
        }
    }
}
