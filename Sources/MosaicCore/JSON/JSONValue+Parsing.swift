extension JSONValue {
    /// Parses one JSON document (RFC 8259, strict).
    ///
    /// Strictness is deliberate: what we accept we must store and replay to other tools, so
    /// comments, trailing commas, `NaN`/`Infinity`, single quotes, unescaped control characters,
    /// bad escapes, invalid UTF-8 and data after the value are all errors. Two lenient choices,
    /// both allowed by the RFC: a leading UTF-8 byte-order mark is skipped (§8.1), and an
    /// unpaired UTF-16 surrogate escape (`"\ud800"`) becomes U+FFFD instead of failing the whole
    /// message, since JavaScript clients produce them when they truncate strings mid-emoji.
    /// A duplicated object key keeps its first position and its last value (as `jsonb`).
    ///
    /// - Parameters:
    ///   - bytes: UTF-8 input; contiguous storage (`[UInt8]`, `Data`, `String.UTF8View`) is parsed in place.
    ///   - limits: size and nesting bounds.
    /// - Throws: ``JSONError`` with the byte offset of the problem.
    public static func parse(
        _ bytes: some Collection<UInt8>,
        limits: JSONLimits = JSONLimits()
    ) throws(JSONError) -> JSONValue {
        let inPlace = bytes.withContiguousStorageIfAvailable { buffer in
            JSONParser.parse(buffer, limits: limits)
        }
        if let inPlace { return try inPlace.get() }
        let count = bytes.count
        guard count <= limits.maxBytes else { throw JSONError(offset: limits.maxBytes, reason: .tooLarge) }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { JSONParser.parse($0, limits: limits) }.get()
    }

    /// Parses JSON text held in a `String` (tests, config, fixtures).
    public static func parse(_ text: String, limits: JSONLimits = JSONLimits()) throws(JSONError) -> JSONValue {
        try parse(Array(text.utf8), limits: limits)
    }
}
