import Foundation

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
    /// The message as stored (`body` jsonb), serialized JSON text.
    var body: String
}
