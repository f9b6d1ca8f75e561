/// Per-route transport options, known to the connection right after the request head
/// (before the body is read) so that limits apply before any body byte is buffered.
public struct RouteOptions: Sendable {
    /// The largest body (after decompression) this route accepts; nil uses
    /// `Server.Configuration.maxBodyBytes`. Larger bodies are answered 413.
    public var maxBodyBytes: Int?
    /// Run the handler on the I/O queue instead of the worker pool. Only for handlers that
    /// never block (health checks, the benchmark no-op): a blocking inline handler stalls
    /// every connection on its queue.
    public var inline: Bool
    /// The error code a body over `maxBodyBytes` answers on this route (413 either way), so an
    /// API can keep its documented code (`batch_too_large`) for the limit the server enforces.
    public var tooLargeCode: String?

    public init(maxBodyBytes: Int? = nil, inline: Bool = false, tooLargeCode: String? = nil) {
        self.maxBodyBytes = maxBodyBytes
        self.inline = inline
        self.tooLargeCode = tooLargeCode
    }
}
