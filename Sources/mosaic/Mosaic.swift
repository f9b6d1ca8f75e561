import ArgumentParser

/// `mosaic`: the Mosaic customer data platform server and its administration commands.
@main
struct Mosaic: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mosaic: a customer data platform (single customer view, Segment-compatible tracking).",
        subcommands: [Serve.self, Migrate.self, Keys.self, DB.self],
        defaultSubcommand: Serve.self
    )
}
