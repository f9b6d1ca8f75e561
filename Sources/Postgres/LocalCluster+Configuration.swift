extension LocalCluster {
    public struct Configuration: Sendable {
        /// The cluster's data directory (created by `initializeIfNeeded`).
        public var dataDirectory: String
        /// Where the server puts its Unix socket `.s.PGSQL.<port>`; TCP is never opened.
        /// Keep it short: a Unix socket path is limited to 107 bytes. Relative paths are
        /// resolved against the current directory.
        public var socketDirectory: String
        /// Names the socket file; any number works since no TCP port is bound. Default 5432.
        public var port: Int
        /// Directory holding initdb/pg_ctl/postgres; nil = search PATH, then the highest
        /// /usr/lib/postgresql/*/bin.
        public var binDirectory: String?
        /// OS user that runs the server when we are root (initdb refuses root). Default "postgres".
        public var systemUser: String
        /// Database superuser created by initdb. Default "postgres".
        public var superuser: String
        /// Extra `-c name=value` server settings, e.g. `fsyncOff` for tests. Never put
        /// `fsync=off` in a cluster that holds real data.
        public var settings: [String: String]
        /// How long `start()` waits for the server to accept connections. Default 60 s.
        public var startTimeout: Duration
        /// Give other users search (x) permission on parent directories of the data and socket
        /// directories when running as root, so the `postgres` user can reach them. Default true.
        public var makeParentsTraversable: Bool

        public init(
            dataDirectory: String,
            socketDirectory: String,
            port: Int = 5432,
            binDirectory: String? = nil,
            systemUser: String = "postgres",
            superuser: String = "postgres",
            settings: [String: String] = [:],
            startTimeout: Duration = .seconds(60),
            makeParentsTraversable: Bool = true
        ) {
            self.dataDirectory = dataDirectory
            self.socketDirectory = socketDirectory
            self.port = port
            self.binDirectory = binDirectory
            self.systemUser = systemUser
            self.superuser = superuser
            self.settings = settings
            self.startTimeout = startTimeout
            self.makeParentsTraversable = makeParentsTraversable
        }

        /// Settings that make a throwaway test cluster fast: no fsync, small memory, many
        /// connections for parallel suites. Unsafe for data you want to keep.
        public static let fastTestSettings: [String: String] = [
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "shared_buffers": "32MB",
            "max_connections": "200",
            "max_wal_size": "1GB",
            "checkpoint_timeout": "30min",
            "autovacuum": "off",
            "jit": "off",
        ]
    }
}
