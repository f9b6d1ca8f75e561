import Dispatch
import Logging

/// One client connection: the keep-alive state machine. Confined to its loop's thread;
/// handlers that run elsewhere come back through `loop.execute`. Requests are answered strictly
/// in order: while one is with a handler, pipelined bytes wait in the kernel.
///
/// The loop's epoll is edge-triggered: an event says "new bytes or room" once, so the
/// connection remembers it (`readReady`, `awaitingWritable`) until it reads to `EAGAIN` or has
/// flushed, and reads later (after a handler answers) what arrived meanwhile.
final class Connection: @unchecked Sendable {
    private enum Phase {
        /// Reading a request, or idle between requests.
        case reading
        /// A handler off the loop's thread owns the current request.
        case handling
        /// Final response sent, write side shut; draining input until EOF or the linger deadline.
        case lingering
        case closed
    }

    private enum Deadline {
        case none, header, body, idle, write, linger
    }

    /// The request being served.
    private struct Exchange {
        var head: RequestHead
        var target: RequestTarget?
        var decision: Responder.Decision?
        var requestID: String
        var started: UInt64
        /// The route's body limit, also applied to the decoded body.
        var bodyLimit: Int
    }

    let socket: Socket
    let remoteAddress: String
    private unowned let loop: IOLoop
    private let context: ServerContext
    private let counted: Bool
    private var parser: RequestParser
    private var phase = Phase.reading
    private var exchange: Exchange?
    private var serial: UInt64 = 0
    private var output: [UInt8] = []
    private var outputOffset = 0
    private var closeAfterFlush = false
    private var peerClosed = false
    /// Bytes (or EOF) may be waiting: set by an event, cleared by a read that drained the socket.
    private var readReady = false
    /// Output is waiting for room in the socket buffer.
    private var awaitingWritable = false
    /// Inside `readable()`, whose loop reads again itself when it may.
    private var reading = false
    private(set) var deadline: UInt64 = .max
    private var deadlineKind = Deadline.none

    /// Stop reading while this much output waits for a slow client.
    private static let outputHighWater = 256 * 1024
    /// Stop reading while this many received bytes wait unparsed.
    private static let inputHighWater = 1 << 20

    init(socket: Socket, remoteAddress: String, loop: IOLoop, counted: Bool) {
        self.socket = socket
        self.remoteAddress = remoteAddress
        self.loop = loop
        self.context = loop.context
        self.counted = counted
        self.parser = RequestParser(limits: loop.context.limits)
    }

    /// Starts the header deadline; the loop already watches the socket and reports it.
    func start() {
        setDeadline(.header, after: context.headerTimeout)
    }

    /// The loop's epoll reported the socket.
    func ready(_ readiness: EventPoll.Readiness) {
        guard phase != .closed else { return }
        if readiness.writable && awaitingWritable { writable() }
        if readiness.readable {
            readReady = true
            readIfWanted()
        }
    }

    /// Over the connection limit: answer 503 and close politely.
    func reject() {
        start()
        let response = Response.error(.serviceUnavailable, code: "too_many_connections",
                                      message: "The server is at its connection limit; retry shortly.",
                                      headers: ["Retry-After": "1"])
        ResponseWriter.append(response, to: &output, headOnly: false, keepAlive: false, http10: false, date: loop.date())
        closeAfterFlush = true
        flush()
        readIfWanted()
    }

    // MARK: reading

    /// Whether the connection takes input now: not while a handler has the request, output
    /// backs up or unparsed input piles up (the kernel buffers, and TCP pushes back).
    private var wantsInput: Bool {
        switch phase {
        case .closed, .handling: false
        case .lingering: !peerClosed
        case .reading:
            !peerClosed && !closeAfterFlush && output.count - outputOffset < Connection.outputHighWater
                && parser.bufferedByteCount < Connection.inputHighWater
        }
    }

    private func readIfWanted() {
        if readReady && wantsInput && !reading { readable() }
    }

    /// Reads, serves and writes while there is input and room for it. After a few rounds it
    /// yields to the loop's other connections and comes back.
    private func readable() {
        reading = true
        defer { reading = false }
        var rounds = 0
        while readReady && wantsInput {
            rounds += 1
            if rounds > 16 {
                loop.execute { [self] in readIfWanted() }
                return
            }
            received: while true {
                switch socket.read(into: loop.readBuffer) {
                case .bytes(let count):
                    if phase == .lingering { continue }
                    parser.append(UnsafeRawBufferPointer(rebasing: loop.readBuffer[0..<count]))
                    if count < loop.readBuffer.count {
                        // A short read emptied the socket; the next bytes raise a new edge.
                        readReady = false
                        break received
                    }
                    if parser.bufferedByteCount >= Connection.inputHighWater { break received }
                case .wouldBlock:
                    readReady = false
                    break received
                case .endOfFile:
                    peerClosed = true
                    readReady = false
                    break received
                case .failed:
                    close()
                    return
                }
            }
            if phase == .lingering {
                if peerClosed { close() }
                return
            }
            if peerClosed { closeAfterFlush = true }
            if phase == .reading { process() }
            flush()
        }
    }

