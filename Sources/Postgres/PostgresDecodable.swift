import Foundation

/// A Swift value that can be read from a result column in text format.
public protocol PostgresDecodable {
    /// Parses the server's text output; `nil` means the text is not a valid value of `Self`.
    /// The bytes are only valid during the call.
    static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) -> Self?

    /// What SQL NULL decodes to; `nil` (the default) means NULL is an error for this type.
    static var postgresNull: Self? { get }
}

extension PostgresDecodable {
    public static var postgresNull: Self? { nil }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) -> Self? {
        Wrapped.decode(postgresText: bytes, type: type).map { .some($0) }
    }

    public static var postgresNull: Self? { .some(nil) }
}

extension String: PostgresDecodable {
    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) -> String? {
        String(decoding: bytes, as: UTF8.self)
    }
}

extension Int64: PostgresDecodable {
    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) -> Int64? {
        PostgresTextParsing.int64(bytes)
    }
}

extension Int: PostgresDecodable {
    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) -> Int? {
        PostgresTextParsing.int64(bytes).flatMap { Int(exactly: $0) }
    }
}

extension Int32: PostgresDecodable {
    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) -> Int32? {
        PostgresTextParsing.int64(bytes).flatMap { Int32(exactly: $0) }
    }
}

extension Int16: PostgresDecodable {
    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) -> Int16? {
        PostgresTextParsing.int64(bytes).flatMap { Int16(exactly: $0) }
    }
}

extension Double: PostgresDecodable {
    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) -> Double? {
        let text = String(decoding: bytes, as: UTF8.self)
        switch text {
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        case "NaN": return .nan
        default: return Double(text)
        }
    }
}

extension Bool: PostgresDecodable {
    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) -> Bool? {
        guard bytes.count == 1 else { return nil }
        switch bytes[0] {
        case UInt8(ascii: "t"): return true
        case UInt8(ascii: "f"): return false
        default: return nil
        }
    }
}

extension UUID: PostgresDecodable {
    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) -> UUID? {
        UUID(uuidString: String(decoding: bytes, as: UTF8.self))
    }
}

extension Date: PostgresDecodable {
    /// Accepts timestamptz, timestamp (read as UTC) and date in ISO DateStyle.
    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) -> Date? {
        PostgresTimestamp.parse(bytes)
    }
}

extension Data: PostgresDecodable {
    /// bytea (hex output format `\x…`) is unescaped; any other type gives its raw text bytes,
    /// so a jsonb column can go straight to `JSONSerialization` without a String in between.
    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) -> Data? {
        guard type == .bytea else { return Data(buffer: bytes) }
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x"),
              bytes.count % 2 == 0 else { return nil }
        var data = Data(capacity: (bytes.count - 2) / 2)
        var index = 2
        while index < bytes.count {
            guard let high = PostgresTextParsing.hexValue(bytes[index]),
                  let low = PostgresTextParsing.hexValue(bytes[index + 1]) else { return nil }
            data.append(high << 4 | low)
            index += 2
        }
        return data
    }
}

extension Date {
    /// Reads a timestamp as PostgreSQL writes it, in text columns (`2026-12-03 19:02:24.5+00`) or
    /// inside `to_json` output (`2026-12-03T19:02:24.5+00:00`).
    public init?(postgresTimestamp text: String) {
        var text = text
        guard let date = text.withUTF8({ PostgresTimestamp.parse($0) }) else { return nil }
        self = date
    }
}
