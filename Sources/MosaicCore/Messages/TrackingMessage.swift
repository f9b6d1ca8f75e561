import Foundation

/// One validated Segment Spec message, ready for the ingestion pipeline.
///
/// The typed fields are the ones Mosaic acts on (identity, event name, times); `raw` keeps
/// everything the client sent so nothing is lost, and ``storedObject()`` combines both.
public struct TrackingMessage: Sendable, Hashable {
    public var type: MessageType
    /// The client's id (deduplication key with the source), or a generated one.
    public var messageId: String
    /// True when the client sent no `messageId` and ``messageId`` was generated: such a
    /// message cannot be deduplicated across client retries.
    public var messageIdWasGenerated: Bool
    /// Numbers sent by clients are converted to their decimal text, as Segment does.
    public var userId: String?
    public var anonymousId: String?
    /// `track` only.
    public var event: String?
    /// `page`/`screen`: optional name and category.
    public var name: String?
    public var category: String?
    /// `group` only.
    public var groupId: String?
    /// `alias` only: the identity being aliased to `userId`.
    public var previousId: String?
    /// Empty when absent. `context` and `integrations` include batch-level members.
    public var traits: JSONObject
    public var properties: JSONObject
    public var context: JSONObject
    public var integrations: JSONObject
    public var timestamps: MessageTimestamps
    /// The message object exactly as the client sent it (batch item, or the whole body).
    public var raw: JSONObject

    public init(
        type: MessageType,
        messageId: String,
        messageIdWasGenerated: Bool = false,
        userId: String? = nil,
        anonymousId: String? = nil,
        event: String? = nil,
        name: String? = nil,
        category: String? = nil,
        groupId: String? = nil,
        previousId: String? = nil,
        traits: JSONObject = JSONObject(),
        properties: JSONObject = JSONObject(),
        context: JSONObject = JSONObject(),
        integrations: JSONObject = JSONObject(),
        timestamps: MessageTimestamps,
        raw: JSONObject = JSONObject()
    ) {
        self.type = type
        self.messageId = messageId
        self.messageIdWasGenerated = messageIdWasGenerated
        self.userId = userId
        self.anonymousId = anonymousId
        self.event = event
        self.name = name
        self.category = category
        self.groupId = groupId
        self.previousId = previousId
        self.traits = traits
        self.properties = properties
        self.context = context
        self.integrations = integrations
        self.timestamps = timestamps
        self.raw = raw
    }

    /// Corrected event time (see ``MessageTimestamps``).
    public var timestamp: Date { timestamps.timestamp }
    public var originalTimestamp: Date? { timestamps.originalTimestamp }
    public var sentAt: Date? { timestamps.sentAt }
    public var receivedAt: Date { timestamps.receivedAt }
}
