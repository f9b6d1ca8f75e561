import Dispatch
import Logging

/// Accepts connections and deals them round-robin to the I/O loops. Over `maxConnections`, a
/// socket is still accepted — so the client gets a 503 rather than a silent backlog stall.
final class Listener: @unchecked Sendable {
    private let socket: Socket
    private let loops: [IOLoop]
    private let context: ServerContext
    private let queue = DispatchQueue(label: "mosaic.http.accept")
    private var source: (any DispatchSourceRead)?
    private var next = 0
    private var paused = false

    init(socket: Socket, loops: [IOLoop], context: ServerContext) {
        self.socket = socket
        self.loops = loops
        self.context = context
    }

    func start() {
        let source = DispatchSource.makeReadSource(fileDescriptor: socket.fd, queue: queue)
        source.setEventHandler { [self] in self.acceptAll() }
        let socket = self.socket
        source.setCancelHandler { socket.close() }
        self.source = source
        source.activate()
    }

    /// Stops accepting and closes the listening socket.
    func stop() {
        queue.sync {
            if paused { source?.resume() }
            paused = false
            source?.cancel()
            source = nil
        }
    }

    private func acceptAll() {
        for _ in 0..<64 {
            switch socket.accept() {
            case .accepted(let client, let remoteAddress):
                client.setNoDelay()
                let counted = context.reserveConnection()
                let loop = loops[next % loops.count]
                next &+= 1
                loop.execute { loop.adopt(client, remoteAddress: remoteAddress, counted: counted) }
            case .wouldBlock:
                return
            case .failed(let code):
                // EMFILE/ENFILE: the pending connection stays readable, so back off instead of spinning.
                context.logger.warning("accept failed", metadata: ["error": "\(SocketError.failed("accept", errno: code))"])
                guard let source, !paused else { return }
                paused = true
                source.suspend()
                queue.asyncAfter(deadline: .now() + .milliseconds(100)) { [self] in
                    if paused, let source = self.source {
                        paused = false
                        source.resume()
                    }
                }
                return
            }
        }
    }
}
