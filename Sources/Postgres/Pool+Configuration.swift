extension Pool {
    public struct Configuration: Sendable {
        /// Most connections open at once. Default 10.
        public var maximumConnections: Int
        /// How long `withConnection` waits for a free connection before `PoolError.timeout`. Default 5 s.
        public var checkoutTimeout: Duration
        /// Idle connections kept open when returned (the rest are closed). Default: `maximumConnections`.
        public var maximumIdle: Int?
        /// Server settings applied to each new connection (`set_config`, session-wide), e.g.
        /// `["plan_cache_mode": "force_generic_plan"]`. Works the same for URL and key=value conninfo.
        public var sessionSettings: [String: String]

        public init(maximumConnections: Int = 10, checkoutTimeout: Duration = .seconds(5), maximumIdle: Int? = nil,
                    sessionSettings: [String: String] = [:]) {
            self.maximumConnections = max(1, maximumConnections)
            self.checkoutTimeout = checkoutTimeout
            self.maximumIdle = maximumIdle
            self.sessionSettings = sessionSettings
        }
    }
}
