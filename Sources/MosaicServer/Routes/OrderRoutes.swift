import Foundation
import HTTP
import MosaicCore
import Postgres

/// The order API a till or shop backend calls: record a purchase (resolving the buyer at once,
/// like `POST /v1/profiles`), take goods or money back, read an order and a profile's orders.
///
/// `{id}` in `/v1/orders/{id}` is the shop's `order_id`: the till knows that, not ours.
struct OrderRoutes: Sendable {
    let context: AppContext
    let extractor: FragmentExtractor
    let identity: IdentityResolver

    func register(on router: Router) {
        router.add(.post, "/v1/orders") { request, _ in try create(request) }
        router.add(.get, "/v1/orders/{id}") { request, requestContext in try show(request, requestContext) }
        router.add(.post, "/v1/orders/{id}/return") { request, requestContext in try giveBack(request, requestContext) }
        router.add(.get, "/v1/profiles/{id}/orders") { request, requestContext in try list(request, requestContext) }
    }

    private enum Created {
        case created(OrderStore.StoredOrder)
        case existing(OrderStore.StoredOrder)
    }

    /// `POST /v1/orders`: 201 with the order and its `profile_id`; a retry (same `order_id`,
    /// same content) answers 200 with the stored order, different content 409 `order_conflict`.
    /// An order first recorded from tracking answers 200 with the stored one: both describe the
    /// same purchase, and the web shop's view of it is not a conflict.
    ///
    /// Besides the order fields (see `OrderParser`), `traits` sets profile traits with the API
    /// key as their lineage, as `POST /v1/profiles` does.
    private func create(_ request: Request) throws -> Response {
        let principal = try context.authorize(request, .ordersWrite)
        let body = try RouteSupport.jsonObject(request)
        let now = Date()
        let order: Order
        do {
            order = try OrderParser.parse(.object(body), receivedAt: now)
        } catch {
            throw APIError(error)
        }
        let statesTime = body["occurred_at"].map { $0 != .null } ?? false
        let messageID = "order:" + order.orderID
        var buyer = JSONObject(["identifiers": body["identifiers"] ?? .null,
                                "timestamp": .string(ISO8601Timestamp.format(order.occurredAt))])
        if let traits = body["traits"] { buyer["traits"] = traits }
        if let country = order.country { buyer["country"] = .string(country) }
        let upsert = ProfileUpsert(context: context, extractor: extractor, identity: identity)
        let message = try upsert.identifyMessage(from: buyer, messageID: messageID, now: now)
        let fragment = extractor.fragment(of: message, sourceCountry: nil, lineageSource: principal.lineageSource,
                                          fallbackTimestamp: now)
        guard !fragment.identifiers.isEmpty else { throw Self.noUsableIdentifier }
        // Identifiers and traits live in the identity graph and trait lineage, where erasure finds them.
        var stored = body
        stored.removeValue(forKey: "identifiers")
        stored.removeValue(forKey: "traits")
        let outcome = try context.database.withConnection { connection in
            try Retry.onConflict(logger: context.logger) {
                try connection.withTransaction(plans: .generic) { connection -> Created in
                    if let existing = try OrderStore.find(orderID: order.orderID, on: connection) { return .existing(existing) }
                    let input = FragmentInput(eventID: nil, receivedAt: nil, messageID: messageID,
                                              sourceID: ProfileUpsert.apiSourceID, timestamp: order.occurredAt,
                                              fragment: fragment)
                    guard let root = try identity.resolveWithDetails([input], on: connection, now: now).roots[0] else {
                        throw Self.noUsableIdentifier
                    }
                    // Nil: another request stored this order_id meanwhile; the retry finds it.
                    guard try OrderStore.insert(order, profile: root.rawValue, source: principal.lineageSource,
                                                messageID: nil, body: stored, on: connection) != nil,
                          let created = try OrderStore.find(orderID: order.orderID, on: connection)
                    else { throw IdentityStore.StaleGraph() }
                    return .created(created)
                }
            }
        }
        switch outcome {
        case .created(let created):
            return RouteSupport.ok(Self.json(created, returns: []), status: .created)
        case .existing(let existing):
            let sameTime = !statesTime || abs(existing.order.occurredAt.timeIntervalSince(order.occurredAt)) < 0.001
            let fromTracking = existing.messageID != nil
            guard fromTracking || (existing.fingerprint == OrderStore.fingerprint(of: order) && sameTime) else {
                throw APIError(status: .conflict, code: "order_conflict",
                               message: "an order with this order_id exists with different content", field: "order_id")
            }
            let returns = try context.database.withConnection { try OrderStore.returns(of: existing.id, on: $0) }
            return RouteSupport.ok(Self.json(existing, returns: returns))
        }
    }

