import ArgumentParser
import Foundation
import MosaicServer

/// `mosaic serve`: the HTTP API on the configured (or embedded) database until SIGTERM/SIGINT.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP API (default command).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Address to listen on (default 127.0.0.1; env MOSAIC_HOST).")
    var host: String?

    @Option(help: "Port to listen on (default 8080; 0 picks a free one; env MOSAIC_PORT).")
    var port: Int?

    func run() throws {
        var flags: [String: String] = [:]
        if let host { flags["host"] = host }
        if let port { flags["port"] = String(port) }
        let config = try global.load(extraFlags: flags)
        let logger = global.logger(config)
        let app = try MosaicApp(config: config, logger: logger)
        try app.start()
        // Scripts read this line to learn the port (with --port 0); write it unbuffered.
        FileHandle.standardOutput.write(Data("mosaic listening on http://\(config.host):\(app.port)\n".utf8))
        SignalWaiter.waitForTermination()
        logger.notice("mosaic.stopping")
        app.stop()
    }
}
