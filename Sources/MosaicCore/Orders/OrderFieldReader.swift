import Foundation

/// Reads typed fields out of a JSON object for the order and return parsers, turning every
/// problem into an ``OrderError`` with the field's full path. Internal: one set of rules
/// for what counts as missing, too long or the wrong kind.
struct OrderFieldReader {
    let object: JSONObject
    /// Path prefix for error fields: `""` for the body, `"items[2]."` for an item.
    let prefix: String

    init(_ object: JSONObject, prefix: String = "") {
        self.object = object
        self.prefix = prefix
    }

    func path(_ key: String) -> String { prefix + key }

    /// A present, non-null value.
    func value(_ key: String) -> JSONValue? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    /// A string (or an integer, read as its decimal text, since shops send numeric ids).
    /// Blank strings count as absent. Length is in UTF-8 bytes.
    func text(_ key: String, maxLength: Int) throws(OrderError) -> String? {
        guard let value = value(key) else { return nil }
        let text: String
        switch value {
        case .string(let string): text = string
        case .int(let integer): text = String(integer)
        default:
            throw OrderError(code: .invalidType, message: "must be a string, not \(value.kindName)", field: path(key))
        }
        guard !Self.isBlank(text) else { return nil }
        guard text.utf8.count <= maxLength else {
            throw OrderError(code: .valueTooLong, message: "is longer than \(maxLength) bytes", field: path(key))
        }
        return text
    }

    func requiredText(_ key: String, maxLength: Int) throws(OrderError) -> String {
        guard let text = try text(key, maxLength: maxLength) else {
            throw OrderError(code: .missingField, message: "is required", field: path(key))
        }
        return text
    }

    func object(_ key: String) throws(OrderError) -> JSONObject? {
        guard let value = value(key) else { return nil }
        guard case .object(let object) = value else {
            throw OrderError(code: .invalidType, message: "must be an object, not \(value.kindName)", field: path(key))
        }
        return object
    }

    func array(_ key: String) throws(OrderError) -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard case .array(let array) = value else {
            throw OrderError(code: .invalidType, message: "must be an array, not \(value.kindName)", field: path(key))
        }
        return array
    }

    func bool(_ key: String) throws(OrderError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else {
            throw OrderError(code: .invalidType, message: "must be a boolean, not \(value.kindName)", field: path(key))
        }
        return flag
    }

    /// A whole number of units in `1...max`; absent means 1 (the Segment spec's default).
    func quantity(_ key: String, max: Int64) throws(OrderError) -> Int64 {
        guard let value = value(key) else { return 1 }
        guard let quantity = value.int64Value, quantity >= 1, quantity <= max else {
            throw OrderError(code: .invalidQuantity, message: "must be a whole number from 1 to \(max)", field: path(key))
        }
        return quantity
    }

    func money(
        _ key: String,
        currency: CurrencyCode,
        unit: Money.Unit,
        allowNegative: Bool = false
    ) throws(OrderError) -> Money? {
        guard let value = value(key) else { return nil }
        do {
            return try Money.parse(json: value, currency: currency, allowNegative: allowNegative, unit: unit)
        } catch {
            throw OrderError(error, field: path(key))
        }
    }

    func currency(_ key: String) throws(OrderError) -> CurrencyCode? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else {
            throw OrderError(code: .invalidType, message: "must be a string, not \(value.kindName)", field: path(key))
        }
        guard let code = CurrencyCode(rawValue: text) else {
            throw OrderError(code: .invalidCurrency, message: "must be a three-letter ISO 4217 code", field: path(key))
        }
        return code
    }

    func timestamp(_ key: String) throws(OrderError) -> Date? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value, let date = ISO8601Timestamp.parse(text) else {
            throw OrderError(code: .invalidTimestamp, message: "must be an ISO-8601 timestamp with a zone", field: path(key))
        }
        return date
    }

    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }
}
