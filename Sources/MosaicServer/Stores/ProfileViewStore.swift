import Foundation
import MosaicCore
import Postgres

/// Reads the whole 360 view of a profile in one prepared statement: header, members,
/// identifiers, traits with lineage, merge summary, recent events and recent orders with
/// their lines.
///
/// One round trip instead of nine is what lets a till's lookup answer in a few milliseconds:
/// PostgreSQL plans the statement once per connection and the server waits on the network once.
/// The nested parts come back as `json` columns and are decoded here into the same records the
/// other reads use, so `ProfileView` renders them one way.
enum ProfileViewStore {
    /// How many recent orders the view carries (recent events: `RecentEvents.capacity`).
    static let recentOrders = 10
    static let maxIdentities = 500

    /// What the view is asked for.
    enum Key {
        /// A profile id; a merged-away id yields its live profile with `mergedAway` set.
        case id(Int64)
        /// A normalised identifier; yields the live profile owning it.
        case identifier(Identifier)
    }

    struct Record {
        /// The profile the key found: the live one, or a profile since merged into it.
        let foundID: Int64
        let header: ProfileStore.Header
        /// The live profile and every profile merged into it.
        let members: [Int64]
        let identities: [ProfileStore.IdentityRow]
        let traits: TraitStore.Traits
        let activeMerges: Int64
        let lastMergeAt: Date?
        let events: [ProfileStore.EventRecord]
        let orders: [OrderStore.StoredOrder]

        /// Whether the key named a profile merged into another (the id routes answer 308).
        var mergedAway: Bool { foundID != header.id }
    }

    /// A json column that does not read as this statement writes it: a schema change the
    /// statement missed, never a client's fault.
    struct Malformed: Error, CustomStringConvertible {
        let column: String
        var description: String { "the profile view's \(column) column is malformed" }
    }

    static func read(_ key: Key, on connection: Connection) throws -> Record? {
        try record(from: connection.query(prepared: query(key)))
    }

    /// The view's statement, for a caller that sends it along with others (see
    /// `Connection.withTransaction(thenReading:)`); ``record(from:)`` decodes its rows.
    static func query(_ key: Key) -> Query {
        switch key {
        case .id(let id):
            """
            WITH found AS (SELECT id, coalesce(merged_into, id) AS live FROM profiles WHERE id = \(id))
            \(unsafeSQL: body)
            """
        case .identifier(let identifier):
            """
            WITH found AS (
                SELECT p.id, coalesce(p.merged_into, p.id) AS live
                FROM identities i JOIN profiles p ON p.id = i.profile_id
                WHERE i.type = \(identifier.type.rawValue) AND i.value = \(identifier.value))
            \(unsafeSQL: body)
            """
        }
    }

    static func record(from rows: Rows) throws -> Record? {
        guard let row = rows.first else { return nil }
        let header = ProfileStore.Header(id: try row.decode(1), createdAt: try row.decode(2), updatedAt: try row.decode(3),
                                         firstSeen: try row.decode(4), lastSeen: try row.decode(5),
                                         computed: try row.decode(6))
        guard let text = try row.decode(7, as: String?.self),
              let values = (try? JSONValue.parse(text, limits: trustedLimits))?.arrayValue else {
            throw Malformed(column: "members")
        }
        let members = try values.map { value in
            guard case .int(let id) = value else { throw Malformed(column: "members") }
            return id
        }
        return Record(
            foundID: try row.decode(0), header: header, members: members,
            identities: try tuples(row, 8, "identifiers").map { tuple in
                ProfileStore.IdentityRow(
                    identifier: Identifier(type: IdentifierType(rawValue: try tuple.string(0)), value: try tuple.string(1)),
                    sourceID: try tuple.optionalInt(2), firstSeen: try tuple.date(3), lastSeen: try tuple.date(4))
            },
            traits: try traits(row),
            activeMerges: try row.decode(10), lastMergeAt: try row.decode(11),
            events: try recentEvents(row).events.map { event in
                ProfileStore.EventRecord(id: event.id, messageID: event.messageID, type: event.type, name: event.name,
                                         timestamp: event.timestamp, receivedAt: event.receivedAt, body: nil)
            },
            orders: try tuples(row, 13, "orders").map { try order($0, live: header.id) })
    }

    /// Everything after the `found` CTE; the limits are constants, so the text is one statement
    /// per key kind and stays prepared on each connection. The lists are `ARRAY(SELECT …)` rather
    /// than `json_agg`: an aggregate costs its set-up on every execution, and with five of them
    /// that set-up was a fifth of the statement's time (pgbench: +10–37 % without them).
    static let body = """
        , members AS (
            SELECT array_agg(m.id ORDER BY m.id) AS ids, jsonb_agg(m.recent_events) AS recent
            FROM found f JOIN profiles m ON m.id = f.live OR m.merged_into = f.live
        )
        SELECT f.id, p.id, p.created_at, p.updated_at, p.first_seen_at, p.last_seen_at, p.computed::text, to_json(ms.ids)::text,
            array_to_json(ARRAY(
                SELECT json_build_array(type, value, source_id, first_seen, last_seen)
                FROM identities WHERE profile_id = p.id ORDER BY type, first_seen LIMIT \(maxIdentities)))::text,
            array_to_json(ARRAY(
                SELECT json_build_array(t.key, t.value, t.source, t.message_id, t.event_time, t.set_once)
                FROM trait_lineage t WHERE t.profile_id = p.id))::text,
            mg.active, mg.last_at,
            ms.recent::text,
            array_to_json(ARRAY(
                SELECT json_build_array(
                    o.id, o.order_id, o.profile_id, o.currency, o.total_minor, o.returned_minor, o.channel, o.store_id,
                    o.country, o.occurred_at, o.source, o.message_id, o.created_at,
                    array_to_json(ARRAY(
                        SELECT json_build_array(i.sku, i.name, i.category, i.quantity, i.unit_price_minor, i.returned_quantity)
                        FROM order_items i WHERE i.order_pk = o.id ORDER BY i.line_no)))
                FROM orders o WHERE o.profile_id = ANY(ms.ids)
                ORDER BY o.occurred_at DESC, o.id DESC LIMIT \(recentOrders)))::text
        FROM found f JOIN profiles p ON p.id = f.live CROSS JOIN members ms
        CROSS JOIN LATERAL (
            SELECT count(*) FILTER (WHERE undone_at IS NULL) AS active, max(created_at) AS last_at
            FROM merges WHERE winner_id = ANY(ms.ids) OR loser_id = ANY(ms.ids)) mg
        """

