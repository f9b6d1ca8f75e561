import Foundation
import Testing
@testable import MosaicServer

/// The hand-written Basic credentials decoder against Foundation's base64, and its refusals.
@Suite struct BasicAuthTests {
    @Test func decodesWhatFoundationEncodes() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Data(bytes).base64EncodedString()
            let decoded = Array(encoded.utf8).withUnsafeBufferPointer { BasicAuth.decodeBase64($0) }
            #expect(decoded == (length == 0 ? nil : bytes), "\(encoded)")
        }
    }

    static func basic(_ scheme: String, _ credentials: String, trailing: String = "") -> String {
        scheme + Data(credentials.utf8).base64EncodedString() + trailing
    }

    static let usernames: [(String, String)] = [
        (basic("Basic ", "wk_abc:"), "wk_abc"),
        (basic("basic ", "wk_abc:secret"), "wk_abc"),
        (basic("BASIC   ", "wk_ü", trailing: "  "), "wk_ü"),
        (basic("  Basic ", "no-colon"), "no-colon"),
    ]

    @Test(arguments: usernames)
    func readsTheUsername(header: String, username: String) {
        #expect(BasicAuth.username(header) == username)
    }

    @Test(arguments: [
        "", "Basic", "Basic ", "Bearer d2tfYWJjOg==", "Basicd2tfYWJjOg==", "Basic d2tfYWJjOg", "Basic d2tf YWJjOg==",
        "Basic d2tfYWJjOg=A", "Basic d2=fYWJjOg==", "Basic ====", "Basic Og==",
        "Basic " + Data([0xFF, 0xFE, 0x3A]).base64EncodedString(),
        "Basic " + String(repeating: "QUFB", count: 300),
    ])
    func refusesMalformedHeaders(header: String) {
        #expect(BasicAuth.username(header) == nil, "\(header)")
    }

    static let bearers: [(String, String?)] = [
        ("Bearer sk_abc", "sk_abc"),
        ("bearer   sk_abc \t", "sk_abc"),
        ("  BEARER sk_abc", "sk_abc"),
        ("Bearer", nil), ("Bearer ", nil), ("Bearer    ", nil), ("Bearersk_abc", nil), ("Basic sk_abc", nil), ("", nil),
        ("Bearer " + String(repeating: "k", count: 256), String(repeating: "k", count: 256)),
        ("Bearer " + String(repeating: "k", count: 257), nil),
    ]

    @Test(arguments: bearers)
    func readsTheBearerToken(header: String, token: String?) {
        #expect(BasicAuth.bearer(header) == token)
    }
}
