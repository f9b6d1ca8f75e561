import Foundation

/// The four times of a message and the clock-skew rule that derives the event time.
///
/// Device clocks are often wrong by minutes or years. Segment's SDKs therefore send the
/// device time of the call (`timestamp`, or `originalTimestamp`) and the device time of the
/// upload (`sentAt`); their difference is how long the event waited on the device, which is
/// trustworthy even when the clock is not. The rule, applied in this order:
///
/// 1. `originalTimestamp` := the message's `originalTimestamp` if given, else its `timestamp`.
/// 2. If `sentAt` (the message's own, else the batch's) and `originalTimestamp` are both known:
///    `timestamp = receivedAt − (sentAt − originalTimestamp)`.
/// 3. Else if the message gave `timestamp` (a server library back-dating an event): that.
/// 4. Else if it gave only `originalTimestamp`: that.
/// 5. Else: `receivedAt`.
///
/// `receivedAt` is always the server's time of receipt, never taken from the body.
public struct MessageTimestamps: Sendable, Hashable {
    /// The corrected event time used for ordering and "last write wins".
    public var timestamp: Date
    /// Device time of the call as the client stated it, when it did.
    public var originalTimestamp: Date?
    /// Device time of the upload, when stated.
    public var sentAt: Date?
    /// Server time of receipt.
    public var receivedAt: Date

    /// Applies the rule in the type's documentation.
    public init(timestamp: Date?, originalTimestamp: Date?, sentAt: Date?, receivedAt: Date) {
        let original = originalTimestamp ?? timestamp
        self.originalTimestamp = original
        self.sentAt = sentAt
        self.receivedAt = receivedAt
        if let sentAt, let original {
            self.timestamp = receivedAt.addingTimeInterval(-sentAt.timeIntervalSince(original))
        } else if let timestamp {
            self.timestamp = timestamp
        } else {
            self.timestamp = original ?? receivedAt
        }
    }
}
