import HTTP

/// How clients reach this server (scheme and `host[:port]`), for answers that point them back
/// here: the configured `http.public_url`, else what the request's headers say.
struct PublicHost: Sendable, Equatable {
    var scheme: String
    /// `host[:port]`, never a path, credentials, quotes or spaces.
    var name: String

    init(scheme: String, name: String) {
        self.scheme = scheme
        self.name = name
    }

    /// `http(s)://host[:port]` with at most a trailing `/`; nil for anything else.
    init?(url: String) {
        let parts = url.split(separator: "://", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["http", "https"].contains(parts[0].lowercased()) else { return nil }
        var name = parts[1]
        if name.hasSuffix("/") { name.removeLast() }
        guard Self.isPlain(name) else { return nil }
        self.init(scheme: parts[0].lowercased(), name: name)
    }

    /// From a request: `X-Forwarded-Proto`/`X-Forwarded-Host` set by a proxy in front (the first,
    /// client-facing value of each), else `Host` over plain HTTP, which Mosaic itself speaks.
    /// Any client can send those headers, so an answer built from them is for that client only
    /// (never for a shared cache); set `http.public_url` to stop trusting them.
    /// - Throws: ``APIError`` 400 for a scheme other than http(s), or a host that is not a
    ///   plain `name[:port]` (refused rather than echoed into what the client is told).
    init(headers: Headers) throws {
        func first(_ name: String) -> String? {
            headers[name].flatMap { $0.split(separator: ",").first }.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let scheme = first("X-Forwarded-Proto")?.lowercased() ?? "http"
        guard scheme == "http" || scheme == "https" else {
            throw APIError.badRequest("invalid_forwarded_proto", "X-Forwarded-Proto must be http or https")
        }
        guard let host = first("X-Forwarded-Host") ?? headers["Host"], Self.isPlain(host) else {
            throw APIError.badRequest("invalid_host", "the Host header must be a host name or address with an optional port")
        }
        self.init(scheme: scheme, name: host)
    }

    /// Letters, digits, `.`, `-`, `:` and IPv6 brackets, 1 to 255 bytes.
    static func isPlain(_ host: String) -> Bool {
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
