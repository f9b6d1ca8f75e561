import Foundation

/// Where a trait value came from: answers "why does this profile say that?".
public struct TraitLineage: Sendable, Hashable {
    /// The source (write key's source name, API key name, import name).
    public let source: String
    /// The message id or REST request id that carried the value.
    public let messageID: String
    /// The event's own timestamp (not arrival time): what last-write-wins compares.
    public let timestamp: Date

    public init(source: String, messageID: String, timestamp: Date) {
        self.source = source
        self.messageID = messageID
        self.timestamp = timestamp
    }
}
