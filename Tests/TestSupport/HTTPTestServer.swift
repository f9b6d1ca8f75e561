import HTTP
import Logging

/// A live `Server` on an ephemeral port for the duration of a test body, shut down afterwards
/// even when the body throws.
public enum HTTPTestServer {
    public static func withServer<T>(
        configuration: Server.Configuration = Server.Configuration(),
        router: Router,
        logger: Logger = Logger(label: "test.http", factory: { _ in SwiftLogNoOpLogHandler() }),
        _ body: (Server) throws -> T
    ) throws -> T {
        var configuration = configuration
        configuration.port = 0
        let server = Server(configuration: configuration, responder: router.buildResponder(), logger: logger)
        try server.start()
        defer {
            server.shutdown(gracePeriod: .seconds(2))
            server.waitUntilStopped()
        }
        return try body(server)
    }
}
