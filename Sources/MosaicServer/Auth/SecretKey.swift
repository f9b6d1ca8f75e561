import Crypto
import Foundation

/// A freshly made secret (a write key or an API key): shown once to its owner, then only its
/// SHA-256 and a short prefix are stored. Keys carry 190 bits of randomness, so a fast hash is
/// enough — there is nothing to brute-force as with passwords.
public struct SecretKey: Sendable {
    public enum Kind: String, Sendable {
        case writeKey = "wk"
        case apiKey = "sk"
    }

    /// The full key, shown once.
    public let plaintext: String

    /// A new random key, e.g. `sk_6q1Z...` (2 + 1 + 32 characters).
    public init(kind: Kind) {
        var generator = SystemRandomNumberGenerator()
        let body = String((0..<32).map { _ in Self.alphabet.randomElement(using: &generator)! })
        plaintext = kind.rawValue + "_" + body
    }

    /// The stored form of a presented key.
    public static func hash(_ presented: String) -> Data {
        Data(SHA256.hash(data: Array(presented.utf8)))
    }

    /// What listings show so that a person can tell keys apart without seeing them.
    public static func prefix(of key: String) -> String { String(key.prefix(7)) }

    public var hash: Data { Self.hash(plaintext) }
    public var prefix: String { Self.prefix(of: plaintext) }

    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
}
