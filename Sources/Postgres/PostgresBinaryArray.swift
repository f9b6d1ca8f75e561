import Foundation

/// What appending one array element in binary format gave.
public enum PostgresBinaryElement: Sendable {
    /// The element's bytes were appended.
    case value
    /// The element is SQL NULL; nothing was appended.
    case null
    /// This element cannot be sent in binary (text with a NUL byte): send the array as text,
    /// whose encoder reports the problem.
    case unrepresentable
}

/// PostgreSQL's binary array format (`array_send`/`array_recv`): a header of big-endian int32s
/// (dimensions, has-nulls flag, element OID, then length and lower bound per dimension) and
/// each element as an int32 length (-1 for NULL) followed by its bytes.
enum PostgresBinaryArray {
    /// Encodes a one-dimensional array, or returns nil when an element is unrepresentable.
    static func encode<Element: PostgresArrayElement>(_ elements: [Element], elementType: PostgresType) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20 + elements.count * 16)
        appendHeader(count: elements.count, elementType: elementType, to: &bytes)
        var hasNull = false
        for element in elements {
            let lengthAt = bytes.count
            appendInt32(0, to: &bytes) // the length, set below
            switch element.appendPostgresBinary(to: &bytes) {
            case .value:
                setInt32(Int32(truncatingIfNeeded: bytes.count - lengthAt - 4), at: lengthAt, in: &bytes)
            case .null:
                hasNull = true
                setInt32(-1, at: lengthAt, in: &bytes)
            case .unrepresentable:
                return nil
            }
        }
        if hasNull { setInt32(1, at: 4, in: &bytes) }
        return bytes
    }

    private static func appendHeader(count: Int, elementType: PostgresType, to bytes: inout [UInt8]) {
        appendInt32(count == 0 ? 0 : 1, to: &bytes)
        appendInt32(0, to: &bytes)
        appendInt32(Int32(bitPattern: elementType.rawValue), to: &bytes)
        if count > 0 {
            appendInt32(Int32(truncatingIfNeeded: count), to: &bytes)
            appendInt32(1, to: &bytes)
        }
    }

    static func appendInt32(_ value: Int32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    static func appendInt64(_ value: Int64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    private static func setInt32(_ value: Int32, at offset: Int, in bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { raw in
            for index in 0..<4 { bytes[offset + index] = raw[index] }
        }
    }

    /// Appends UTF-8 text, or reports it unrepresentable when it holds a NUL byte (which the
    /// server's text types cannot store either).
    static func appendText(_ text: String, to bytes: inout [UInt8]) -> PostgresBinaryElement {
        var text = text
        return text.withUTF8 { utf8 in
            if utf8.contains(0) { return .unrepresentable }
            bytes.append(contentsOf: utf8)
            return .value
        }
    }

    /// The elements of a binary array of text-like type (text, varchar, json, jsonb) as
    /// strings; empty for other element types or malformed input.
    static func textElements(of bytes: [UInt8]) -> [String] {
        func int32(at offset: Int) -> Int32? {
            guard offset >= 0, offset + 4 <= bytes.count else { return nil }
            return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int32($1) }
        }
        guard let dimensions = int32(at: 0), dimensions == 1, let oid = int32(at: 8), let count = int32(at: 12) else { return [] }
        let elementType = PostgresType(rawValue: UInt32(bitPattern: oid))
        guard [PostgresType.text, .varchar, .json, .jsonb].contains(elementType) else { return [] }
        var texts: [String] = []
        var offset = 20
        for _ in 0..<max(0, count) {
            guard let length = int32(at: offset) else { break }
            offset += 4
            guard length >= 0 else { continue }
            let end = offset + Int(length)
            guard end <= bytes.count else { break }
            let start = elementType == .jsonb && length > 0 ? offset + 1 : offset
            texts.append(String(decoding: bytes[start..<end], as: UTF8.self))
            offset = end
        }
        return texts
    }
}
