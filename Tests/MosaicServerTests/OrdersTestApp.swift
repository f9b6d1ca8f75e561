import Foundation
import Logging
import MosaicCore
import MosaicServer
import TestSupport

/// A whole Mosaic (HTTP server, committer, resolver) on port 0 over a fresh database of the
/// shared test cluster, with an admin key; what the order, analytics and keys tests drive
/// through real sockets.
final class OrdersTestApp: Sendable {
    /// A response with its body parsed as JSON (`.null` when it is not JSON).
    struct Reply: CustomStringConvertible {
        let status: Int
        let json: JSONValue
        let raw: HTTPTestResponse

        subscript(key: String) -> JSONValue? { json[key] }
        var errorCode: String? { json["error"]?["code"]?.stringValue }
        var description: String { raw.description }
    }

    let app: MosaicApp
    let database: TestDatabase
    let admin: String

    var port: Int { app.port }

    init(defaultCountry: String = "PL") throws {
        database = try TestDatabase.create(prefix: "orders")
        var config = MosaicConfig()
        config.port = 0
        config.databaseURL = database.conninfo
        config.migrationsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("migrations").path
        config.database.poolSize = 4
        config.http.workerThreads = 8
        config.identity.defaultCountry = defaultCountry
        app = try MosaicApp(config: config, logger: Logger(label: "test.orders", factory: { _ in SwiftLogNoOpLogHandler() }))
        try app.start()
        admin = try KeyAdministration(conninfo: database.conninfo).createAPIKey(name: "admin", scopes: ["admin"]).secret
    }

    /// Runs `body` against a fresh app, stopping it afterwards even when `body` throws.
    static func with<T>(_ body: (OrdersTestApp) throws -> T) throws -> T {
        let app = try OrdersTestApp()
        defer { app.app.stop() }
        return try body(app)
    }

    func key(_ scopes: [String], name: String = "till") throws -> String {
        try KeyAdministration(conninfo: database.conninfo).createAPIKey(name: name, scopes: scopes).secret
    }

    func writeKey(_ name: String = "website") throws -> String {
        try KeyAdministration(conninfo: database.conninfo).createSource(name: name).writeKey
    }

    /// One request on a fresh connection; `key` goes in `Authorization: Bearer`.
    func send(_ method: String, _ path: String, key: String?, body: String? = nil,
              headers: [String] = []) throws -> Reply {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
        if let key { head += "Authorization: Bearer \(key)\r\n" }
        for header in headers { head += header + "\r\n" }
        if let body {
            if !headers.contains(where: { $0.lowercased().hasPrefix("content-type:") }) {
                head += "Content-Type: application/json\r\n"
            }
            head += "Content-Length: \(body.utf8.count)\r\n"
        }
        let raw = try RawHTTPClient.exchange(port: port, head + "\r\n" + (body ?? ""))
        return Reply(status: raw.status, json: (try? JSONValue.parse(raw.body)) ?? .null, raw: raw)
    }

    /// A tracking call with a write key (HTTP Basic), e.g. `track("/v1/identify", ...)`.
    func track(_ path: String, writeKey: String, body: String) throws -> Reply {
        let credentials = Data((writeKey + ":").utf8).base64EncodedString()
        return try send("POST", path, key: nil, body: body, headers: ["Authorization: Basic \(credentials)"])
    }

    /// Waits until the resolver has drained every committed event (at most `timeout` seconds).
    func waitForResolver(timeout: TimeInterval = 15) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let status = try send("GET", "/v1/resolver/status", key: admin)
            if status["pending"]?.int64Value == 0 { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw ResolverTimeout()
    }

    struct ResolverTimeout: Error {}
}
