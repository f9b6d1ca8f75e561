import Foundation
import Logging
import Postgres

/// The application's door to PostgreSQL: a pool, plus the rule that an unreachable or
/// overloaded database is the client's 503 (retry later), never a 500.
final class Database: Sendable {
    let pool: Pool
    private let retryAfterSeconds: Int

    init(pool: Pool, retryAfterSeconds: Int) {
        self.pool = pool
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Runs `body` with a pooled connection; database outages become `APIError.unavailable`.
    func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        do {
            return try pool.withConnection(body)
        } catch let error where Self.isUnavailable(error) {
            throw APIError.unavailable("database unavailable", retryAfterSeconds: retryAfterSeconds)
        }
    }

    /// Runs `body` in a transaction on a pooled connection, with the same mapping of outages.
    func withTransaction<T>(_ body: (Connection) throws -> T) throws -> T {
        try withConnection { connection in try connection.withTransaction { try body($0) } }
    }

    /// Whether an error means "the database cannot serve now" rather than "this request is wrong".
    static func isUnavailable(_ error: any Error) -> Bool {
        if error is PoolError { return true }
        // A connection lost at BEGIN or COMMIT arrives wrapped; judge the cause, or the group
        // committer would report an outage as refused rows (400, which SDKs never retry).
        if let error = error as? TransactionError { return isUnavailable(error.underlying) }
        if let error = error as? PostgresError {
            if error.isConnectionError { return true }
            switch error.sqlState {
            case SQLState.adminShutdown?, SQLState.cannotConnectNow?, SQLState.tooManyConnections?: return true
            default: return false
            }
        }
        return false
    }
}
