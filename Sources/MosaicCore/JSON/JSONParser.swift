/// The recursive-descent parser behind ``JSONValue/parse(_:limits:)``.
///
/// It reads straight from an `UnsafeBufferPointer` with one integer cursor; every index is
/// checked against `input.count` before use, so malformed input can only produce a
/// ``JSONError``, never a trap. Recursion depth is bounded by ``JSONLimits/maxDepth``.
struct JSONParser {
    private let input: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    private let replacesNullCharacter: Bool
    private var position = 0
    private var depth = 0

    private init(input: UnsafeBufferPointer<UInt8>, limits: JSONLimits) {
        self.input = input
        self.maxDepth = limits.maxDepth
        self.replacesNullCharacter = limits.replacesNullCharacter
    }

    static func parse(_ input: UnsafeBufferPointer<UInt8>, limits: JSONLimits) -> Result<JSONValue, JSONError> {
        guard input.count <= limits.maxBytes else {
            return .failure(JSONError(offset: limits.maxBytes, reason: .tooLarge))
        }
        var parser = JSONParser(input: input, limits: limits)
        do throws(JSONError) {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }

    private mutating func parseDocument() throws(JSONError) -> JSONValue {
        // RFC 8259 §8.1: parsers MAY ignore a byte-order mark.
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF {
            position = 3
        }
        skipWhitespace()
        guard position < input.count else { throw fail(.empty) }
        let value = try parseValue()
        skipWhitespace()
        guard position == input.count else { throw fail(.trailingData) }
        return value
    }

    private func fail(_ reason: JSONError.Reason, at offset: Int? = nil) -> JSONError {
        JSONError(offset: offset ?? position, reason: reason)
    }

    private mutating func skipWhitespace() {
        while position < input.count {
            switch input[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position &+= 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONError) -> JSONValue {
        guard position < input.count else { throw fail(.unexpectedEnd) }
        switch input[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail(.unexpectedCharacter)
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let length = literal.utf8CodeUnitCount
        // A truncated literal (`tru`) is reported as invalid too: it is not a value either way.
        guard input.count - position >= length else { throw fail(.invalidLiteral) }
        let start = literal.utf8Start
        for offset in 0..<length where input[position &+ offset] != start[offset] {
            throw fail(.invalidLiteral)
        }
        position &+= length
    }

    private mutating func enterContainer() throws(JSONError) {
        depth &+= 1
        guard depth <= maxDepth else { throw fail(.tooDeep) }
    }

    private mutating func parseObject() throws(JSONError) -> JSONValue {
        try enterContainer()
        defer { depth &-= 1 }
        position &+= 1
        skipWhitespace()
        if position < input.count, input[position] == UInt8(ascii: "}") {
            position &+= 1
            return .object(JSONObject())
        }
        // Room for a typical event object's members at once, not regrown at 1, 2, 4 and 8.
        var object = JSONObject(minimumCapacity: 8)
        while true {
            skipWhitespace()
            guard position < input.count else { throw fail(.unexpectedEnd) }
            guard input[position] == UInt8(ascii: "\"") else {
                throw fail(input[position] == UInt8(ascii: "}") ? .trailingComma : .expectedKey)
            }
            let key = try parseString()
            skipWhitespace()
            guard position < input.count else { throw fail(.unexpectedEnd) }
            guard input[position] == UInt8(ascii: ":") else { throw fail(.expectedColon) }
            position &+= 1
            skipWhitespace()
            object[key] = try parseValue()
            skipWhitespace()
            guard position < input.count else { throw fail(.unexpectedEnd) }
            switch input[position] {
            case UInt8(ascii: ","):
                position &+= 1
            case UInt8(ascii: "}"):
                position &+= 1
                return .object(object)
            default:
                throw fail(.expectedCommaOrEnd)
            }
        }
    }

    private mutating func parseArray() throws(JSONError) -> JSONValue {
        try enterContainer()
        defer { depth &-= 1 }
        position &+= 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < input.count, input[position] == UInt8(ascii: "]") {
            position &+= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            guard position < input.count else { throw fail(.unexpectedEnd) }
            if input[position] == UInt8(ascii: "]") { throw fail(.trailingComma) }
            elements.append(try parseValue())
            skipWhitespace()
            guard position < input.count else { throw fail(.unexpectedEnd) }
            switch input[position] {
            case UInt8(ascii: ","):
                position &+= 1
            case UInt8(ascii: "]"):
                position &+= 1
                return .array(elements)
            default:
                throw fail(.expectedCommaOrEnd)
            }
        }
    }

    // MARK: Strings

    private mutating func parseString() throws(JSONError) -> String {
        position &+= 1
        let start = position
        var seenHighBit: UInt8 = 0
        while position < input.count {
            let byte = input[position]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: input[start..<position])
                position &+= 1
                if seenHighBit & 0x80 == 0 {
                    return String(decoding: slice, as: UTF8.self)
                }
                guard let string = String(validating: slice, as: UTF8.self) else {
                    throw fail(.invalidUTF8, at: start)
                }
                return string
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if byte < 0x20 { throw fail(.controlCharacter) }
            seenHighBit |= byte
            position &+= 1
        }
        throw fail(.unexpectedEnd)
    }

    /// Slow path, entered at the first backslash: decodes into a scratch buffer.
    private mutating func parseEscapedString(from start: Int) throws(JSONError) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(position &- start &+ 16)
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<position]))
        while position < input.count {
            let byte = input[position]
            switch byte {
            case UInt8(ascii: "\""):
                position &+= 1
                guard let string = String(validating: buffer, as: UTF8.self) else {
                    throw fail(.invalidUTF8, at: start)
                }
                return string
            case UInt8(ascii: "\\"):
                try decodeEscape(into: &buffer)
            case 0..<0x20:
                throw fail(.controlCharacter)
            default:
                buffer.append(byte)
                position &+= 1
            }
        }
        throw fail(.unexpectedEnd)
    }

    private mutating func decodeEscape(into buffer: inout [UInt8]) throws(JSONError) {
        guard position &+ 1 < input.count else { throw fail(.unexpectedEnd) }
        let escape = input[position &+ 1]
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            try decodeUnicodeEscape(into: &buffer)
            return
        default:
            throw fail(.invalidEscape)
        }
        position &+= 2
    }

    /// `\uXXXX`, joining a valid surrogate pair; an unpaired surrogate becomes U+FFFD.
    private mutating func decodeUnicodeEscape(into buffer: inout [UInt8]) throws(JSONError) {
        guard let unit = hex4(at: position &+ 2) else {
            // A non-hex digit among the bytes present is a bad escape; running out is truncation.
            let available = Swift.min(4, input.count &- position &- 2)
            for index in 0..<available where hexDigit(input[position &+ 2 &+ index]) == nil {
                throw fail(.invalidEscape)
            }
            throw fail(.unexpectedEnd)
        }
        position &+= 6
        var scalar = UInt32(unit)
        switch unit {
        case 0xD800...0xDBFF:
            if position &+ 1 < input.count,
               input[position] == UInt8(ascii: "\\"), input[position &+ 1] == UInt8(ascii: "u"),
               let low = hex4(at: position &+ 2), (0xDC00...0xDFFF).contains(low) {
                scalar = 0x10000 &+ ((UInt32(unit) &- 0xD800) << 10) &+ (UInt32(low) &- 0xDC00)
                position &+= 6
            } else {
                scalar = 0xFFFD
            }
        case 0xDC00...0xDFFF:
            scalar = 0xFFFD
        case 0 where replacesNullCharacter:
            scalar = 0xFFFD
        default:
            break
        }
        Self.appendUTF8(scalar, to: &buffer)
    }

    private func hex4(at offset: Int) -> UInt16? {
        guard offset >= 0, input.count - offset >= 4 else { return nil }
        var value: UInt16 = 0
        for index in offset..<(offset &+ 4) {
            guard let digit = hexDigit(input[index]) else { return nil }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte &- UInt8(ascii: "A") &+ 10
        default: return nil
        }
    }

    static func appendUTF8(_ scalar: UInt32, to buffer: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            buffer.append(UInt8(truncatingIfNeeded: scalar))
        case 0x80..<0x800:
            buffer.append(UInt8(truncatingIfNeeded: 0xC0 | (scalar >> 6)))
            buffer.append(UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            buffer.append(UInt8(truncatingIfNeeded: 0xE0 | (scalar >> 12)))
            buffer.append(UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F)))
            buffer.append(UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F)))
        default:
            buffer.append(UInt8(truncatingIfNeeded: 0xF0 | (scalar >> 18)))
            buffer.append(UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 12) & 0x3F)))
            buffer.append(UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F)))
            buffer.append(UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F)))
        }
    }

    // MARK: Numbers

    /// RFC 8259 §6 grammar: `-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?`.
    /// Integers that fit `Int64` stay exact; larger integers and everything with a fraction
    /// or exponent become `Double`; a value that overflows `Double` is rejected (we could not
    /// write it back as JSON).
    private mutating func parseNumber() throws(JSONError) -> JSONValue {
        let start = position
        var negative = false
        if input[position] == UInt8(ascii: "-") {
            negative = true
            position &+= 1
        }
        guard position < input.count else { throw fail(.unexpectedEnd) }
        var magnitude: UInt64 = 0
        var fitsInteger = true
        let first = input[position]
        if first == UInt8(ascii: "0") {
            position &+= 1
            if position < input.count, isDigit(input[position]) { throw fail(.invalidNumber, at: start) }
        } else if isDigit(first) {
            while position < input.count, isDigit(input[position]) {
                let digit = UInt64(input[position] &- UInt8(ascii: "0"))
                if fitsInteger {
                    let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times10.addingReportingOverflow(digit)
                    if overflow1 || overflow2 { fitsInteger = false } else { magnitude = sum }
                }
                position &+= 1
            }
        } else {
            throw fail(.invalidNumber, at: start)
        }
        var isInteger = true
        if position < input.count, input[position] == UInt8(ascii: ".") {
            isInteger = false
            position &+= 1
            try consumeDigits(numberStart: start)
        }
        if position < input.count, input[position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            position &+= 1
            if position < input.count, input[position] == UInt8(ascii: "+") || input[position] == UInt8(ascii: "-") {
                position &+= 1
            }
            try consumeDigits(numberStart: start)
        }
        if isInteger, fitsInteger {
            if negative, magnitude <= UInt64(Int64.max) &+ 1 {
                return .int(Int64(truncatingIfNeeded: 0 &- magnitude))
            }
            if !negative, magnitude <= UInt64(Int64.max) {
                return .int(Int64(magnitude))
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<position]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw fail(.numberOutOfRange, at: start) }
        return .double(value)
    }

    private mutating func consumeDigits(numberStart: Int) throws(JSONError) {
        guard position < input.count else { throw fail(.unexpectedEnd) }
        guard isDigit(input[position]) else { throw fail(.invalidNumber, at: numberStart) }
        while position < input.count, isDigit(input[position]) { position &+= 1 }
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}
