extension Server {
    /// Every transport limit and timeout in one place. Defaults suit a public ingestion endpoint;
    /// tests shrink them to run fast.
    public struct Configuration: Sendable {
        /// Address to bind. Default `127.0.0.1`; `0.0.0.0` or `::` for all interfaces.
        public var host: String
        /// Port to bind. Default 8080; 0 picks an ephemeral port (read it back from `Server.port`).
        public var port: Int
        /// listen(2) backlog. Default 1024.
        public var backlog: Int32
        /// I/O loops (a thread and an epoll set each), each owning its connections. Default (nil in `init`): the number of online CPUs.
        public var ioQueues: Int
        /// Threads for blocking handlers. Default 64 (roughly the database pool plus headroom).
        public var workerThreads: Int
        /// Open connections at most; beyond it new ones get a 503 and are closed. Default 4096.
        public var maxConnections: Int
        /// Longest request line → 414. Default 8 KiB.
        public var maxRequestLineBytes: Int
        /// Request line plus header fields → 431. Default 16 KiB.
        public var maxHeaderBytes: Int
        /// Most header fields → 431. Default 100.
        public var maxHeaderCount: Int
        /// Body limit for routes that set none, applied to the received and to the decoded body → 413.
        /// Default 512 KiB.
        public var maxBodyBytes: Int
        /// Time allowed to receive a request head once its first byte arrived (and for a new
        /// connection's first byte) → 408 and close. Default 10 s.
        public var headerReadTimeout: Duration
        /// Time allowed to receive a body after its head → 408 and close. Default 30 s.
        public var bodyReadTimeout: Duration
        /// How long an idle keep-alive connection stays open; then it is closed silently. Default 60 s.
        public var idleTimeout: Duration
        /// How long a response may wait for a client that does not read; then the connection is
        /// dropped. Default 30 s.
        public var writeTimeout: Duration
        /// After a final response on a closing connection, how long unread client input is drained
        /// so the response is not lost to a TCP reset. Default 2 s.
        public var lingerTimeout: Duration
        /// Smallest response body worth gzip-compressing. Default 1 KiB.
        public var gzipMinimumBytes: Int
        /// Whether to gzip compressible responses for clients that accept it. Default true.
        public var compressResponses: Bool

        public init(
            host: String = "127.0.0.1",
            port: Int = 8080,
            backlog: Int32 = 1024,
            ioQueues: Int? = nil,
            workerThreads: Int = 64,
            maxConnections: Int = 4096,
            maxRequestLineBytes: Int = 8 * 1024,
            maxHeaderBytes: Int = 16 * 1024,
            maxHeaderCount: Int = 100,
            maxBodyBytes: Int = 512 * 1024,
            headerReadTimeout: Duration = .seconds(10),
            bodyReadTimeout: Duration = .seconds(30),
            idleTimeout: Duration = .seconds(60),
            writeTimeout: Duration = .seconds(30),
            lingerTimeout: Duration = .seconds(2),
            gzipMinimumBytes: Int = 1024,
            compressResponses: Bool = true
        ) {
            self.host = host
            self.port = port
            self.backlog = backlog
            self.ioQueues = max(1, ioQueues ?? Platform.processorCount())
            self.workerThreads = max(1, workerThreads)
            self.maxConnections = max(1, maxConnections)
            self.maxRequestLineBytes = maxRequestLineBytes
            self.maxHeaderBytes = maxHeaderBytes
            self.maxHeaderCount = maxHeaderCount
            self.maxBodyBytes = maxBodyBytes
            self.headerReadTimeout = headerReadTimeout
            self.bodyReadTimeout = bodyReadTimeout
            self.idleTimeout = idleTimeout
            self.writeTimeout = writeTimeout
            self.lingerTimeout = lingerTimeout
            self.gzipMinimumBytes = gzipMinimumBytes
            self.compressResponses = compressResponses
        }

        var limits: Limits {
            Limits(maxRequestLineBytes: maxRequestLineBytes, maxHeaderBytes: maxHeaderBytes,
                   maxHeaderCount: maxHeaderCount, maxBodyBytes: maxBodyBytes)
        }
    }
}

extension Duration {
    /// Whole nanoseconds, saturating, for deadlines on the monotonic clock.
    public var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        if seconds < 0 { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        return whole &+ UInt64(attoseconds / 1_000_000_000)
    }
}
