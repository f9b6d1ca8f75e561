/// A parsed TOML config file as one flat map from dotted key paths to values.
///
/// Mosaic has no TOML package offline, so this reads the subset a config file needs (TOML
/// 1.0): comments; `[table]` and `[a.b]` headers; `key = value` with bare, quoted and dotted
/// keys; basic and literal strings, single- and multi-line, with escapes; integers (decimal
/// with `_`, `0x`, `0o`, `0b`); floats (incl. `inf`, `nan`); booleans; arrays (multi-line,
/// trailing comma, comments inside); inline tables. Not supported, and reported as errors
/// rather than misread: dates/times and arrays of tables (`[[x]]`).
///
/// Flat output is what the config loader wants: `[http]` + `max_body_bytes = 1_048_576`
/// becomes `"http.max_body_bytes": .integer(1048576)`, as does `http.max_body_bytes = …` or
/// `http = { max_body_bytes = … }`. Redefining a key or a table is an error, as TOML requires.
/// A quoted key containing a dot (`"a.b" = 1`) is indistinguishable from the dotted key `a.b`.
public struct TOMLDocument: Sendable, Hashable {
    public var values: [String: TOMLValue]

    /// - Throws: ``TOMLError`` with the line of the first problem.
    public init(parsing text: String) throws(TOMLError) {
        var parser = TOMLParser(text: text)
        values = try parser.parseDocument()
    }

    public subscript(key: String) -> TOMLValue? {
        values[key]
    }
}
