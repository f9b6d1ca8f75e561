import ArgumentParser
import Foundation
import MosaicServer

/// `mosaic db start|stop|status|psql`: manage the embedded PostgreSQL cluster;
/// `mosaic db rebuild-recent-events`: maintenance of the database in use (embedded or external).
struct DB: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the embedded PostgreSQL (under --data-dir).",
        subcommands: [Start.self, Stop.self, Status.self, Psql.self, RebuildRecentEvents.self]
    )

    static func embedded(_ global: GlobalOptions) throws -> EmbeddedDatabase {
        let config = try global.load()
        return try EmbeddedDatabase(dataDirectory: config.dataDir, logger: global.logger(config))
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the embedded cluster and leave it running.")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let database = try DB.embedded(global)
            print(try database.start() ? "started" : "already running")
            print(database.conninfo)
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the embedded cluster.")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let database = try DB.embedded(global)
            guard database.cluster.isRunning else {
                print("not running")
                return
            }
            database.stop()
            print("stopped")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether the embedded cluster runs (exit 3 if not).")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let database = try DB.embedded(global)
            if database.cluster.isRunning {
                print("running: \(database.conninfo)")
            } else {
                print("not running")
                throw ExitCode(3)
            }
        }
    }

    struct Psql: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open psql on Mosaic's database (starting the embedded cluster if needed).")
        @OptionGroup var global: GlobalOptions
        @Argument(parsing: .captureForPassthrough, help: "Arguments passed to psql.") var arguments: [String] = []
        func run() throws {
            let config = try global.load()
            let runtime = try DatabaseRuntime(config: config, logger: global.logger(config))
            defer { runtime.close() }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            let passed = arguments.first == "--" ? Array(arguments.dropFirst()) : arguments
            process.arguments = ["psql", runtime.conninfo] + passed
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus != 0 { throw ExitCode(process.terminationStatus) }
        }
    }

    struct RebuildRecentEvents: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rebuild-recent-events",
            abstract: "Rebuild every profile's recent-events ring from the events table.",
            discussion: """
                For after a rolling upgrade past migration 0009, after editing events by hand, or to \
                mend damaged rings. Works a chunk of profiles per transaction; the server may keep running.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Profiles per transaction.") var chunk = 1_000

        func validate() throws {
            guard (1...100_000).contains(chunk) else { throw ValidationError("--chunk must be between 1 and 100000") }
        }

        func run() throws {
            let config = try global.load()
            let runtime = try DatabaseRuntime(config: config, logger: global.logger(config))
            defer { runtime.close() }
            try runtime.migrate(directory: DatabaseRuntime.migrationsDirectory(config: config))
            let outcome = try RecentEventsRepair(conninfo: runtime.conninfo).run(chunkSize: chunk)
            print("\(outcome.profiles) profiles checked, \(outcome.changed) rings rebuilt")
        }
    }
}
