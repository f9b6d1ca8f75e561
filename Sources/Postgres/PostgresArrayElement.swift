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
        var text = "{"
        for (index, element) in enumerated() {
            if index > 0 { text += "," }
            guard let elementText = element.postgresArrayElementText else {
                text += "NULL"
                continue
            }
            text += "\""
            for scalar in elementText.unicodeScalars {
                if scalar == "\"" || scalar == "\\" { text += "\\" }
                text.unicodeScalars.append(scalar)
            }
            text += "\""
        }
        text += "}"
        return PostgresValue(text: text, type: Element.postgresArrayType)
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
