import ArgumentParser
import Foundation
import MosaicServer

/// `mosaic keys ...`: write keys for tracking sources and secret API keys. A new key is printed
/// alone on the last line of stdout, once; only its hash is stored.
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list and revoke keys.",
        subcommands: [CreateSource.self, Create.self, List.self, Revoke.self]
    )

    /// Runs `body` against the database of the shared options (embedded or external).
    static func withAdministration<T>(_ global: GlobalOptions, _ body: (KeyAdministration) throws -> T) throws -> T {
        let config = try global.load()
        let runtime = try DatabaseRuntime(config: config, logger: global.logger(config))
        defer { runtime.close() }
        try runtime.migrate(directory: DatabaseRuntime.migrationsDirectory(config: config))
        return try body(KeyAdministration(conninfo: runtime.conninfo))
    }

    struct CreateSource: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-source", abstract: "Create a tracking source; prints its write key.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The source's name, e.g. \"website\".") var name: String
        @Option(help: "Default country (ISO 3166 alpha-2) for national-format phones from this source.")
        var country: String?

        func run() throws {
            let (source, key) = try Keys.withAdministration(global) { try $0.createSource(name: name, defaultCountry: country) }
            print("source \(source.id) \"\(source.name)\" created; its write key (shown once):")
            print(key)
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a secret API key; prints it.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "What the key is for, e.g. \"pos-store-12\".") var name: String
        @Option(help: "Comma-separated scopes, e.g. profiles:read,orders:write.") var scopes: String

        func run() throws {
            let names = scopes.split(separator: ",").map(String.init)
            do {
                let (record, secret) = try Keys.withAdministration(global) { try $0.createAPIKey(name: name, scopes: names) }
                print("key \(record.id) \"\(record.name)\" created with scopes \(record.scopes.map(\.rawValue).joined(separator: ",")); its secret (shown once):")
                print(secret)
            } catch let error as KeyAdministration.UnknownScope {
                throw ValidationError(error.description)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sources and API keys (never their secrets).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try Keys.withAdministration(global) { admin in
                for (source, prefix, revoked) in try admin.listSources() {
                    print("source \(source.id)\t\(prefix)…\t\(source.name)\(revoked ? "\t(revoked)" : "")")
                }
                for key in try admin.listAPIKeys() {
                    print("key \(key.id)\t\(key.prefix)…\t\(key.name)\t\(key.scopes.map(\.rawValue).joined(separator: ","))\(key.revokedAt == nil ? "" : "\t(revoked)")")
                }
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API key by id.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The key's id (see `mosaic keys list`).") var id: Int64

        func run() throws {
            guard try Keys.withAdministration(global, { try $0.revokeAPIKey(id: id) }) else {
                throw ValidationError("no live key with id \(id)")
            }
            print("key \(id) revoked")
        }
    }
}
