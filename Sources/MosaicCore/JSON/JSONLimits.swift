/// Bounds on what the parser accepts, so hostile input costs bounded memory and stack.
public struct JSONLimits: Sendable, Hashable {
    /// Largest input in bytes; larger input is rejected before parsing. Default 1 MiB:
    /// callers (HTTP routes) pass their own body limit.
    public var maxBytes: Int
    /// Deepest nesting of arrays/objects. Default 64: real tracking payloads stay under 10,
    /// and the parser recurses, so this also bounds its stack use.
    public var maxDepth: Int
    /// Decode the escape `\u0000` as U+FFFD instead of U+0000. Off by default (RFC 8259 allows
    /// NUL); the tracking API turns it on because PostgreSQL `jsonb` refuses `\u0000`, and a
    /// client's stray NUL must not turn into a failed insert. (A raw 0x00 byte is an unescaped
    /// control character and always an error.)
    public var replacesNullCharacter: Bool

    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 64, replacesNullCharacter: Bool = false) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.replacesNullCharacter = replacesNullCharacter
    }
}
