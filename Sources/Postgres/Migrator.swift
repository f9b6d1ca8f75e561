import Foundation
import Logging

/// Applies numbered SQL migrations once each, in order, safely from several processes at once.
///
/// A session-level `pg_advisory_lock` serialises migrators: a second instance starting at the
/// same time waits, then finds nothing left to do. Each migration runs in its own transaction
/// together with its `schema_migrations` row, so a failure leaves no half-applied migration.
/// Files must therefore not contain their own BEGIN/COMMIT.
public struct Migrator: Sendable {
    public let migrations: [Migration]
    /// Key of the advisory lock; any constant shared by every instance of the application.
    public var lockKey: Int64 = 0x6d6f_7361_6963  // "mosaic"
    private let logger: Logger

    /// - Throws: `MigrationError.duplicateVersion` when two migrations share a version.
    public init(
        migrations: [Migration],
        logger: Logger = Logger(label: "postgres.migrator", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws {
        let grouped = Dictionary(grouping: migrations, by: \.version)
        if let (version, group) = grouped.first(where: { $0.value.count > 1 }) {
            throw MigrationError.duplicateVersion(version, files: group.map { "\($0.version)_\($0.name)" }.sorted())
        }
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.logger = logger
    }

    /// Loads every `*.sql` file of `directory`; other files (README) are ignored.
    /// - Throws: `MigrationError` for an unreadable directory, a bad name or a duplicate number.
    public init(
        directory: String,
        logger: Logger = Logger(label: "postgres.migrator", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw MigrationError.unreadableDirectory(path: directory, reason: "\(error.localizedDescription)")
        }
        var migrations: [Migration] = []
        var fileNames: [Int: [String]] = [:]
        for file in files where file.hasSuffix(".sql") {
            guard let (version, name) = Migration.parse(fileName: file) else { throw MigrationError.badFileName(file) }
            let path = (directory as NSString).appendingPathComponent(file)
            guard let sql = FileManager.default.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) })
            else { throw MigrationError.unreadableDirectory(path: path, reason: "not readable as UTF-8") }
            migrations.append(Migration(version: version, name: name, sql: sql))
            fileNames[version, default: []].append(file)
        }
        if let (version, names) = fileNames.first(where: { $0.value.count > 1 }) {
            throw MigrationError.duplicateVersion(version, files: names.sorted())
        }
        try self.init(migrations: migrations, logger: logger)
    }

    /// Applies every pending migration in version order.
    /// - Returns: the migrations applied by this call (empty when another instance did them).
    /// - Throws: `MigrationError.checksumMismatch` before applying anything if an applied file
    ///   changed; `MigrationError.failed` naming the migration whose SQL failed.
    @discardableResult
    public func migrate(on connection: Connection) throws -> [Migration] {
        try connection.query("SELECT pg_advisory_lock(\(lockKey))")
        defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(lockKey))") }
        try connection.execute(unsafeSQL: """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version bigint PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                checksum text NOT NULL
            )
            """)
        var applied: [Migration] = []
        for migration in try pending(on: connection, tableExists: true) {
            logger.info("db.migration.apply", metadata: ["db.migration": "\(migration.version)_\(migration.name)"])
            do {
                try connection.withTransaction { conn in
                    try conn.execute(unsafeSQL: migration.sql)
                    try conn.execute("""
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                        """)
                }
            } catch {
                throw MigrationError.failed(version: migration.version, name: migration.name, underlying: error)
            }
            applied.append(migration)
        }
        return applied
    }

    /// The migrations not yet applied (for `/ready` and `mosaic migrate --dry-run`).
    /// - Throws: `MigrationError.checksumMismatch` when an applied file has changed.
    public func pendingMigrations(on connection: Connection) throws -> [Migration] {
        let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL")
        return try pending(on: connection, tableExists: exists.first?.decode(0, as: Bool.self) ?? false)
    }

    private func pending(on connection: Connection, tableExists: Bool) throws -> [Migration] {
        guard tableExists else { return migrations }
        var checksums: [Int: String] = [:]
        for row in try connection.query("SELECT version, checksum FROM schema_migrations") {
            checksums[try row.decode(0, as: Int.self)] = try row.decode(1, as: String.self)
        }
        var pending: [Migration] = []
        for migration in migrations {
            guard let applied = checksums[migration.version] else {
                pending.append(migration)
                continue
            }
            guard applied == migration.checksum else {
                throw MigrationError.checksumMismatch(
                    version: migration.version, name: migration.name, applied: applied, file: migration.checksum)
            }
        }
        return pending
    }
}
