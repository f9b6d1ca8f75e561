/// The bookkeeping that makes TOML's "define everything once" rules hold while the values are
/// stored flat: which paths are values, which are tables and how each table came to exist.
///
/// Failures are returned as reason strings; the parser adds the line number.
struct TOMLTables {
    private(set) var values: [String: TOMLValue] = [:]
    /// Tables opened by a `[header]`.
    private var headerTables: Set<String> = []
    /// Tables created by dotted keys (`a.b = 1` creates `a`); a header may not reopen them.
    private var dottedTables: Set<String> = []
    /// Tables that exist because a longer header or dotted key passed through them.
    private var implicitTables: Set<String> = []
    /// Inline tables are closed: nothing may be added to them later.
    private var inlineTables: Set<String> = []

    static func join(_ path: [String]) -> String {
        path.joined(separator: ".")
    }

    /// Opens `[path]`.
    mutating func openTable(_ path: [String]) -> String? {
        for length in 1..<path.count {
            let prefix = Self.join(Array(path[0..<length]))
            if values[prefix] != nil || inlineTables.contains(prefix) {
                return "'\(prefix)' is a value, not a table"
            }
            implicitTables.insert(prefix)
        }
        let key = Self.join(path)
        if values[key] != nil || inlineTables.contains(key) { return "'\(key)' is already defined as a value" }
        if headerTables.contains(key) { return "table [\(key)] is defined twice" }
        if dottedTables.contains(key) { return "table [\(key)] was already defined with dotted keys" }
        headerTables.insert(key)
        implicitTables.insert(key)
        return nil
    }

    /// Defines `table.key = value`, where `key` may be dotted.
    mutating func define(table: [String], key: [String], value: TOMLValue, inlineEntries: TOMLTables?) -> String? {
        let full = table + key
        for length in (table.count + 1)..<full.count {
            let prefix = Self.join(Array(full[0..<length]))
            if values[prefix] != nil || inlineTables.contains(prefix) {
                return "'\(prefix)' is a value, not a table"
            }
            if headerTables.contains(prefix) {
                return "table '\(prefix)' was defined with a [header]; dotted keys cannot extend it"
            }
            dottedTables.insert(prefix)
            implicitTables.insert(prefix)
        }
        let path = Self.join(full)
        if values[path] != nil || inlineTables.contains(path) { return "duplicate key '\(path)'" }
        if implicitTables.contains(path) || headerTables.contains(path) {
            return "'\(path)' is already defined as a table"
        }
        if let inlineEntries {
            inlineTables.insert(path)
            for (inner, innerValue) in inlineEntries.values {
                values[path + "." + inner] = innerValue
            }
            for inner in inlineEntries.implicitTables.union(inlineEntries.inlineTables) {
                inlineTables.insert(path + "." + inner)
            }
        } else {
            values[path] = value
        }
        return nil
    }
}
