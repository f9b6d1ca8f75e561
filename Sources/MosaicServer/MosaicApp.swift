import Foundation
import HTTP
import Logging
import MosaicCore
import Postgres

/// A running Mosaic: database (embedded or external), migrations, the ingestion committer,
/// the resolver, and the HTTP server. `mosaic serve` and the tests start it the same way.
public final class MosaicApp: Sendable {
    public let config: MosaicConfig
    public let runtime: DatabaseRuntime
    private let context: AppContext
    private let server: Server
    private let partitions: PartitionMaintainer
    /// Connections of the ingestion writers, the resolver threads and the partition job.
    private let background: Pool
    private let logger: Logger

    /// Opens the database, migrates it and binds the listening socket; call `start()` to serve.
    public init(config: MosaicConfig, logger: Logger) throws {
        self.config = config
        self.logger = logger
        let runtime = try DatabaseRuntime(config: config, logger: logger)
        do {
            let migrations = try DatabaseRuntime.migrationsDirectory(config: config)
            try runtime.migrate(directory: migrations)
            let checkoutTimeout = Duration.milliseconds(config.database.checkoutTimeoutMs)
            let requests = Pool(conninfo: runtime.conninfo,
                                configuration: .init(maximumConnections: config.database.poolSize,
                                                     checkoutTimeout: checkoutTimeout),
                                logger: logger)
            // The group committer's writers, the resolver threads and the partition job: background
            // work never waits behind requests for a connection, and requests never behind it.
            let pool = Pool(conninfo: runtime.conninfo,
                            configuration: .init(maximumConnections: config.ingestion.writers + config.identity.resolverWorkers + 1,
                                                 checkoutTimeout: checkoutTimeout),
                            logger: logger)
            self.background = pool
            try pool.withConnection { try EventStore.ensurePartitions(on: $0) }
            self.partitions = PartitionMaintainer(pool: pool, logger: logger)
            let database = Database(pool: requests, retryAfterSeconds: config.ingestion.retryAfterSeconds)
            // Held for this process's resolver only: with it off, another instance resolves.
            let committed = CommittedEvents(capacity: config.identity.resolverEnabled ? 8_192 : 0)
            // A block lasts about a tenth of a second at full load.
            let ingestIDs = EventIDBlock(size: 4_096)
            let committer = GroupCommitter(
                settings: config.ingestion, logger: logger,
                // One statement is one transaction: no BEGIN/COMMIT round trips on the hot path.
                write: { rows in
                    let stored = try pool.withConnection { connection in
                        try EventStore.insert(rows, ids: ingestIDs.take(rows.count, on: connection), on: connection)
                    }
                    committed.add(rows, ids: stored)
                },
                isUnavailable: Database.isUnavailable,
                probe: { (try? pool.withConnection { try $0.query("SELECT 1") }) != nil }
            )
            let rules = Self.identityRules(config.identity)
            let identity = IdentityResolver(rules: rules)
            let extractor = try Self.fragmentExtractor(config.identity)
            let resolver = Resolver(
                pool: pool,
                identity: identity,
                extractor: extractor,
                committed: committed,
                batchSize: config.identity.resolverBatch, workers: config.identity.resolverWorkers,
                ingestionBusy: { [weak committer] in committer?.isBusy() ?? false }, logger: logger)
            committer.onCommit = { [weak resolver] in resolver?.wake() }
            let context = AppContext(config: config, database: database, committer: committer, resolver: resolver,
                                     rules: rules, writeKeys: KeyCache(), apiKeys: KeyCache(), logger: logger)
            let router = Router(cors: CORSConfiguration(allowedOrigins: config.http.corsOrigins))
            OpsRoutes(context: context, expectedMigration: DatabaseRuntime.newestMigration(in: migrations))
                .register(on: router)
            TrackingRoutes(context: context).register(on: router)
            ProfileRoutes(context: context, extractor: extractor, identity: identity).register(on: router)
            OrderRoutes(context: context, extractor: extractor, identity: identity).register(on: router)
            AnalyticsRoutes(context: context).register(on: router)
            KeyRoutes(context: context).register(on: router)
            self.context = context
            self.runtime = runtime
            self.server = Server(configuration: Self.serverConfiguration(config), responder: router.buildResponder(),
                                 logger: logger)
        } catch {
            runtime.close()
            throw error
        }
    }

    /// Starts the committer and the HTTP server.
    public func start() throws {
        context.committer.start()
        if config.identity.resolverEnabled { context.resolver.start() }
        partitions.start()
        try server.start()
        logger.notice("mosaic.listening", metadata: ["http.host": "\(config.host)", "http.port": "\(server.port)"])
    }

    /// The bound port (the configured one, or the one picked for port 0).
    public var port: Int { server.port }

    /// Stops accepting, finishes in-flight requests, commits queued events, stops the embedded
    /// database if this process started it.
    public func stop() {
        server.shutdown(gracePeriod: .seconds(10))
        server.waitUntilStopped()
        context.committer.stop()
        if config.identity.resolverEnabled { context.resolver.stop() }
        partitions.stop()
        context.database.pool.close()
        background.close()
        runtime.close()
        logger.notice("mosaic.stopped")
    }

    static func identityRules(_ settings: MosaicConfig.IdentitySettings) -> IdentityRules {
        IdentityRules(linkGuardThreshold: settings.linkGuard)
    }

    static func fragmentExtractor(_ settings: MosaicConfig.IdentitySettings) throws -> FragmentExtractor {
        guard let country = CountryCode(settings.defaultCountry) else {
            throw ConfigError(key: "identity.default_country", reason: "unknown country", origin: "config")
        }
        var custom: [IdentifierType] = []
        for name in settings.customTypes {
            guard let type = IdentifierType(validating: name) else {
                throw ConfigError(key: "identity.custom_types", reason: "\(name) is not a snake_case name", origin: "config")
            }
            custom.append(type)
        }
        return FragmentExtractor(normalizer: Normalizer(defaultCountry: country), customTypes: custom)
    }

    static func serverConfiguration(_ config: MosaicConfig) -> Server.Configuration {
        var server = Server.Configuration()
        server.host = config.host
        server.port = config.port
        server.maxHeaderBytes = config.http.maxHeaderBytes
        server.maxBodyBytes = config.http.maxBodyBytes
        server.maxConnections = config.http.maxConnections
        server.headerReadTimeout = .milliseconds(config.http.headerTimeoutMs)
        server.bodyReadTimeout = .milliseconds(config.http.bodyTimeoutMs)
        server.idleTimeout = .milliseconds(config.http.idleTimeoutMs)
        server.workerThreads = config.http.workerThreads ?? config.database.poolSize
        return server
    }
}
