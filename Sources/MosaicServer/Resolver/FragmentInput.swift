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
    /// The stored event's `type` and `name` columns: what the profile's recent events list.
    var eventType: String? = nil
    var eventName: String? = nil
    /// The caller stores the event row itself, with its profile, after resolution (REST
    /// upserts): the resolver does not assign it.
    var callerStoresEvent = false

    /// The stored event as the profile's ``RecentEvents`` hold it (nil: no stored event).
    var eventSummary: EventSummary? {
        guard let eventID, let receivedAt, let eventType else { return nil }
        return EventSummary(id: eventID, messageID: messageID, type: eventType, name: eventName,
                            timestamp: timestamp, receivedAt: receivedAt)
    }
}
