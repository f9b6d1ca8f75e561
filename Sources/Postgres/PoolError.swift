/// A pool could not provide a connection.
public enum PoolError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Every connection stayed busy for the whole checkout timeout: the database is slow or the
    /// pool too small. Callers answer 503 rather than queueing without bound.
    case timeout(waited: Duration, maximumConnections: Int)
    /// `close()` was called.
    case closed

    public var description: String {
        switch self {
        case .timeout(let waited, let maximum):
            return "no database connection became free within \(waited) (pool of \(maximum))"
        case .closed:
            return "the connection pool is closed"
        }
    }
}