    /// Parses and serves buffered requests until one goes to a handler, output backs up, or
    /// more bytes are needed.
    private func process() {
        while phase == .reading && !closeAfterFlush && output.count - outputOffset < Connection.outputHighWater {
            let event: RequestParser.Event?
            do {
                event = try parser.next()
            } catch {
                fail(error)
                return
            }
            guard let event else {
                if exchange == nil && !parser.isIdle && deadlineKind != .header {
                    setDeadline(.header, after: context.headerTimeout)
                }
                return
            }
            switch event {
            case .head(let head):
                begin(head)
            case .body(let body, let trailers):
                dispatch(body: body, trailers: trailers)
            }
        }
    }

    private func begin(_ head: RequestHead) {
        serial &+= 1
        let target = RequestTarget(head.target)
        var current = Exchange(head: head, target: target, decision: nil,
                               requestID: RequestID.accept(head.headers["X-Request-Id"]),
                               started: DispatchTime.now().uptimeNanoseconds, bodyLimit: context.limits.maxBodyBytes)
        if let target {
            let decision = context.responder.decide(method: head.method, segments: target.segments, headers: head.headers)
            current.decision = decision
            current.bodyLimit = decision.maxBodyBytes ?? context.limits.maxBodyBytes
            parser.bodyLimit = current.bodyLimit
        }
        exchange = current
        guard head.framing != .none else {
            setDeadline(.none, after: 0)
            return
        }
        setDeadline(.body, after: context.bodyTimeout)
        // RFC 9110 §10.1.1: tell a waiting client to send the body — unless it is too large anyway.
        if head.expectsContinue && parser.bodyNotYetReceived {
            if case .length(let length) = head.framing, length > parser.bodyLimit { return }
            output.append(contentsOf: ResponseWriter.continueBytes)
            flush()
        }
    }

    private func dispatch(body: [UInt8], trailers: Headers) {
        guard let current = exchange else { return }
        setDeadline(.none, after: 0)
        guard let target = current.target, let decision = current.decision else {
            fail(.badRequest("Invalid request target."))
            return
        }
        let decoded: [UInt8]
        do {
            decoded = try ContentNegotiation.decodeBody(
                body, headers: current.head.headers, limit: current.bodyLimit)
        } catch {
            // The body was consumed, so framing is intact and the connection may stay open.
            let error = decision.tooLarge(error)
            finish(Response.error(error.status, code: error.code, message: error.message), route: decision.routeName)
            return
        }
        var request = Request(method: current.head.method, parsedTarget: target, rawTarget: current.head.target,
                              headers: current.head.headers, body: decoded, remoteAddress: remoteAddress,
                              version: current.head.version)
        request.trailers = trailers
        switch decision {
        case .immediate(let response, let route):
            finish(response, route: route)
        case .route(let entry, let parameters):
            let pool = context.pool
            let requestContext = RequestContext(
                requestID: current.requestID, pathParameters: parameters, route: entry.pattern, logger: context.logger,
                offload: { pool.submit($0) })
            run(entry, request: request, context: requestContext)
        }
    }

    private func run(_ entry: RouteEntry, request: Request, context requestContext: RequestContext) {
        let route = entry.pattern
        switch entry.handler {
        case .blocking(let handler) where entry.options.inline:
            finish(Responder.invoke(handler, request: request, context: requestContext), route: route)
        case .blocking(let handler):
            phase = .handling
            let serial = self.serial
            let loop = self.loop
            context.pool.submit { [self] in
                let response = Responder.invoke(handler, request: request, context: requestContext)
                loop.execute { self.handlerFinished(serial: serial, response: response, route: route) }
            }
        case .deferred(let handler):
            phase = .handling
            let serial = self.serial
            let loop = self.loop
            let respond: @Sendable (Response) -> Void = { [self] response in
                loop.execute { self.handlerFinished(serial: serial, response: response, route: route) }
            }
            if entry.options.inline {
                handler(request, requestContext, respond)
            } else {
                context.pool.submit { handler(request, requestContext, respond) }
            }
        }
    }

    /// A handler off the loop's thread answered. Stale or repeated answers are ignored.
    private func handlerFinished(serial: UInt64, response: Response, route: String) {
        guard phase == .handling, serial == self.serial else { return }
        phase = .reading
        finish(response, route: route)
        process()
        flush()
        readIfWanted()
    }

    // MARK: writing

