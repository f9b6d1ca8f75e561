import Foundation
import Postgres

/// Creating, listing and revoking keys, for the CLI (`mosaic keys`) and the admin API.
/// Plaintext keys are returned once, from the create calls, and never stored.
public struct KeyAdministration: Sendable {
    /// A scope list that names something unknown.
    public struct UnknownScope: Error, CustomStringConvertible {
        public let scope: String
        public var description: String {
            "unknown scope \(scope); known: " + Scope.known.map(\.rawValue).joined(separator: ", ")
        }
    }

    private let conninfo: String

    public init(conninfo: String) { self.conninfo = conninfo }

    public func createSource(name: String, defaultCountry: String? = nil) throws -> (source: Source, writeKey: String) {
        let (source, key) = try KeyStore.createSource(name: name, defaultCountry: defaultCountry?.uppercased(),
                                                      on: Connection(conninfo))
        return (source, key.plaintext)
    }

    public func listSources() throws -> [(source: Source, prefix: String, revoked: Bool)] {
        try KeyStore.listSources(on: Connection(conninfo))
    }

    /// - Throws: `UnknownScope` for a scope Mosaic does not define.
    public func createAPIKey(name: String, scopes: [String]) throws -> (record: APIKeyRecord, secret: String) {
        let parsed = try Self.parseScopes(scopes)
        let (record, key) = try KeyStore.createAPIKey(name: name, scopes: parsed, on: Connection(conninfo))
        return (record, key.plaintext)
    }

    public func listAPIKeys() throws -> [APIKeyRecord] {
        try KeyStore.listAPIKeys(on: Connection(conninfo))
    }

    /// - Returns: false when no live key has that id.
    public func revokeAPIKey(id: Int64) throws -> Bool {
        try KeyStore.revokeAPIKey(id: id, on: Connection(conninfo))
    }

    static func parseScopes(_ names: [String]) throws -> [Scope] {
        let scopes = names.map { Scope($0.trimmingCharacters(in: .whitespaces)) }
        if let unknown = scopes.first(where: { !Scope.known.contains($0) }) {
            throw UnknownScope(scope: unknown.rawValue)
        }
        return Array(Set(scopes)).sorted()
    }
}
