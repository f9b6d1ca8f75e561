/// Request body decoding and response compression rules, applied at the edge so that handlers
/// always see plain bodies and never think about `Content-Encoding`.
enum ContentNegotiation {
    /// Decodes the body per `Content-Encoding`, bounded by `limit` decoded bytes.
    /// - Throws: `HTTPParseError` 413 when the decoded body is too large, 400 when it is corrupt,
    ///   415 for codings other than gzip, deflate and identity.
    static func decodeBody(_ body: [UInt8], headers: Headers, limit: Int) throws(HTTPParseError) -> [UInt8] {
        guard headers.contains("Content-Encoding") else { return body }
        let codings = headers.tokens(for: "Content-Encoding").filter { !$0.isEmpty && $0 != "identity" }
        var decoded = body
        // RFC 9110 §8.4: codings are listed in the order applied, so undo them in reverse.
        for coding in codings.reversed() {
            let format: BodyCoding.Format
            switch coding {
            case "gzip", "x-gzip": format = .gzip
            case "deflate": format = .deflate
            default:
                throw HTTPParseError(status: .unsupportedMediaType, code: "unsupported_content_encoding",
                                     message: "Content-Encoding must be gzip, deflate or identity.")
            }
            do {
                decoded = try BodyCoding.decode(decoded, format: format, limit: limit)
            } catch .tooLarge {
                throw .bodyTooLarge
            } catch {
                throw HTTPParseError(status: .badRequest, code: "invalid_content_encoding",
                                     message: "The request body is not valid \(coding) data.")
            }
        }
        return decoded
    }

    /// Whether the client accepts gzip (RFC 9110 §12.5.3), honouring `q=0`.
    static func acceptsGzip(_ headers: Headers) -> Bool {
        for element in headers.values(for: "Accept-Encoding").flatMap({ $0.split(separator: ",") }) {
            let parts = element.split(separator: ";")
            guard let name = parts.first?.trimmingOWS().lowercased(), name == "gzip" || name == "*" else { continue }
            let zeroQuality = parts.dropFirst().contains { parameter in
                let text = parameter.trimmingOWS().lowercased()
                return text == "q=0" || text == "q=0.0" || text == "q=0.00" || text == "q=0.000"
            }
            return !zeroQuality
        }
        return false
    }

    /// Types worth compressing: text and the structured-text application types.
    static func isCompressible(contentType: String?) -> Bool {
        guard let contentType else { return false }
        let type = contentType.split(separator: ";").first.map { $0.trimmingOWS().lowercased() } ?? ""
        if type.hasPrefix("text/") { return true }
        if type.hasSuffix("+json") || type.hasSuffix("+xml") { return true }
        return ["application/json", "application/javascript", "application/xml", "application/x-ndjson",
                "application/ndjson", "image/svg+xml", "application/wasm"].contains(type)
    }

    /// gzip-compresses the response when the client accepts it and it is worth it.
    static func compressIfUseful(_ response: inout Response, requestHeaders: Headers, minimumBytes: Int) {
        guard response.status.allowsBody, response.body.count >= minimumBytes,
              !response.headers.contains("Content-Encoding"),
              isCompressible(contentType: response.headers["Content-Type"]),
              acceptsGzip(requestHeaders),
              let compressed = BodyCoding.gzip(response.body), compressed.count < response.body.count
        else { return }
        response.body = compressed
        response.headers.set("Content-Encoding", "gzip")
        response.headers.add("Vary", "Accept-Encoding")
    }
}
