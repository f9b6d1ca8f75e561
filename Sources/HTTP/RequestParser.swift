/// Incremental HTTP/1.1 request parser (RFC 9112). Fed arbitrary byte chunks, it yields a
/// `.head` as soon as the header section is complete — so the caller can route and set
/// `bodyLimit` before any body byte is accepted — and then a `.body` with the de-chunked body.
///
/// It is strict where leniency enables request smuggling: bare LF, obs-fold, whitespace before
/// the colon, CR/LF/NUL in fields, conflicting Content-Length, Content-Length with
/// Transfer-Encoding and malformed chunk sizes are all refused, and a refused parser stays failed.
struct RequestParser {
    enum Event {
        case head(RequestHead)
        case body([UInt8], trailers: Headers)
    }

    private enum State {
        case requestLine
        case headerLines
        case headComplete(RequestHead.Framing)
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case failed(HTTPParseError)
    }

    let limits: Limits
    /// Body limit for the current message; set it after `.head` and before the next `next()`.
    var bodyLimit: Int

    private var buffer: [UInt8] = []
    private var index = 0
    private var scanned = 0
    private var state: State = .requestLine

    private var method = Method.get
    private var target = ""
    private var minorVersion = 1
    private var headers = Headers()
    private var headBytes = 0
    private var body: [UInt8] = []
    private var trailers = Headers()
    private var trailerBytes = 0

    init(limits: Limits = Limits()) {
        self.limits = limits
        self.bodyLimit = limits.maxBodyBytes
    }

    /// Whether nothing of a next message has arrived (the connection is idle between requests).
    var isIdle: Bool {
        if case .requestLine = state { return headBytes == 0 && index == buffer.count }
        return false
    }

    /// Whether the parser is inside a body (for the body-read timeout).
    var isReadingBody: Bool {
        switch state {
        case .headComplete, .fixedBody, .chunkSize, .chunkData, .chunkDataEnd, .trailers: return true
        default: return false
        }
    }

    /// Bytes received but not yet consumed (pipelined requests, body not yet parsed).
    var bufferedByteCount: Int { buffer.count - index }

    /// Whether the body of the current message has not started arriving yet.
    var bodyNotYetReceived: Bool { index == buffer.count }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    mutating func append(_ bytes: some Collection<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    private mutating func compact() {
        if index == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
            index = 0
        } else if index > 4096 && index > buffer.count / 2 {
            buffer.removeSubrange(0..<index)
            index = 0
        }
    }

