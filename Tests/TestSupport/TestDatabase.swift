import Foundation
import Postgres

/// A fresh, empty database on the test process's shared cluster.
///
/// The cluster is created lazily on first use, once per test process, and stopped at exit;
/// every `create()` returns a new database so suites and tests run in parallel without
/// seeing each other's rows.
public struct TestDatabase: Sendable {
    public let name: String
    public let conninfo: String
    public let cluster: LocalCluster

    /// Creates a new database named `<prefix>_<n>_<random>`.
    /// - Throws: whatever starting the shared cluster or CREATE DATABASE threw.
    public static func create(prefix: String = "test") throws -> TestDatabase {
        let cluster = try sharedCluster().cluster
        let clean = prefix.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        let name = "\(clean.prefix(30))_\(UUID().uuidString.prefix(8).lowercased())"
        try cluster.createDatabase(name)
        return TestDatabase(name: name, conninfo: cluster.conninfo(database: name), cluster: cluster)
    }

    /// A new connection to this database.
    public func connect() throws -> Connection { try Connection(conninfo) }

    /// A pool over this database.
    public func makePool(_ configuration: Pool.Configuration = .init()) -> Pool {
        Pool(conninfo: conninfo, configuration: configuration)
    }

    public func drop() throws { try cluster.dropDatabase(name) }

    /// Swift initialises a static let once, thread-safely, on first access: that is the
    /// "start once, lazily" guarantee. A failure is kept and rethrown to every caller.
    private static let shared: Swift.Result<TemporaryCluster, any Error> = {
        let result = Swift.Result { try TemporaryCluster() }
        if case .success = result {
            atexit { TestDatabase.stopShared() }
        }
        return result
    }()

    private static func sharedCluster() throws -> TemporaryCluster { try shared.get() }

    private static func stopShared() {
        if case .success(let cluster) = shared { cluster.destroy() }
    }
}
