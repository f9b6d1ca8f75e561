import Foundation
import HTTP
import MosaicCore
import Postgres

/// `POST /v1/profiles`: what a till calls to create or find a customer and set traits, resolved
/// synchronously in one transaction by the same `IdentityResolver` as tracking.
///
/// The request is stored as an `identify` event of the built-in API source (id 0) whose
/// messageId is the `Idempotency-Key` header (or a generated one): a retried request finds the
/// stored one and answers the same profile without applying anything twice.
///
/// Body: `{"identifiers": {"email": "...", "phone": "...", "external_id": "shop:1" | [...], ...},
/// "traits": {...}, "country": "PL", "timestamp": "..."}`. Answers 201 with the 360 view when
/// the call created the profile, 200 when it found one; identifier values that were not usable
/// are listed in `rejected_identifiers` (and those the rules refused in `dropped_identifiers`).
struct ProfileUpsert: Sendable {
    /// The pseudo-source of REST writes in `events` and `message_ids`.
    static let apiSourceID: Int64 = 0
    static let maxValueBytes = 1_024
    static let maxValuesPerType = 20

    let context: AppContext
    let extractor: FragmentExtractor
    let identity: IdentityResolver

    func handle(_ request: Request, _ requestContext: RequestContext) throws -> Response {
        let principal = try context.authorize(request, .profilesWrite)
        let body = try RouteSupport.jsonObject(request)
        let now = Date()
        let key = try idempotencyKey(request)
        let messageID = key ?? "req-" + UUID().uuidString.lowercased()
        let message = try identifyMessage(from: body, messageID: messageID, now: now)
        let row = EventRow(sourceID: Self.apiSourceID, messageID: messageID, type: "identify", name: "",
                           anonymousID: message["anonymousId"]?.stringValue ?? "",
                           userID: message["userId"]?.stringValue ?? "",
                           timestamp: message["timestamp"]?.stringValue.flatMap(ISO8601Timestamp.parse) ?? now,
                           receivedAt: now, body: JSONValue.object(message).serialized())
        let fragment = extractor.fragment(of: message, sourceCountry: nil, lineageSource: principal.lineageSource,
                                          fallbackTimestamp: now)
        if fragment.identifiers.isEmpty {
            throw APIError(status: .unprocessableContent, code: "no_usable_identifier",
                           message: "none of the identifiers is usable", field: "identifiers")
        }
        let view = ProfileView(seesPII: principal.seesPII)
        let (outcome, record) = try context.database.withConnection { connection in
            let (outcome, viewRows) = try Retry.onConflict(logger: context.logger) {
                // One fragment: re-planning each statement for its one-element arrays cost as much
                // database time as running them (~0.7 ms per upsert; see `PlanCacheMode`).
                try connection.withTransaction(plans: .generic, { connection -> (profile: Int64?, created: Bool, drops: [JSONValue]) in
                    // A generated message id is new; a client's key may name a request already applied.
                    if key != nil, let previous = try EventStore.find(messageID: messageID, sourceID: Self.apiSourceID,
                                                                      on: connection) {
                        return (previous.profile, false, [])
                    }
                    let eventID = try context.eventIDs.next(on: connection)
                    let input = FragmentInput(eventID: eventID, receivedAt: row.receivedAt, messageID: messageID,
                                              sourceID: Self.apiSourceID, timestamp: row.timestamp, fragment: fragment,
                                              eventType: row.type, eventName: row.name.isEmpty ? nil : row.name,
                                              callerStoresEvent: true)
                    let result = try identity.resolveWithDetails([input], on: connection, now: now)
                    try EventStore.insertResolved(row, id: eventID, profile: result.roots[0]?.rawValue, on: connection)
                    let drops = result.batch.drops.map { drop in
                        JSONValue.object(JSONObject([
                            "type": .string(drop.identifier.type.rawValue), "value": .string(view.identifier(drop.identifier)),
                            "reason": .string(String(describing: drop.reason)),
                        ]))
                    }
                    let root = result.roots[0]
                    let created = root.map { result.batch.createdProfiles.contains($0) } ?? false
                    return (root?.rawValue, created, drops)
                }, thenReading: { outcome in
                    // After COMMIT, sent with it: the view a till shows is the committed one.
                    outcome.profile.map { ProfileViewStore.query(.id($0)) }
                })
            }
            return (outcome, try viewRows.flatMap(ProfileViewStore.record(from:)))
        }
        guard outcome.profile != nil else {
            throw APIError(status: .conflict, code: "idempotency_conflict",
                           message: "this Idempotency-Key was used by a request that resolved to no profile", field: nil)
        }
        guard let record else { throw APIError.notFound("the profile disappeared") }
        var object = view.full(record)
        object["rejected_identifiers"] = .array(fragment.rejected.map { rejected in
            .object(JSONObject(["type": .string(rejected.type.rawValue),
                                "reason": .string(String(describing: rejected.error.reason))]))
        })
        object["dropped_identifiers"] = .array(outcome.drops)
        return RouteSupport.ok(object, status: outcome.created ? .created : .ok)
    }

