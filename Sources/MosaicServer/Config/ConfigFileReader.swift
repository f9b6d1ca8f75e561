/// Turns a TOML config file into `ConfigValue`s by dotted key, for `ConfigLoader`.
enum ConfigFileReader {
    struct Entry {
        let key: String
        let value: ConfigValue
        let origin: String
    }

    /// - Throws: `ConfigError` for a syntax error (with its line) or a value of a kind no
    ///   setting takes (floats, nested tables, arrays of non-strings).
    static func entries(of text: String, path: String) throws(ConfigError) -> [Entry] {
        let document: TOMLDocument
        do {
            document = try TOMLDocument(parsing: text)
        } catch {
            throw ConfigError(key: path, reason: "line \(error.line): \(error.reason)", origin: path)
        }
        return try document.values.sorted(by: { $0.key < $1.key }).map { key, value throws(ConfigError) in
            Entry(key: key, value: try configValue(value, key: key, path: path), origin: path)
        }
    }

    private static func configValue(_ value: TOMLValue, key: String, path: String) throws(ConfigError) -> ConfigValue {
        switch value {
        case .string(let text): return .text(text)
        case .bool(let flag): return .boolean(flag)
        case .integer(let number):
            guard let small = Int(exactly: number) else {
                throw ConfigError(key: key, reason: "integer out of range", origin: path)
            }
            return .integer(small)
        case .array(let items):
            var strings: [String] = []
            for item in items {
                guard case .string(let text) = item else {
                    throw ConfigError(key: key, reason: "must be a list of strings", origin: path)
                }
                strings.append(text)
            }
            return .list(strings)
        case .float, .table:
            throw ConfigError(key: key, reason: "unsupported value type", origin: path)
        }
    }
}
