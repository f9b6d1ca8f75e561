import Dispatch

/// One serial queue and the connections it owns. Everything a connection does happens on its
/// loop's queue, so connection state needs no locks. A coarse sweep timer enforces deadlines,
/// which keeps per-request timer syscalls off the hot path.
final class IOLoop: @unchecked Sendable {
    let queue: DispatchQueue
    let context: ServerContext
    /// Scratch space for reads; only touched on `queue`.
    let readBuffer: UnsafeMutableRawBufferPointer
    private(set) var shuttingDown = false
    private var connections: [Int32: Connection] = [:]
    private var timer: (any DispatchSourceTimer)?
    private var dateSecond = -1
    private var dateText = ""

    init(index: Int, context: ServerContext) {
        self.queue = DispatchQueue(label: "mosaic.http.io.\(index)")
        self.context = context
        self.readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        let shortest = [context.headerTimeout, context.bodyTimeout, context.idleTimeout,
                        context.writeTimeout, context.lingerTimeout].min() ?? 1_000_000_000
        let tick = min(max(shortest / 8, 5_000_000), 500_000_000)
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .nanoseconds(Int(tick)), repeating: .nanoseconds(Int(tick)),
                       leeway: .nanoseconds(Int(tick / 4)))
        timer.setEventHandler { [unowned self] in self.sweep() }
        timer.activate()
        self.timer = timer
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Takes ownership of an accepted socket (on `queue`).
    func adopt(_ socket: Socket, remoteAddress: String, counted: Bool) {
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

    func remove(_ connection: Connection) {
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

    private func sweep() {
        let now = DispatchTime.now().uptimeNanoseconds
        for connection in connections.values where connection.deadline <= now {
            connection.deadlinePassed()
        }
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

    func stop() {
        timer?.cancel()
        timer = nil
    }
}