    private func idempotencyKey(_ request: Request) throws -> String? {
        guard let key = request.headers["Idempotency-Key"] else { return nil }
        let trimmed = key.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 200 else {
            throw APIError.badRequest("invalid_idempotency_key", "Idempotency-Key must be 1 to 200 bytes",
                                      field: "Idempotency-Key")
        }
        return "idem-" + trimmed
    }

    /// The request as a Segment `identify` message, so `FragmentExtractor` reads it like tracking.
    func identifyMessage(from body: JSONObject, messageID: String, now: Date) throws -> JSONObject {
        guard let identifiers = body["identifiers"]?.objectValue, !identifiers.members.isEmpty else {
            throw APIError.badRequest("missing_field", "identifiers must be a non-empty object", field: "identifiers")
        }
        var message = JSONObject(["type": "identify", "messageId": .string(messageID)])
        var contextTraits = JSONObject()
        var externalIDs: [JSONValue] = []
        var context = JSONObject()
        let known = Set(extractor.traitKinds.map(\.rawValue))
        for member in identifiers.members {
            let field = "identifiers." + member.key
            let values = try Self.values(member.value, field: field)
            switch member.key {
            case IdentifierType.userID.rawValue, IdentifierType.anonymousID.rawValue:
                guard values.count == 1 else {
                    throw APIError.badRequest("invalid_type", "\(member.key) takes one value", field: field)
                }
                message[member.key == "user_id" ? "userId" : "anonymousId"] = .string(values[0])
            case IdentifierType.deviceID.rawValue:
                guard values.count == 1 else {
                    throw APIError.badRequest("invalid_type", "device_id takes one value", field: field)
                }
                context["device"] = .object(JSONObject(["id": .string(values[0])]))
            case IdentifierType.externalID.rawValue:
                for value in values {
                    let parts = value.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2 else {
                        throw APIError.badRequest("invalid_identifier", "external_id must be namespace:value", field: field)
                    }
                    externalIDs.append(.object(JSONObject(["type": .string(String(parts[0])), "id": .string(String(parts[1]))])))
                }
            case let kind where known.contains(kind):
                guard values.count == 1 else {
                    throw APIError.badRequest("invalid_type", "\(kind) takes one value per request", field: field)
                }
                contextTraits[kind] = .string(values[0])
            default:
                throw APIError.badRequest("unknown_identifier_type", "unknown identifier type \(member.key)", field: field)
            }
        }
        if !contextTraits.members.isEmpty { context["traits"] = .object(contextTraits) }
        if !externalIDs.isEmpty { context["externalIds"] = .array(externalIDs) }
        if let country = body["country"] {
            guard let text = country.stringValue, CountryCode(text) != nil else {
                throw APIError.badRequest("invalid_country", "country must be an ISO 3166 code like PL", field: "country")
            }
            context["location"] = .object(JSONObject(["country": .string(text)]))
        }
        message["context"] = .object(context)
        switch body["traits"] {
        case nil, .null?: message["traits"] = .object(JSONObject())
        case .object(let traits)?: message["traits"] = .object(traits)
        default: throw APIError.badRequest("invalid_type", "traits must be an object", field: "traits")
        }
        switch body["timestamp"] {
        case nil, .null?: message["timestamp"] = .string(ISO8601Timestamp.format(now))
        case .string(let text)? where ISO8601Timestamp.parse(text) != nil: message["timestamp"] = .string(text)
        default: throw APIError.badRequest("invalid_timestamp", "timestamp must be ISO-8601", field: "timestamp")
        }
        return message
    }

    /// A string, a number, or an array of them (for kinds a profile may hold several of).
    static func values(_ value: JSONValue, field: String) throws -> [String] {
        let items: [JSONValue]
        if case .array(let array) = value { items = array } else { items = [value] }
        guard !items.isEmpty, items.count <= maxValuesPerType else {
            throw APIError.badRequest("invalid_type", "give 1 to \(maxValuesPerType) values", field: field)
        }
        return try items.map { item in
            guard let text = FragmentExtractor.text(item) else {
                throw APIError.badRequest("invalid_type", "identifier values must be strings", field: field)
            }
            guard text.utf8.count <= maxValueBytes else {
                throw APIError.badRequest("value_too_long", "identifier values are at most \(maxValueBytes) bytes", field: field)
            }
            return text
        }
    }
}
