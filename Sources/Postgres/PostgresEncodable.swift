import Foundation

/// A Swift value that can be sent as a bind parameter.
public protocol PostgresEncodable: Sendable {
    var postgresValue: PostgresValue { get }
    /// The value in text format, for places that only take text (COPY's text format).
    var postgresTextValue: PostgresValue { get }
}

extension PostgresEncodable {
    public var postgresTextValue: PostgresValue { postgresValue }
}

extension String: PostgresEncodable {
    public var postgresValue: PostgresValue { PostgresValue(text: self) }
}

extension Substring: PostgresEncodable {
    public var postgresValue: PostgresValue { PostgresValue(text: String(self)) }
}

extension Int: PostgresEncodable {
    public var postgresValue: PostgresValue { PostgresValue(text: String(self), type: .int8) }
}

extension Int64: PostgresEncodable {
    public var postgresValue: PostgresValue { PostgresValue(text: String(self), type: .int8) }
}

extension Int32: PostgresEncodable {
    public var postgresValue: PostgresValue { PostgresValue(text: String(self), type: .int4) }
}

extension Int16: PostgresEncodable {
    public var postgresValue: PostgresValue { PostgresValue(text: String(self), type: .int2) }
}

extension Double: PostgresEncodable {
    /// `Infinity`/`NaN` spelled the way PostgreSQL's float8 input accepts them.
    public var postgresValue: PostgresValue {
        let text: String
        if isNaN { text = "NaN" } else if self == .infinity { text = "Infinity" } else if self == -.infinity {
            text = "-Infinity"
        } else { text = "\(self)" }
        return PostgresValue(text: text, type: .float8)
    }
}

extension Bool: PostgresEncodable {
    public var postgresValue: PostgresValue { PostgresValue(text: self ? "t" : "f", type: .bool) }
}

extension UUID: PostgresEncodable {
    public var postgresValue: PostgresValue { PostgresValue(text: uuidString.lowercased(), type: .uuid) }
}

extension Date: PostgresEncodable {
    public var postgresValue: PostgresValue {
        PostgresValue(text: PostgresTimestamp.format(self), type: .timestamptz)
    }
}

extension Data: PostgresEncodable {
    /// bytea in hex format (`\x0a1b`), the server default since 9.0.
    public var postgresValue: PostgresValue {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        bytes.reserveCapacity(2 + count * 2)
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0f)])
        }
        return PostgresValue(text: String(decoding: bytes, as: UTF8.self), type: .bytea)
    }
}

extension PostgresValue: PostgresEncodable {
    public var postgresValue: PostgresValue { self }
}
