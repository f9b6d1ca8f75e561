extension Pool {
    public struct Configuration: Sendable {
        /// Most connections open at once. Default 10.
        public var maximumConnections: Int
        /// How long `withConnection` waits for a free connection before `PoolError.timeout`. Default 5 s.
        public var checkoutTimeout: Duration
        /// Idle connections kept open when returned (the rest are closed). Default: `maximumConnections`.
        public var maximumIdle: Int?

        public init(maximumConnections: Int = 10, checkoutTimeout: Duration = .seconds(5), maximumIdle: Int? = nil) {
            self.maximumConnections = max(1, maximumConnections)
            self.checkoutTimeout = checkoutTimeout
            self.maximumIdle = maximumIdle
        }
    }
}
