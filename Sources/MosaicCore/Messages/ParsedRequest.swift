/// The outcome of parsing one tracking request body.
///
/// A batch is split, never all-or-nothing: every valid item is in `accepted` with its
/// position, every invalid one is in `rejected` (each error carries its `index`), so the
/// route can store the good part and tell the client exactly what was dropped.
public struct ParsedRequest: Sendable, Hashable {
    /// A message that passed validation, and where it was in the batch (0 for single calls).
    public struct Accepted: Sendable, Hashable {
        public var index: Int
        public var message: TrackingMessage

        public init(index: Int, message: TrackingMessage) {
            self.index = index
            self.message = message
        }
    }

    /// `writeKey` from the body (analytics.js sends it there instead of HTTP Basic auth).
    public var writeKey: String?
    public var accepted: [Accepted]
    public var rejected: [MessageError]

    public init(writeKey: String?, accepted: [Accepted], rejected: [MessageError]) {
        self.writeKey = writeKey
        self.accepted = accepted
        self.rejected = rejected
    }
}
