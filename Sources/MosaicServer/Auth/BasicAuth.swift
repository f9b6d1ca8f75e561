import Foundation

/// HTTP Basic credentials (RFC 7617), as Segment SDKs send the write key: `base64(key + ":")`.
enum BasicAuth {
    /// The username of a `Basic` Authorization header, or nil when there is none or it is malformed.
    static func username(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              parts[1].utf8.count <= 1_024,
              let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
              let decoded = String(data: data, encoding: .utf8) else { return nil }
        let username = decoded.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
        return username?.isEmpty == false ? username : nil
    }

    /// The token of a `Bearer` Authorization header (RFC 6750), for secret API keys.
    static func bearer(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty || token.utf8.count > 256 ? nil : token
    }
}
