import Foundation
import Logging

/// A bounded, thread-safe set of connections to one database, opened lazily.
///
/// Broken connections are dropped on return and idle ones are checked before reuse, so after a
/// server restart the pool heals by itself: the next checkout opens a fresh connection.
public final class Pool: @unchecked Sendable {
    public let conninfo: String
    public let configuration: Configuration
    private let logger: Logger

    /// All mutable state, guarded by `condition` (the one lock of this class).
    private let condition = NSCondition()
    private var idle: [Connection] = []
    private var open = 0
    private var waiters = 0
    private var isClosed = false

    public init(
        conninfo: String, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "postgres.pool", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.conninfo = conninfo
        self.configuration = configuration
        self.logger = logger
    }

    deinit { close() }

    /// Lends a connection to `body` and takes it back afterwards, also when `body` throws.
    /// - Throws: `PoolError.timeout` when none frees up in time, `PostgresError` when connecting
    ///   fails, or whatever `body` throws.
    @discardableResult
    public func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try checkout()
        do {
            let value = try body(connection)
            checkin(connection, failed: nil)
            return value
        } catch {
            checkin(connection, failed: error)
            throw error
        }
    }

    /// `withConnection` + `Connection.withTransaction`.
    @discardableResult
    public func withTransaction<T>(
        isolation: IsolationLevel? = nil, readOnly: Bool = false, _ body: (Connection) throws -> T
    ) throws -> T {
        try withConnection { try $0.withTransaction(isolation: isolation, readOnly: readOnly, body) }
    }

    public var stats: PoolStats {
        condition.lock()
        defer { condition.unlock() }
        return PoolStats(
            size: open, idle: idle.count, inUse: open - idle.count, waiters: waiters,
            maximumConnections: configuration.maximumConnections)
    }

    /// Closes idle connections and refuses new checkouts; checked-out ones close on return.
    public func close() {
        condition.lock()
        isClosed = true
        let closing = idle
        idle.removeAll()
        open -= closing.count
        condition.broadcast()
        condition.unlock()
        closing.forEach { $0.close() }
    }

    private func checkout() throws -> Connection {
        let deadline = Date().addingTimeInterval(configuration.checkoutTimeout.timeInterval)
        let started = ContinuousClock.now
        condition.lock()
        while true {
            if isClosed {
                condition.unlock()
                throw PoolError.closed
            }
            if let connection = idle.popLast() {
                condition.unlock()
                if connection.isHealthy { return connection }
                logger.debug("db.pool.discard_stale")
                connection.close()
                condition.lock()
                open -= 1
                continue
            }
            if open < configuration.maximumConnections {
                open += 1
                condition.unlock()
                do {
                    return try Connection(conninfo, logger: logger)
                } catch {
                    condition.lock()
                    open -= 1
                    condition.signal()
                    condition.unlock()
                    throw error
                }
            }
            waiters += 1
            let signalled = condition.wait(until: deadline)
            waiters -= 1
            if !signalled && idle.isEmpty && open >= configuration.maximumConnections {
                condition.unlock()
                logger.debug("db.pool.timeout", metadata: ["db.pool.waiters": "\(waiters)"])
                throw PoolError.timeout(
                    waited: ContinuousClock.now - started, maximumConnections: configuration.maximumConnections)
            }
        }
    }

    private func checkin(_ connection: Connection, failed error: (any Error)?) {
        var keep = connection.isOpen && !(error?.isConnectionError ?? false)
        if keep && connection.hasPendingPipeline {
            // Answers nobody read: read them now, and drop a connection that cannot. A failure
            // here has no caller left to tell, so it is logged rather than lost.
            do { try connection.finishPipeline() } catch {
                logger.warning("db.pool.unread_pipeline_failed", metadata: ["db.error": "\(error)"])
                keep = !error.isConnectionError
            }
        }
        if keep && connection.isInTransaction {
            // A body that left a transaction open must not leak it to the next borrower.
            keep = (try? connection.execute(unsafeSQL: "ROLLBACK")) != nil
        }
        condition.lock()
        if keep && !isClosed && idle.count < (configuration.maximumIdle ?? configuration.maximumConnections) {
            idle.append(connection)
        } else {
            open -= 1
            keep = false
        }
        condition.signal()
        condition.unlock()
        if !keep { connection.close() }
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