    /// `POST /v1/orders/{id}/return`: 201 with the settled return and the order after it; a
    /// repeated `return_id` answers 200 with the stored return (409 `return_conflict` when it
    /// asks for something else); asking back more than is left is 409 `return_exceeds_order`.
    private func giveBack(_ request: Request, _ requestContext: RequestContext) throws -> Response {
        _ = try context.authorize(request, .ordersWrite)
        let orderID = try Self.orderID(requestContext)
        let body = request.body.isEmpty ? JSONObject() : try RouteSupport.jsonObject(request)
        let now = Date()
        let outcome = try context.database.withConnection { connection in
            try Retry.onConflict(logger: context.logger) {
                try connection.withTransaction(plans: .generic) { connection -> (OrderStore.StoredReturn, OrderStore.StoredOrder, Bool) in
                    guard let stored = try OrderStore.find(orderID: orderID, lock: true, on: connection) else {
                        throw APIError.notFound("no order with this order_id")
                    }
                    let wanted: OrderReturn
                    let settled: SettledReturn
                    let previous = try OrderStore.returns(of: stored.id, on: connection)
                    do {
                        wanted = try OrderReturnParser.parse(.object(body), orderID: orderID,
                                                             currency: stored.order.currency, receivedAt: now)
                        if let returnID = wanted.returnID, let same = previous.first(where: { $0.settled.returnID == returnID }) {
                            guard same.fingerprint == OrderStore.fingerprint(of: wanted) else {
                                throw APIError(status: .conflict, code: "return_conflict",
                                               message: "a return with this return_id exists with different content",
                                               field: "return_id")
                            }
                            return (same, stored, false)
                        }
                        settled = try stored.order.settle(wanted, after: previous.map(\.settled))
                    } catch let error as OrderError {
                        throw APIError(error)
                    }
                    let id = try OrderStore.insertReturn(settled, request: wanted, of: stored, on: connection)
                    guard let after = try OrderStore.find(orderID: orderID, on: connection) else {
                        throw APIError.notFound("no order with this order_id")
                    }
                    let created = OrderStore.StoredReturn(id: id, settled: settled, reason: wanted.reason,
                                                          fingerprint: OrderStore.fingerprint(of: wanted), createdAt: now)
                    return (created, after, true)
                }
            }
        }
        let (settled, order, created) = outcome
        let returns = try context.database.withConnection { try OrderStore.returns(of: order.id, on: $0) }
        return RouteSupport.ok(JSONObject([
            "return": Self.json(settled, of: order.order), "order": .object(Self.json(order, returns: returns)),
        ]), status: created ? .created : .ok)
    }

    /// `GET /v1/orders/{id}`: the order with its lines, returns and owning live profile.
    private func show(_ request: Request, _ requestContext: RequestContext) throws -> Response {
        _ = try context.authorize(request, .profilesRead)
        let orderID = try Self.orderID(requestContext)
        let found = try context.database.withConnection { connection -> JSONObject? in
            guard let stored = try OrderStore.find(orderID: orderID, on: connection) else { return nil }
            return Self.json(stored, returns: try OrderStore.returns(of: stored.id, on: connection))
        }
        guard let found else { throw APIError.notFound("no order with this order_id") }
        return RouteSupport.ok(found)
    }

    /// `GET /v1/profiles/{id}/orders?before=&limit=`: newest first over the profile and every
    /// profile merged into it; `next_cursor` continues. A merged-away id answers 308.
    private func list(_ request: Request, _ requestContext: RequestContext) throws -> Response {
        _ = try context.authorize(request, .profilesRead)
        let id = try RouteSupport.id(requestContext)
        let limit = try RouteSupport.intQuery(request, "limit", default: 50, range: 1...500)
        let before = try request.query("before").map(ProfileRoutes.decodeCursor)
        guard let live = try context.database.withConnection({ try ProfileStore.liveID(of: id, on: $0) }) else {
            throw APIError.notFound("no such profile")
        }
        if live.mergedAway {
            var headers = Headers()
            headers.add("Location", "/v1/profiles/\(live.live)/orders")
            return Response(status: .permanentRedirect, headers: headers,
                            body: JSONValue.object(JSONObject(["merged_into": .int(live.live)])).serialized())
                .withJSONContentType()
        }
        let page = try context.database.withConnection { connection in
            try OrderStore.page(of: try ProfileStore.members(of: id, on: connection), before: before, limit: limit + 1,
                                on: connection)
        }
        let shown = page.prefix(limit)
        var object = JSONObject(["profile_id": .int(id), "data": .array(shown.map { .object(Self.json($0, returns: nil)) })])
        object["next_cursor"] = page.count > limit ? shown.last.map { .string(Self.cursor($0)) } ?? .null : .null
        return RouteSupport.ok(object)
    }

