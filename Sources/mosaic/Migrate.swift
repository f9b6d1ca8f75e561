import ArgumentParser
import MosaicServer

/// `mosaic migrate`: apply pending migrations and exit.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let config = try global.load()
        let runtime = try DatabaseRuntime(config: config, logger: global.logger(config))
        defer { runtime.close() }
        let applied = try runtime.migrate(directory: DatabaseRuntime.migrationsDirectory(config: config))
        print(applied.isEmpty ? "database is up to date" : "applied: " + applied.joined(separator: ", "))
    }
}
