import Testing
@testable import HTTP

/// Splitting request-targets (RFC 9112 §3.2) into path, raw segments and query items.
struct RequestTargetTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let target: String
        let path: String
        let segments: [String]
        let query: [QueryItem]
        var testDescription: String { target }
    }

    static let valid: [Case] = [
        Case(target: "/", path: "/", segments: [], query: []),
        Case(target: "/v1/track", path: "/v1/track", segments: ["v1", "track"], query: []),
        Case(target: "//v1///track/", path: "//v1///track/", segments: ["v1", "track"], query: []),
        Case(target: "/v1/profiles/a%2Fb/events", path: "/v1/profiles/a/b/events",
             segments: ["v1", "profiles", "a/b", "events"], query: []),
        Case(target: "/caf%C3%A9/%F0%9F%98%80", path: "/café/😀", segments: ["café", "😀"], query: []),
        Case(target: "/e\u{301}/x", path: "/e\u{301}/x", segments: ["e\u{301}", "x"], query: []),
        Case(target: "/s?q=a+b%2Bc&flag&&q=2#frag", path: "/s", segments: ["s"],
             query: [QueryItem("q", "a b+c"), QueryItem("flag", ""), QueryItem("q", "2")]),
        Case(target: "/s?", path: "/s", segments: ["s"], query: []),
        Case(target: "/s#a?b=c", path: "/s", segments: ["s"], query: []),
        Case(target: "/s?=v&k=", path: "/s", segments: ["s"], query: [QueryItem("", "v"), QueryItem("k", "")]),
        Case(target: "http://example.com/v1/track?x=1", path: "/v1/track", segments: ["v1", "track"], query: [QueryItem("x", "1")]),
        Case(target: "HTTPS://example.com", path: "/", segments: [], query: []),
        Case(target: "http://example.com?x=1", path: "/", segments: [], query: [QueryItem("x", "1")]),
        Case(target: "*", path: "*", segments: [], query: []),
    ]

    @Test(arguments: valid)
    func validTarget_splitsIntoPathSegmentsAndQuery(_ expected: Case) throws {
        let target = try #require(RequestTarget(expected.target))
        #expect(target.path == expected.path)
        #expect(target.segments == expected.segments)
        #expect(target.queryItems == expected.query)
    }

    @Test(arguments: [
        "", "v1/track", "ftp://example.com/a", "/a%2", "/a%zz", "/a%00b", "/a%C3", "/s?q=%FF", "/s?%=1",
    ])
    func invalidTarget_isRefused(_ target: String) {
        #expect(RequestTarget(target) == nil)
    }
}
