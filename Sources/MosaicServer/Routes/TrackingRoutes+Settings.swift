import HTTP
import MosaicCore

/// `GET /v1/projects/{writeKey}/settings`: the source settings analytics.js fetches from its CDN
/// before it sends anything (`AnalyticsBrowser.load({writeKey, cdnURL})` asks
/// `<cdnURL>/v1/projects/<writeKey>/settings`). With `cdnURL` pointed at Mosaic, the answer sends
/// the SDK's events back here: `Segment.io`'s `apiHost` is this server as the browser reached it.
///
/// Nothing else is configured remotely: no device-mode destinations, no tracking plan, and the
/// SDK's own telemetry to Segment is off (`metrics.sampleRate` 0), so no event data leaves for a
/// third party.
extension TrackingRoutes {
    func settings(_ request: Request, writeKey: String) throws -> Response {
        let host = try Self.publicHost(request.headers)
        // The key is in the URL because the SDK puts it there; it is the public write key of a
        // browser source, checked like any other (unknown or revoked → 404, as Segment's CDN).
        do {
            _ = try authenticate(writeKey, mayBlock: true)
        } catch let error as APIError where error.status == .unauthorized {
            throw APIError.notFound("no source has this write key")
        }
        let segment: JSONObject = [
            "apiKey": .string(writeKey),
            "apiHost": .string(host.name + "/v1"),
            "protocol": .string(host.scheme),
            "addBundledMetadata": .bool(false),
        ]
        let body: JSONObject = [
            "integrations": .object(["Segment.io": .object(segment)]),
            "plan": .object([:]),
            "middlewareSettings": .object([:]),
            "enabledMiddleware": .object([:]),
            "metrics": .object(["sampleRate": .int(0)]),
            "remotePlugins": .array([]),
        ]
        var response = Response.json(.ok, JSONValue.object(body).serialized())
        // Depends on how the browser reached the server; caches must keep the variants apart.
        response.headers.set("Cache-Control", "public, max-age=300")
        response.headers.set("Vary", "Host, X-Forwarded-Host, X-Forwarded-Proto")
        return response
    }

    /// The scheme and host the browser used: `X-Forwarded-Proto`/`X-Forwarded-Host` from a proxy
    /// in front (first value of each), else `Host` over plain HTTP, which Mosaic itself speaks.
    /// A host that is not a plain `name[:port]` is refused rather than echoed into the SDK's
    /// configuration.
    static func publicHost(_ headers: Headers) throws -> (scheme: String, name: String) {
        func first(_ name: String) -> String? {
            headers[name].flatMap { $0.split(separator: ",").first }.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let scheme = first("X-Forwarded-Proto")?.lowercased() ?? "http"
        guard scheme == "http" || scheme == "https" else {
            throw APIError.badRequest("invalid_forwarded_proto", "X-Forwarded-Proto must be http or https")
        }
        guard let host = first("X-Forwarded-Host") ?? headers["Host"], isPlainHost(host) else {
            throw APIError.badRequest("invalid_host", "the Host header must be a host name or address with an optional port")
        }
        return (scheme, host)
    }

    /// Letters, digits, `.`, `-`, `:` and IPv6 brackets, up to 255 bytes: no path, query,
    /// credentials, quotes or spaces.
    static func isPlainHost(_ host: String) -> Bool {
        !host.isEmpty && host.utf8.count <= 255 && host.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: ":"),
                 UInt8(ascii: "["), UInt8(ascii: "]"):
                true
            default:
                false
            }
        }
    }
}
