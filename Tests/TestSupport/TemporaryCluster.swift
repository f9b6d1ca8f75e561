import Foundation
import Postgres

/// A throwaway PostgreSQL cluster in a fresh temporary directory, tuned for speed.
///
/// Tests that restart or kill the server create their own so the shared one is undisturbed.
public final class TemporaryCluster: Sendable {
    public let cluster: LocalCluster
    public let root: String

    /// Creates (initdb) and starts a cluster under `/tmp/mosaic-pgtest-<pid>-<random>`.
    public init(settings: [String: String] = LocalCluster.Configuration.fastTestSettings) throws {
        Self.reapAbandoned()
        // Short paths: a Unix socket path must fit in 107 bytes.
        let suffix = UUID().uuidString.prefix(8).lowercased()
        root = "/tmp/mosaic-pgtest-\(getpid())-\(suffix)"
        cluster = try LocalCluster(configuration: .init(
            dataDirectory: root + "/data", socketDirectory: root + "/sock", settings: settings))
        try cluster.start()
    }

    public func conninfo(database: String = "postgres") -> String { cluster.conninfo(database: database) }

    /// Stops the server immediately and deletes the directory.
    public func destroy() {
        try? cluster.stop()
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Stops and removes clusters left by test processes that died without cleaning up
    /// (their pid is in the directory name), so crashed runs do not pile up servers.
    static func reapAbandoned() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/tmp") else { return }
        for name in names where name.hasPrefix("mosaic-pgtest-") {
            let parts = name.split(separator: "-")
            guard parts.count >= 4, let pid = pid_t(parts[2]), pid != getpid() else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }
            let root = "/tmp/" + name
            if let cluster = try? LocalCluster(configuration: .init(
                dataDirectory: root + "/data", socketDirectory: root + "/sock")) {
                try? cluster.stop()
            }
            try? FileManager.default.removeItem(atPath: root)
        }
    }
}
