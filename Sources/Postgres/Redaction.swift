import Foundation

/// Removes values from server messages before they enter an error.
///
/// PostgreSQL quotes the offending input in several messages (`invalid input syntax for type
/// uuid: "…"`, `Key (email)=(…) already exists.`, `Failing row contains (…).`, `Token "…" is
/// invalid.`). Those values come from binds or COPY data and are routinely personal data.
enum Redaction {
    static let placeholder = "<redacted>"

    /// Redacts a primary message: a trailing `: "value"` is the input value.
    static func message(_ text: String, binds: [String] = []) -> String {
        var text = text
        if let range = text.range(of: ": \""), text.hasSuffix("\"") {
            text = String(text[..<range.upperBound]) + placeholder + "\""
        }
        return scrub(text, binds: binds)
    }

    /// Redacts a detail line: key values, failing rows and JSON tokens.
    static func detail(_ text: String, binds: [String] = []) -> String {
        var text = text
        if text.hasPrefix("Key ("), let equals = text.range(of: ")=("),
           let close = text.range(of: ")", options: .backwards), close.lowerBound >= equals.upperBound {
            text = String(text[..<equals.upperBound]) + placeholder + String(text[close.lowerBound...])
        } else if text.hasPrefix("Failing row contains (") {
            text = "Failing row contains (\(placeholder))."
        } else if text.hasPrefix("Token \""), let end = text.range(of: "\" is invalid") {
            text = "Token \"\(placeholder)" + String(text[end.lowerBound...])
        }
        return scrub(text, binds: binds)
    }

    /// Replaces any quoted or parenthesised occurrence of a bind value; short values are only
    /// replaced inside quotes so that a bind "1" does not blank every digit of a message.
    static func scrub(_ text: String, binds: [String]) -> String {
        var text = text
        for bind in binds where !bind.isEmpty && bind != placeholder {
            text = text.replacingOccurrences(of: "\"\(bind)\"", with: "\"\(placeholder)\"")
            text = text.replacingOccurrences(of: "(\(bind))", with: "(\(placeholder))")
            if bind.count >= 6 {
                text = text.replacingOccurrences(of: bind, with: placeholder)
            }
        }
        return text
    }
}