    /// The next complete event, nil when more bytes are needed.
    /// - Throws: `HTTPParseError` with the status to answer; the parser then stays failed.
    mutating func next() throws(HTTPParseError) -> Event? {
        if case .failed(let error) = state { throw error }
        do {
            return try step()
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func step() throws(HTTPParseError) -> Event? {
        while true {
            switch state {
            case .failed(let error):
                throw error
            case .requestLine:
                guard let line = try nextLine(limit: limits.maxRequestLineBytes, overflow: .uriTooLong) else { return nil }
                headBytes &+= line.count &+ 2
                if line.isEmpty {
                    // RFC 9112 §2.2: ignore empty lines before the request line, but not without bound.
                    if headBytes > limits.maxHeaderBytes { throw .badRequest("Too many empty lines before the request.") }
                    continue
                }
                let requestLine = try withLine(line) { bytes throws(HTTPParseError) in try RequestParser.parseRequestLine(bytes) }
                (method, target, minorVersion) = requestLine
                state = .headerLines
            case .headerLines:
                let remaining = limits.maxHeaderBytes - headBytes
                guard let line = try nextLine(limit: remaining, overflow: .headersTooLarge) else { return nil }
                headBytes &+= line.count &+ 2
                if line.isEmpty {
                    let head = try finishHead()
                    state = .headComplete(head.framing)
                    return .head(head)
                }
                if headers.count >= limits.maxHeaderCount { throw .headersTooLarge }
                let field = try withLine(line) { bytes throws(HTTPParseError) in try RequestParser.parseField(bytes) }
                headers.add(field.name, field.value)
            case .headComplete(let framing):
                switch framing {
                case .none:
                    return finishMessage()
                case .length(let length):
                    if length > bodyLimit { throw .bodyTooLarge }
                    if length == 0 { return finishMessage() }
                    body.reserveCapacity(length)
                    state = .fixedBody(remaining: length)
                case .chunked:
                    state = .chunkSize
                }
            case .fixedBody(let remaining):
                let left = takeBody(upTo: remaining)
                if left > 0 {
                    state = .fixedBody(remaining: left)
                    return nil
                }
                return finishMessage()
            case .chunkSize:
                guard let line = try nextLine(
                    limit: limits.maxChunkLineBytes, overflow: .badRequest("Chunk size line too long."))
                else { return nil }
                let size = try withLine(line) { bytes throws(HTTPParseError) in try RequestParser.parseChunkSize(bytes) }
                if size == 0 {
                    trailerBytes = 0
                    state = .trailers
                } else {
                    if size > bodyLimit - body.count { throw .bodyTooLarge }
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let left = takeBody(upTo: remaining)
                if left > 0 {
                    state = .chunkData(remaining: left)
                    return nil
                }
                state = .chunkDataEnd
            case .chunkDataEnd:
                let available = buffer.count - index
                if available >= 1 && buffer[index] != UInt8(ascii: "\r") { throw .badRequest("Chunk data not followed by CRLF.") }
                if available < 2 { return nil }
                if buffer[index + 1] != UInt8(ascii: "\n") { throw .badRequest("Chunk data not followed by CRLF.") }
                index += 2
                state = .chunkSize
            case .trailers:
                let remaining = limits.maxHeaderBytes - trailerBytes
                guard let line = try nextLine(limit: remaining, overflow: .headersTooLarge) else { return nil }
                trailerBytes &+= line.count &+ 2
                if line.isEmpty { return finishMessage() }
                if trailers.count >= limits.maxHeaderCount { throw .headersTooLarge }
                let field = try withLine(line) { bytes throws(HTTPParseError) in try RequestParser.parseField(bytes) }
                trailers.add(field.name, field.value)
            }
        }
    }

    /// Moves up to `remaining` buffered bytes into the body; returns how many are still missing.
    private mutating func takeBody(upTo remaining: Int) -> Int {
        let take = min(buffer.count - index, remaining)
        if take > 0 {
            body.append(contentsOf: buffer[index..<(index + take)])
            index += take
        }
        return remaining - take
    }

    private mutating func finishMessage() -> Event {
        let event = Event.body(body, trailers: trailers)
        state = .requestLine
        headers = Headers()
        body = []
        trailers = Headers()
        headBytes = 0
        trailerBytes = 0
        bodyLimit = limits.maxBodyBytes
        return event
    }

    /// The next CRLF-terminated line (without CRLF), nil if incomplete.
    /// - Parameters:
    ///   - limit: most bytes the line may take, CRLF included; beyond it `overflow` is thrown.
    private mutating func nextLine(limit: Int, overflow: HTTPParseError) throws(HTTPParseError) -> Range<Int>? {
        let start = index
        var position = index + scanned
        let end = buffer.count
        while position < end && buffer[position] != UInt8(ascii: "\n") { position += 1 }
        if position == end {
            scanned = end - start
            if scanned + 1 > limit { throw overflow }
            return nil
        }
        scanned = 0
        let length = position - start + 1
        if length > limit { throw overflow }
        // RFC 9112 §2.2: a bare LF or CR is not a line terminator we accept.
        guard position > start, buffer[position - 1] == UInt8(ascii: "\r") else {
            throw .badRequest("Line not terminated by CRLF.")
        }
        index = position + 1
        return start..<(position - 1)
    }

    /// Runs `body` over the bytes of `range` without copying them out of the buffer.
    private func withLine<T>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> T) throws(HTTPParseError) -> T {
        let result: Result<T, HTTPParseError> = buffer.withUnsafeBufferPointer { all in
            do throws(HTTPParseError) {
                return .success(try body(UnsafeBufferPointer(rebasing: all[range])))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func parseRequestLine(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> (Method, String, Int) {
        for byte in line where byte < 0x20 || byte >= 0x7F {
            throw .badRequest("Invalid character in the request line.")
        }
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .badRequest("Malformed request line.")
        }
        guard parts[0].allSatisfy(RequestParser.isTokenByte) else { throw .badRequest("Invalid method.") }
        let version = parts[2]
        let minor: Int
        if version.elementsEqual("HTTP/1.1".utf8) {
            minor = 1
        } else if version.elementsEqual("HTTP/1.0".utf8) {
            minor = 0
        } else if version.count == 8, version.starts(with: "HTTP/".utf8),
                  isDigit(version[version.startIndex + 5]), version[version.startIndex + 6] == UInt8(ascii: "."),
                  isDigit(version[version.startIndex + 7]) {
            throw .unsupportedVersion
        } else {
            throw .badRequest("Malformed HTTP version.")
        }
        return (Method(String(decoding: parts[0], as: UTF8.self)), String(decoding: parts[1], as: UTF8.self), minor)
    }

    private static func parseField(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> (name: String, value: String) {
        // RFC 9112 §5.2: obs-fold (a line starting with whitespace) is rejected.
        if line[0] == UInt8(ascii: " ") || line[0] == UInt8(ascii: "\t") {
            throw .badRequest("Folded header lines are not accepted.")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else {
            throw .badRequest("Malformed header line.")
        }
        // RFC 9112 §5.1: no whitespace between name and colon; names are tokens (so no CR/LF/NUL/non-ASCII).
        guard line[..<colon].allSatisfy(RequestParser.isTokenByte) else { throw .badRequest("Invalid header name.") }
        var valueStart = colon + 1
        var valueEnd = line.count
        while valueStart < valueEnd && (line[valueStart] == 0x20 || line[valueStart] == 0x09) { valueStart += 1 }
        while valueEnd > valueStart && (line[valueEnd - 1] == 0x20 || line[valueEnd - 1] == 0x09) { valueEnd -= 1 }
        // RFC 9110 §5.5: field values are VCHAR, SP, HTAB and obs-text; CR, LF, NUL and other CTLs are refused.
        for byte in line[valueStart..<valueEnd] where (byte < 0x20 && byte != 0x09) || byte == 0x7F {
            throw .badRequest("Invalid character in a header value.")
        }
        return (String(decoding: UnsafeBufferPointer(rebasing: line[..<colon]), as: UTF8.self),
                String(decoding: UnsafeBufferPointer(rebasing: line[valueStart..<valueEnd]), as: UTF8.self))
    }

    /// The header fields that decide framing and connection handling, gathered in one pass.
    private struct FramingFields {
        var hostCount = 0
        var transferEncoding: [String] = []
        var contentLength: [String] = []
        var connection: [String] = []
        var expect: [String] = []

        init(_ headers: Headers) {
            for field in headers {
                switch field.name.utf8.count {
                case 4 where Headers.namesEqual(field.name, "Host"):
                    hostCount += 1
                case 6 where Headers.namesEqual(field.name, "Expect"):
                    FramingFields.appendTokens(field.value, to: &expect)
                case 10 where Headers.namesEqual(field.name, "Connection"):
                    FramingFields.appendTokens(field.value, to: &connection)
                case 14 where Headers.namesEqual(field.name, "Content-Length"):
                    FramingFields.appendTokens(field.value, to: &contentLength)
                case 17 where Headers.namesEqual(field.name, "Transfer-Encoding"):
                    FramingFields.appendTokens(field.value, to: &transferEncoding)
                default:
                    break
                }
            }
        }

        static func appendTokens(_ value: String, to list: inout [String]) {
            for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                list.append(part.trimmingOWS().lowercased())
            }
        }
    }

    private func finishHead() throws(HTTPParseError) -> RequestHead {
        let fields = FramingFields(headers)
        // RFC 9112 §3.2: HTTP/1.1 requests carry exactly one Host.
        if fields.hostCount > 1 || (minorVersion == 1 && fields.hostCount == 0) {
            throw .badRequest("A request must carry exactly one Host header.")
        }
        let framing = try RequestParser.framing(of: fields, minorVersion: minorVersion)
        let keepAlive = minorVersion == 1 ? !fields.connection.contains("close")
            : fields.connection.contains("keep-alive") && !fields.connection.contains("close")
        var expectsContinue = false
        if !fields.expect.isEmpty {
            guard fields.expect == ["100-continue"] else { throw .expectationFailed }
            expectsContinue = minorVersion == 1
        }
        return RequestHead(method: method, target: target, minorVersion: minorVersion, headers: headers,
                           framing: framing, keepAlive: keepAlive, expectsContinue: expectsContinue)
    }

    private static func framing(of fields: FramingFields, minorVersion: Int) throws(HTTPParseError) -> RequestHead.Framing {
        let codings = fields.transferEncoding
        let lengths = fields.contentLength
        if !codings.isEmpty {
            // RFC 9112 §6.1: Transfer-Encoding with Content-Length is a smuggling signature.
            if !lengths.isEmpty { throw .badRequest("Content-Length and Transfer-Encoding together.") }
            if minorVersion == 0 { throw .badRequest("Transfer-Encoding in an HTTP/1.0 request.") }
            if codings.contains("") { throw .badRequest("Empty transfer coding.") }
            // RFC 9112 §6.3: if chunked is not the final coding the length cannot be determined → 400.
            guard codings.last == "chunked" else { throw .badRequest("The final transfer coding must be chunked.") }
            guard codings.count == 1 else { throw .unsupportedTransferEncoding }
            return .chunked
        }
        guard !lengths.isEmpty else { return .none }
        // RFC 9112 §6.3: differing Content-Length values are unrecoverable.
        guard let first = lengths.first, lengths.allSatisfy({ $0 == first }) else {
            throw .badRequest("Conflicting Content-Length values.")
        }
        guard !first.isEmpty, first.utf8.allSatisfy(RequestParser.isDigit) else {
            throw .badRequest("Invalid Content-Length.")
        }
        var value = 0
        for digit in first.utf8 {
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
            // A length past Int.max is simply larger than any body limit.
            if overflowTimes || overflowSum { throw .bodyTooLarge }
            value = sum
        }
        return .length(value)
    }

    private static func parseChunkSize(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Int {
        var size = 0
        var position = 0
        while position < line.count, let digit = PercentDecoding.hexValue(line[position]) {
            let (times, overflowTimes) = size.multipliedReportingOverflow(by: 16)
            let (sum, overflowSum) = times.addingReportingOverflow(Int(digit))
            if overflowTimes || overflowSum { throw .badRequest("Chunk size overflows.") }
            size = sum
            position += 1
        }
        if position == 0 { throw .badRequest("Missing chunk size.") }
        // RFC 9112 §7.1.1: chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS value ] ); we skip extensions.
        var rest = position
        while rest < line.count && (line[rest] == 0x20 || line[rest] == 0x09) { rest += 1 }
        if rest < line.count {
            guard line[rest] == UInt8(ascii: ";") else { throw .badRequest("Invalid chunk size.") }
            for byte in line[rest...] where (byte < 0x20 && byte != 0x09) || byte == 0x7F {
                throw .badRequest("Invalid character in a chunk extension.")
            }
        }
        return size
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// RFC 9110 §5.6.2 tchar.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
