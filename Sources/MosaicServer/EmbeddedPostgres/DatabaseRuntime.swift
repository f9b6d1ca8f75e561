import Foundation
import Logging
import Postgres

/// Where this process's database is: the configured `database_url`, or the embedded cluster
/// (attached to when another `mosaic` runs it, else started here and stopped by `close()`).
public final class DatabaseRuntime: Sendable {
    public let conninfo: String
    public let embedded: EmbeddedDatabase?
    private let ownsEmbedded: Bool
    private let logger: Logger

    public init(config: MosaicConfig, logger: Logger) throws {
        self.logger = logger
        if !config.databaseURL.isEmpty {
            conninfo = config.databaseURL
            embedded = nil
            ownsEmbedded = false
        } else {
            let database = try EmbeddedDatabase(dataDirectory: config.dataDir, logger: logger)
            ownsEmbedded = try database.start()
            conninfo = database.conninfo
            embedded = database
        }
    }

    /// Applies pending migrations (serialised across instances by an advisory lock).
    /// - Returns: the names of the migrations applied now.
    @discardableResult
    public func migrate(directory: String) throws -> [String] {
        let connection = try Connection(conninfo)
        let applied = try Migrator(directory: directory, logger: logger).migrate(on: connection)
        let names = applied.map { String(format: "%04d_%@", $0.version, $0.name) }
        for name in names { logger.notice("migration.applied", metadata: ["migration": "\(name)"]) }
        return names
    }

    /// Stops the embedded cluster if this process started it.
    public func close() {
        if ownsEmbedded { embedded?.stop() }
    }

    /// The migrations folder: the configured one, else `migrations/` in the working directory or
    /// in a folder above the executable (so `.build/release/mosaic` finds the repository's).
    public static func migrationsDirectory(config: MosaicConfig) throws -> String {
        if !config.migrationsDir.isEmpty { return config.migrationsDir }
        var candidates = [FileManager.default.currentDirectoryPath + "/migrations"]
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(folder.appendingPathComponent("migrations").path)
            folder = folder.deletingLastPathComponent()
        }
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0 + "/0001_keys.sql") }) {
            return found
        }
        throw ConfigError(key: "migrations_dir", reason: "no migrations folder found; set migrations_dir",
                          origin: "default")
    }

    /// The newest migration version in a folder (what /ready waits for).
    public static func newestMigration(in directory: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name in name.hasSuffix(".sql") ? Int(name.prefix(while: \.isNumber)) : nil }.max() ?? 0
    }
}
