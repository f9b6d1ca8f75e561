/// Bounds on what the parser accepts, so hostile input costs bounded memory and stack.
public struct JSONLimits: Sendable, Hashable {
    /// Largest input in bytes; larger input is rejected before parsing. Default 1 MiB:
    /// callers (HTTP routes) pass their own body limit.
    public var maxBytes: Int
    /// Deepest nesting of arrays/objects. Default 64: real tracking payloads stay under 10,
    /// and the parser recurses, so this also bounds its stack use.
    public var maxDepth: Int

    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 64) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }
}
