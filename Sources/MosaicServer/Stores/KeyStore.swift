import Foundation
import Postgres

/// A tracking source as its write key identifies it.
public struct Source: Sendable, Equatable {
    public let id: Int64
    public let name: String
    /// ISO 3166 alpha-2 used for national-format phone numbers from this source, if set.
    public let defaultCountry: String?
}

/// A secret API key's identity and permissions (never its secret).
public struct APIKeyRecord: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let prefix: String
    public let scopes: [Scope]
    public let createdAt: Date
    public let revokedAt: Date?
}

/// SQL for `sources` and `api_keys`. Keys are looked up by the SHA-256 of what was presented.
enum KeyStore {
    static func createSource(name: String, defaultCountry: String?, on connection: Connection) throws -> (Source, SecretKey) {
        let key = SecretKey(kind: .writeKey)
        let rows = try connection.query(prepared: """
            INSERT INTO sources (name, write_key_hash, write_key_prefix, default_country)
            VALUES (\(name), \(key.hash), \(key.prefix), \(defaultCountry))
            RETURNING id
            """)
        let id = try rows[0].decode(0, as: Int64.self)
        return (Source(id: id, name: name, defaultCountry: defaultCountry), key)
    }

    static func source(writeKey: String, on connection: Connection) throws -> Source? {
        let rows = try connection.query(prepared: """
            SELECT id, name, default_country FROM sources
            WHERE write_key_hash = \(SecretKey.hash(writeKey)) AND revoked_at IS NULL
            """)
        guard let row = rows.first else { return nil }
        return Source(id: try row.decode(0, as: Int64.self), name: try row.decode(1, as: String.self),
                      defaultCountry: try row.decode(2, as: String?.self))
    }

    static func listSources(on connection: Connection) throws -> [(Source, prefix: String, revoked: Bool)] {
        try connection.query(prepared: """
            SELECT id, name, default_country, write_key_prefix, revoked_at IS NOT NULL FROM sources ORDER BY id
            """).map { row in
            (Source(id: try row.decode(0, as: Int64.self), name: try row.decode(1, as: String.self),
                    defaultCountry: try row.decode(2, as: String?.self)),
             try row.decode(3, as: String.self), try row.decode(4, as: Bool.self))
        }
    }

    static func createAPIKey(name: String, scopes: [Scope], on connection: Connection) throws -> (APIKeyRecord, SecretKey) {
        let key = SecretKey(kind: .apiKey)
        let scopeNames = scopes.map(\.rawValue)
        let rows = try connection.query(prepared: """
            INSERT INTO api_keys (name, key_hash, key_prefix, scopes)
            VALUES (\(name), \(key.hash), \(key.prefix), \(scopeNames)::text[])
            RETURNING id, created_at
            """)
        let record = APIKeyRecord(id: try rows[0].decode(0, as: Int64.self), name: name, prefix: key.prefix,
                                  scopes: scopes, createdAt: try rows[0].decode(1, as: Date.self), revokedAt: nil)
        return (record, key)
    }

    static func apiKey(secret: String, on connection: Connection) throws -> APIKeyRecord? {
        try connection.query(prepared: """
            SELECT id, name, key_prefix, scopes, created_at, revoked_at FROM api_keys
            WHERE key_hash = \(SecretKey.hash(secret)) AND revoked_at IS NULL
            """).first.map(apiKeyRecord)
    }

    static func listAPIKeys(on connection: Connection) throws -> [APIKeyRecord] {
        try connection.query(prepared: """
            SELECT id, name, key_prefix, scopes, created_at, revoked_at FROM api_keys ORDER BY id
            """).map(apiKeyRecord)
    }

    /// - Returns: false when no live key has that id.
    static func revokeAPIKey(id: Int64, on connection: Connection) throws -> Bool {
        try connection.execute(prepared: "UPDATE api_keys SET revoked_at = now() WHERE id = \(id) AND revoked_at IS NULL") == 1
    }

    private static func apiKeyRecord(_ row: Row) throws -> APIKeyRecord {
        APIKeyRecord(id: try row.decode(0, as: Int64.self), name: try row.decode(1, as: String.self),
                     prefix: try row.decode(2, as: String.self),
                     scopes: try row.decode(3, as: [String].self).map(Scope.init),
                     createdAt: try row.decode(4, as: Date.self), revokedAt: try row.decode(5, as: Date?.self))
    }
}
