import Crypto
import Foundation
import Logging
import MosaicCore
import Postgres

/// SQL for `orders`, `order_items` and `order_returns`: the idempotent insert shared by the REST
/// API and the resolver's `Order Completed` hook, returns, and the reads of the order API.
///
/// Every write runs in the caller's transaction together with the computed-trait update it
/// implies, so an order is counted on its profile exactly when it is stored.
enum OrderStore {
    /// An order as stored, with what returns have taken back so far.
    struct StoredOrder: Sendable {
        let id: Int64
        /// The profile it was recorded on (may have been merged away since).
        let profileID: Int64
        /// The live profile that owns it now.
        let liveProfileID: Int64
        let order: Order
        let returnedMinor: Int64
        /// Per line, units returned so far.
        let returnedQuantities: [Int64]
        let source: String
        let messageID: String?
        let fingerprint: Data
        let createdAt: Date
    }

    struct StoredReturn: Sendable {
        let id: Int64
        let settled: SettledReturn
        let reason: String?
        let fingerprint: Data
        let createdAt: Date
    }

    /// A stored row that no longer reads as an order (a currency or channel changed by hand).
    struct DamagedRow: Error, CustomStringConvertible {
        let orderPK: Int64
        let column: String
        var description: String { "order row \(orderPK) has an unreadable \(column)" }
    }

    // MARK: Writing orders

