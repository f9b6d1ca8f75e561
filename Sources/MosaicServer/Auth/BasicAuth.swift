import Foundation

/// HTTP Basic credentials (RFC 7617), as Segment SDKs send the write key: `base64(key + ":")`.
enum BasicAuth {
    /// The username of a `Basic` Authorization header, or nil when there is none or it is malformed.
    /// Every tracking request carries one, so this decodes base64 over the bytes in one pass
    /// instead of going through `Data`, `String` and splits.
    static func username(_ header: String?) -> String? {
        guard var header else { return nil }
        return header.withUTF8 { bytes -> String? in
            var start = 0
            while start < bytes.count, bytes[start] == UInt8(ascii: " ") { start += 1 }
            guard bytes.count - start > 6, bytes.count - start <= 1_030 else { return nil }
            let scheme = "basic".utf8
            for (offset, expected) in scheme.enumerated() where bytes[start + offset] | 0x20 != expected { return nil }
            var index = start + scheme.count
            guard bytes[index] == UInt8(ascii: " ") else { return nil }
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
            var end = bytes.count
            while end > index, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
            guard let decoded = decodeBase64(UnsafeBufferPointer(rebasing: bytes[index..<end])) else { return nil }
            let username = decoded.prefix { $0 != UInt8(ascii: ":") }
            guard !username.isEmpty else { return nil }
            return String(validating: username, as: UTF8.self)
        }
    }

    /// Standard base64 with padding (RFC 4648 §4), as RFC 7617 requires; nil on anything else.
    static func decodeBase64(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard !input.isEmpty, input.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var index = 0
        while index < input.count {
            var quad: UInt32 = 0
            var padding = 0
            for offset in 0..<4 {
                let byte = input[index + offset]
                let value: UInt32
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
                case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
                case UInt8(ascii: "+"): value = 62
                case UInt8(ascii: "/"): value = 63
                case UInt8(ascii: "=") where index + 4 == input.count && offset >= 2:
                    padding += 1
                    value = 0
                default: return nil
                }
                // Data after padding ("a=b=") is malformed.
                if padding > 0 && byte != UInt8(ascii: "=") { return nil }
                quad = quad << 6 | value
            }
            output.append(UInt8(truncatingIfNeeded: quad >> 16))
            if padding < 2 { output.append(UInt8(truncatingIfNeeded: quad >> 8)) }
            if padding < 1 { output.append(UInt8(truncatingIfNeeded: quad)) }
            index += 4
        }
        return output
    }

    /// The token of a `Bearer` Authorization header (RFC 6750), for secret API keys.
    static func bearer(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty || token.utf8.count > 256 ? nil : token
    }
}
