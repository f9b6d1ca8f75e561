import ArgumentParser
import Foundation
import Logging
import MosaicServer

/// The options every subcommand shares, so each works on the same database as a running `serve`.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Configuration file (default: config/mosaic.toml when present).")
    var config: String?

    @Option(name: .customLong("data-dir"), help: "Where the embedded PostgreSQL lives (default: ./.mosaic).")
    var dataDir: String?

    @Option(name: .customLong("database-url"), help: "An external PostgreSQL instead of the embedded one.")
    var databaseURL: String?

    /// Loads the configuration layers; a bad setting prints one line naming the key and exits 2.
    func load(extraFlags: [String: String] = [:]) throws -> MosaicConfig {
        var flags = extraFlags
        if let dataDir { flags["data_dir"] = dataDir }
        if let databaseURL { flags["database_url"] = databaseURL }
        do {
            return try ConfigLoader(file: config, flags: flags).load()
        } catch {
            FileHandle.standardError.write(Data("mosaic: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// A logger on stderr at the configured level.
    func logger(_ config: MosaicConfig) -> Logger {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "mosaic")
        logger.logLevel = Logger.Level(rawValue: config.logLevel) ?? .info
        return logger
    }
}
