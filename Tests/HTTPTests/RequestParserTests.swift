import Testing
@testable import HTTP

struct RequestParserTests {
    struct Rejection: CustomStringConvertible, Sendable {
        var name: String
        var raw: String
        var status: Int
        var description: String { name }
    }

    static let longTarget = "/" + String(repeating: "a", count: 9000)
    static let manyHeaderBytes = (0..<40).map { "X-Fill-\($0): \(String(repeating: "v", count: 500))\r\n" }.joined()

    static let rejections: [Rejection] = [
        Rejection(name: "conflicting content-lengths", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", status: 400),
        Rejection(name: "content-length list conflict", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 4\r\n\r\nabcd", status: 400),
        Rejection(name: "content-length and transfer-encoding", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
        Rejection(name: "negative content-length", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", status: 400),
        Rejection(name: "content-length with sign", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello", status: 400),
        Rejection(name: "content-length hex", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x5\r\n\r\nhello", status: 400),
        Rejection(name: "content-length overflow", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", status: 413),
        Rejection(name: "body over limit", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 600000\r\n\r\n", status: 413),
        Rejection(name: "unknown transfer-encoding", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", status: 501),
        Rejection(name: "chunked not final", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", status: 400),
        Rejection(name: "transfer-encoding identity", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n", status: 400),
        Rejection(name: "transfer-encoding in 1.0", raw: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
        Rejection(name: "bad chunk size", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", status: 400),
        Rejection(name: "chunk size garbage suffix", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5x\r\nhello\r\n0\r\n\r\n", status: 400),
        Rejection(name: "chunk size overflow", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\nhello\r\n0\r\n\r\n", status: 400),
        Rejection(name: "chunk size negative", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n", status: 400),
        Rejection(name: "chunk data too long", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n", status: 400),
        Rejection(name: "chunked over limit", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFF\r\n", status: 413),
        Rejection(name: "obs-fold", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n", status: 400),
        Rejection(name: "space before colon", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A : one\r\n\r\n", status: 400),
        Rejection(name: "whitespace before first header", raw: "GET / HTTP/1.1\r\n Host: a\r\n\r\n", status: 400),
        Rejection(name: "NUL in header value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A: o\u{0}ne\r\n\r\n", status: 400),
        Rejection(name: "bare CR in header value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A: o\rne\r\n\r\n", status: 400),
        Rejection(name: "bare LF line ending", raw: "GET / HTTP/1.1\nHost: a\n\n", status: 400),
        Rejection(name: "non-ASCII header name", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-Ä: one\r\n\r\n", status: 400),
        Rejection(name: "non-ASCII in request line", raw: "GET /ä HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Rejection(name: "control char in target", raw: "GET /a\u{1}b HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Rejection(name: "missing version", raw: "GET /\r\nHost: a\r\n\r\n", status: 400),
        Rejection(name: "double space in request line", raw: "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Rejection(name: "lower-case version", raw: "GET / http/1.1\r\nHost: a\r\n\r\n", status: 400),
        Rejection(name: "HTTP/2.0 request line", raw: "GET / HTTP/2.0\r\nHost: a\r\n\r\n", status: 505),
        Rejection(name: "bad method token", raw: "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Rejection(name: "missing host in 1.1", raw: "GET / HTTP/1.1\r\nX-A: b\r\n\r\n", status: 400),
        Rejection(name: "two hosts", raw: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", status: 400),
        Rejection(name: "header without colon", raw: "GET / HTTP/1.1\r\nHost: a\r\nnonsense\r\n\r\n", status: 400),
        Rejection(name: "request line too long", raw: "GET \(longTarget) HTTP/1.1\r\nHost: a\r\n\r\n", status: 414),
        Rejection(name: "headers too large", raw: "GET / HTTP/1.1\r\nHost: a\r\n\(manyHeaderBytes)\r\n", status: 431),
        Rejection(name: "too many headers", raw: "GET / HTTP/1.1\r\nHost: a\r\n" + (0..<101).map { "X-\($0): v\r\n" }.joined() + "\r\n", status: 431),
        Rejection(name: "unknown expectation", raw: "POST / HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\na", status: 417),
    ]

    @Test(arguments: rejections, Feeding.allCases)
    func malformedInput_isRejectedWithExactStatus(_ rejection: Rejection, _ feeding: Feeding) {
        let outcome = RequestParser.outcome(of: rejection.raw, feeding: feeding)
        #expect(outcome == .rejected(rejection.status), "\(rejection.name)")
    }

    struct Truncation: CustomStringConvertible, Sendable {
        var name: String
        var raw: String
        var description: String { name }
    }

    @Test(arguments: [
        Truncation(name: "request line", raw: "GET / HTT"),
        Truncation(name: "headers", raw: "GET / HTTP/1.1\r\nHost: a\r\n"),
        Truncation(name: "fixed body", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc"),
        Truncation(name: "chunk data", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"),
        Truncation(name: "missing last chunk", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"),
        Truncation(name: "missing trailer end", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n"),
    ], Feeding.allCases)
    func truncatedInput_waitsForMore(_ truncation: Truncation, _ feeding: Feeding) {
        #expect(RequestParser.outcome(of: truncation.raw, feeding: feeding) == .incomplete)
    }

    @Test(arguments: Feeding.allCases)
    func chunkedBody_withExtensionsAndTrailers_isJoined(_ feeding: Feeding) {
        let raw = "POST /in HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n" + "6 ; ext\r\n world\r\n" + "0\r\nX-Checksum: abc\r\n\r\n"
        let expected = ParsedRequest(method: "POST", target: "/in", body: "hello world", keepAlive: true,
                                     trailers: ["X-Checksum: abc"])
        #expect(RequestParser.outcome(of: raw, feeding: feeding) == .requests([expected]))
    }

    @Test(arguments: Feeding.allCases)
    func pipelinedRequests_parseInOrder(_ feeding: Feeding) {
        let raw = "GET /one HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
            + "GET /three HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
        #expect(RequestParser.outcome(of: raw, feeding: feeding) == .requests([
            ParsedRequest(method: "GET", target: "/one", body: "", keepAlive: true),
            ParsedRequest(method: "POST", target: "/two", body: "abc", keepAlive: true),
            ParsedRequest(method: "GET", target: "/three", body: "", keepAlive: false),
        ]))
    }

    struct KeepAliveCase: CustomStringConvertible, Sendable {
        var head: String
        var keepAlive: Bool
        var description: String { head.debugDescription }
    }

    @Test(arguments: [
        KeepAliveCase(head: "GET / HTTP/1.1\r\nHost: a\r\n\r\n", keepAlive: true),
        KeepAliveCase(head: "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", keepAlive: false),
        KeepAliveCase(head: "GET / HTTP/1.1\r\nHost: a\r\nConnection: Keep-Alive, CLOSE\r\n\r\n", keepAlive: false),
        KeepAliveCase(head: "GET / HTTP/1.0\r\n\r\n", keepAlive: false),
        KeepAliveCase(head: "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", keepAlive: true),
    ])
    func keepAlive_followsVersionAndConnectionHeader(_ testCase: KeepAliveCase) {
        guard case .requests(let requests) = RequestParser.outcome(of: testCase.head, feeding: .whole) else {
            Issue.record("not parsed")
            return
        }
        #expect(requests.first?.keepAlive == testCase.keepAlive)
    }

    @Test func identicalDuplicateContentLengths_areAccepted() {
        let raw = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"
        #expect(RequestParser.outcome(of: raw, feeding: .whole)
            == .requests([ParsedRequest(method: "POST", target: "/", body: "abc", keepAlive: true)]))
    }

    @Test func routeBodyLimit_setAfterHead_appliesToThatBody() {
        let raw = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 20\r\n\r\n" + String(repeating: "x", count: 20)
        #expect(RequestParser.outcome(of: raw, feeding: .whole, bodyLimit: 10) == .rejected(413))
        #expect(RequestParser.outcome(of: raw, feeding: .whole, bodyLimit: 20) != .rejected(413))
    }

    @Test func leadingEmptyLines_areIgnored() {
        let raw = "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(RequestParser.outcome(of: raw, feeding: .byteByByte)
            == .requests([ParsedRequest(method: "GET", target: "/", body: "", keepAlive: true)]))
    }

    @Test func headerValues_areTrimmedAndKeepObsText() throws {
        var parser = RequestParser()
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\nX-Name: \t Zoë \t\r\n\r\n".utf8))
        guard case .head(let head) = try parser.next() else {
            Issue.record("no head")
            return
        }
        #expect(head.headers["x-name"] == "Zoë")
        #expect(head.expectsContinue == false)
    }

    @Test func failedParser_staysFailed() {
        var parser = RequestParser()
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.self) { try parser.next() }
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.self) { try parser.next() }
    }
}
