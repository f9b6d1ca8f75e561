/// A request-target split into its decoded path, raw path segments and query items.
/// Routing uses the raw segments so that an encoded `%2F` stays inside one segment.
struct RequestTarget: Sendable {
    var path: String
    var segments: [String]
    var queryItems: [QueryItem]

    /// Accepts origin-form (`/a?b`), absolute-form (`http://h/a`) and asterisk-form (`*`)
    /// (RFC 9112 §3.2); nil for anything else or for invalid percent-encoding / UTF-8.
    init?(_ target: String) {
        var raw = Substring(target)
        if raw == "*" {
            path = "*"
            segments = []
            queryItems = []
            return
        }
        if !raw.hasPrefix("/") {
            // absolute-form: drop scheme and authority.
            guard let schemeEnd = raw.firstRange(of: "://") else { return nil }
            let scheme = raw[..<schemeEnd.lowerBound].lowercased()
            guard scheme == "http" || scheme == "https" else { return nil }
            let afterAuthority = raw[schemeEnd.upperBound...]
            if let slash = afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" }) {
                raw = afterAuthority[slash...]
                if raw.hasPrefix("?") { raw = "/" + raw }
            } else {
                raw = "/"
            }
        }
        if let fragment = raw.firstIndex(of: "#") { raw = raw[..<fragment] }
        let rawPath: Substring
        let rawQuery: Substring?
        if let question = raw.firstIndex(of: "?") {
            rawPath = raw[..<question]
            rawQuery = raw[raw.index(after: question)...]
        } else {
            rawPath = raw
            rawQuery = nil
        }
        guard let decodedPath = PercentDecoding.decode(rawPath, plusAsSpace: false) else { return nil }
        var decodedSegments: [String] = []
        for piece in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            guard let segment = PercentDecoding.decode(piece, plusAsSpace: false) else { return nil }
            decodedSegments.append(segment)
        }
        var items: [QueryItem] = []
        if let rawQuery, !rawQuery.isEmpty {
            for pair in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
                let name: Substring
                let value: Substring
                if let equals = pair.firstIndex(of: "=") {
                    name = pair[..<equals]
                    value = pair[pair.index(after: equals)...]
                } else {
                    name = pair
                    value = ""
                }
                guard let decodedName = PercentDecoding.decode(name, plusAsSpace: true),
                      let decodedValue = PercentDecoding.decode(value, plusAsSpace: true)
                else { return nil }
                items.append(QueryItem(decodedName, decodedValue))
            }
        }
        path = decodedPath
        segments = decodedSegments
        queryItems = items
    }
}
