import Foundation
import Logging
import MosaicServer
import Postgres
import TestSupport

/// A real `MosaicApp` in this process, on a real database, listening on an ephemeral port.
///
/// Most suites share one (`LiveMosaic.shared`) and isolate themselves by creating their own
/// source: every stored row carries `source_id`, so assertions never see another test's rows.
final class LiveMosaic: Sendable {
    let app: MosaicApp
    let conninfo: String
    var port: Int { app.port }
    var client: TrackingClient { TrackingClient(port: app.port) }

    /// Migrates the database behind `conninfo`, starts the app.
    init(conninfo: String, configure: (inout MosaicConfig) -> Void = { _ in }) throws {
        var config = MosaicConfig()
        config.databaseURL = conninfo
        config.port = 0
        config.migrationsDir = Repository.migrations
        // Small pools: many suites run in parallel against one test cluster.
        config.database.poolSize = 6
        config.http.workerThreads = 16
        configure(&config)
        self.conninfo = conninfo
        app = try MosaicApp(config: config, logger: Logger(label: "test.mosaic", factory: { _ in SwiftLogNoOpLogHandler() }))
        try app.start()
    }

    func stop() { app.stop() }

    /// One app for every suite that only needs "a running Mosaic"; started on first use and
    /// left running until the test process exits (the cluster is removed at exit).
    static func shared() throws -> LiveMosaic { try sharedResult.get() }

    private static let sharedResult: Swift.Result<LiveMosaic, any Error> = Swift.Result {
        try LiveMosaic(conninfo: try TestDatabase.create(prefix: "ingest_shared").conninfo)
    }

    /// A new tracking source on this app's database.
    func makeSource(_ name: String = "test") throws -> TestSource {
        let (source, key) = try KeyAdministration(conninfo: conninfo).createSource(name: name)
        return TestSource(id: source.id, writeKey: key)
    }

    func connect() throws -> Connection { try Connection(conninfo) }
}
