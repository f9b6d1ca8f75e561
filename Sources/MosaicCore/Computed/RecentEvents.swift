import Foundation

/// What the 360 view shows of one stored event: enough to list it, not its body.
public struct EventSummary: Sendable, Hashable {
    public var id: Int64
    public var messageID: String
    public var type: String
    /// `event` of a track, `name` of a page or screen; nil when the message has none.
    public var name: String?
    /// Microseconds since 1970, as PostgreSQL stores `timestamptz`: the ring compares and
    /// stores the exact value of the `events` row, so a rebuild from the table is identical.
    public var timestampMicros: Int64
    public var receivedAtMicros: Int64

    public init(id: Int64, messageID: String, type: String, name: String?, timestampMicros: Int64, receivedAtMicros: Int64) {
        self.id = id
        self.messageID = messageID
        self.type = type
        self.name = name
        self.timestampMicros = timestampMicros
        self.receivedAtMicros = receivedAtMicros
    }

    public init(id: Int64, messageID: String, type: String, name: String?, timestamp: Date, receivedAt: Date) {
        self.init(id: id, messageID: messageID, type: type, name: name,
                  timestampMicros: EpochTime.micros(timestamp), receivedAtMicros: EpochTime.micros(receivedAt))
    }

    public var timestamp: Date { EpochTime.date(micros: timestampMicros) }
    public var receivedAt: Date { EpochTime.date(micros: receivedAtMicros) }

    /// The timeline's order: newest `timestamp` first, then the higher id.
    func isNewer(than other: EventSummary) -> Bool {
        (timestampMicros, id) > (other.timestampMicros, other.id)
    }
}

/// A profile's newest events, kept in `profiles.recent_events` as each event is resolved to it.
///
/// The 360 view reads this instead of the `events` table: events are partitioned by arrival
/// month, so "the newest 10 of this profile" would probe every monthly partition, and that cost
/// grows as an install ages. Each profile keeps the ring of the events resolved to it (events
/// keep that profile after a merge), so a live profile's view is the newest of its members' rings.
public struct RecentEvents: Sendable, Hashable {
    /// How many events a ring holds and the view shows.
    public static let capacity = 10

    /// Newest first, at most ``capacity``, no id twice.
    public private(set) var events: [EventSummary] = []

    public init() {}

    private init(inOrder events: [EventSummary]) {
        self.events = events
    }

    /// The newest ``capacity`` of `events`, in the view's order.
    public init(_ events: some Sequence<EventSummary>) {
        insert(contentsOf: events)
    }

    /// Adds events (an event already held, by id, is not added twice) and keeps the newest.
    public mutating func insert(contentsOf newEvents: some Sequence<EventSummary>) {
        var held = Set(events.map(\.id))
        var merged = events
        for event in newEvents where held.insert(event.id).inserted {
            merged.append(event)
        }
        merged.sort { $0.isNewer(than: $1) }
        events = Array(merged.prefix(Self.capacity))
    }

    /// The newest ``capacity`` events over several rings: a live profile and its members.
    public static func newest(of rings: [RecentEvents]) -> RecentEvents {
        rings.count == 1 ? rings[0] : RecentEvents(rings.lazy.flatMap(\.events))
    }

    /// Reads the stored form (see ``serialized()``) as a parsed value; `null` is an empty ring.
    /// - Throws: ``ComputedTraitsError`` naming the bad element.
    public init(stored value: JSONValue) throws(ComputedTraitsError) {
        if value.isNull { self.init(); return }
        guard case .array(let items) = value else { throw ComputedTraitsError(field: "", message: "not an array") }
        var events: [EventSummary] = []
        for (index, item) in items.enumerated() {
            guard case .array(let fields) = item, fields.count == 6,
                  case .int(let id) = fields[0], case .string(let messageID) = fields[1],
                  case .string(let type) = fields[2], case .int(let timestamp) = fields[4],
                  case .int(let receivedAt) = fields[5] else {
                throw ComputedTraitsError(field: "[\(index)]", message: "not [id, messageId, type, name, µs, µs]")
            }
            let name: String?
            switch fields[3] {
            case .null: name = nil
            case .string(let text): name = text
            default: throw ComputedTraitsError(field: "[\(index)]", message: "name is not a string or null")
            }
            events.append(EventSummary(id: id, messageID: messageID, type: type, name: name,
                                       timestampMicros: timestamp, receivedAtMicros: receivedAt))
        }
        self.init(ordering: events)
    }

    /// A ring of stored events: what the server and the rebuild function write is already in
    /// order and taken as it is; anything else is sorted and cut to ``capacity``.
    init(ordering events: [EventSummary]) {
        let ordered = events.count <= Self.capacity && zip(events, events.dropFirst()).allSatisfy { $0.isNewer(than: $1) }
        if ordered { self.init(inOrder: events) } else { self.init(events) }
    }
}
