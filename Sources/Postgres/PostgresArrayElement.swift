import Foundation

/// A type that can be an element of a one-dimensional PostgreSQL array bind or column,
/// so `= ANY(\(ids))` and `unnest(\(a), \(b))` work with Swift arrays.
public protocol PostgresArrayElement: PostgresDecodable, Sendable {
    /// The OID of the array type (`text[]`, `int8[]`, …) sent with an array bind.
    static var postgresArrayType: PostgresType { get }
    /// The element's text before array quoting; nil is an SQL NULL element.
    var postgresArrayElementText: String? { get }
    /// The element type when arrays of it go in binary format; nil sends them as text.
    static var postgresBinaryElementType: PostgresType? { get }
    /// Appends the element in the binary send format of `postgresBinaryElementType`.
    func appendPostgresBinary(to bytes: inout [UInt8]) -> PostgresBinaryElement
}

extension PostgresArrayElement {
    public static var postgresBinaryElementType: PostgresType? { nil }
    public func appendPostgresBinary(to bytes: inout [UInt8]) -> PostgresBinaryElement { .unrepresentable }
}

extension PostgresArrayElement where Self: PostgresEncodable {
    public var postgresArrayElementText: String? { postgresValue.text }
}

extension String: PostgresArrayElement {
    public static var postgresArrayType: PostgresType { .textArray }
    public static var postgresBinaryElementType: PostgresType? { .text }
    public func appendPostgresBinary(to bytes: inout [UInt8]) -> PostgresBinaryElement {
        PostgresBinaryArray.appendText(self, to: &bytes)
    }
}

extension Int: PostgresArrayElement {
    public static var postgresArrayType: PostgresType { .int8Array }
    public static var postgresBinaryElementType: PostgresType? { .int8 }
    public func appendPostgresBinary(to bytes: inout [UInt8]) -> PostgresBinaryElement {
        PostgresBinaryArray.appendInt64(Int64(self), to: &bytes)
        return .value
    }
}

extension Int64: PostgresArrayElement {
    public static var postgresArrayType: PostgresType { .int8Array }
    public static var postgresBinaryElementType: PostgresType? { .int8 }
    public func appendPostgresBinary(to bytes: inout [UInt8]) -> PostgresBinaryElement {
        PostgresBinaryArray.appendInt64(self, to: &bytes)
        return .value
    }
}

extension Int32: PostgresArrayElement {
    public static var postgresArrayType: PostgresType { .int4Array }
    public static var postgresBinaryElementType: PostgresType? { .int4 }
    public func appendPostgresBinary(to bytes: inout [UInt8]) -> PostgresBinaryElement {
        PostgresBinaryArray.appendInt32(self, to: &bytes)
        return .value
    }
}

extension Double: PostgresArrayElement {
    public static var postgresArrayType: PostgresType { .float8Array }
    public static var postgresBinaryElementType: PostgresType? { .float8 }
    public func appendPostgresBinary(to bytes: inout [UInt8]) -> PostgresBinaryElement {
        PostgresBinaryArray.appendInt64(Int64(bitPattern: bitPattern), to: &bytes)
        return .value
    }
}

extension Bool: PostgresArrayElement {
    public static var postgresArrayType: PostgresType { .boolArray }
    public static var postgresBinaryElementType: PostgresType? { .bool }
    public func appendPostgresBinary(to bytes: inout [UInt8]) -> PostgresBinaryElement {
        bytes.append(self ? 1 : 0)
        return .value
    }
}

extension UUID: PostgresArrayElement {
    public static var postgresArrayType: PostgresType { .uuidArray }
    public static var postgresBinaryElementType: PostgresType? { .uuid }
    public func appendPostgresBinary(to bytes: inout [UInt8]) -> PostgresBinaryElement {
        withUnsafeBytes(of: uuid) { bytes.append(contentsOf: $0) }
        return .value
    }
}

extension Date: PostgresArrayElement {
    public static var postgresArrayType: PostgresType { .timestamptzArray }
    public static var postgresBinaryElementType: PostgresType? { .timestamptz }
    /// Microseconds since 2000-01-01 UTC, rounded as the text format rounds.
    public func appendPostgresBinary(to bytes: inout [UInt8]) -> PostgresBinaryElement {
        PostgresBinaryArray.appendInt64(PostgresTimestamp.postgresMicroseconds(self), to: &bytes)
        return .value
    }
}

extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {
    public static var postgresArrayType: PostgresType { Wrapped.postgresArrayType }
    public var postgresArrayElementText: String? { self?.postgresArrayElementText }
    public static var postgresBinaryElementType: PostgresType? { Wrapped.postgresBinaryElementType }
    public func appendPostgresBinary(to bytes: inout [UInt8]) -> PostgresBinaryElement {
        self?.appendPostgresBinary(to: &bytes) ?? .null
    }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    /// Binary format when the element type has one (see `PostgresValue`). Otherwise text: every
    /// element is double-quoted with `"` and `\` escaped (the array input rules), so commas,
    /// braces, quotes, spaces and the word NULL inside strings stay data.
    public var postgresValue: PostgresValue {
        if let elementType = Element.postgresBinaryElementType,
           let binary = PostgresBinaryArray.encode(self, elementType: elementType) {
            return PostgresValue(binary: binary, type: Element.postgresArrayType)
        }
        return postgresTextValue
    }

    /// The array in text format (`{"a","b"}`), whatever the element type.
    public var postgresTextValue: PostgresValue {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(count * 16 + 2)
        for (index, element) in enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            if let text = element.postgresArrayElementText {
                PostgresArrayText.appendQuoted(text, to: &bytes)
            } else {
                bytes.append(contentsOf: PostgresArrayText.null)
            }
        }
        bytes.append(UInt8(ascii: "}"))
        return PostgresValue(text: String(decoding: bytes, as: UTF8.self), type: Element.postgresArrayType)
    }
}

/// The non-generic part of array encoding. Its loop runs once per byte of every element (batch
/// inserts send thousands of JSON bodies this way), and other modules call the generic `Array`
/// extension unspecialised: the loop lives here so that it compiles to plain byte code.
enum PostgresArrayText {
    static let null = Array("NULL".utf8)

    /// Appends `"text"` with `"` and `\` escaped. Escaping works on UTF-8 bytes: both are ASCII
    /// and never occur inside a multi-byte sequence, so byte-wise is exact.
    static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        bytes.append(UInt8(ascii: "\""))
        text.withUTF8 { utf8 in
            var start = 0
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                    bytes.append(UInt8(ascii: "\\"))
                    start = index
                }
                index += 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {
    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) -> [Element]? {
        guard let items = PostgresArrayLiteral.parse(bytes) else { return nil }
        var result: [Element] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard let item else {
                guard let null = Element.postgresNull else { return nil }
                result.append(null)
                continue
            }
            let decoded: Element? = Array<UInt8>(item.utf8).withUnsafeBufferPointer {
                Element.decode(postgresText: $0, type: .unknown)
            }
            guard let decoded else { return nil }
            result.append(decoded)
        }
        return result
    }
}
