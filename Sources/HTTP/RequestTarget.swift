/// A request-target split into its decoded path, raw path segments and query items.
/// Routing uses the raw segments so that an encoded `%2F` stays inside one segment.
struct RequestTarget: Sendable {
    var path: String
    var segments: [String]
    var queryItems: [QueryItem]

    /// Accepts origin-form (`/a?b`), absolute-form (`http://h/a`) and asterisk-form (`*`)
    /// (RFC 9112 §3.2); nil for anything else or for invalid percent-encoding / UTF-8.
    ///
    /// Every request comes through here, so it scans bytes: the delimiters are ASCII, and
    /// searching or splitting by `Character` (grapheme breaking) cost ~3 % of the server's CPU.
    init?(_ target: String) {
        var raw = Substring(target)
        if raw == "*" {
            path = "*"
            segments = []
            queryItems = []
            return
        }
        if raw.utf8.first != UInt8(ascii: "/") {
            // absolute-form: drop scheme and authority.
            guard let schemeEnd = raw.firstRange(of: "://") else { return nil }
            let scheme = raw[..<schemeEnd.lowerBound].lowercased()
            guard scheme == "http" || scheme == "https" else { return nil }
            let afterAuthority = raw[schemeEnd.upperBound...]
            if let slash = afterAuthority.utf8.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) {
                raw = afterAuthority[slash...]
                if raw.utf8.first == UInt8(ascii: "?") { raw = "/" + raw }
            } else {
                raw = "/"
            }
        }
        if let fragment = raw.utf8.firstIndex(of: UInt8(ascii: "#")) { raw = raw[..<fragment] }
        let rawPath: Substring
        let rawQuery: Substring?
        if let question = raw.utf8.firstIndex(of: UInt8(ascii: "?")) {
            rawPath = raw[..<question]
            rawQuery = raw[raw.utf8.index(after: question)...]
        } else {
            rawPath = raw
            rawQuery = nil
        }
        guard let decodedPath = PercentDecoding.decode(rawPath, plusAsSpace: false) else { return nil }
        var decodedSegments: [String] = []
        for piece in Self.split(rawPath, at: UInt8(ascii: "/")) {
            guard let segment = PercentDecoding.decode(piece, plusAsSpace: false) else { return nil }
            decodedSegments.append(segment)
        }
        var items: [QueryItem] = []
        if let rawQuery, !rawQuery.isEmpty {
            for pair in Self.split(rawQuery, at: UInt8(ascii: "&")) {
                let name: Substring
                let value: Substring
                if let equals = pair.utf8.firstIndex(of: UInt8(ascii: "=")) {
                    name = pair[..<equals]
                    value = pair[pair.utf8.index(after: equals)...]
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

    /// The non-empty pieces of `text` between occurrences of the ASCII byte `separator`.
    private static func split(_ text: Substring, at separator: UInt8) -> [Substring] {
        var pieces: [Substring] = []
        var start = text.startIndex
        let utf8 = text.utf8
        var index = start
        while index < utf8.endIndex {
            if utf8[index] == separator {
                if start < index { pieces.append(text[start..<index]) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start < text.endIndex { pieces.append(text[start...]) }
        return pieces
    }
}
