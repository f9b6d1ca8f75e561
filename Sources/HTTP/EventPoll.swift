import CEpoll
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One I/O loop's readiness queue: an edge-triggered epoll set of sockets, plus an eventfd
/// that other threads write to wake the loop. Edge-triggered, so a socket is registered once
/// for both directions and never re-armed: a request costs no `epoll_ctl` call.
/// Used by its loop's thread only, except `wake()`.
final class EventPoll: @unchecked Sendable {
    /// What an event says a socket can do now. Errors and hang-ups count as both, so the
    /// next read or write sees them.
    struct Readiness {
        var readable: Bool
        var writable: Bool
    }

    private let epollFD: Int32
    private let wakeFD: Int32
    private let events: UnsafeMutableBufferPointer<epoll_event>

    init(capacity: Int = 256) throws(SocketError) {
        let epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw .failed("epoll_create1", errno: errno) }
        let wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            let code = errno
            _ = close(epollFD)
            throw .failed("eventfd", errno: code)
        }
        self.epollFD = epollFD
        self.wakeFD = wakeFD
        self.events = .allocate(capacity: capacity)
        if let code = control(EPOLL_CTL_ADD, wakeFD, mask: EPOLLIN.rawValue | EPOLLET.rawValue) {
            events.deallocate()
            _ = close(wakeFD)
            _ = close(epollFD)
            throw .failed("epoll_ctl", errno: code)
        }
    }

    deinit {
        events.deallocate()
        _ = close(wakeFD)
        _ = close(epollFD)
    }

    /// Starts reporting a socket's read and write readiness.
    /// - Throws: `SocketError` from `epoll_ctl` (e.g. ENOMEM); the socket is then not watched.
    func watch(_ descriptor: Int32) throws(SocketError) {
        let mask = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
        if let code = control(EPOLL_CTL_ADD, descriptor, mask: mask) { throw .failed("epoll_ctl", errno: code) }
    }

    /// Stops reporting a socket (call before closing it).
    func unwatch(_ descriptor: Int32) {
        _ = control(EPOLL_CTL_DEL, descriptor, mask: 0)
    }

    /// Makes a `wait` in progress (or the next one) return. Any thread.
    func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, MemoryLayout<UInt64>.size)
    }

    /// Waits at most `timeoutMilliseconds` (0: just poll) and reports each ready socket.
    /// - Returns: whether `wake()` was called.
    func wait(timeoutMilliseconds: Int32, _ report: (Int32, Readiness) -> Void) -> Bool {
        let count = epoll_wait(epollFD, events.baseAddress, Int32(events.count), timeoutMilliseconds)
        guard count > 0 else { return false }
        var woken = false
        let failure = EPOLLERR.rawValue | EPOLLHUP.rawValue
        for event in events[0..<Int(count)] {
            let descriptor = event.data.fd
            if descriptor == wakeFD {
                var counter: UInt64 = 0
                _ = read(wakeFD, &counter, MemoryLayout<UInt64>.size)
                woken = true
                continue
            }
            let mask = event.events
            report(descriptor, Readiness(
                readable: mask & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | failure) != 0,
                writable: mask & (EPOLLOUT.rawValue | failure) != 0))
        }
        return woken
    }

    /// `epoll_ctl`; the errno on failure.
    private func control(_ operation: Int32, _ descriptor: Int32, mask: UInt32) -> Int32? {
        var event = epoll_event()
        event.events = mask
        event.data.fd = descriptor
        return epoll_ctl(epollFD, operation, descriptor, &event) == 0 ? nil : errno
    }
}
