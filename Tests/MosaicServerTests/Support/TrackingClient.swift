import Foundation
import TestSupport

/// Sends `TrackingRequest`s over fresh raw sockets, one connection per request.
struct TrackingClient: Sendable {
    let port: Int

    /// Sends the request and reads the answer. A server that answers early (413 on the
    /// Content-Length alone) and closes while the body is still going out is fine: the answer
    /// is read anyway.
    func send(_ request: TrackingRequest, timeout: Duration = .seconds(10)) throws -> HTTPTestResponse {
        let client = try RawHTTPClient(port: port, timeout: timeout)
        do {
            try client.send(request.bytes)
        } catch RawHTTPClient.Failure.closedByPeer {
            // fall through to read what the server said before closing
        }
        return try client.readResponse()
    }

    func answer(_ request: TrackingRequest, timeout: Duration = .seconds(10)) throws -> TrackingAnswer {
        TrackingAnswer(try send(request, timeout: timeout))
    }

    /// `POST /v1/<endpoint>` with a JSON body and the write key as Basic username.
    func post(_ endpoint: String, _ json: String, key: String?) throws -> TrackingAnswer {
        try answer(TrackingRequest(path: "/v1/" + endpoint, json: json, writeKey: key))
    }

    /// A plain GET (ops endpoints).
    func get(_ path: String, timeout: Duration = .seconds(10)) throws -> HTTPTestResponse {
        try RawHTTPClient.exchange(port: port, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                                   timeout: timeout)
    }
}