    /// What makes two requests for one `order_id` the same order: everything but the time (a
    /// retry that omits `occurred_at` defaults it to its own arrival). Raw identifier values are
    /// hashed, never stored here.
    static func fingerprint(of order: Order) -> Data {
        var parts: [String] = [order.orderID, order.currency.rawValue, String(order.total.minorUnits),
                               order.channel.rawValue, order.storeID ?? "", order.country ?? ""]
        for (type, value) in order.identifiers.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            parts.append(type.rawValue + "=" + value)
        }
        for item in order.items {
            parts.append([item.sku ?? "", item.name ?? "", item.category ?? "", String(item.quantity),
                          String(item.unitPrice.minorUnits)].joined(separator: "\u{1F}"))
        }
        return Data(SHA256.hash(data: Data(parts.joined(separator: "\u{1E}").utf8)))
    }

    /// Stores `order` on `profile` (a live, locked profile) and counts it in the profile's
    /// computed traits — unless an order with its `order_id` exists, in which case nothing is
    /// written. - Returns: the new row's id, or nil when the order_id was already taken.
    static func insert(_ order: Order, profile: Int64, source: String, messageID: String?, body: JSONObject,
                       on connection: Connection) throws -> Int64? {
        let rows = try connection.query(prepared: """
            INSERT INTO orders (order_id, profile_id, currency, total_minor, channel, store_id, country, occurred_at,
                                source, message_id, fingerprint, body)
            VALUES (\(order.orderID), \(profile), \(order.currency.rawValue), \(order.total.minorUnits),
                    \(order.channel.rawValue), \(order.storeID), \(order.country), \(order.occurredAt),
                    \(source), \(messageID), \(fingerprint(of: order)), \(PostgresJSON(utf8: JSONValue.object(body).serialized())))
            ON CONFLICT (order_id) DO NOTHING
            RETURNING id
            """)
        guard let id = try rows.first?.decode(0, as: Int64.self) else { return nil }
        if !order.items.isEmpty {
            try connection.execute(prepared: """
                INSERT INTO order_items (order_pk, line_no, currency, occurred_at, sku, name, category, quantity,
                                         unit_price_minor)
                SELECT \(id), t.line_no - 1, \(order.currency.rawValue), \(order.occurredAt), t.sku, t.name, t.category,
                       t.quantity, t.price
                FROM unnest(\(order.items.map(\.sku))::text[], \(order.items.map(\.name))::text[],
                            \(order.items.map(\.category))::text[], \(order.items.map(\.quantity))::bigint[],
                            \(order.items.map(\.unitPrice.minorUnits))::bigint[])
                     WITH ORDINALITY AS t(sku, name, category, quantity, price, line_no)
                """)
        }
        try ComputedStore.update([profile], on: connection) { states in
            states[profile, default: ComputedTraits()].apply(order: order)
        }
        return id
    }

    /// The live profile owning `profile`, locked; throws `StaleGraph` (the caller retries) when
    /// a merge moved it between the lookup and the lock.
    static func lockLiveProfile(of profile: Int64, on connection: Connection) throws -> Int64 {
        guard let live = try ProfileStore.liveID(of: profile, on: connection)?.live else { throw IdentityStore.StaleGraph() }
        let rows = try connection.query(prepared: "SELECT merged_into FROM profiles WHERE id = \(live) FOR UPDATE")
        guard let row = rows.first, try row.decode(0, as: Int64?.self) == nil else { throw IdentityStore.StaleGraph() }
        return live
    }

    // MARK: Returns

    static func returns(of orderPK: Int64, on connection: Connection) throws -> [StoredReturn] {
        let orderID = try connection.query(prepared: "SELECT order_id, currency FROM orders WHERE id = \(orderPK)")
        guard let header = orderID.first else { return [] }
        let id = try header.decode(0, as: String.self)
        let currencyText = try header.decode(1, as: String.self)
        guard let currency = CurrencyCode(rawValue: currencyText) else { throw DamagedRow(orderPK: orderPK, column: "currency") }
        return try connection.query(prepared: """
            SELECT id, return_id, amount_minor, lines::text, reason, fingerprint, occurred_at, created_at
            FROM order_returns WHERE order_pk = \(orderPK) ORDER BY id
            """).map { row in
            let lines = (try? JSONValue.parse(try row.decode(3, as: String.self)))?.arrayValue ?? []
            let settled = SettledReturn(
                returnID: try row.decode(1), orderID: id,
                refund: Money(minorUnits: try row.decode(2), currency: currency),
                lines: lines.compactMap { line in
                    guard let object = line.objectValue, let index = object["item_index"]?.int64Value,
                          let quantity = object["quantity"]?.int64Value, let position = Int(exactly: index) else { return nil }
                    return SettledReturn.ReturnedLine(itemIndex: position, quantity: quantity)
                },
                occurredAt: try row.decode(6))
            return StoredReturn(id: try row.decode(0), settled: settled, reason: try row.decode(4),
                                fingerprint: try row.decode(5), createdAt: try row.decode(7))
        }
    }

    /// What makes two requests with one `return_id` the same return.
    static func fingerprint(of request: OrderReturn) -> Data {
        var text = request.orderID + "\u{1E}" + (request.returnID ?? "") + "\u{1E}"
        switch request.scope {
        case .full: text += "full"
        case .amount(let money): text += "amount=\(money.minorUnits)\(money.currency.rawValue)"
        case .items(let lines): text += "items=" + lines.map { "\($0.sku)\u{1F}\($0.quantity)" }.joined(separator: "\u{1E}")
        }
        return Data(SHA256.hash(data: Data(text.utf8)))
    }

    /// Stores a settled return on the order row `orderPK` (locked by the caller), moves the
    /// returned units and money, and takes it off the owning live profile's computed traits.
    static func insertReturn(_ settled: SettledReturn, request: OrderReturn, of stored: StoredOrder,
                             on connection: Connection) throws -> Int64 {
        let lines = JSONValue.array(settled.lines.map { line in
            .object(JSONObject(["item_index": .int(Int64(line.itemIndex)), "quantity": .int(line.quantity)]))
        })
        let id = try connection.query(prepared: """
            INSERT INTO order_returns (order_pk, return_id, amount_minor, lines, reason, fingerprint, occurred_at)
            VALUES (\(stored.id), \(settled.returnID), \(settled.refund.minorUnits), \(PostgresJSON(utf8: lines.serialized())),
                    \(request.reason), \(fingerprint(of: request)), \(settled.occurredAt))
            RETURNING id
            """)[0].decode(0, as: Int64.self)
        try connection.execute(prepared: "UPDATE orders SET returned_minor = returned_minor + \(settled.refund.minorUnits) WHERE id = \(stored.id)")
        if !settled.lines.isEmpty {
            try connection.execute(prepared: """
                UPDATE order_items i SET returned_quantity = i.returned_quantity + t.quantity
                FROM (SELECT line_no, sum(quantity) AS quantity
                      FROM unnest(\(settled.lines.map { Int64($0.itemIndex) }), \(settled.lines.map(\.quantity)))
                           AS u(line_no, quantity) GROUP BY line_no) AS t
                WHERE i.order_pk = \(stored.id) AND i.line_no = t.line_no
                """)
        }
        let live = try lockLiveProfile(of: stored.profileID, on: connection)
        try ComputedStore.update([live], on: connection) { states in
            states[live, default: ComputedTraits()].apply(return: settled, for: stored.order)
        }
        return id
    }

    // MARK: Reading

    /// One order by the shop's id; `lock` takes the row for update (returns serialise on it).
    static func find(orderID: String, lock: Bool = false, on connection: Connection) throws -> StoredOrder? {
        let rows = try connection.query(prepared: """
            SELECT \(unsafeSQL: columns) FROM orders o JOIN profiles p ON p.id = o.profile_id
            WHERE o.order_id = \(orderID) \(unsafeSQL: lock ? "FOR UPDATE OF o" : "")
            """)
        return try decode(rows, on: connection).first
    }

    /// A page of the orders of `members` (a live profile and those merged into it), newest
    /// first, strictly before the cursor `(occurred_at, id)`.
    static func page(of members: [Int64], before: (Date, Int64)?, limit: Int, on connection: Connection) throws -> [StoredOrder] {
        let rows = try connection.query(prepared: """
            SELECT \(unsafeSQL: columns) FROM orders o JOIN profiles p ON p.id = o.profile_id
            WHERE o.profile_id = ANY(\(members))
              AND (o.occurred_at, o.id) < (\(before?.0 ?? Date.distantFuture), \(before?.1 ?? Int64.max))
            ORDER BY o.occurred_at DESC, o.id DESC LIMIT \(limit)
            """)
        return try decode(rows, on: connection)
    }

    private static let columns = """
        o.id, o.order_id, o.profile_id, coalesce(p.merged_into, p.id), o.currency, o.total_minor, o.returned_minor,
        o.channel, o.store_id, o.country, o.occurred_at, o.source, o.message_id, o.fingerprint, o.created_at
        """

    /// Rows of `columns` with their items (one more round trip for the whole page).
    private static func decode(_ rows: Rows, on connection: Connection) throws -> [StoredOrder] {
        var headers: [(Row, Money, OrderChannel)] = []
        for row in rows {
            let pk = try row.decode(0, as: Int64.self)
            guard let currency = CurrencyCode(rawValue: try row.decode(4, as: String.self)) else {
                throw DamagedRow(orderPK: pk, column: "currency")
            }
            guard let channel = OrderChannel(rawValue: try row.decode(7, as: String.self)) else {
                throw DamagedRow(orderPK: pk, column: "channel")
            }
            headers.append((row, Money(minorUnits: try row.decode(5), currency: currency), channel))
        }
        guard !headers.isEmpty else { return [] }
        let ids = try headers.map { try $0.0.decode(0, as: Int64.self) }
        let currencies = Dictionary(zip(ids, headers.map(\.1.currency)), uniquingKeysWith: { first, _ in first })
        var items: [Int64: [(OrderItem, Int64)]] = [:]
        for row in try connection.query(prepared: """
            SELECT order_pk, sku, name, category, quantity, unit_price_minor, returned_quantity
            FROM order_items WHERE order_pk = ANY(\(ids)) ORDER BY order_pk, line_no
            """) {
            let pk = try row.decode(0, as: Int64.self)
            guard let currency = currencies[pk] else { continue }
            let item = OrderItem(sku: try row.decode(1), name: try row.decode(2), category: try row.decode(3),
                                 quantity: try row.decode(4), unitPrice: Money(minorUnits: try row.decode(5), currency: currency))
            items[pk, default: []].append((item, try row.decode(6)))
        }
        return try headers.map { row, total, channel in
            let pk = try row.decode(0, as: Int64.self)
            let lines = items[pk] ?? []
            let order = Order(orderID: try row.decode(1), country: try row.decode(9), items: lines.map(\.0), total: total,
                              channel: channel, storeID: try row.decode(8), occurredAt: try row.decode(10))
            return StoredOrder(id: pk, profileID: try row.decode(2), liveProfileID: try row.decode(3), order: order,
                               returnedMinor: try row.decode(6), returnedQuantities: lines.map(\.1),
                               source: try row.decode(11), messageID: try row.decode(12),
                               fingerprint: try row.decode(13), createdAt: try row.decode(14))
        }
    }
}

