#if canImport(Glibc)
import Glibc
#endif

/// A deliberately dumb blocking HTTP/1.1 client over a raw TCP socket: tests send exact bytes
/// (malformed, pipelined, slow) and read exact responses, which no real client library allows.
public final class RawHTTPClient {
    public enum Failure: Error, Equatable {
        case connect(Int32)
        case timedOut
        case closedByPeer
        case malformed(String)
    }

    private let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to `host:port` (IPv4) with a read timeout.
    public init(host: String = "127.0.0.1", port: Int, timeout: Duration = .seconds(5)) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.connect(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if status != 0 {
            let code = errno
            Glibc.close(fd)
            throw Failure.connect(code)
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        setTimeout(timeout)
    }

    deinit { Glibc.close(fd) }

    public func setTimeout(_ timeout: Duration) {
        let (seconds, attoseconds) = timeout.components
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends all bytes; a peer that already closed is reported as `closedByPeer`.
    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { throw Failure.closedByPeer }
            offset += sent
        }
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Half-closes the sending side (the server sees EOF).
    public func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Reads one response (a `100 Continue` counts as one).
    /// - Parameter toHead: the request was HEAD, so no body follows whatever the headers say.
    public func readResponse(toHead: Bool = false) throws -> HTTPTestResponse {
        let headEnd = try readUntil(Array("\r\n\r\n".utf8))
        let headText = String(decoding: buffer[0..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw Failure.malformed(statusLine) }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw Failure.malformed(line) }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: " ")))
        }
        var response = HTTPTestResponse(version: String(parts[0]), status: status,
                                        reason: parts.count > 2 ? String(parts[2]) : "", headers: headers, body: [])
        if toHead || status < 200 || status == 204 || status == 304 { return response }
        if let length = response["Content-Length"].flatMap({ Int($0) }) {
            try fill(length)
            response.body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        } else if response["Transfer-Encoding"]?.lowercased() == "chunked" {
            response.body = try readChunked()
        } else {
            response.body = readToEnd()
        }
        return response
    }

    public func readResponses(_ count: Int) throws -> [HTTPTestResponse] {
        try (0..<count).map { _ in try readResponse() }
    }

    /// Whether the server closes the connection (EOF) within the socket timeout, with no
    /// further bytes first.
    public func isClosedByPeer() -> Bool {
        if !buffer.isEmpty { return false }
        var byte: UInt8 = 0
        let count = recv(fd, &byte, 1, 0)
        return count == 0 || (count < 0 && errno == ECONNRESET)
    }

    /// Sends one request and reads its response on a fresh connection.
    public static func exchange(port: Int, _ request: String, timeout: Duration = .seconds(5)) throws -> HTTPTestResponse {
        let client = try RawHTTPClient(port: port, timeout: timeout)
        try client.send(request)
        return try client.readResponse(toHead: request.hasPrefix("HEAD "))
    }

    private func receive() throws -> Int {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            let code = errno
            if code == EAGAIN || code == EWOULDBLOCK { throw Failure.timedOut }
            if code == ECONNRESET { throw Failure.closedByPeer }
            throw Failure.malformed("recv errno \(code)")
        }
        buffer.append(contentsOf: chunk[0..<count])
        return count
    }

    private func readUntil(_ marker: [UInt8]) throws -> Int {
        var searchFrom = 0
        while true {
            if buffer.count >= marker.count {
                for index in searchFrom...(buffer.count - marker.count) where buffer[index..<(index + marker.count)].elementsEqual(marker) {
                    return index
                }
                searchFrom = buffer.count - marker.count + 1
            }
            if try receive() == 0 { throw Failure.closedByPeer }
        }
    }

    private func fill(_ count: Int) throws {
        while buffer.count < count {
            if try receive() == 0 { throw Failure.closedByPeer }
        }
    }

    private func readChunked() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let lineEnd = try readUntil([13, 10])
            let line = String(decoding: buffer[0..<lineEnd], as: UTF8.self)
            buffer.removeFirst(lineEnd + 2)
            guard let size = Int(line.split(separator: ";")[0], radix: 16) else { throw Failure.malformed(line) }
            if size == 0 {
                _ = try readUntil([13, 10])
                return body
            }
            try fill(size + 2)
            body.append(contentsOf: buffer[0..<size])
            buffer.removeFirst(size + 2)
        }
    }

    private func readToEnd() -> [UInt8] {
        while (try? receive()).map({ $0 > 0 }) ?? false {}
        defer { buffer.removeAll() }
        return buffer
    }
}

private extension String {
    func components(separatedBy separator: String) -> [String] {
        split(separator: separator, omittingEmptySubsequences: false).map(String.init)
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var view = self
        while let first = view.first, set.contains(first) { view = view.dropFirst() }
        while let last = view.last, set.contains(last) { view = view.dropLast() }
        return String(view)
    }
}
