import Dispatch
import Foundation
import Synchronization
import Testing
@testable import HTTP
import TestSupport

/// Live-socket tests of the transport: framing, keep-alive, pipelining, codings.
struct ServerTransportTests {
    func withServer(_ body: (Int) throws -> Void) throws {
        try HTTPTestServer.withServer(configuration: TestRoutes.configuration, router: TestRoutes.router()) { server in
            try body(server.port)
        }
    }

    @Test func keepAlive_servesSeveralRequestsOnOneConnection() throws {
        try withServer { port in
            let client = try RawHTTPClient(port: port)
            for _ in 0..<3 {
                try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.bodyText == "hello")
                #expect(response["Connection"] == nil)
                #expect(response["Date"] != nil)
                #expect(response["X-Request-Id"]?.isEmpty == false)
            }
        }
    }

    @Test func http10_closesUnlessKeepAliveAsked() throws {
        try withServer { port in
            let client = try RawHTTPClient(port: port)
            try client.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try client.readResponse()["Connection"] == "keep-alive")
            try client.send("GET /hello HTTP/1.0\r\n\r\n")
            #expect(try client.readResponse()["Connection"] == "close")
            #expect(client.isClosedByPeer())
        }
    }

    @Test func pipelinedRequests_areAnsweredInOrder() throws {
        try withServer { port in
            let client = try RawHTTPClient(port: port)
            try client.send("GET /slow?ms=150&n=1 HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /fast HTTP/1.1\r\nHost: t\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nthree"
                + "GET /v1/profiles/p4 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            let responses = try client.readResponses(4)
            #expect(responses.map(\.bodyText) == ["slow 1", "fast", "three", "profile p4"])
            #expect(responses.last?["Connection"] == "close")
            #expect(client.isClosedByPeer())
        }
    }

    /// The loop's epoll reports new bytes once (edge-triggered): bytes that arrive while a
    /// handler has the request must still be read when it answers.
    @Test func requestArrivingWhileHandlerRuns_isServedAfterIt() throws {
        try withServer { port in
            let client = try RawHTTPClient(port: port)
            try client.send("GET /slow?ms=200&n=1 HTTP/1.1\r\nHost: t\r\n\r\n")
            TestRoutes.usleepMilliseconds(60)
            try client.send("GET /slow?ms=10&n=2 HTTP/1.1\r\nHost: t\r\n\r\n")
            TestRoutes.usleepMilliseconds(60)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nthree")
            let responses = try client.readResponses(3)
            #expect(responses.map(\.bodyText) == ["slow 1", "slow 2", "three"])
        }
    }

    /// A response larger than the socket buffers waits for room (the write path's edge) and
    /// arrives whole to a client that only starts reading later; the connection then goes on.
    @Test func largeResponse_toALateReader_arrivesWhole_andKeepsTheConnection() throws {
        try withServer { port in
            let client = try RawHTTPClient(port: port)
            let size = 8 << 20
            try client.send("GET /bytes?n=\(size) HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            TestRoutes.usleepMilliseconds(300)
            let big = try client.readResponse()
            #expect(big.status == 200)
            #expect(big.body.count == size)
            #expect(stride(from: 0, to: size, by: 997).allSatisfy { big.body[$0] == UInt8($0 % 251) })
            #expect(try client.readResponse().bodyText == "hello")
        }
    }

    /// Many connections on few loops, each with requests in flight at once: no wake-up is lost
    /// between the loops, the worker pool and the handlers that answer from other threads.
    @Test func manyConcurrentConnections_eachGetEveryAnswer() throws {
        try withServer { port in
            let failures = Mutex(0)
            let clients = DispatchGroup()
            for index in 0..<40 {
                clients.enter()
                Thread {
                    defer { clients.leave() }
                    do {
                        let client = try RawHTTPClient(port: port)
                        for round in 0..<10 {
                            let path = [("/fast", "fast"), ("/hello", "hello"), ("/v1/profiles/c\(index)", "profile c\(index)")][round % 3]
                            try client.send("GET \(path.0) HTTP/1.1\r\nHost: t\r\n\r\n"
                                + "POST /deferred HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nab")
                            let responses = try client.readResponses(2)
                            if responses[0].bodyText != path.1 || responses[1].status != 202 {
                                failures.withLock { $0 += 1 }
                            }
                        }
                    } catch {
                        failures.withLock { $0 += 1 }
                    }
                }.start()
            }
            clients.wait()
            #expect(failures.withLock { $0 } == 0)
        }
    }

    @Test func expectContinue_sends100BeforeTheBody() throws {
        try withServer { port in
            let client = try RawHTTPClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            let interim = try client.readResponse()
            #expect(interim.status == 100)
            try client.send("body")
            let final = try client.readResponse()
            #expect(final.status == 200)
            #expect(final.bodyText == "body")
        }
    }

    @Test func expectContinue_withTooLargeBody_gets413Without100() throws {
        try withServer { port in
            let client = try RawHTTPClient(port: port)
            try client.send("POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.errorCode == "payload_too_large")
            #expect(response["Content-Type"] == "application/json")
            #expect(client.isClosedByPeer())
        }
    }

    @Test func head_hasGetHeadersAndNoBody() throws {
        try withServer { port in
            let client = try RawHTTPClient(port: port)
            try client.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
            let get = try client.readResponse()
            try client.send("HEAD /big HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try client.readResponse(toHead: true)
            #expect(head.status == 200)
            #expect(head["Content-Length"] == get["Content-Length"])
            #expect(head["Content-Type"] == "application/json")
            // If HEAD had leaked a body, this response would be garbage.
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().bodyText == "hello")
        }
    }

    @Test func chunkedRequest_isDechunked() throws {
        try withServer { port in
            let client = try RawHTTPClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;x=y\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: 1\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.bodyText == "Wikipedia")
        }
    }

    @Test func gzipRequestBody_isDecoded() throws {
        try withServer { port in
            let plain = Array(TestRoutes.bigJSON.utf8)
            let compressed = try #require(BodyCoding.gzip(plain))
            let client = try RawHTTPClient(port: port)
            try client.send(Array("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Encoding: gzip\r\nContent-Length: \(compressed.count)\r\n\r\n".utf8) + compressed)
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.body == plain)
        }
    }

    @Test func gzipBomb_isRefusedBeyondTheDecodedLimit() throws {
        try withServer { port in
            let bomb = try #require(BodyCoding.gzip([UInt8](repeating: 0, count: 1 << 20)))
            #expect(bomb.count < 64 * 1024)
            let client = try RawHTTPClient(port: port)
            try client.send(Array("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Encoding: gzip\r\nContent-Length: \(bomb.count)\r\n\r\n".utf8) + bomb)
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.errorCode == "payload_too_large")
        }
    }

    @Test func corruptGzip_is400_andUnknownEncoding_is415() throws {
        try withServer { port in
            let corrupt = try RawHTTPClient.exchange(port: port,
                "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello")
            #expect(corrupt.status == 400)
            #expect(corrupt.errorCode == "invalid_content_encoding")
            let unknown = try RawHTTPClient.exchange(port: port,
                "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Encoding: br\r\nContent-Length: 5\r\n\r\nhello")
            #expect(unknown.status == 415)
        }
    }

    @Test func gzipResponse_forLargeCompressibleBodies() throws {
        try withServer { port in
            let response = try RawHTTPClient.exchange(port: port, "GET /big HTTP/1.1\r\nHost: t\r\nAccept-Encoding: br, gzip\r\n\r\n")
            #expect(response["Content-Encoding"] == "gzip")
            #expect(response["Vary"] == "Accept-Encoding")
            let decoded = try BodyCoding.decode(response.body, format: .gzip, limit: 1 << 20)
            #expect(decoded == Array(TestRoutes.bigJSON.utf8))
            let small = try RawHTTPClient.exchange(port: port, "GET /hello HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n")
            #expect(small["Content-Encoding"] == nil)
            let refused = try RawHTTPClient.exchange(port: port, "GET /big HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip;q=0\r\n\r\n")
            #expect(refused["Content-Encoding"] == nil)
        }
    }

    @Test func malformedRequest_gets400JSONAndClose() throws {
        try withServer { port in
            let client = try RawHTTPClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 400)
            #expect(response["Connection"] == "close")
            #expect(response.errorCode == "bad_request")
            #expect(client.isClosedByPeer())
        }
    }

    @Test func requestID_isEchoedWhenSane_elseGenerated() throws {
        try withServer { port in
            let kept = try RawHTTPClient.exchange(port: port, "GET /hello HTTP/1.1\r\nHost: t\r\nX-Request-Id: abc-123\r\n\r\n")
            #expect(kept["X-Request-Id"] == "abc-123")
            let replaced = try RawHTTPClient.exchange(port: port, "GET /hello HTTP/1.1\r\nHost: t\r\nX-Request-Id: a b<script>\r\n\r\n")
            #expect(replaced["X-Request-Id"] != nil)
            #expect(replaced["X-Request-Id"] != "a b<script>")
        }
    }
}
