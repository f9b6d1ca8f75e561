import Testing
@testable import HTTP
import TestSupport

struct AccessLogTests {
    @Test func everyRequest_isLoggedWithRouteStatusAndRequestID() throws {
        let capture = LogCapture()
        try HTTPTestServer.withServer(configuration: TestRoutes.configuration, router: TestRoutes.router(),
                                      logger: capture.logger) { server in
            _ = try RawHTTPClient.exchange(port: server.port, "GET /v1/profiles/secret-id HTTP/1.1\r\nHost: t\r\nX-Request-Id: r-42\r\n\r\n")
            _ = try RawHTTPClient.exchange(port: server.port, "GET /boom HTTP/1.1\r\nHost: t\r\nX-Request-Id: r-43\r\n\r\n")
        }
        let requests = capture.all.filter { $0.message == "request" }
        let profile = try #require(requests.first { $0.metadata["request.id"] == "r-42" })
        #expect(profile.level == .info)
        #expect(profile.metadata["http.method"] == "GET")
        #expect(profile.metadata["http.route"] == "/v1/profiles/{id}")
        #expect(profile.metadata["http.status"] == "200")
        #expect(profile.metadata["http.duration_ms"] != nil)
        // The raw URI (which may carry PII) is not logged, only the pattern.
        #expect(!capture.all.contains { $0.metadata.values.contains { $0.contains("secret-id") } })
        let failure = try #require(capture.all.first { $0.message == "handler failed" })
        #expect(failure.level == .error)
        #expect(failure.metadata["request.id"] == "r-43")
        #expect(requests.first { $0.metadata["request.id"] == "r-43" }?.metadata["http.status"] == "500")
    }
}
