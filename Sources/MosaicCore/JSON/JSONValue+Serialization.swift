extension JSONValue {
    /// Compact UTF-8 JSON, members in order, suitable for storage and HTTP bodies.
    ///
    /// Strings escape `"`, `\` and every control character below U+0020 (RFC 8259 §7); `/` and
    /// non-ASCII text are written as is. JSON has no NaN or infinity, so a non-finite `.double`
    /// (only constructible by hand, never by the parser) is written as `null` rather than
    /// producing invalid output or trapping.
    public func serialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        serialize(into: &output)
        return output
    }

    /// The serialised text as a `String` (logs of non-PII values, tests, API answers).
    public var jsonString: String {
        String(decoding: serialized(), as: UTF8.self)
    }

    /// Appends the compact serialisation to `output`, so callers can build larger buffers.
    public func serialize(into output: inout [UInt8]) {
        switch self {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let value):
            output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value):
            Self.appendDecimal(value, to: &output)
        case .double(let value):
            output.append(contentsOf: Self.doubleText(value).utf8)
        case .string(let value):
            Self.serializeString(value, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                element.serialize(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                Self.serializeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                member.value.serialize(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// The length of ``serialized()`` without building it: size limits (32 KB per message)
    /// are checked on every batch item and should not allocate.
    public var serializedByteCount: Int {
        switch self {
        case .null: return 4
        case .bool(let value): return value ? 4 : 5
        case .int(let value): return Self.decimalDigitCount(value)
        case .double(let value): return Self.doubleText(value).utf8.count
        case .string(let value): return Self.serializedStringCount(value)
        case .array(let elements):
            var total = 2 &+ max(0, elements.count &- 1)
            for element in elements { total &+= element.serializedByteCount }
            return total
        case .object(let object):
            var total = 2 &+ max(0, object.count &- 1)
            for member in object.members {
                total &+= Self.serializedStringCount(member.key) &+ 1 &+ member.value.serializedByteCount
            }
            return total
        }
    }

    /// Whether ``serializedByteCount`` is at most `limit`, usually without counting exactly: a
    /// bound that takes every string byte as a six-byte escape and every number at its longest
    /// is enough for typical messages (hundreds of bytes against a 32 KB limit), and needs no
    /// pass over the bytes of each string. Only a message near the limit is counted exactly.
    public func serializedByteCount(isAtMost limit: Int) -> Bool {
        upperBoundByteCount <= limit || serializedByteCount <= limit
    }

    /// At least ``serializedByteCount``; O(members), not O(bytes).
    private var upperBoundByteCount: Int {
        switch self {
        case .null, .bool: return 5
        // Int64: sign and 19 digits; Double: Swift's shortest round-trip text is at most 24.
        case .int, .double: return 24
        case .string(let value): return 2 &+ 6 &* value.utf8.count
        case .array(let elements):
            var total = 2 &+ elements.count
            for element in elements { total &+= element.upperBoundByteCount }
            return total
        case .object(let object):
            var total = 2 &+ object.count
            for member in object.members {
                total &+= 3 &+ 6 &* member.key.utf8.count &+ member.value.upperBoundByteCount
            }
            return total
        }
    }

    static func doubleText(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        // Swift prints the shortest text that round-trips (`0.1`, `1e-05`, `1.0`), all valid JSON.
        return value.description
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func serializeString(_ string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var copy = string
        copy.withUTF8 { bytes in
            var runStart = 0
            for position in bytes.indices {
                let byte = bytes[position]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                runStart = position &+ 1
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
                case 0x0A: output.append(UInt8(ascii: "n"))
                case 0x0D: output.append(UInt8(ascii: "r"))
                case 0x09: output.append(UInt8(ascii: "t"))
                case 0x08: output.append(UInt8(ascii: "b"))
                case 0x0C: output.append(UInt8(ascii: "f"))
                default:
                    output.append(contentsOf: "u00".utf8)
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0x0F)])
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        output.append(UInt8(ascii: "\""))
    }

    static func serializedStringCount(_ string: String) -> Int {
        var string = string
        return string.withUTF8 { bytes in
            // Quotes, the bytes themselves, and what each escape adds.
            var total = 2 &+ bytes.count
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x0A, 0x0D, 0x09, 0x08, 0x0C: total &+= 1
                default: total &+= 5
                }
            }
            return total
        }
    }

    /// Writes `value` in decimal straight into `output`: `String(value)` allocated a string per
    /// number, and stored rings of recent events are mostly ids and microsecond timestamps.
    static func appendDecimal(_ value: Int64, to output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        let start = output.count
        var rest = value.magnitude
        repeat {
            output.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10))
            rest /= 10
        } while rest > 0
        output[start...].reverse()
    }

    /// The length of `String(value)` without building it.
    static func decimalDigitCount(_ value: Int64) -> Int {
        var count = value < 0 ? 2 : 1
        var rest = value.magnitude / 10
        while rest > 0 {
            count &+= 1
            rest /= 10
        }
        return count
    }
}
