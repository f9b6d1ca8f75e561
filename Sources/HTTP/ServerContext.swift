import Logging
import Synchronization

/// What every connection of one running server shares: settings, routes, the worker pool and
/// the open-connection count. Immutable apart from the atomics.
final class ServerContext: Sendable {
    let configuration: Server.Configuration
    let limits: Limits
    let responder: Responder
    let logger: Logger
    let pool: WorkerPool
    let headerTimeout: UInt64
    let bodyTimeout: UInt64
    let idleTimeout: UInt64
    let writeTimeout: UInt64
    let lingerTimeout: UInt64

    private let openConnections = Atomic<Int>(0)
    private let onConnectionClosed: @Sendable (Int) -> Void

    init(
        configuration: Server.Configuration, responder: Responder, logger: Logger, pool: WorkerPool,
        onConnectionClosed: @escaping @Sendable (Int) -> Void
    ) {
        self.configuration = configuration
        self.limits = configuration.limits
        self.responder = responder
        self.logger = logger
        self.pool = pool
        self.headerTimeout = configuration.headerReadTimeout.nanoseconds
        self.bodyTimeout = configuration.bodyReadTimeout.nanoseconds
        self.idleTimeout = configuration.idleTimeout.nanoseconds
        self.writeTimeout = configuration.writeTimeout.nanoseconds
        self.lingerTimeout = configuration.lingerTimeout.nanoseconds
        self.onConnectionClosed = onConnectionClosed
    }

    var connectionCount: Int { openConnections.load(ordering: .relaxed) }

    /// Takes a slot for a new connection, or returns false at `maxConnections`.
    func reserveConnection() -> Bool {
        let count = openConnections.add(1, ordering: .relaxed).newValue
        if count > configuration.maxConnections {
            openConnections.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func releaseConnection() {
        let remaining = openConnections.subtract(1, ordering: .relaxed).newValue
        onConnectionClosed(remaining)
    }
}
