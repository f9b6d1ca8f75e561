import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL cluster on this machine, driven through initdb/pg_ctl and reached only over a
/// Unix socket. Used for `mosaic serve`'s embedded database and for the test cluster.
///
/// initdb and postgres refuse to run as root; when we are root the programs run as
/// `configuration.systemUser` (Debian's `postgres`) and that user is given the directories.
public final class LocalCluster: Sendable {
    public let configuration: Configuration
    let binaries: PostgresBinaries
    /// nil when we are not root and run the programs as ourselves.
    let runAs: String?
    private let logger: Logger

    /// - Throws: `LocalClusterError.binariesNotFound`, or `.unknownUser` when root and the
    ///   unprivileged user is missing.
    public init(
        configuration: Configuration,
        logger: Logger = Logger(label: "postgres.cluster", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws {
        var configuration = configuration
        // The server resolves relative paths against its data directory, not our cwd.
        configuration.dataDirectory = URL(fileURLWithPath: configuration.dataDirectory).standardizedFileURL.path
        configuration.socketDirectory = URL(fileURLWithPath: configuration.socketDirectory).standardizedFileURL.path
        // sockaddr_un.sun_path holds 108 bytes including the NUL.
        let socketPath = configuration.socketDirectory + "/.s.PGSQL.\(configuration.port)"
        guard socketPath.utf8.count < 108 else { throw LocalClusterError.unsupportedPath(socketPath) }
        self.configuration = configuration
        self.logger = logger
        binaries = try PostgresBinaries.find(in: configuration.binDirectory)
        if geteuid() == 0 {
            guard getpwnam(configuration.systemUser) != nil else {
                throw LocalClusterError.unknownUser(configuration.systemUser)
            }
            runAs = configuration.systemUser
        } else {
            runAs = nil
        }
    }

    public var dataDirectory: String { configuration.dataDirectory }
    public var logFile: String { dataDirectory + "/server.log" }
    public var isInitialized: Bool { FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") }

    /// Creates the cluster with `initdb` unless it already exists.
    /// Local (socket) connections are trusted: the socket directory belongs to the cluster's
    /// user and TCP is never opened; host connections are rejected outright.
    /// - Returns: true when a new cluster was created.
    @discardableResult
    public func initializeIfNeeded() throws -> Bool {
        if isInitialized { return false }
        try prepareDirectory(dataDirectory, mode: 0o700)
        var arguments = [
            "-D", dataDirectory, "-U", configuration.superuser, "-E", "UTF8", "--locale=C",
            "--auth-local=trust", "--auth-host=reject",
        ]
        if configuration.settings["fsync"] == "off" { arguments.append("--no-sync") }
        logger.info("db.cluster.initdb", metadata: ["db.cluster.data": "\(dataDirectory)"])
        try run(binaries.initdb, arguments)
        let include = "\n# Settings written by Mosaic on every start.\ninclude_if_exists = 'mosaic.conf'\n"
        try append(include, to: dataDirectory + "/postgresql.conf")
        return true
    }

    /// Starts the server (no-op when it already runs) and waits until it accepts connections.
    /// A `postmaster.pid` left by a killed server is removed when its pid is not a live postgres.
    /// - Throws: `LocalClusterError.commandFailed` with the server log's tail.
    public func start() throws {
        if isRunning { return }
        try initializeIfNeeded()
        try prepareDirectory(configuration.socketDirectory, mode: 0o755)
        try writeSettings()
        try removeStalePidFiles()
        let deadline = ContinuousClock.now + configuration.startTimeout
        let seconds = max(1, Int(configuration.startTimeout.components.seconds))
        while true {
            let outcome = try ProcessRunner.run(
                binaries.pgCtl, ["start", "-D", dataDirectory, "-l", logFile, "-w", "-t", "\(seconds)", "-s"],
                asUser: runAs)
            if outcome.status == 0 { break }
            let tail = logTail()
            // After a kill -9 the old server's children may still hold shared memory for a moment.
            if ContinuousClock.now < deadline, tail.contains("shared memory block is still in use")
                || tail.contains("lock file") {
                Thread.sleep(forTimeInterval: 0.5)
                try removeStalePidFiles()
                continue
            }
            throw LocalClusterError.commandFailed(
                command: "pg_ctl start", status: outcome.status, output: outcome.output + "\n" + tail)
        }
        logger.info("db.cluster.started", metadata: ["db.cluster.socket": "\(configuration.socketDirectory)"])
    }

    /// Stops the server in fast mode (open transactions are rolled back); no-op when stopped.
    public func stop() throws {
        guard isRunning else { return }
        let outcome = try ProcessRunner.run(
            binaries.pgCtl, ["stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "-s"], asUser: runAs)
        guard outcome.status == 0 else {
            throw LocalClusterError.commandFailed(command: "pg_ctl stop", status: outcome.status, output: outcome.output)
        }
        logger.info("db.cluster.stopped")
    }

    /// True when `postmaster.pid` names a live postgres process.
    public var isRunning: Bool { postmasterPID.map(Self.isLivePostgres) ?? false }

    /// The server's pid from `postmaster.pid`, if the file exists.
    public var postmasterPID: pid_t? { Self.readPID(dataDirectory + "/postmaster.pid") }

    /// A libpq key=value conninfo for `database` over the cluster's socket.
    public func conninfo(database: String = "postgres") -> String {
        "host=\(Self.quote(configuration.socketDirectory)) port=\(configuration.port) "
            + "user=\(Self.quote(configuration.superuser)) dbname=\(Self.quote(database))"
    }

    /// Creates a database; does nothing when it already exists.
    public func createDatabase(_ name: String) throws {
        let connection = try Connection(conninfo())
        defer { connection.close() }
        do {
            try connection.execute(unsafeSQL: "CREATE DATABASE \(PostgresIdentifier.quote(name))")
        } catch SQLState.duplicateDatabase {
            return
        }
    }

    /// Drops a database if it exists, disconnecting its sessions first.
    public func dropDatabase(_ name: String) throws {
        let connection = try Connection(conninfo())
        defer { connection.close() }
        try connection.execute(unsafeSQL: "DROP DATABASE IF EXISTS \(PostgresIdentifier.quote(name)) WITH (FORCE)")
    }

    // MARK: - Helpers

    static func quote(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    private func run(_ executable: String, _ arguments: [String]) throws {
        let outcome = try ProcessRunner.run(executable, arguments, asUser: runAs)
        guard outcome.status == 0 else {
            let name = (executable as NSString).lastPathComponent
            throw LocalClusterError.commandFailed(command: name, status: outcome.status, output: outcome.output)
        }
    }

    /// Server settings go into `mosaic.conf` (config-file quoting is well defined, unlike
    /// pg_ctl -o, which passes through a shell).
    private func writeSettings() throws {
        var settings = configuration.settings
        if settings["timezone"] == nil && settings["TimeZone"] == nil { settings["timezone"] = "UTC" }
        settings["listen_addresses"] = ""
        settings["unix_socket_directories"] = configuration.socketDirectory
        settings["port"] = "\(configuration.port)"
        var text = "# Written by Mosaic's LocalCluster on every start; edits are overwritten.\n"
        for key in settings.keys.sorted() {
            guard let value = settings[key] else { continue }
            guard !value.contains("\n"), key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." })
            else { throw LocalClusterError.unsupportedPath("\(key)") }
            text += "\(key) = '\(value.replacingOccurrences(of: "'", with: "''"))'\n"
        }
        let path = dataDirectory + "/mosaic.conf"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw LocalClusterError.fileSystem(operation: "write", path: path, errno: errno) }
        try giveToServerUser(path)
    }

    private func append(_ text: String, to path: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw LocalClusterError.fileSystem(operation: "open", path: path, errno: errno)
        }
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
    }

    /// Creates `path` (and parents), owned by the server user, parents searchable by it.
    private func prepareDirectory(_ path: String, mode: mode_t) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw LocalClusterError.fileSystem(operation: "mkdir", path: path, errno: errno)
        }
        guard chmod(path, mode) == 0 else { throw LocalClusterError.fileSystem(operation: "chmod", path: path, errno: errno) }
        try giveToServerUser(path)
        guard runAs != nil else { return }
        var parent = (URL(fileURLWithPath: path).standardizedFileURL.path as NSString).deletingLastPathComponent
        while parent != "/" && !parent.isEmpty {
            var info = stat()
            guard stat(parent, &info) == 0 else { throw LocalClusterError.fileSystem(operation: "stat", path: parent, errno: errno) }
            if info.st_mode & 0o001 == 0 {
                guard configuration.makeParentsTraversable, chmod(parent, (info.st_mode & 0o7777) | 0o001) == 0 else {
                    throw LocalClusterError.fileSystem(operation: "make traversable", path: parent, errno: EACCES)
                }
            }
            parent = (parent as NSString).deletingLastPathComponent
        }
    }

    private func giveToServerUser(_ path: String) throws {
        guard let user = runAs, let entry = getpwnam(user) else { return }
        guard chown(path, entry.pointee.pw_uid, entry.pointee.pw_gid) == 0 else {
            throw LocalClusterError.fileSystem(operation: "chown", path: path, errno: errno)
        }
    }

    /// Removes `postmaster.pid` and the socket lock file when the pid they name is not a live
    /// postgres (killed server, or pid reused by another process after a reboot).
    private func removeStalePidFiles() throws {
        let files = [
            dataDirectory + "/postmaster.pid",
            configuration.socketDirectory + "/.s.PGSQL.\(configuration.port).lock",
        ]
        for file in files {
            guard let pid = Self.readPID(file), !Self.isLivePostgres(pid) else { continue }
            logger.warning("db.cluster.stale_pid_file", metadata: ["db.cluster.file": "\(file)", "db.cluster.pid": "\(pid)"])
            if unlink(file) != 0 && errno != ENOENT {
                throw LocalClusterError.fileSystem(operation: "remove stale", path: file, errno: errno)
            }
        }
    }

    static func readPID(_ path: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let first = text.split(separator: "\n").first else { return nil }
        return pid_t(first.trimmingCharacters(in: .whitespaces))
    }

    /// Alive, not a zombie, and its command name is postgres.
    static func isLivePostgres(_ pid: pid_t) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return false }
        let name = stat[stat.index(after: open)..<close]
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X" && (name == "postgres" || name == "postmaster")
    }

    private func logTail() -> String {
        guard let text = try? String(contentsOfFile: logFile, encoding: .utf8) else { return "" }
        return text.split(separator: "\n").suffix(8).joined(separator: "\n")
    }
}
