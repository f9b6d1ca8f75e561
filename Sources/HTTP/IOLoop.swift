import Dispatch
import Foundation

/// One thread, its epoll set and the connections it owns. Everything a connection does happens
/// on this thread, so connection state needs no locks; other threads hand work in through
/// `execute`. The thread waits in `epoll_wait` itself and handles what it returns, so a request
/// costs no thread hand-off on the way in (Dispatch read sources cost two: its event thread,
/// then a queue worker). A coarse sweep enforces deadlines without per-request timers.
final class IOLoop: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    let context: ServerContext
    /// Scratch space for reads; only touched on the loop's thread.
    let readBuffer: UnsafeMutableRawBufferPointer
    private(set) var shuttingDown = false
    private let poll: EventPoll
    private var connections: [Int32: Connection] = [:]
    private var dateSecond = -1
    private var dateText = ""
    private let sweepInterval: UInt64
    private var nextSweep: UInt64 = 0

    /// Work handed in from other threads. `NSLock` (a plain futex), as in `WorkerPool`.
    private let inboxLock = NSLock()
    private var inbox: [Job] = []
    /// The jobs being run; swapped with `inbox` so neither array is reallocated per round.
    private var draining: [Job] = []
    /// The loop is in (or about to enter) a blocking `epoll_wait`: a new job must wake it.
    private var sleeping = false
    private var stopped = false

    init(index: Int, context: ServerContext) throws(SocketError) {
        self.context = context
        self.poll = try EventPoll()
        self.readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        let shortest = [context.headerTimeout, context.bodyTimeout, context.idleTimeout,
                        context.writeTimeout, context.lingerTimeout].min() ?? 1_000_000_000
        self.sweepInterval = min(max(shortest / 8, 5_000_000), 500_000_000)
        NamedThread.start("http.io.\(index)", stackSize: 1 << 20) { [self] in self.run() }
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Runs `job` on the loop's thread, after what is already queued. Any thread.
    func execute(_ job: @escaping Job) {
        inboxLock.lock()
        inbox.append(job)
        let mustWake = sleeping
        sleeping = false
        inboxLock.unlock()
        if mustWake { poll.wake() }
    }

    /// Takes ownership of an accepted socket (on the loop's thread).
    func adopt(_ socket: Socket, remoteAddress: String, counted: Bool) {
        do {
            try poll.watch(socket.fd)
        } catch {
            context.logger.warning("cannot watch connection", metadata: ["error": "\(error)"])
            socket.close()
            if counted { context.releaseConnection() }
            return
        }
        let connection = Connection(socket: socket, remoteAddress: remoteAddress, loop: self, counted: counted)
        connections[socket.fd] = connection
        if !counted {
            connection.reject()
        } else if shuttingDown {
            connection.close()
        } else {
            connection.start()
        }
    }

    /// Forgets a connection that is closing; its socket is closed by the caller right after.
    func remove(_ connection: Connection) {
        poll.unwatch(connection.socket.fd)
        connections[connection.socket.fd] = nil
    }

    /// The `Date` header value, formatted once per second.
    func date() -> String {
        let second = Platform.currentSecond()
        if second != dateSecond {
            dateSecond = second
            dateText = Platform.httpDate(second: second)
        }
        return dateText
    }

    /// Stop taking new requests: idle connections close now, busy ones after their response.
    func beginShutdown() {
        shuttingDown = true
        for connection in Array(connections.values) { connection.closeIfIdle() }
    }

    /// The grace period is over: close everything.
    func closeAll() {
        for connection in Array(connections.values) { connection.close() }
    }

    /// Ends the thread once the jobs queued before this one have run.
    func stop() {
        execute { [self] in stopped = true }
    }

    private func run() {
        nextSweep = DispatchTime.now().uptimeNanoseconds &+ sweepInterval
        while !stopped {
            runInbox()
            if stopped { break }
            inboxLock.lock()
            sleeping = inbox.isEmpty
            let timeout = sleeping ? Int32(sweepInterval / 1_000_000) : 0
            inboxLock.unlock()
            _ = poll.wait(timeoutMilliseconds: timeout) { descriptor, readiness in
                connections[descriptor]?.ready(readiness)
            }
            inboxLock.lock()
            sleeping = false
            inboxLock.unlock()
            let now = DispatchTime.now().uptimeNanoseconds
            if now >= nextSweep {
                nextSweep = now &+ sweepInterval
                sweep(now: now)
            }
        }
    }

    private func runInbox() {
        while true {
            inboxLock.lock()
            swap(&inbox, &draining)
            inboxLock.unlock()
            if draining.isEmpty { return }
            for job in draining { job() }
            draining.removeAll(keepingCapacity: true)
        }
    }

    private func sweep(now: UInt64) {
        for connection in connections.values where connection.deadline <= now {
            connection.deadlinePassed()
        }
    }
}
