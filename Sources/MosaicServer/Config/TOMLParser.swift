/// Line-structure half of the TOML reader: headers, key/value lines, keys, comments.
/// Values are in `TOMLParser+Values.swift`.
///
/// Works on the UTF-8 bytes with one cursor; the line number is computed from the cursor only
/// when an error is raised, so the hot path does no bookkeeping.
struct TOMLParser {
    let bytes: [UInt8]
    var position = 0
    private var tables = TOMLTables()
    /// Nesting of arrays and inline tables, bounded so a hostile file cannot exhaust the stack.
    var depth = 0
    private var currentTable: [String] = []

    init(text: String) {
        bytes = Array(text.utf8)
    }

    mutating func parseDocument() throws(TOMLError) -> [String: TOMLValue] {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        while true {
            skipSpaces()
            guard let byte = peek() else { break }
            switch byte {
            case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                try endOfLine()
            case UInt8(ascii: "["):
                try parseHeader()
                try endOfLine()
            default:
                let key = try parseKey()
                try expectEquals()
                let (value, inline) = try parseValue()
                if let reason = tables.define(table: currentTable, key: key, value: value, inlineEntries: inline) {
                    throw error(reason)
                }
                try endOfLine()
            }
        }
        return tables.values
    }

    // MARK: Errors and cursor

    func error(_ reason: String, at offset: Int? = nil) -> TOMLError {
        let end = Swift.min(offset ?? position, bytes.count)
        var line = 1
        for index in 0..<end where bytes[index] == UInt8(ascii: "\n") { line += 1 }
        return TOMLError(line: line, reason: reason)
    }

    func peek(_ ahead: Int = 0) -> UInt8? {
        let index = position + ahead
        return index < bytes.count ? bytes[index] : nil
    }

    mutating func skipSpaces() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { position += 1 }
    }

    /// Skips a comment if there is one; comments may not contain control characters but tab.
    mutating func skipComment() throws(TOMLError) {
        guard peek() == UInt8(ascii: "#") else { return }
        while let byte = peek(), byte != UInt8(ascii: "\n") {
            if byte == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { return }
            if byte < 0x20 && byte != UInt8(ascii: "\t") || byte == 0x7F {
                throw error("control character in comment")
            }
            position += 1
        }
    }

    /// Consumes a newline (`\n` or `\r\n`); returns false if there is none here.
    mutating func consumeNewline() -> Bool {
        if peek() == UInt8(ascii: "\n") {
            position += 1
            return true
        }
        if peek() == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") {
            position += 2
            return true
        }
        return false
    }

    /// After a statement only spaces, a comment and the end of the line may follow.
    private mutating func endOfLine() throws(TOMLError) {
        skipSpaces()
        try skipComment()
        if position == bytes.count { return }
        guard consumeNewline() else { throw error("unexpected text after the value; expected end of line") }
    }

    mutating func expectEquals() throws(TOMLError) {
        skipSpaces()
        guard peek() == UInt8(ascii: "=") else { throw error("expected '=' after the key") }
        position += 1
        skipSpaces()
    }

    // MARK: Headers and keys

    private mutating func parseHeader() throws(TOMLError) {
        position += 1
        if peek() == UInt8(ascii: "[") { throw error("arrays of tables ([[...]]) are not supported") }
        skipSpaces()
        let path = try parseKey()
        skipSpaces()
        guard peek() == UInt8(ascii: "]") else { throw error("expected ']' to close the table header") }
        position += 1
        if let reason = tables.openTable(path) { throw error(reason) }
        currentTable = path
    }

    /// A possibly dotted key: `a`, `"quoted key"`, `'literal'`, `a . "b" . c`.
    mutating func parseKey() throws(TOMLError) -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            parts.append(try parseSimpleKey())
            skipSpaces()
            guard peek() == UInt8(ascii: ".") else { return parts }
            position += 1
        }
    }

    private mutating func parseSimpleKey() throws(TOMLError) -> String {
        switch peek() {
        case UInt8(ascii: "\"")?:
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                throw error("multi-line strings cannot be keys")
            }
            return try parseBasicString()
        case UInt8(ascii: "'")?:
            if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                throw error("multi-line strings cannot be keys")
            }
            return try parseLiteralString()
        default:
            let start = position
            while let byte = peek(), Self.isBareKeyByte(byte) { position += 1 }
            guard position > start else {
                throw error(peek() == nil ? "expected a key at end of file" : "expected a key (letters, digits, '_', '-' or a quoted string)")
            }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }
    }

    static func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
