import Dispatch
import Synchronization
import Logging
import Testing
@testable import HTTP
import TestSupport

/// Handler shapes, errors, routing and CORS over live sockets, and graceful shutdown.
struct ServerHandlerTests {
    func withServer(_ body: (Server) throws -> Void) throws {
        try HTTPTestServer.withServer(configuration: TestRoutes.configuration, router: TestRoutes.router()) { server in
            try body(server)
        }
    }

    @Test func blockingHandler_doesNotStallOtherConnections() throws {
        try withServer { server in
            let slow = try RawHTTPClient(port: server.port)
            try slow.send("GET /slow?ms=800 HTTP/1.1\r\nHost: t\r\n\r\n")
            TestRoutes.usleepMilliseconds(50)
            let started = DispatchTime.now().uptimeNanoseconds
            for path in ["/fast", "/hello"] {
                let quick = try RawHTTPClient.exchange(port: server.port, "GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(quick.status == 200)
            }
            #expect(DispatchTime.now().uptimeNanoseconds - started < 400_000_000)
            #expect(try slow.readResponse().bodyText == "slow ")
        }
    }

    @Test func deferredHandler_answersFromAnotherThread_once() throws {
        try withServer { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send("POST /deferred HTTP/1.1\r\nHost: t\r\nX-Request-Id: rid-1\r\nContent-Length: 3\r\n\r\nabc")
            let response = try client.readResponse()
            #expect(response.status == 202)
            #expect(response.bodyText == "deferred rid-1 3")
            // The ignored second answer must not appear as an extra response.
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().bodyText == "hello")
        }
    }

    @Test func thrownErrors_becomeJSONResponses_andTheServerLives() throws {
        try withServer { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send("GET /boom HTTP/1.1\r\nHost: t\r\n\r\n")
            let boom = try client.readResponse()
            #expect(boom.status == 500)
            #expect(boom.errorCode == "internal_error")
            #expect(boom["Content-Type"] == "application/json")
            try client.send("GET /conflict HTTP/1.1\r\nHost: t\r\n\r\n")
            let conflict = try client.readResponse()
            #expect(conflict.status == 409)
            #expect(conflict.bodyText == #"{"error":{"code":"already_exists","message":"It already exists.","field":"id"}}"#)
        }
    }

    @Test func unknownPath_is404_wrongMethod_is405WithAllow() throws {
        try withServer { server in
            let missing = try RawHTTPClient.exchange(port: server.port, "GET /nope HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(missing.status == 404)
            #expect(missing.errorCode == "not_found")
            let wrong = try RawHTTPClient.exchange(port: server.port, "PUT /v1/profiles/x HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n")
            #expect(wrong.status == 405)
            #expect(wrong["Allow"] == "DELETE, GET, HEAD, OPTIONS")
        }
    }

    @Test func corsPreflight_echoesRequestedHeaders() throws {
        try withServer { server in
            let preflight = try RawHTTPClient.exchange(port: server.port,
                "OPTIONS /v1/profiles/x HTTP/1.1\r\nHost: t\r\nOrigin: https://shop.example\r\n"
                + "Access-Control-Request-Method: DELETE\r\nAccess-Control-Request-Headers: authorization, content-type\r\n\r\n")
            #expect(preflight.status == 204)
            #expect(preflight["Access-Control-Allow-Origin"] == "*")
            #expect(preflight["Access-Control-Allow-Methods"] == "DELETE, GET, HEAD, OPTIONS")
            #expect(preflight["Access-Control-Allow-Headers"] == "authorization, content-type")
            #expect(preflight["Access-Control-Max-Age"] == "600")
            let actual = try RawHTTPClient.exchange(port: server.port,
                "GET /hello HTTP/1.1\r\nHost: t\r\nOrigin: https://shop.example\r\n\r\n")
            #expect(actual["Access-Control-Allow-Origin"] == "*")
            #expect(actual["Access-Control-Expose-Headers"] == "X-Request-Id")
        }
    }

    @Test func gracefulShutdown_finishesInFlightRequest() throws {
        let server = Server(configuration: TestRoutes.configuration, responder: TestRoutes.router().buildResponder(),
                            logger: .init(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
        try server.start()
        let port = server.port
        let busy = try RawHTTPClient(port: port)
        try busy.send("GET /slow?ms=300&n=last HTTP/1.1\r\nHost: t\r\n\r\n")
        let idle = try RawHTTPClient(port: port)
        try idle.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try idle.readResponse().status == 200)
        TestRoutes.usleepMilliseconds(50)
        let started = DispatchTime.now().uptimeNanoseconds
        server.shutdown(gracePeriod: .seconds(5))
        #expect(idle.isClosedByPeer())
        let response = try busy.readResponse()
        #expect(response.bodyText == "slow last")
        #expect(response["Connection"] == "close")
        server.waitUntilStopped()
        #expect(DispatchTime.now().uptimeNanoseconds - started < 2_000_000_000)
        #expect(throws: RawHTTPClient.Failure.self) { try RawHTTPClient(port: port) }
    }

    @Test func gracePeriod_boundsShutdown() throws {
        let server = Server(configuration: TestRoutes.configuration, responder: TestRoutes.router().buildResponder(),
                            logger: .init(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
        try server.start()
        let busy = try RawHTTPClient(port: server.port)
        try busy.send("GET /slow?ms=3000 HTTP/1.1\r\nHost: t\r\n\r\n")
        TestRoutes.usleepMilliseconds(50)
        let started = DispatchTime.now().uptimeNanoseconds
        server.shutdown(gracePeriod: .milliseconds(200))
        server.waitUntilStopped()
        let elapsed = DispatchTime.now().uptimeNanoseconds - started
        #expect(elapsed >= 150_000_000 && elapsed < 1_500_000_000)
        #expect(busy.isClosedByPeer())
    }
}
