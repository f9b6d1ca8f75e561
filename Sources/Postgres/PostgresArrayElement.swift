import Foundation

/// A type that can be an element of a one-dimensional PostgreSQL array bind or column,
/// so `= ANY(\(ids))` and `unnest(\(a), \(b))` work with Swift arrays.
public protocol PostgresArrayElement: PostgresDecodable, Sendable {
    /// The OID of the array type (`text[]`, `int8[]`, …) sent with an array bind.
    static var postgresArrayType: PostgresType { get }
    /// The element's text before array quoting; nil is an SQL NULL element.
    var postgresArrayElementText: String? { get }
}

extension PostgresArrayElement where Self: PostgresEncodable {
    public var postgresArrayElementText: String? { postgresValue.text }
}

extension String: PostgresArrayElement { public static var postgresArrayType: PostgresType { .textArray } }
extension Int: PostgresArrayElement { public static var postgresArrayType: PostgresType { .int8Array } }
extension Int64: PostgresArrayElement { public static var postgresArrayType: PostgresType { .int8Array } }
extension Int32: PostgresArrayElement { public static var postgresArrayType: PostgresType { .int4Array } }
extension Double: PostgresArrayElement { public static var postgresArrayType: PostgresType { .float8Array } }
extension Bool: PostgresArrayElement { public static var postgresArrayType: PostgresType { .boolArray } }
extension UUID: PostgresArrayElement { public static var postgresArrayType: PostgresType { .uuidArray } }
extension Date: PostgresArrayElement { public static var postgresArrayType: PostgresType { .timestamptzArray } }

extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {
    public static var postgresArrayType: PostgresType { Wrapped.postgresArrayType }
    public var postgresArrayElementText: String? { self?.postgresArrayElementText }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    /// Every element is double-quoted with `"` and `\` escaped (the array input rules), so
    /// commas, braces, quotes, spaces and the word NULL inside strings stay data.
    public var postgresValue: PostgresValue {
        // Built over UTF-8 bytes: `"` and `\` are ASCII and never occur inside a multi-byte
        // sequence, so escaping byte-wise is exact and far cheaper than appending scalars
        // (batch inserts send thousands of JSON bodies this way).
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(count * 16 + 2)
        for (index, element) in enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            guard var elementText = element.postgresArrayElementText else {
                bytes.append(contentsOf: "NULL".utf8)
                continue
            }
            bytes.append(UInt8(ascii: "\""))
            elementText.withUTF8 { utf8 in
                var start = 0
                for (offset, byte) in utf8.enumerated() where byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<offset]))
                    bytes.append(UInt8(ascii: "\\"))
                    start = offset
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "}"))
        return PostgresValue(text: String(decoding: bytes, as: UTF8.self), type: Element.postgresArrayType)
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
