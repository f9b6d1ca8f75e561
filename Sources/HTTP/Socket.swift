/// A non-blocking socket file descriptor. A plain value: ownership (and the single `close`)
/// belongs to the `Connection` or `Listener` holding it. All libc calls live in `Socket+Glibc.swift`.
struct Socket: Sendable, Hashable {
    let fd: Int32

    /// Outcome of a non-blocking read or write.
    enum IOResult: Equatable {
        case bytes(Int)
        case wouldBlock
        /// Orderly shutdown by the peer (read returned 0).
        case endOfFile
        case failed(Int32)
    }

    /// Outcome of a non-blocking accept.
    enum AcceptResult {
        case accepted(Socket, remoteAddress: String)
        case wouldBlock
        case failed(Int32)
    }
}
