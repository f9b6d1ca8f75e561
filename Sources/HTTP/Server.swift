import Dispatch
import Logging
import Synchronization

/// The HTTP/1.1 server: a listener, one I/O loop thread (epoll) per core, and a worker pool for
/// blocking handlers. Built on sockets and Dispatch directly (no SwiftNIO) by design.
public final class Server: Sendable {
    public let configuration: Configuration
    private let responder: Responder
    private let logger: Logger

    private enum Phase {
        case idle, running, stopping, stopped
    }

    private struct State {
        var phase = Phase.idle
        var port = 0
        var listener: Listener?
        var loops: [IOLoop] = []
        var context: ServerContext?
        var loopsQuiesced = false
    }

    private let state = Mutex(State())
    private let stopped = DispatchGroup()

    /// - Parameters:
    ///   - logger: used for the access log (info per request) and errors; the server never makes its own.
    public init(configuration: Configuration = Configuration(), responder: Responder, logger: Logger) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
    }

    /// The bound port (the real one when configured with port 0); 0 before `start()`.
    public var port: Int { state.withLock { $0.port } }

    /// Binds, listens and starts serving. Returns at once.
    /// - Throws: `SocketError` from `socket`/`bind`/`listen`, e.g. when the address is in use.
    public func start() throws {
        let alreadyStarted = state.withLock { $0.phase != .idle }
        if alreadyStarted { throw SocketError.failed("start (server already started)", errno: 114) }
        Platform.ignore(signal: Platform.brokenPipe)
        let socket = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        let boundPort: Int
        do {
            boundPort = try socket.localPort()
        } catch {
            socket.close()
            throw error
        }
        let pool = WorkerPool(threads: configuration.workerThreads)
        let context = ServerContext(
            configuration: configuration, responder: responder, logger: logger, pool: pool,
            onConnectionClosed: { [weak self] remaining in
                if remaining == 0 { self?.finishIfDrained() }
            })
        var loops: [IOLoop] = []
        do {
            for index in 0..<configuration.ioQueues { loops.append(try IOLoop(index: index, context: context)) }
        } catch {
            for loop in loops { loop.stop() }
            socket.close()
            pool.shutdown()
            throw error
        }
        let listener = Listener(socket: socket, loops: loops, context: context)
        stopped.enter()
        state.withLock {
            $0.phase = .running
            $0.port = boundPort
            $0.listener = listener
            $0.loops = loops
            $0.context = context
        }
        listener.start()
        logger.info("http server started", metadata: [
            "http.host": "\(configuration.host)", "http.port": "\(boundPort)",
            "http.io_queues": "\(configuration.ioQueues)", "http.workers": "\(configuration.workerThreads)",
        ])
    }

    /// Stops accepting, closes idle keep-alive connections, lets in-flight requests finish for at
    /// most `gracePeriod`, then closes what is left. Returns at once; `waitUntilStopped()` waits.
    public func shutdown(gracePeriod: Duration = .seconds(10)) {
        let taken = state.withLock { state -> (Listener?, [IOLoop])? in
            guard state.phase == .running else { return nil }
            state.phase = .stopping
            return (state.listener, state.loops)
        }
        guard let (listener, loops) = taken else { return }
        logger.info("http server stopping", metadata: ["http.grace_ms": "\(gracePeriod.nanoseconds / 1_000_000)"])
        listener?.stop()
        let quiesced = DispatchGroup()
        for loop in loops {
            quiesced.enter()
            loop.execute {
                loop.beginShutdown()
                quiesced.leave()
            }
        }
        quiesced.notify(queue: .global()) { [self] in
            state.withLock { $0.loopsQuiesced = true }
            finishIfDrained()
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(min(gracePeriod.nanoseconds, UInt64(Int.max))))) {
            for loop in loops { loop.execute { loop.closeAll() } }
        }
    }

    /// Blocks until a started server has fully stopped; returns at once if it never started.
    public func waitUntilStopped() {
        stopped.wait()
    }

    private func finishIfDrained() {
        let finished = state.withLock { state -> (ServerContext, [IOLoop])? in
            guard state.phase == .stopping, state.loopsQuiesced, let context = state.context,
                  context.connectionCount == 0
            else { return nil }
            state.phase = .stopped
            state.listener = nil
            return (context, state.loops)
        }
        guard let (context, loops) = finished else { return }
        context.pool.shutdown()
        for loop in loops { loop.stop() }
        logger.info("http server stopped")
        stopped.leave()
    }
}