    /// Queues the final response of the current exchange (or of a request that failed to parse).
    private func finish(_ original: Response, route: String, forceClose: Bool = false) {
        let current = exchange
        exchange = nil
        var response = original
        let requestHeaders = current?.head.headers ?? Headers()
        context.responder.applyCORS(to: &response, requestHeaders: requestHeaders)
        if context.configuration.compressResponses {
            ContentNegotiation.compressIfUseful(&response, requestHeaders: requestHeaders,
                                                minimumBytes: context.configuration.gzipMinimumBytes)
        }
        let requestID = current?.requestID ?? RequestID.generate()
        response.headers.set("X-Request-Id", requestID)
        let handlerWantsClose = response.headers.contains("Connection")
            && response.headers.tokens(for: "Connection").contains("close")
        let keepAlive = !forceClose && (current?.head.keepAlive ?? false) && !loop.shuttingDown
            && !closeAfterFlush && !handlerWantsClose
        ResponseWriter.append(response, to: &output, headOnly: current?.head.method == .head,
                              keepAlive: keepAlive, http10: current?.head.minorVersion == 0, date: loop.date())
        if !keepAlive { closeAfterFlush = true }
        let started = current?.started
        context.logger.info("request", metadata: [
            "request.id": "\(requestID)",
            "http.method": "\(current?.head.method.rawValue ?? "-")",
            "http.route": "\(route)",
            "http.status": "\(response.status.code)",
            "http.duration_ms": "\(started.map { Double(DispatchTime.now().uptimeNanoseconds &- $0) / 1e6 } ?? 0)",
        ])
        if keepAlive {
            if parser.isIdle {
                setDeadline(.idle, after: context.idleTimeout)
            } else {
                setDeadline(.header, after: context.headerTimeout)
            }
        }
    }

    /// A protocol error: answer with its status and close (framing can no longer be trusted).
    private func fail(_ error: HTTPParseError) {
        let error = exchange?.decision?.tooLarge(error) ?? error
        finish(Response.error(error.status, code: error.code, message: error.message),
               route: exchange?.decision?.routeName ?? "<invalid>", forceClose: true)
    }

    private func flush() {
        guard phase != .closed else { return }
        while outputOffset < output.count {
            let result = output.withUnsafeBytes { bytes in
                socket.write(UnsafeRawBufferPointer(rebasing: bytes[outputOffset...]))
            }
            switch result {
            case .bytes(let count):
                outputOffset += count
            case .wouldBlock:
                waitForWritable()
                return
            case .endOfFile, .failed:
                close()
                return
            }
        }
        output.removeAll(keepingCapacity: output.capacity <= 64 * 1024)
        outputOffset = 0
        if awaitingWritable {
            awaitingWritable = false
            if deadlineKind == .write { setDeadline(.none, after: 0) }
        }
        if closeAfterFlush && phase == .reading { linger() }
    }

    private func waitForWritable() {
        setDeadline(.write, after: context.writeTimeout)
        awaitingWritable = true
    }

    private func writable() {
        flush()
        if phase == .reading && output.isEmpty && !closeAfterFlush {
            if parser.isIdle { setDeadline(.idle, after: context.idleTimeout) }
            process()
            flush()
        }
        readIfWanted()
    }

    // MARK: lifecycle

    private func linger() {
        guard phase == .reading else { return }
        if peerClosed {
            close()
            return
        }
        phase = .lingering
        socket.shutdownWrite()
        setDeadline(.linger, after: context.lingerTimeout)
        readIfWanted()
    }

    private func setDeadline(_ kind: Deadline, after nanoseconds: UInt64) {
        deadlineKind = kind
        deadline = kind == .none ? .max : DispatchTime.now().uptimeNanoseconds &+ nanoseconds
    }

    /// Called by the loop's sweep when `deadline` has passed.
    func deadlinePassed() {
        switch deadlineKind {
        case .none:
            deadline = .max
        case .idle, .write, .linger:
            close()
        case .header:
            if parser.isIdle && exchange == nil {
                close()
            } else {
                fail(HTTPParseError(status: .requestTimeout, code: "request_timeout",
                                    message: "Timed out waiting for the request head."))
                flush()
                readIfWanted()
            }
        case .body:
            fail(HTTPParseError(status: .requestTimeout, code: "request_timeout",
                                message: "Timed out waiting for the request body."))
            flush()
            readIfWanted()
        }
    }

    /// Graceful shutdown: close now unless a request is under way.
    func closeIfIdle() {
        if phase == .reading && exchange == nil && parser.isIdle && output.isEmpty {
            close()
        } else if phase == .reading && exchange == nil && parser.isIdle {
            closeAfterFlush = true
        }
    }

    func close() {
        guard phase != .closed else { return }
        phase = .closed
        deadline = .max
        loop.remove(self)
        socket.close()
        if counted { context.releaseConnection() }
    }
}