    // MARK: Decoding the json columns

    /// The column's JSON array of arrays (SQL NULL when there are none).
    private static func tuples(_ row: Row, _ column: Int, _ name: String) throws -> [Tuple] {
        guard let text = try row.decode(column, as: String?.self) else { return [] }
        guard let items = (try? JSONValue.parse(text, limits: trustedLimits))?.arrayValue else { throw Malformed(column: name) }
        return try items.map { item in
            guard let values = item.arrayValue else { throw Malformed(column: name) }
            return Tuple(values: values, column: name)
        }
    }

    /// JSON the database wrote from stored rows: no size cap (a profile's traits may be many),
    /// depth enough for stored trait values (64) inside the view's own nesting.
    private static let trustedLimits = JSONLimits(maxBytes: .max, maxDepth: 128)

    /// The newest events over the members' rings (`profiles.recent_events`, one per member).
    /// A damaged ring counts as empty, as the resolver treats it (it starts the ring over, and
    /// `mosaic_rebuild_recent_events` repairs it): the rest of the view is still worth showing.
    private static func recentEvents(_ row: Row) throws -> RecentEvents {
        guard let text = try row.decode(12, as: String?.self),
              let rings = (try? JSONValue.parse(text, limits: trustedLimits))?.arrayValue else {
            throw Malformed(column: "recent_events")
        }
        return RecentEvents.newest(of: rings.map { (try? RecentEvents(stored: $0)) ?? RecentEvents() })
    }

    private static func traits(_ row: Row) throws -> TraitStore.Traits {
        var traits: TraitStore.Traits = [:]
        for tuple in try tuples(row, 9, "traits") {
            let lineage = TraitLineage(source: try tuple.string(2), messageID: try tuple.string(3), timestamp: try tuple.date(4))
            traits[try tuple.string(0)] = TraitEntry(value: tuple.values.indices.contains(1) ? tuple.values[1] : .null,
                                                     lineage: lineage, isSetOnce: try tuple.bool(5))
        }
        return traits
    }

    private static func order(_ tuple: Tuple, live: Int64) throws -> OrderStore.StoredOrder {
        let pk = try tuple.int(0)
        guard let currency = CurrencyCode(rawValue: try tuple.string(3)) else {
            throw OrderStore.DamagedRow(orderPK: pk, column: "currency")
        }
        guard let channel = OrderChannel(rawValue: try tuple.string(6)) else {
            throw OrderStore.DamagedRow(orderPK: pk, column: "channel")
        }
        let lines = try (tuple.values.indices.contains(13) ? tuple.values[13].arrayValue ?? [] : []).map { line in
            guard let values = line.arrayValue else { throw Malformed(column: "orders") }
            let item = Tuple(values: values, column: "orders")
            return (OrderItem(sku: try item.optionalString(0), name: try item.optionalString(1),
                              category: try item.optionalString(2), quantity: try item.int(3),
                              unitPrice: Money(minorUnits: try item.int(4), currency: currency)),
                    try item.int(5))
        }
        let order = Order(orderID: try tuple.string(1), country: try tuple.optionalString(8), items: lines.map(\.0),
                          total: Money(minorUnits: try tuple.int(4), currency: currency), channel: channel,
                          storeID: try tuple.optionalString(7), occurredAt: try tuple.date(9))
        return OrderStore.StoredOrder(id: pk, profileID: try tuple.int(2), liveProfileID: live, order: order,
                                      returnedMinor: try tuple.int(5), returnedQuantities: lines.map(\.1),
                                      source: try tuple.string(10), messageID: try tuple.optionalString(11),
                                      fingerprint: Data(), createdAt: try tuple.date(12))
    }

    /// One `json_build_array` of the statement, read by position.
    private struct Tuple {
        let values: [JSONValue]
        let column: String

        private func value(_ index: Int) throws -> JSONValue {
            guard values.indices.contains(index) else { throw Malformed(column: column) }
            return values[index]
        }

        func string(_ index: Int) throws -> String {
            guard let text = try value(index).stringValue else { throw Malformed(column: column) }
            return text
        }

        func optionalString(_ index: Int) throws -> String? {
            let value = try value(index)
            return value.isNull ? nil : try string(index)
        }

        func int(_ index: Int) throws -> Int64 {
            guard case .int(let number) = try value(index) else { throw Malformed(column: column) }
            return number
        }

        func optionalInt(_ index: Int) throws -> Int64? {
            try value(index).isNull ? nil : try int(index)
        }

        func bool(_ index: Int) throws -> Bool {
            guard let flag = try value(index).boolValue else { throw Malformed(column: column) }
            return flag
        }

        /// `to_json` writes timestamptz as `2026-12-03T19:02:24.123456+00:00`.
        func date(_ index: Int) throws -> Date {
            guard let date = Date(postgresTimestamp: try string(index)) else { throw Malformed(column: column) }
            return date
        }
    }
}