extension OrderStore {
    /// The resolver's hook: records each tracked `Order Completed` event of a resolved batch as
    /// an order of the profile it landed on, with the same idempotent insert as the REST API (one
    /// `order_id`, one order, whichever arrived first). An event whose properties do not make an
    /// order (no `order_id`, a bad price) is logged and skipped: the event itself stays stored.
    static func recordOrderCompleted(inputs: [FragmentInput], bodies: [JSONObject], roots: [ProfileID?],
                                     on connection: Connection, logger: Logger) throws {
        for ((input, body), root) in zip(zip(inputs, bodies), roots) {
            guard let root, isOrderCompleted(body) else { continue }
            let order: Order
            do {
                // The stored body is already normalised; validating it again yields the typed
                // message `Order(fromOrderCompleted:)` reads, with the same corrected time.
                let message = try MessageParser.validateMessage(.object(body), type: nil,
                                                                receivedAt: input.receivedAt ?? input.timestamp)
                var parsed = try Order(fromOrderCompleted: message)
                parsed.occurredAt = input.timestamp
                order = parsed
            } catch {
                logger.warning("resolver.order_event.skipped", metadata: [
                    "event.message_id": "\(input.messageID)", "error": "\(error)",
                ])
                continue
            }
            let properties = body["properties"]?.objectValue ?? JSONObject()
            _ = try insert(order, profile: root.rawValue, source: input.fragment.traits.lineage.source,
                           messageID: input.messageID, body: properties, on: connection)
        }
    }

    static func isOrderCompleted(_ body: JSONObject) -> Bool {
        body["type"]?.stringValue == "track" && body["event"]?.stringValue?.lowercased() == "order completed"
    }
}
