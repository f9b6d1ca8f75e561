import Foundation
import MosaicCore
import Postgres

/// Builds the JSON of the 360 view and its parts. Without `pii:read`, emails, phones, cards and
/// name traits are masked (`a***@example.com`, `+7916*****67`), so staff see what they may.
struct ProfileView {
    let seesPII: Bool

    /// Trait keys holding personal data, masked without `pii:read`.
    static let piiTraits: Set<String> = [
        "email", "phone", "name", "first_name", "last_name", "firstName", "lastName", "address", "birthday",
        "loyalty_card",
    ]

    /// Personal identifiers; ids (user, anonymous, device, external) are pseudonymous and shown.
    static let piiTypes: Set<IdentifierType> = [.email, .phone, .loyaltyCard]

    func identifier(_ identifier: Identifier) -> String {
        seesPII || !Self.piiTypes.contains(identifier.type) ? identifier.value
            : PIIMask.value(identifier.value, of: identifier.type)
    }

    func trait(_ key: String, _ value: JSONValue) -> JSONValue {
        guard !seesPII, Self.piiTraits.contains(key) else { return value }
        switch (key, value) {
        case ("email", .string(let text)): return .string(PIIMask.email(text))
        case ("phone", .string(let text)): return .string(PIIMask.phone(text))
        case (_, .string(let text)): return .string(PIIMask.name(text))
        default: return .string("***")
        }
    }

    /// The whole single customer view of the live profile `id` leads to (nil when unknown).
    func full(_ id: Int64, on connection: Connection) throws -> JSONObject? {
        try ProfileViewStore.read(.id(id), on: connection).map(full)
    }

    /// The whole single customer view, as read by `ProfileViewStore`.
    func full(_ record: ProfileViewStore.Record) -> JSONObject {
        let header = record.header
        var object = JSONObject([
            "id": .int(header.id),
            "created_at": RouteSupport.date(header.createdAt),
            "updated_at": RouteSupport.date(header.updatedAt),
            "first_seen_at": RouteSupport.date(header.firstSeen),
            "last_seen_at": RouteSupport.date(header.lastSeen),
        ])
        object["identifiers"] = .array(record.identities.map { row in
            .object(JSONObject([
                "type": .string(row.identifier.type.rawValue), "value": .string(identifier(row.identifier)),
                "source_id": row.sourceID.map(JSONValue.int) ?? .null,
                "first_seen": RouteSupport.date(row.firstSeen), "last_seen": RouteSupport.date(row.lastSeen),
            ]))
        })
        var traitValues = JSONObject()
        var lineage = JSONObject()
        for (key, entry) in record.traits.sorted(by: { $0.key < $1.key }) {
            traitValues[key] = trait(key, entry.value)
            lineage[key] = .object(JSONObject([
                "source": .string(entry.lineage.source), "message_id": .string(entry.lineage.messageID),
                "timestamp": RouteSupport.date(entry.lineage.timestamp), "set_once": .bool(entry.isSetOnce),
            ]))
        }
        object["traits"] = .object(traitValues)
        object["trait_lineage"] = .object(lineage)
        object["computed"] = computed(header.computed)
        object["merged_profile_ids"] = .array(record.members.filter { $0 != header.id }.map(JSONValue.int))
        object["merges"] = .object(JSONObject([
            "count": .int(record.activeMerges), "last_at": RouteSupport.date(record.lastMergeAt),
        ]))
        object["recent_events"] = .array(record.events.map(event))
        object["recent_orders"] = .array(record.orders.map { .object(OrderRoutes.json($0, returns: nil)) })
        return object
    }

    /// The computed traits as of now (days since last order, 30-day windows and RFM depend on it).
    func computed(_ text: String) -> JSONValue {
        let stored = (try? JSONValue.parse(text)) ?? .null
        return ((try? ComputedTraits(stored: stored)) ?? ComputedTraits()).snapshot(now: Date())
    }

    func event(_ record: ProfileStore.EventRecord) -> JSONValue {
        var object = JSONObject([
            "id": .int(record.id), "message_id": .string(record.messageID), "type": .string(record.type),
            "name": record.name.map(JSONValue.string) ?? .null,
            "timestamp": RouteSupport.date(record.timestamp), "received_at": RouteSupport.date(record.receivedAt),
        ])
        if let body = record.body, let parsed = try? JSONValue.parse(body) {
            object["body"] = seesPII ? parsed : maskBody(parsed)
        }
        return .object(object)
    }

    /// An event body without `pii:read`: traits inside it are masked like profile traits.
    private func maskBody(_ body: JSONValue) -> JSONValue {
        guard var object = body.objectValue else { return body }
        if let traits = object["traits"]?.objectValue {
            object["traits"] = .object(maskTraits(traits))
        }
        if var context = object["context"]?.objectValue, let traits = context["traits"]?.objectValue {
            context["traits"] = .object(maskTraits(traits))
            object["context"] = .object(context)
        }
        return .object(object)
    }

    private func maskTraits(_ traits: JSONObject) -> JSONObject {
        var masked = JSONObject()
        for member in traits.members { masked[member.key] = trait(member.key, member.value) }
        return masked
    }

    func merge(_ record: ProfileStore.MergeRecord) -> JSONValue {
        .object(JSONObject([
            "id": .int(record.id), "winner_id": .int(record.winner), "loser_id": .int(record.loser),
            "identifier": .object(JSONObject([
                "type": .string(record.cause.type.rawValue), "value": .string(identifier(record.cause)),
            ])),
            "message_id": record.messageID.map(JSONValue.string) ?? .null, "rule": .string(record.rule),
            "created_at": RouteSupport.date(record.createdAt), "undone_at": RouteSupport.date(record.undoneAt),
        ]))
    }

    func decision(_ record: ProfileStore.DecisionRecord) -> JSONValue {
        .object(JSONObject([
            "identifier": .object(JSONObject([
                "type": .string(record.identifier.type.rawValue), "value": .string(identifier(record.identifier)),
            ])),
            "reason": .string(record.reason), "message_id": record.messageID.map(JSONValue.string) ?? .null,
            "at": RouteSupport.date(record.createdAt),
        ]))
    }
}
