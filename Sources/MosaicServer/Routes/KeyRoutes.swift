import Foundation
import HTTP
import MosaicCore
import Postgres

/// The keys admin API (scope `admin`): what `mosaic keys` does, over HTTP, for a console or an
/// operator without shell access. Secrets and write keys appear once, in the create answer;
/// lists show only their prefixes.
struct KeyRoutes: Sendable {
    let context: AppContext

    static let maxNameBytes = 200

    func register(on router: Router) {
        router.add(.get, "/v1/keys") { request, _ in try list(request) }
        router.add(.post, "/v1/keys") { request, _ in try create(request) }
        router.add(.delete, "/v1/keys/{id}") { request, requestContext in try revoke(request, requestContext) }
        router.add(.get, "/v1/sources") { request, _ in try sources(request) }
        router.add(.post, "/v1/sources") { request, _ in try createSource(request) }
    }

    private func list(_ request: Request) throws -> Response {
        _ = try context.authorize(request, .admin)
        let keys = try context.database.withConnection { try KeyStore.listAPIKeys(on: $0) }
        return RouteSupport.ok(JSONObject(["data": .array(keys.map { .object(Self.json($0)) })]))
    }

    /// `POST /v1/keys {"name": "till-berlin", "scopes": ["orders:write", "profiles:read"]}` →
    /// 201 with `secret`, the only time it is shown.
    private func create(_ request: Request) throws -> Response {
        _ = try context.authorize(request, .admin)
        let body = try RouteSupport.jsonObject(request)
        let name = try Self.name(body)
        guard let list = body["scopes"]?.arrayValue, !list.isEmpty, list.count <= 32 else {
            throw APIError.badRequest("missing_field", "scopes must be a non-empty array of scope names", field: "scopes")
        }
        var names: [String] = []
        for item in list {
            guard let text = item.stringValue else {
                throw APIError.badRequest("invalid_type", "scopes must be strings", field: "scopes")
            }
            names.append(text)
        }
        let scopes: [Scope]
        do {
            scopes = try KeyAdministration.parseScopes(names)
        } catch let error as KeyAdministration.UnknownScope {
            throw APIError.badRequest("unknown_scope", error.description, field: "scopes")
        }
        let (record, key) = try context.database.withConnection { try KeyStore.createAPIKey(name: name, scopes: scopes, on: $0) }
        var object = Self.json(record)
        object["secret"] = .string(key.plaintext)
        return RouteSupport.ok(object, status: .created)
    }

    /// `DELETE /v1/keys/{id}`: revokes at once in this process (the key cache is emptied);
    /// other instances stop accepting it within the cache's lifetime (30 s).
    private func revoke(_ request: Request, _ requestContext: RequestContext) throws -> Response {
        _ = try context.authorize(request, .admin)
        let id = try RouteSupport.id(requestContext)
        let revoked = try context.database.withConnection { try KeyStore.revokeAPIKey(id: id, on: $0) }
        guard revoked else { throw APIError.notFound("no live API key with this id") }
        context.apiKeys.removeAll()
        return RouteSupport.ok(JSONObject(["id": .int(id), "revoked": .bool(true)]))
    }

    private func sources(_ request: Request) throws -> Response {
        _ = try context.authorize(request, .admin)
        let rows = try context.database.withConnection { try KeyStore.listSources(on: $0) }
        return RouteSupport.ok(JSONObject(["data": .array(rows.map { source, prefix, revoked in
            .object(JSONObject([
                "id": .int(source.id), "name": .string(source.name),
                "default_country": source.defaultCountry.map(JSONValue.string) ?? .null,
                "write_key_prefix": .string(prefix), "revoked": .bool(revoked),
            ]))
        })]))
    }

    /// `POST /v1/sources {"name": "website", "country": "PL"}` → 201 with `write_key`, shown once.
    private func createSource(_ request: Request) throws -> Response {
        _ = try context.authorize(request, .admin)
        let body = try RouteSupport.jsonObject(request)
        let name = try Self.name(body)
        var country: String?
        switch body["country"] {
        case nil, .null?: country = nil
        case .string(let text)? where text.utf8.count == 2 && CountryCode(text) != nil: country = text.uppercased()
        default: throw APIError.badRequest("invalid_country", "country must be an ISO 3166 alpha-2 code like PL", field: "country")
        }
        let (source, key) = try context.database.withConnection {
            try KeyStore.createSource(name: name, defaultCountry: country, on: $0)
        }
        return RouteSupport.ok(JSONObject([
            "id": .int(source.id), "name": .string(source.name),
            "default_country": source.defaultCountry.map(JSONValue.string) ?? .null,
            "write_key": .string(key.plaintext),
        ]), status: .created)
    }

    private static func name(_ body: JSONObject) throws -> String {
        guard let raw = body["name"]?.stringValue else {
            throw APIError.badRequest("missing_field", "name is required", field: "name")
        }
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.utf8.count <= maxNameBytes else {
            throw APIError.badRequest("invalid_name", "name must be 1 to \(maxNameBytes) bytes", field: "name")
        }
        return name
    }

    static func json(_ record: APIKeyRecord) -> JSONObject {
        JSONObject([
            "id": .int(record.id), "name": .string(record.name), "prefix": .string(record.prefix),
            "scopes": .array(record.scopes.map { .string($0.rawValue) }),
            "created_at": RouteSupport.date(record.createdAt), "revoked_at": RouteSupport.date(record.revokedAt),
        ])
    }
}
