import Foundation

/// One HTTP/1.1 request to the tracking API as exact bytes: tests need control over headers
/// (no Content-Type, garbage Authorization, gzip) that a client library would normalise.
struct TrackingRequest: Sendable {
    var method = "POST"
    var path: String
    var body: [UInt8]
    /// `Authorization: Basic base64(key:)` when set.
    var writeKey: String?
    /// nil sends no Content-Type header at all.
    var contentType: String? = "application/json"
    var headers: [(name: String, value: String)] = []
    /// false sends `Connection: close` (one request per connection, the default here).
    var keepAlive = false

    init(path: String, body: [UInt8], writeKey: String? = nil, contentType: String? = "application/json",
         headers: [(name: String, value: String)] = []) {
        self.path = path
        self.body = body
        self.writeKey = writeKey
        self.contentType = contentType
        self.headers = headers
    }

    init(path: String, json: String, writeKey: String? = nil, contentType: String? = "application/json",
         headers: [(name: String, value: String)] = []) {
        self.init(path: path, body: Array(json.utf8), writeKey: writeKey, contentType: contentType, headers: headers)
    }

    /// Segment SDKs send the write key as the Basic username with an empty password.
    static func basic(_ key: String) -> String {
        "Basic " + Data((key + ":").utf8).base64EncodedString()
    }

    var bytes: [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if !keepAlive { head += "Connection: close\r\n" }
        head += "Content-Length: \(body.count)\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        if let writeKey { head += "Authorization: \(Self.basic(writeKey))\r\n" }
        for header in headers { head += "\(header.name): \(header.value)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + body
    }
}
