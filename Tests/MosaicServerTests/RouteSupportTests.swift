import Testing
@testable import MosaicServer

/// The byte-level Content-Type reading every JSON route relies on.
@Suite struct RouteSupportTests {
    static let mediaTypes: [(String, String)] = [
        ("application/json", "application/json"),
        ("Application/JSON; charset=utf-8", "application/json"),
        ("  text/plain\t;charset=UTF-8", "text/plain"),
        ("", ""),
        ("   ", ""),
        ("; charset=utf-8", ""),
        ("application/jsonx", "application/jsonx"),
        ("application/json-patch+json", "application/json-patch+json"),
        ("TEXT/XML", "text/xml"),
        ("applicätion/json", "applicätion/json"),
        ("text/plain\t", "text/plain"),
        ("application/json;", "application/json"),
    ]

    @Test(arguments: mediaTypes)
    func mediaType(value: String, expected: String) {
        #expect(RouteSupport.mediaType(value) == expected)
    }
}
