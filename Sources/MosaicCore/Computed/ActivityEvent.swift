import Foundation

/// What computed traits need to know about one tracking message.
public struct ActivityEvent: Sendable, Hashable {
    public var kind: MessageType
    /// Event name (`track`) or page/screen name.
    public var name: String?
    /// The corrected event time.
    public var timestamp: Date
    /// The client's own session id, when it sends one (see ``ComputedTraits`` on sessions).
    public var sessionID: String?

    public init(kind: MessageType, name: String? = nil, timestamp: Date, sessionID: String? = nil) {
        self.kind = kind
        self.name = name
        self.timestamp = timestamp
        self.sessionID = sessionID
    }

    /// Session ids longer than this are cut: they are keys in stored state, not content.
    static let maxSessionIDLength = 64

    /// Reads `context.sessionId` (RudderStack and several Segment plugins send it, as a string
    /// or a number) — a blank or non-scalar value means "no session id".
    ///
    /// The time is the corrected event time, but never later than the server received the
    /// message: a client that back-dates into the future (a wrong `timestamp` without `sentAt`)
    /// would otherwise move the activity window forward and prune the real recent days.
    public init(message: TrackingMessage) {
        var session: String?
        switch message.context["sessionId"] {
        case .string(let text) where !text.isEmpty: session = String(decoding: Array(text.utf8.prefix(Self.maxSessionIDLength)), as: UTF8.self)
        case .int(let number): session = String(number)
        default: session = nil
        }
        self.init(
            kind: message.type,
            name: message.type == .track ? message.event : message.name,
            timestamp: Swift.min(message.timestamp, message.receivedAt),
            sessionID: session
        )
    }

    /// Page views are `page` and `screen` calls: a screen is an app's page.
    var isPageView: Bool { kind == .page || kind == .screen }

    /// Interactions that make a session. `identify`, `group` and `alias` are often sent by
    /// servers and CRMs on the customer's behalf, so they update "last seen" only.
    var isInteraction: Bool { kind == .track || kind == .page || kind == .screen }
}