    static let noUsableIdentifier = APIError(status: .unprocessableContent, code: "no_usable_identifier",
                                             message: "none of the identifiers is usable", field: "identifiers")

    private static func orderID(_ requestContext: RequestContext) throws -> String {
        guard let id = requestContext.parameter("id"), !id.isEmpty, id.utf8.count <= OrderLimits().maxOrderIDLength else {
            throw APIError.notFound("no order with this order_id")
        }
        return id
    }

    static func cursor(_ stored: OrderStore.StoredOrder) -> String {
        "\(Int64((stored.order.occurredAt.timeIntervalSince1970 * 1_000_000).rounded())).\(stored.id)"
    }

    // MARK: JSON

    /// An order as the API shows it; `returns` nil leaves them out (lists, the 360 view).
    static func json(_ stored: OrderStore.StoredOrder, returns: [OrderStore.StoredReturn]?) -> JSONObject {
        let order = stored.order
        func money(_ minor: Int64) -> JSONValue { .string(Money(minorUnits: minor, currency: order.currency).decimalString) }
        var object = JSONObject([
            "id": .int(stored.id), "order_id": .string(order.orderID), "profile_id": .int(stored.liveProfileID),
            "currency": .string(order.currency.rawValue), "total": money(order.total.minorUnits),
            "returned": money(stored.returnedMinor), "net": money(order.total.minorUnits &- stored.returnedMinor),
            "channel": .string(order.channel.rawValue), "store_id": order.storeID.map(JSONValue.string) ?? .null,
            "country": order.country.map(JSONValue.string) ?? .null,
            "occurred_at": RouteSupport.date(order.occurredAt), "created_at": RouteSupport.date(stored.createdAt),
            "source": .string(stored.source),
        ])
        object["items"] = .array(order.items.enumerated().map { index, item in
            .object(JSONObject([
                "line": .int(Int64(index)), "sku": item.sku.map(JSONValue.string) ?? .null,
                "name": item.name.map(JSONValue.string) ?? .null, "category": item.category.map(JSONValue.string) ?? .null,
                "quantity": .int(item.quantity), "price": .string(item.unitPrice.decimalString),
                "returned_quantity": .int(stored.returnedQuantities.indices.contains(index) ? stored.returnedQuantities[index] : 0),
            ]))
        })
        if let returns { object["returns"] = .array(returns.map { json($0, of: order) }) }
        return object
    }

    static func json(_ stored: OrderStore.StoredReturn, of order: Order) -> JSONValue {
        let settled = stored.settled
        return .object(JSONObject([
            "id": .int(stored.id), "return_id": settled.returnID.map(JSONValue.string) ?? .null,
            "order_id": .string(settled.orderID), "refund": .string(settled.refund.decimalString),
            "currency": .string(settled.refund.currency.rawValue),
            "lines": .array(settled.lines.map { line in
                .object(JSONObject([
                    "line": .int(Int64(line.itemIndex)),
                    "sku": order.items.indices.contains(line.itemIndex) ? order.items[line.itemIndex].sku.map(JSONValue.string) ?? .null : .null,
                    "quantity": .int(line.quantity),
                ]))
            }),
            "reason": stored.reason.map(JSONValue.string) ?? .null,
            "occurred_at": RouteSupport.date(settled.occurredAt), "created_at": RouteSupport.date(stored.createdAt),
        ]))
    }
}

extension APIError {
    /// Order and return errors at the edge: 409 when the request fights what is stored
    /// (`return_exceeds_order`), 422 when it is well-formed but does not add up, 400 otherwise.
    init(_ error: OrderError) {
        let semantic: Set<OrderError.Code> = [.totalMismatch, .unknownSKU, .missingIdentifiers, .currencyMismatch]
        let status: Status = error.code == .returnExceedsOrder ? .conflict
            : semantic.contains(error.code) ? .unprocessableContent : .badRequest
        self.init(status: status, code: error.code.rawValue, message: error.message, field: error.field)
    }
}
