import Foundation
import HTTP
import MosaicCore

/// The Segment-compatible tracking API: `/v1/identify|track|page|screen|group|alias|batch|import`,
/// and the one-letter paths analytics.js (Segment's browser SDK) posts to: `/v1/i|t|p|s|g|a`
/// (its `apiHost` plus the type's first letter) and `/v1/b` (its batching mode), with the write
/// key in a `text/plain` body; and `/beacon/v1/batch?writeKey=…`, where RudderStack's SDKs
/// send with `navigator.sendBeacon`.
///
/// A 200 means every stored message is committed (the group committer answers after COMMIT).
/// Batches: valid messages are stored, invalid ones are reported by index. When at least one
/// was stored the answer is `200 {"success":false,"stored":N,"errors":[...]}` — an SDK must
/// not retry the good ones, and the bad ones would fail again; when none was stored it is a
/// `400` with the same body. A body-level problem (not JSON, too large, no key) is a 4xx error.
///
/// Threads: a single-message request is handled on its connection's I/O loop when its write key
/// is cached and its body small (the common case: no hand-off to a worker, measured +30 % req/s);
/// otherwise (a key to look up, a large body), and for batches, on the worker pool. Either way
/// the handler only queues the rows; the group committer answers after COMMIT, so no thread is
/// parked per waiting request.
struct TrackingRoutes: Sendable {
    let context: AppContext

    func register(on router: Router) {
        let endpoints: [(String, MessageType?)] = [
            ("/v1/identify", .identify), ("/v1/track", .track), ("/v1/page", .page), ("/v1/screen", .screen),
            ("/v1/group", .group), ("/v1/alias", .alias), ("/v1/batch", nil), ("/v1/import", nil),
            ("/v1/i", .identify), ("/v1/t", .track), ("/v1/p", .page), ("/v1/s", .screen), ("/v1/g", .group),
            ("/v1/a", .alias), ("/v1/b", nil),
            // RudderStack's SDKs send with `navigator.sendBeacon` (no headers: `?writeKey=`) here.
            ("/beacon/v1/batch", nil),
        ]
        for (path, type) in endpoints {
            // The server enforces the body limit before the parser sees the body; keep the
            // parser's documented codes for it.
            let tooLarge: MessageError.Code = type == nil ? .batchTooLarge : .messageTooLarge
            let onLoop = type != nil
            let options = RouteOptions(maxBodyBytes: MessageLimits().maxBatchBytes, inline: onLoop,
                                       tooLargeCode: tooLarge.rawValue)
            router.addDeferred(.post, path, options: options) { request, requestContext, respond in
                if onLoop && request.body.count > MessageLimits().maxMessageBytes {
                    requestContext.offload {
                        ingest(request, endpoint: type, context: requestContext, mayBlock: true, respond: respond)
                    }
                } else {
                    ingest(request, endpoint: type, context: requestContext, mayBlock: !onLoop, respond: respond)
                }
            }
        }
        router.add(.get, "/v1/projects/{writeKey}/settings") { request, requestContext in
            try settings(request, writeKey: requestContext.parameter("writeKey") ?? "")
        }
        router.add(.get, "/sourceConfig") { request, _ in try sourceConfig(request) }
    }

    /// Thrown on an I/O loop when the request needs the database before it can be queued.
    private struct MustLeaveLoop: Error {}

    private func ingest(_ request: Request, endpoint: MessageType?, context requestContext: RequestContext,
                        mayBlock: Bool, respond: @escaping @Sendable (Response) -> Void) {
        let accepted: (rows: [EventRow], rejected: [MessageError])
        do {
            accepted = try accept(request, endpoint: endpoint, mayBlock: mayBlock)
        } catch is MustLeaveLoop {
            requestContext.offload {
                ingest(request, endpoint: endpoint, context: requestContext, mayBlock: true, respond: respond)
            }
            return
        } catch {
            respond(Responder.errorResponse(for: error, context: requestContext))
            return
        }
        let (rows, rejected) = accepted
        guard !rows.isEmpty else {
            respond(Self.answer(stored: 0, rejected: rejected))
            return
        }
        let retryAfter = context.config.ingestion.retryAfterSeconds
        context.committer.submit(rows) { result in
            switch result {
            case .success:
                respond(Self.answer(stored: rows.count, rejected: rejected))
            case .failure(.unavailable(let reason)):
                respond(APIError.unavailable(reason, retryAfterSeconds: retryAfter).response)
            case .failure(.rejected):
                respond(APIError.badRequest("unstorable_message", "the database refused these messages").response)
            }
        }
    }

