import Foundation
import MosaicCore

/// One validated tracking message in the shape of an `events` row, ready for the group committer.
struct EventRow: Sendable {
    var sourceID: Int64
    var messageID: String
    var type: String
    /// `event` for track, `name` for page and screen; empty when the message has none.
    var name: String
    var anonymousID: String
    var userID: String
    var timestamp: Date
    var receivedAt: Date
    /// The message as stored (`body` jsonb): serialised JSON, UTF-8.
    var body: [UInt8]
}

extension EventRow {
    init(message: TrackingMessage, sourceID: Int64) {
        self.init(
            sourceID: sourceID,
            messageID: message.messageId,
            type: message.type.rawValue,
            name: message.event ?? message.name ?? "",
            anonymousID: message.anonymousId ?? "",
            userID: message.userId ?? "",
            timestamp: message.timestamp,
            receivedAt: message.receivedAt,
            body: message.storedBody()
        )
    }
}
