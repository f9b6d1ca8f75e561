import HTTP

/// Who is calling with a secret API key, and what they may do. `admin` implies every scope.
struct Principal: Sendable {
    let key: APIKeyRecord

    func has(_ scope: Scope) -> Bool {
        key.scopes.contains(.admin) || key.scopes.contains(scope)
    }

    /// - Throws: 403 naming the missing scope.
    func require(_ scope: Scope) throws {
        guard has(scope) else { throw APIError.forbidden(missing: scope) }
    }

    /// Whether email, phone and names may be shown unmasked.
    var seesPII: Bool { has(.piiRead) }

    /// What trait lineage names as the source of a write made with this key.
    var lineageSource: String { "api_key:" + key.name }
}

extension AppContext {
    /// Authenticates the `Authorization: Bearer <secret>` of a request and checks `scope`.
    /// - Throws: 401 without a valid key, 403 without the scope.
    func authorize(_ request: Request, _ scope: Scope) throws -> Principal {
        guard let secret = BasicAuth.bearer(request.headers["Authorization"]) else {
            throw APIError.unauthorized("send a secret API key as Authorization: Bearer <key>", bearer: true)
        }
        let record = try apiKeys.value(for: secret) { secret in
            try database.withConnection { try KeyStore.apiKey(secret: secret, on: $0) }
        }
        guard let record else { throw APIError.unauthorized("unknown or revoked API key", bearer: true) }
        let principal = Principal(key: record)
        try principal.require(scope)
        return principal
    }
}
