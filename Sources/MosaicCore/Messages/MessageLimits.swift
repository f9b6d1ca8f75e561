/// Size bounds for tracking input, defaulting to what Segment publishes so SDK behaviour
/// (which batches to stay under them) matches.
public struct MessageLimits: Sendable, Hashable {
    /// Largest single message: 32 KiB (32,768 bytes), Segment's "32KB per call". Measured as
    /// the message object's compact re-serialised size (``JSONValue/serializedByteCount``), so
    /// the client's whitespace and escaping style neither count against it nor get around it.
    /// A batch item over it is rejected alone (`message_too_large`); the rest of the batch stays.
    public var maxMessageBytes: Int
    /// Largest request body: 500 KiB (512,000 bytes), Segment's "500KB per batch". Checked on
    /// the raw bytes before parsing, for every endpoint.
    public var maxBatchBytes: Int
    /// Most items in one batch: 2,500 (500 KiB of minimal ~200-byte messages). More is refused
    /// whole (`too_many_messages`) rather than silently truncated.
    public var maxBatchMessages: Int
    /// Longest `messageId`: 255 UTF-8 bytes. SDK ids are UUIDs (36) or `ajs-next-…` (≈ 41);
    /// the bound keeps the `(source, message_id)` unique index small.
    public var maxMessageIdBytes: Int
    /// Longest `userId`, `anonymousId`, `previousId`, `groupId`, `event`, `name`, `category`:
    /// 1,024 UTF-8 bytes. These become index keys, and PostgreSQL btree entries must stay
    /// under ≈ 2.7 KB.
    public var maxStringFieldBytes: Int
    /// Deepest JSON nesting accepted in a body: 64.
    public var maxDepth: Int

    public init(
        maxMessageBytes: Int = 32 * 1024,
        maxBatchBytes: Int = 500 * 1024,
        maxBatchMessages: Int = 2_500,
        maxMessageIdBytes: Int = 255,
        maxStringFieldBytes: Int = 1_024,
        maxDepth: Int = 64
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.maxBatchBytes = maxBatchBytes
        self.maxBatchMessages = maxBatchMessages
        self.maxMessageIdBytes = maxMessageIdBytes
        self.maxStringFieldBytes = maxStringFieldBytes
        self.maxDepth = maxDepth
    }
}
