import Foundation
import MosaicCore

/// A fragment with where it came from: the stored event (tracking) or the request (REST).
struct FragmentInput: Sendable {
    var eventID: Int64?
    var receivedAt: Date?
    var messageID: String
    var sourceID: Int64?
    /// The event's own time: orders trait writes and first/last seen.
    var timestamp: Date
    var fragment: Fragment
    /// What the input counts as activity for computed traits (nil: nothing, e.g. a REST upsert).
    var activity: ActivityEvent? = nil
}
