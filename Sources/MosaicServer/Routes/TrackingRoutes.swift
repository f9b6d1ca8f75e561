import Foundation
import HTTP
import MosaicCore

/// The Segment-compatible tracking API: `/v1/identify|track|page|screen|group|alias|batch|import`.
///
/// A 200 means every stored message is committed (the group committer answers after COMMIT).
/// Batches: valid messages are stored, invalid ones are reported by index. When at least one
/// was stored the answer is `200 {"success":false,"stored":N,"errors":[...]}` — an SDK must
/// not retry the good ones, and the bad ones would fail again; when none was stored it is a
/// `400` with the same body. A body-level problem (not JSON, too large, no key) is a 4xx error.
struct TrackingRoutes: Sendable {
    let context: AppContext

    func register(on router: Router) {
        let endpoints: [(String, MessageType?)] = [
            ("identify", .identify), ("track", .track), ("page", .page), ("screen", .screen),
            ("group", .group), ("alias", .alias), ("batch", nil), ("import", nil),
        ]
        for (path, type) in endpoints {
            // The server enforces the body limit before the parser sees the body; keep the
            // parser's documented codes for it.
            let tooLarge: MessageError.Code = type == nil ? .batchTooLarge : .messageTooLarge
            let options = RouteOptions(maxBodyBytes: MessageLimits().maxBatchBytes, tooLargeCode: tooLarge.rawValue)
            router.add(.post, "/v1/" + path, options: options) { request, _ in
                try ingest(request, endpoint: type)
            }
        }
    }

    private func ingest(_ request: Request, endpoint: MessageType?) throws -> Response {
        try RouteSupport.requireJSONContentType(request)
        let receivedAt = Date()
        let headerKey = BasicAuth.username(request.headers["Authorization"])
        // Refuse a bad header key before spending time on the body.
        var source = try headerKey.map(authenticate)
        let parsed: ParsedRequest
        do {
            parsed = try MessageParser.parse(body: request.body, endpoint: endpoint, receivedAt: receivedAt,
                                             limits: MessageLimits())
        } catch {
            throw APIError(error)
        }
        if source == nil {
            source = try authenticate(parsed.writeKey ?? "")
        }
        let sourceID = source!.id
        let rows = parsed.accepted.map { EventRow(message: $0.message, sourceID: sourceID) }
        if !rows.isEmpty {
            switch context.committer.submitAndWait(rows) {
            case .success:
                break
            case .failure(.unavailable(let reason)):
                throw APIError.unavailable(reason, retryAfterSeconds: context.config.ingestion.retryAfterSeconds)
            case .failure(.rejected):
                throw APIError.badRequest("unstorable_message", "the database refused these messages")
            }
        }
        if parsed.rejected.isEmpty {
            return .json(.ok, Array(#"{"success":true}"#.utf8))
        }
        let body = JSONValue.object([
            "success": .bool(false),
            "stored": .int(Int64(rows.count)),
            "errors": .array(parsed.rejected.map(Self.itemError)),
        ])
        return .json(rows.isEmpty ? .badRequest : .ok, body.serialized())
    }

    private static func itemError(_ error: MessageError) -> JSONValue {
        var item = JSONObject()
        item["index"] = error.index.map { .int(Int64($0)) } ?? .null
        item["code"] = .string(error.code.rawValue)
        item["message"] = .string(error.message)
        item["field"] = error.field.map(JSONValue.string) ?? .null
        return .object(item)
    }

    /// The write key comes as HTTP Basic username (empty password) or as `writeKey` in the body.
    private func authenticate(_ key: String) throws -> Source {
        guard !key.isEmpty else {
            throw APIError.unauthorized("send the source's write key as the HTTP Basic username or as writeKey")
        }
        let source = try context.writeKeys.value(for: key) { key in
            try context.database.withConnection { try KeyStore.source(writeKey: key, on: $0) }
        }
        guard let source else { throw APIError.unauthorized("unknown or revoked write key") }
        return source
    }
}
