import Synchronization

/// Request ids: a client's `X-Request-Id` is kept when it is short and plain (so it can be
/// logged and echoed without injection risk); otherwise the server makes one that is unique per
/// process run without a syscall per request (random process prefix + counter).
enum RequestID {
    private static let prefix: String = {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value & 0xFFFF_FFFF_FFFF, radix: 16)
        return String(repeating: "0", count: 12 - hex.count) + hex
    }()

    private static let counter = Atomic<UInt64>(0)

    static func generate() -> String {
        let next = counter.add(1, ordering: .relaxed).newValue
        let hex = String(next, radix: 16)
        return prefix + "-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
    }

    /// The client's id when it is 1...128 characters of `[A-Za-z0-9._:-]`, else a new one.
    static func accept(_ candidate: String?) -> String {
        guard let candidate, isSane(candidate) else { return generate() }
        return candidate
    }

    static func isSane(_ candidate: String) -> Bool {
        let utf8 = candidate.utf8
        guard !utf8.isEmpty, utf8.count <= 128 else { return false }
        return utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: ":"):
                return true
            default:
                return false
            }
        }
    }
}
