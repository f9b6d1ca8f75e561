import Dispatch
import Logging

/// One client connection: the keep-alive state machine. Confined to its loop's serial queue;
/// handlers that run elsewhere come back through `queue.async`. Requests are answered strictly
/// in order: while one is with a handler, pipelined bytes wait in the parser.
final class Connection: @unchecked Sendable {
    private enum Phase {
        /// Reading a request, or idle between requests.
        case reading
        /// A handler off this queue owns the current request.
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
    private var readSource: (any DispatchSourceRead)?
    private var writeSource: (any DispatchSourceWrite)?
    private var readSuspended = false
    private var writeSuspended = true
    private var pendingCancels = 0
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

    func start() {
        let source = DispatchSource.makeReadSource(fileDescriptor: socket.fd, queue: loop.queue)
        source.setEventHandler { [self] in self.readable() }
        source.setCancelHandler { [self] in self.sourceCancelled() }
        pendingCancels += 1
        readSource = source
        source.activate()
        setDeadline(.header, after: context.headerTimeout)
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
        updateReadInterest()
    }

    // MARK: reading

    private func readable() {
        guard phase != .closed else { return }
        var received = 0
        reading: while true {
            switch socket.read(into: loop.readBuffer) {
            case .bytes(let count):
                received += count
                if phase == .lingering { continue }
                parser.append(UnsafeRawBufferPointer(rebasing: loop.readBuffer[0..<count]))
                if count < loop.readBuffer.count || parser.bufferedByteCount >= Connection.inputHighWater { break reading }
            case .wouldBlock:
                break reading
            case .endOfFile:
                peerClosed = true
                break reading
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
        updateReadInterest()
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
            var logger = context.logger
            logger[metadataKey: "request.id"] = "\(current.requestID)"
            let pool = context.pool
            let requestContext = RequestContext(
                requestID: current.requestID, pathParameters: parameters, route: entry.pattern, logger: logger,
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
            let queue = loop.queue
            context.pool.submit { [self] in
                let response = Responder.invoke(handler, request: request, context: requestContext)
                queue.async { self.handlerFinished(serial: serial, response: response, route: route) }
            }
        case .deferred(let handler):
            phase = .handling
            let serial = self.serial
            let queue = loop.queue
            let respond: @Sendable (Response) -> Void = { [self] response in
                queue.async { self.handlerFinished(serial: serial, response: response, route: route) }
            }
            if entry.options.inline {
                handler(request, requestContext, respond)
            } else {
                context.pool.submit { handler(request, requestContext, respond) }
            }
        }
    }

    /// A handler off the queue answered. Stale or repeated answers are ignored.
    private func handlerFinished(serial: UInt64, response: Response, route: String) {
        guard phase == .handling, serial == self.serial else { return }
        phase = .reading
        finish(response, route: route)
        process()
        flush()
        updateReadInterest()
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
        if let writeSource, !writeSuspended {
            writeSource.suspend()
            writeSuspended = true
            if deadlineKind == .write { setDeadline(.none, after: 0) }
        }
        if closeAfterFlush && phase == .reading { linger() }
    }

    private func waitForWritable() {
        setDeadline(.write, after: context.writeTimeout)
        if writeSource == nil {
            let source = DispatchSource.makeWriteSource(fileDescriptor: socket.fd, queue: loop.queue)
            source.setEventHandler { [self] in self.writable() }
            source.setCancelHandler { [self] in self.sourceCancelled() }
            pendingCancels += 1
            writeSource = source
            writeSuspended = false
            source.activate()
        } else if writeSuspended {
            writeSuspended = false
            writeSource?.resume()
        }
    }

    private func writable() {
        guard phase != .closed else { return }
        flush()
        if phase == .reading && output.isEmpty && !closeAfterFlush {
            if parser.isIdle { setDeadline(.idle, after: context.idleTimeout) }
            process()
            flush()
        }
        updateReadInterest()
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
        updateReadInterest()
    }

    private func updateReadInterest() {
        guard let readSource else { return }
        let wanted: Bool
        switch phase {
        case .closed: return
        case .lingering: wanted = !peerClosed
        case .handling: wanted = false
        case .reading:
            wanted = !peerClosed && !closeAfterFlush && output.count - outputOffset < Connection.outputHighWater
                && parser.bufferedByteCount < Connection.inputHighWater
        }
        if wanted && readSuspended {
            readSuspended = false
            readSource.resume()
        } else if !wanted && !readSuspended {
            readSuspended = true
            readSource.suspend()
        }
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
                updateReadInterest()
            }
        case .body:
            fail(HTTPParseError(status: .requestTimeout, code: "request_timeout",
                                message: "Timed out waiting for the request body."))
            flush()
            updateReadInterest()
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
        if let readSource {
            if readSuspended { readSource.resume() }
            readSource.cancel()
        }
        if let writeSource {
            if writeSuspended { writeSource.resume() }
            writeSource.cancel()
        }
        if pendingCancels == 0 { socket.close() }
        loop.remove(self)
        if counted { context.releaseConnection() }
    }

    private func sourceCancelled() {
        pendingCancels -= 1
        if pendingCancels == 0 {
            socket.close()
            readSource = nil
            writeSource = nil
        }
    }
}
