import Foundation

/// HTTP Basic credentials (RFC 7617), as Segment SDKs send the write key: `base64(key + ":")`.
enum BasicAuth {
    /// The username of a `Basic` Authorization header, or nil when there is none or it is malformed.
    /// Every tracking request carries one, so this decodes base64 over the bytes in one pass
    /// instead of going through `Data`, `String` and splits.
    static func username(_ header: String?) -> String? {
        guard var header else { return nil }
        return header.withUTF8 { bytes -> String? in
            guard let (start, end) = credentials(in: bytes, scheme: "basic"), end - start <= 1_024,
                  let decoded = decodeBase64(UnsafeBufferPointer(rebasing: bytes[start..<end])) else { return nil }
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

    /// The token of a `Bearer` Authorization header (RFC 6750), for secret API keys. On bytes,
    /// like `username`: every API request asks.
    static func bearer(_ header: String?) -> String? {
        guard var header else { return nil }
        return header.withUTF8 { bytes -> String? in
            guard let (start, end) = credentials(in: bytes, scheme: "bearer"), end - start <= 256 else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    /// Where the credentials of `<scheme> <credentials>` start and end, spaces trimmed; nil when
    /// the scheme (case-insensitive) differs or nothing follows it.
    private static func credentials(in bytes: UnsafeBufferPointer<UInt8>, scheme: String) -> (Int, Int)? {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var index = 0
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        for expected in scheme.utf8 {
            guard index < bytes.count, bytes[index] | 0x20 == expected else { return nil }
            index += 1
        }
        guard index < bytes.count, isSpace(bytes[index]) else { return nil }
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        var end = bytes.count
        while end > index, isSpace(bytes[end - 1]) { end -= 1 }
        return end > index ? (index, end) : nil
    }
}
