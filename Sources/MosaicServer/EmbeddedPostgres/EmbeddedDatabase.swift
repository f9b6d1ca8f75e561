import Foundation
import Logging
import Postgres

/// The PostgreSQL cluster Mosaic runs for itself when no `database_url` is configured: created
/// under `<data_dir>/pg` on first use, listening on a Unix socket only, stopped on exit by
/// whoever started it. Every `mosaic` subcommand shares it: one that finds it running uses it and
/// leaves it running.
public final class EmbeddedDatabase: Sendable {
    /// The database Mosaic's schema lives in, inside the cluster.
    public static let databaseName = "mosaic"

    public let cluster: LocalCluster
    private let logger: Logger

    public init(dataDirectory: String, logger: Logger) throws {
        let root = URL(fileURLWithPath: dataDirectory, isDirectory: true).standardizedFileURL.path
        cluster = try LocalCluster(configuration: .init(
            dataDirectory: root + "/pg",
            socketDirectory: Self.socketDirectory(for: root)
        ))
        self.logger = logger
    }

    /// Starts the cluster unless it already runs (creating it on first use) and makes sure the
    /// `mosaic` database exists.
    /// - Returns: whether this call started it (and so should stop it).
    public func start() throws -> Bool {
        if cluster.isRunning {
            logger.info("embedded.postgres.attached", metadata: ["pg.data": "\(cluster.configuration.dataDirectory)"])
            try ensureDatabase()
            return false
        }
        if try cluster.initializeIfNeeded() {
            logger.notice("embedded.postgres.created", metadata: ["pg.data": "\(cluster.configuration.dataDirectory)"])
        }
        try cluster.start()
        logger.info("embedded.postgres.started", metadata: ["pg.socket": "\(cluster.configuration.socketDirectory)"])
        try ensureDatabase()
        return true
    }

    public func stop() {
        do {
            try cluster.stop()
            logger.info("embedded.postgres.stopped")
        } catch {
            logger.error("embedded.postgres.stop_failed", metadata: ["error": "\(error)"])
        }
    }

    /// The connection string of Mosaic's database in this cluster.
    public var conninfo: String { cluster.conninfo(database: Self.databaseName) }

    private func ensureDatabase() throws {
        try cluster.createDatabase(Self.databaseName)
    }

    /// Unix socket paths are limited to 107 bytes: keep the socket beside the data when the
    /// path is short, else in /tmp under a name derived from the data directory.
    static func socketDirectory(for root: String) -> String {
        let beside = root + "/run"
        if beside.utf8.count <= 80 { return beside }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 // FNV-1a: stable across runs, unlike hashValue
        for byte in root.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "/tmp/mosaic-" + String(hash, radix: 16)
    }
}
