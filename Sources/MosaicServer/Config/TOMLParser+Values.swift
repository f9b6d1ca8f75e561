/// Value half of the TOML reader: strings, numbers, booleans, arrays, inline tables.
extension TOMLParser {
    static let maxDepth = 32

    /// The value, and for an inline table the bookkeeping of its (flattened) members.
    mutating func parseValue() throws(TOMLError) -> (TOMLValue, TOMLTables?) {
        guard let byte = peek() else { throw error("expected a value at end of file") }
        switch byte {
        case UInt8(ascii: "\""):
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                return (.string(try parseMultiLineString(literal: false)), nil)
            }
            return (.string(try parseBasicString()), nil)
        case UInt8(ascii: "'"):
            if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                return (.string(try parseMultiLineString(literal: true)), nil)
            }
            return (.string(try parseLiteralString()), nil)
        case UInt8(ascii: "["):
            return (try parseArray(), nil)
        case UInt8(ascii: "{"):
            let inner = try parseInlineTable()
            return (.table(inner.values), inner)
        default:
            return (try parseScalarToken(), nil)
        }
    }

    // MARK: Strings

    mutating func parseBasicString() throws(TOMLError) -> String {
        position += 1
        var buffer: [UInt8] = []
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw error("unterminated string: newline before the closing quote")
            default:
                try checkStringByte(byte)
                buffer.append(byte)
                position += 1
            }
        }
        throw error("unterminated string at end of file")
    }

    mutating func parseLiteralString() throws(TOMLError) -> String {
        position += 1
        let start = position
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: "'"):
                position += 1
                return String(decoding: bytes[start..<(position - 1)], as: UTF8.self)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw error("unterminated string: newline before the closing quote")
            default:
                try checkStringByte(byte)
                position += 1
            }
        }
        throw error("unterminated string at end of file")
    }

    /// `"""…"""` or `'''…'''`: a newline right after the opening is dropped; in basic ones a
    /// backslash at the end of a line removes the line break and the next line's indentation.
    /// Up to two quotes may sit right before the closing delimiter (`""""" ` ends with `""`).
    mutating func parseMultiLineString(literal: Bool) throws(TOMLError) -> String {
        let quote = literal ? UInt8(ascii: "'") : UInt8(ascii: "\"")
        position += 3
        _ = consumeNewline()
        var buffer: [UInt8] = []
        while let byte = peek() {
            if byte == quote, peek(1) == quote, peek(2) == quote {
                var run = 3
                while peek(run) == quote { run += 1 }
                guard run <= 5 else { throw error("too many quotes at the end of a multi-line string") }
                buffer.append(contentsOf: repeatElement(quote, count: run - 3))
                position += run
                return String(decoding: buffer, as: UTF8.self)
            }
            if consumeNewline() {
                buffer.append(UInt8(ascii: "\n"))
                continue
            }
            if !literal, byte == UInt8(ascii: "\\") {
                if try skipLineEndingBackslash() { continue }
                try parseEscape(into: &buffer)
                continue
            }
            try checkStringByte(byte)
            buffer.append(byte)
            position += 1
        }
        throw error("unterminated multi-line string at end of file")
    }

    /// At a backslash: if only spaces follow up to the end of the line, skips it and all
    /// whitespace and newlines after it and returns true.
    private mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        var ahead = 1
        while let byte = peek(ahead), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { ahead += 1 }
        let atNewline = peek(ahead) == UInt8(ascii: "\n") || (peek(ahead) == UInt8(ascii: "\r") && peek(ahead + 1) == UInt8(ascii: "\n"))
        guard atNewline else { return false }
        position += ahead
        while true {
            skipSpaces()
            if !consumeNewline() { return true }
        }
    }

    private func checkStringByte(_ byte: UInt8) throws(TOMLError) {
        if byte < 0x20 && byte != UInt8(ascii: "\t") || byte == 0x7F {
            throw error("control character in string (use an escape)")
        }
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(TOMLError) {
        guard let escape = peek(1) else { throw error("unterminated string at end of file") }
        let simple: UInt8?
        switch escape {
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
        case UInt8(ascii: "u"), UInt8(ascii: "U"): simple = nil
        default: throw error("invalid escape sequence in string")
        }
        if let simple {
            buffer.append(simple)
            position += 2
            return
        }
        let digits = escape == UInt8(ascii: "u") ? 4 : 8
        guard position + 2 + digits <= bytes.count else { throw error("truncated unicode escape") }
        let hex = String(decoding: bytes[(position + 2)..<(position + 2 + digits)], as: UTF8.self)
        guard hex.allSatisfy(\.isHexDigit), let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
            throw error("invalid unicode escape (must be a Unicode scalar value)")
        }
        buffer.append(contentsOf: String(Character(scalar)).utf8)
        position += 2 + digits
    }

    // MARK: Arrays and inline tables

    private mutating func enter() throws(TOMLError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw error("arrays and inline tables nest too deep") }
    }

    /// Skips spaces, comments and newlines between array elements.
    private mutating func skipArraySpace() throws(TOMLError) {
        while true {
            skipSpaces()
            try skipComment()
            if !consumeNewline() { return }
        }
    }

    private mutating func parseArray() throws(TOMLError) -> TOMLValue {
        try enter()
        defer { depth -= 1 }
        position += 1
        var elements: [TOMLValue] = []
        while true {
            try skipArraySpace()
            if peek() == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            guard peek() != nil else { throw error("unterminated array at end of file") }
            if peek() == UInt8(ascii: ",") { throw error("expected a value before ',' in array") }
            elements.append(try parseValue().0)
            try skipArraySpace()
            switch peek() {
            case UInt8(ascii: ",")?:
                position += 1
            case UInt8(ascii: "]")?:
                position += 1
                return .array(elements)
            case nil:
                throw error("unterminated array at end of file")
            default:
                throw error("expected ',' or ']' in array")
            }
        }
    }

    /// `{ a = 1, b.c = "x" }`: one line, no trailing comma (TOML 1.0).
    private mutating func parseInlineTable() throws(TOMLError) -> TOMLTables {
        try enter()
        defer { depth -= 1 }
        position += 1
        var inner = TOMLTables()
        skipSpaces()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return inner
        }
        while true {
            skipSpaces()
            let key = try parseKey()
            try expectEquals()
            let (value, nested) = try parseValue()
            if let reason = inner.define(table: [], key: key, value: value, inlineEntries: nested) {
                throw error(reason)
            }
            skipSpaces()
            switch peek() {
            case UInt8(ascii: ",")?:
                position += 1
                skipSpaces()
                if peek() == UInt8(ascii: "}") { throw error("trailing comma in inline table") }
            case UInt8(ascii: "}")?:
                position += 1
                return inner
            case UInt8(ascii: "\n")?, UInt8(ascii: "\r")?, nil:
                throw error("inline table must close on the same line")
            default:
                throw error("expected ',' or '}' in inline table")
            }
        }
    }

    // MARK: Booleans and numbers

    /// Reads a bare token (boolean, number, inf/nan) up to the next delimiter and interprets it.
    private mutating func parseScalarToken() throws(TOMLError) -> TOMLValue {
        let start = position
        while let byte = peek(), !Self.isDelimiter(byte) { position += 1 }
        let token = String(decoding: bytes[start..<position], as: UTF8.self)
        guard !token.isEmpty else { throw error("expected a value") }
        if let value = try scalar(token) { return value }
        throw error("invalid value (expected a string, number, boolean, array or inline table)", at: start)
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"),
             UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "#"):
            return true
        default:
            return false
        }
    }

    /// `nil` for a token that is no kind of scalar; throws for one that is recognisably a
    /// number or date but not acceptable.
    private func scalar(_ token: String) throws(TOMLError) -> TOMLValue? {
        switch token {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        let chars = Array(token.utf8)
        if chars.contains(UInt8(ascii: ":")) || Self.looksLikeDate(chars) {
            throw error("dates and times are not supported; use a string")
        }
        if chars.count > 2, chars[0] == UInt8(ascii: "0"), let radix = Self.radix(chars[1]) {
            let digits = Array(chars[2...])
            guard Self.underscoresValid(digits, isDigit: { Self.digitValue($0, radix: radix) != nil }),
                  !digits.isEmpty, digits.first != UInt8(ascii: "_")
            else { throw error("invalid integer") }
            let text = String(decoding: digits.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
            guard text.utf8.allSatisfy({ Self.digitValue($0, radix: radix) != nil }) else { throw error("invalid integer") }
            guard let value = Int64(text, radix: radix) else { throw error("integer out of range") }
            return .integer(value)
        }
        return try decimal(chars)
    }

    private func decimal(_ chars: [UInt8]) throws(TOMLError) -> TOMLValue? {
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard let first = chars.first, isDigit(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else {
            return nil
        }
        guard Self.underscoresValid(chars, isDigit: isDigit) else { throw error("invalid number: '_' must sit between digits") }
        let plain = chars.filter { $0 != UInt8(ascii: "_") }
        var index = 0
        if plain[index] == UInt8(ascii: "+") || plain[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        while index < plain.count, isDigit(plain[index]) { index += 1 }
        guard index > integerStart else { throw error("invalid number") }
        if plain[integerStart] == UInt8(ascii: "0"), index - integerStart > 1 {
            throw error("invalid number: leading zeros are not allowed")
        }
        var isFloat = false
        if index < plain.count, plain[index] == UInt8(ascii: ".") {
            isFloat = true
            index += 1
            let fractionStart = index
            while index < plain.count, isDigit(plain[index]) { index += 1 }
            guard index > fractionStart else { throw error("invalid float: digits must follow '.'") }
        }
        if index < plain.count, plain[index] == UInt8(ascii: "e") || plain[index] == UInt8(ascii: "E") {
            isFloat = true
            index += 1
            if index < plain.count, plain[index] == UInt8(ascii: "+") || plain[index] == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while index < plain.count, isDigit(plain[index]) { index += 1 }
            guard index > exponentStart else { throw error("invalid float: digits must follow the exponent") }
        }
        guard index == plain.count else { throw error("invalid number") }
        let text = String(decoding: plain, as: UTF8.self)
        if isFloat {
            guard let value = Double(text), value.isFinite else { throw error("float out of range") }
            return .float(value)
        }
        guard let value = Int64(text) else { throw error("integer out of range") }
        return .integer(value)
    }

    private static func looksLikeDate(_ chars: [UInt8]) -> Bool {
        chars.count >= 5 && chars[0..<4].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            && chars[4] == UInt8(ascii: "-")
    }

    private static func radix(_ marker: UInt8) -> Int? {
        switch marker {
        case UInt8(ascii: "x"): return 16
        case UInt8(ascii: "o"): return 8
        case UInt8(ascii: "b"): return 2
        default: return nil
        }
    }

    private static func digitValue(_ byte: UInt8, radix: Int) -> Int? {
        let value: Int
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
        return value < radix ? value : nil
    }

    /// TOML: each underscore must be surrounded by digits.
    private static func underscoresValid(_ chars: [UInt8], isDigit: (UInt8) -> Bool) -> Bool {
        for (index, char) in chars.enumerated() where char == UInt8(ascii: "_") {
            guard index > 0, index + 1 < chars.count, isDigit(chars[index - 1]), isDigit(chars[index + 1]) else {
                return false
            }
        }
        return true
    }
}
