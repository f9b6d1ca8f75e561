import Foundation

/// Every setting of a Mosaic process, built once from defaults ← `config/mosaic.toml` ← `MOSAIC_*`
/// environment ← command-line flags (see `ConfigLoader`), validated once, then passed down.
///
/// Each key's TOML name is the dotted path shown in its doc comment; its environment name is the
/// same path upper-cased with dots as underscores, prefixed by `MOSAIC_` (`http.max_body_bytes` →
/// `MOSAIC_HTTP_MAX_BODY_BYTES`). `config/mosaic.toml` documents every key with its default.
public struct MosaicConfig: Sendable, Equatable {
    /// `host`: the address `serve` listens on.
    public var host = "127.0.0.1"
    /// `port`: the TCP port `serve` listens on (0 picks a free one, useful in tests).
    public var port = 8080
    /// `data_dir`: where the embedded PostgreSQL cluster lives (`<data_dir>/pg`).
    public var dataDir = ".mosaic"
    /// `database_url`: an external PostgreSQL (production). Empty means: run the embedded cluster.
    public var databaseURL = ""
    /// `migrations_dir`: the folder of `NNNN_name.sql` files. Empty means: look beside the
    /// working directory and the executable.
    public var migrationsDir = ""
    /// `log_level`: trace, debug, info, notice, warning, error, critical.
    public var logLevel = "info"
    /// `bench_routes`: registers `POST /bench/noop` for `bench/http` (never in production).
    public var benchRoutes = false

    public var http = HTTPSettings()
    public var database = DatabaseSettings()
    public var ingestion = IngestionSettings()
    public var identity = IdentitySettings()

    public init() {}

    /// `http.*`: limits of the HTTP server.
    public struct HTTPSettings: Sendable, Equatable {
        /// `http.max_header_bytes`
        public var maxHeaderBytes = 16 * 1024
        /// `http.max_body_bytes`: default per-route body limit (decoded size).
        public var maxBodyBytes = 512 * 1024
        /// `http.max_connections`: further connections get 503 and are closed.
        public var maxConnections = 4096
        /// `http.header_timeout_ms`: a request head must arrive within this (slowloris).
        public var headerTimeoutMs = 10_000
        /// `http.body_timeout_ms`: a request body must arrive within this.
        public var bodyTimeoutMs = 30_000
        /// `http.idle_timeout_ms`: idle keep-alive connections are closed after this.
        public var idleTimeoutMs = 60_000
        /// `http.worker_threads`: threads that run handlers which may block on the database;
        /// nil (the default) means `database.pool_size`. A handler holds one connection at a
        /// time, so extra workers only wait in the pool, and every hand-off there costs a
        /// wake-up: on 2 cores, 4 workers instead of 64 gave profile lookups 20–35 % more
        /// req/s and half the p99 (bench/profiles). Queued requests wait in the worker queue.
        public var workerThreads: Int?
        /// `http.cors_origins`: allowed browser origins for tracking (`*` = any).
        public var corsOrigins = ["*"]
        /// `http.public_url`: how browsers and apps reach this server (`https://cdp.example.com`),
        /// which the analytics.js settings route hands to the SDK. Empty: taken from each
        /// request's `X-Forwarded-*` or `Host` headers.
        public var publicURL = ""
        /// `http.client_ip_header`: the header a proxy in front puts the client's address in
        /// (`X-Forwarded-For`: its last entry, the one that proxy added; `X-Real-IP`). Empty: the
        /// connection's peer address. Only set it behind a proxy that sets the header: clients
        /// can send it too.
        public var clientIPHeader = ""
        public init() {}
    }

    /// `database.*`: the connection pool.
    public struct DatabaseSettings: Sendable, Equatable {
        /// `database.pool_size`: connections for requests. PostgreSQL runs best with about twice
        /// its cores busy at once; more queue inside it, where a read that loses its core waits a
        /// time slice (on 2 cores, 4 instead of 16 cut the p99 of profile reads 2–3× at the same
        /// throughput). Ingestion and the resolver have their own connections besides these.
        public var poolSize = Self.defaultPoolSize
        /// Twice this machine's cores (the usual case: the database beside the server), 4 to 16.
        /// The database's cores are what count: set it for an external database, and mind its
        /// `max_connections` across instances.
        public static var defaultPoolSize: Int { min(16, max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)) }
        /// `database.checkout_timeout_ms`: a request waiting longer for a connection gets 503.
        public var checkoutTimeoutMs = 2_000
        public init() {}
    }

    /// `ingestion.*`: the group committer of tracking events.
    public struct IngestionSettings: Sendable, Equatable {
        /// `ingestion.max_batch_messages`: the most messages one commit carries.
        public var maxBatchMessages = 2_000
        /// `ingestion.queue_capacity`: messages waiting for a commit; past it, 503 + Retry-After.
        public var queueCapacity = 50_000
        /// `ingestion.writers`: concurrent committers (one inserts while another commits).
        public var writers = 2
        /// `ingestion.overlap_min_messages`: a writer starts a commit while another is in flight
        /// only once this many messages wait; below that the running writer takes them next, in
        /// one larger commit (cheaper per message than two small ones side by side).
        public var overlapMinMessages = 100
        /// `ingestion.retry_after_seconds`: the Retry-After sent with 503s.
        public var retryAfterSeconds = 5
        /// `ingestion.fill_client_ip`: set `context.ip` from the request on events of browser and
        /// mobile SDKs that carry none, as Segment's servers do (`ClientSideLibraries`).
        public var fillClientIP = true
        public init() {}
    }

    /// `identity.*`: identifier normalisation and resolution rules.
    public struct IdentitySettings: Sendable, Equatable {
        /// `identity.default_country`: ISO 3166 alpha-2 for national-format phone numbers.
        public var defaultCountry = "US"
        /// `identity.custom_types`: extra identifier types, e.g. `["wechat_id", "ga_client_id"]`.
        public var customTypes: [String] = []
        /// `identity.link_guard`: a value seen on more profiles than this merges nothing.
        public var linkGuard = 20
        /// `identity.resolver_batch`: events the resolver takes per transaction.
        public var resolverBatch = 500
        /// `identity.resolver_workers`: resolver threads in this process. Two keep the database
        /// busy while a thread parses and plans its next batch; all but the first stand aside
        /// while ingestion is busy, so they drain backlogs without slowing ingestion. On 2 cores
        /// three drained ~20 % faster than two (four slower: they wait on each other's locks).
        public var resolverWorkers = 2
        /// `identity.resolver_enabled`: run the background resolver in this process. Turn it off
        /// on ingest-only instances when others resolve (events wait in `pending_batches`).
        public var resolverEnabled = true
        public init() {}
    }
}