    /// Authenticates and validates: the rows to store and the messages refused, by index.
    /// - Throws: `MustLeaveLoop` when `mayBlock` is false and the write key is not cached.
    private func accept(_ request: Request, endpoint: MessageType?,
                        mayBlock: Bool) throws -> (rows: [EventRow], rejected: [MessageError]) {
        try RouteSupport.requireJSONContentType(request)
        let receivedAt = Date()
        let headerKey = BasicAuth.username(request.headers["Authorization"]) ?? request.query("writeKey")
        // Refuse a bad header key before spending time on the body.
        var source = try headerKey.map { try authenticate($0, mayBlock: mayBlock) }
        let parsed: ParsedRequest
        do {
            parsed = try MessageParser.parse(body: request.body, endpoint: endpoint, receivedAt: receivedAt,
                                             limits: MessageLimits(), clientIP: clientIP(of: request))
        } catch {
            throw APIError(error)
        }
        if source == nil {
            source = try authenticate(parsed.writeKey ?? "", mayBlock: mayBlock)
        }
        let sourceID = source!.id
        return (parsed.accepted.map { EventRow(message: $0.message, sourceID: sourceID) }, parsed.rejected)
    }

    /// The sender's address for `context.ip`, when `ingestion.fill_client_ip` is on: from
    /// `http.client_ip_header` when set (its last entry), else the connection's peer. A header
    /// value that is not an address is ignored (the peer is used).
    private func clientIP(of request: Request) -> String? {
        guard context.config.ingestion.fillClientIP else { return nil }
        let header = context.config.http.clientIPHeader
        if !header.isEmpty,
           let last = request.headers[header]?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
           Self.isAddress(last) {
            return last
        }
        return request.remoteAddress
    }

    /// IPv4 or IPv6 text: hex digits, `.` and `:`, 2 to 45 bytes (no port, zone or brackets).
    static func isAddress(_ text: String) -> Bool {
        (2...45).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                 UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: "."), UInt8(ascii: ":"):
                true
            default:
                false
            }
        }
    }

    /// `{"success":true}` when everything was stored; else the refused messages by index, with
    /// 400 when nothing was stored.
    private static func answer(stored: Int, rejected: [MessageError]) -> Response {
        if rejected.isEmpty {
            return .json(.ok, Array(#"{"success":true}"#.utf8))
        }
        let body = JSONValue.object([
            "success": .bool(false),
            "stored": .int(Int64(stored)),
            "errors": .array(rejected.map(itemError)),
        ])
        return .json(stored == 0 ? .badRequest : .ok, body.serialized())
    }

    private static func itemError(_ error: MessageError) -> JSONValue {
        var item = JSONObject()
        item["index"] = error.index.map { .int(Int64($0)) } ?? .null
        item["code"] = .string(error.code.rawValue)
        item["message"] = .string(error.message)
        item["field"] = error.field.map(JSONValue.string) ?? .null
        return .object(item)
    }

    /// The write key comes as HTTP Basic username (empty password), as `writeKey` in the query
    /// (beacons can send no header), or as `writeKey` in the body.
    func authenticate(_ key: String, mayBlock: Bool) throws -> Source {
        guard !key.isEmpty else {
            throw APIError.unauthorized("send the source's write key as the HTTP Basic username or as writeKey")
        }
        let source: Source?
        if mayBlock {
            source = try context.writeKeys.value(for: key) { key in
                try context.database.withConnection { try KeyStore.source(writeKey: key, on: $0) }
            }
        } else {
            guard let cached = context.writeKeys.cachedValue(for: key) else { throw MustLeaveLoop() }
            source = cached
        }
        guard let source else { throw APIError.unauthorized("unknown or revoked write key") }
        return source
    }
}
