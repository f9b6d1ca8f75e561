/// A snapshot of a pool for metrics and `/ready`.
public struct PoolStats: Sendable, Equatable {
    /// Open connections, idle or checked out.
    public var size: Int
    public var idle: Int
    public var inUse: Int
    /// Threads waiting for a connection right now.
    public var waiters: Int
    public var maximumConnections: Int

    public init(size: Int, idle: Int, inUse: Int, waiters: Int, maximumConnections: Int) {
        self.size = size
        self.idle = idle
        self.inUse = inUse
        self.waiters = waiters
        self.maximumConnections = maximumConnections
    }
}
