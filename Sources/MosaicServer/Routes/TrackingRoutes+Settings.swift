import HTTP
import MosaicCore

/// `GET /v1/projects/{writeKey}/settings`: the source settings analytics.js fetches from its CDN
/// before it sends anything (`AnalyticsBrowser.load({writeKey, cdnURL})` asks
/// `<cdnURL>/v1/projects/<writeKey>/settings`). With `cdnURL` pointed at Mosaic, the answer sends
/// the SDK's events back here: `Segment.io`'s `apiHost` is this server as `http.public_url`
/// names it, else as the browser reached it (``PublicHost``).
///
/// Nothing else is configured remotely: no device-mode destinations, no tracking plan, and the
/// SDK's own telemetry to Segment is off (`metrics.sampleRate` 0), so no event data leaves for a
/// third party.
extension TrackingRoutes {
    func settings(_ request: Request, writeKey: String) throws -> Response {
        let configured = PublicHost(url: context.config.http.publicURL)
        let host = try configured ?? PublicHost(headers: request.headers)
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
        // Built from headers any client can send: a shared cache must not hand one client's
        // answer to others (some ignore `Vary`). With `http.public_url` it is the same for all.
        response.headers.set("Cache-Control", configured == nil ? "private, max-age=300" : "public, max-age=300")
        if configured == nil { response.headers.set("Vary", "Host, X-Forwarded-Host, X-Forwarded-Proto") }
        return response
    }

    /// `GET /sourceConfig`: the source configuration RudderStack's JavaScript SDK fetches before
    /// it sends anything (`rudderanalytics.load(writeKey, dataPlaneUrl, {configUrl})` asks
    /// `<configUrl>/sourceConfig/?p=…&v=…` with the write key as Basic username; v1.1 also puts
    /// it in `writeKey=`). The SDK accepts it when `source.id`, a `source.config` object and a
    /// `source.destinations` array are there; it loads no device-mode destinations, and its
    /// events go to the `dataPlaneUrl` it was given.
    func sourceConfig(_ request: Request) throws -> Response {
        let key = BasicAuth.username(request.headers["Authorization"]) ?? request.query("writeKey") ?? ""
        let source = try authenticate(key, mayBlock: true)
        let body: JSONObject = [
            "source": .object([
                "id": .string(String(source.id)),
                "name": .string("Mosaic"),
                "writeKey": .string(key),
                "enabled": .bool(true),
                "config": .object([:]),
                "destinations": .array([]),
                "workspaceId": .string("mosaic"),
            ]),
        ]
        var response = Response.json(.ok, JSONValue.object(body).serialized())
        // Per key, and a key is what the answer confirms: for that browser only.
        response.headers.set("Cache-Control", "private, max-age=300")
        return response
    }
}
