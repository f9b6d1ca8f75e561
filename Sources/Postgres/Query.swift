import Foundation

/// A parameterised statement: interpolated values become `$n` placeholders plus binds.
///
/// `"SELECT * FROM t WHERE email = \(email)"` never splices `email` into the SQL text; raw
/// SQL only enters through the `unsafeSQL:` label, which makes every such place greppable.
public struct Query: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var sql: String
    public private(set) var binds: [PostgresValue?]

    /// For statements built by code (multi-row VALUES): `sql` must use `$1…$n` matching `binds`.
    public init(unsafeSQL sql: String, binds: [PostgresValue?] = []) {
        self.sql = sql
        self.binds = binds
    }

    public init(stringLiteral value: String) {
        self.sql = value
        self.binds = []
    }

    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.binds = stringInterpolation.binds
    }

    /// Appends a bind and returns its placeholder, for code that builds statements in a loop.
    public mutating func appendBind(_ value: (any PostgresEncodable)?) -> String {
        binds.append(value?.postgresValue)
        return "$\(binds.count)"
    }

    /// Appends raw SQL text.
    public mutating func append(unsafeSQL text: String) {
        sql += text
    }

    /// The SQL with placeholders and the number of binds; bind values are never shown.
    public var description: String { "\(sql) [\(binds.count) binds]" }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql: String
        var binds: [PostgresValue?]

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds = []
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        public mutating func appendInterpolation<T: PostgresEncodable>(_ value: T) {
            binds.append(value.postgresValue)
            sql += "$\(binds.count)"
        }

        public mutating func appendInterpolation<T: PostgresEncodable>(_ value: T?) {
            binds.append(value?.postgresValue)
            sql += "$\(binds.count)"
        }

        /// Raw SQL text (identifiers chosen by code, never by input).
        public mutating func appendInterpolation(unsafeSQL text: String) {
            sql += text
        }

        /// A quoted identifier (`"my table"`), safe for names that come from configuration.
        public mutating func appendInterpolation(identifier name: String) {
            sql += PostgresIdentifier.quote(name)
        }
    }
}

/// Quoting for identifiers (SQL standard: double quotes, embedded quotes doubled).
public enum PostgresIdentifier {
    public static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
