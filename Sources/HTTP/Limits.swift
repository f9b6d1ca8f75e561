/// The parser's size limits, taken from `Server.Configuration`.
struct Limits: Sendable {
    /// Longest request line, CRLF included → 414 beyond it.
    var maxRequestLineBytes: Int = 8 * 1024
    /// Request line plus header fields → 431 beyond it; also bounds chunked trailers.
    var maxHeaderBytes: Int = 16 * 1024
    /// Most header fields in one head → 431 beyond it.
    var maxHeaderCount: Int = 100
    /// Body bytes (before decompression) when the route sets no limit → 413 beyond it.
    var maxBodyBytes: Int = 512 * 1024
    /// Longest chunk-size line including extensions → 400 beyond it.
    var maxChunkLineBytes: Int = 4 * 1024
}
