import Foundation

/// Reads the identifiers and traits out of a stored tracking message (the `body` the ingestion
/// stored), so the resolver and every other input agree on what a message says.
///
/// Identifiers: `userId` → user_id; `anonymousId` and an alias's `previousId` → anonymous_id;
/// `traits.<k>` and `context.traits.<k>` for email, phone, loyalty_card and every custom type;
/// `context.device.id` → device_id; `context.externalIds[]` (`{id, type}`) → external_id
/// `type:id`. The country for national-format phones comes from the message when it says
/// (`context.locale`, `context.location.country`, `traits.country`, `traits.address.country`),
/// else the source's default, else the configured default (inside `Normalizer`).
///
/// Traits: only `identify` sets profile traits (as Segment does); `traits.$set_once` holds
/// first-write-wins traits. Other calls' `context.traits` identify but set nothing.
public struct FragmentExtractor: Sendable {
    public let normalizer: Normalizer
    /// Identifier kinds read from `traits.<kind>` / `context.traits.<kind>`.
    public let traitKinds: [IdentifierType]

    public init(normalizer: Normalizer, customTypes: [IdentifierType] = []) {
        self.normalizer = normalizer
        var kinds: [IdentifierType] = [.email, .phone, .loyaltyCard]
        for kind in customTypes where !kinds.contains(kind) { kinds.append(kind) }
        traitKinds = kinds
    }

    /// - Parameters:
    ///   - message: the stored message object.
    ///   - sourceCountry: the source's default country, if it has one.
    ///   - lineageSource: what trait lineage names as the source.
    public func fragment(of message: JSONObject, sourceCountry: String?, lineageSource: String,
                         fallbackTimestamp: Date) -> Fragment {
        let context = message["context"]?.objectValue ?? JSONObject()
        let traits = message["traits"]?.objectValue ?? JSONObject()
        let contextTraits = context["traits"]?.objectValue ?? JSONObject()
        let country = Self.country(context: context, traits: traits, contextTraits: contextTraits) ?? sourceCountry

        var raw: [(IdentifierType, String)] = []
        func add(_ type: IdentifierType, _ value: JSONValue?) {
            if let text = Self.text(value) { raw.append((type, text)) }
        }
        add(.userID, message["userId"])
        add(.anonymousID, message["anonymousId"])
        add(.anonymousID, message["previousId"])
        for kind in traitKinds {
            add(kind, traits[kind.rawValue])
            add(kind, contextTraits[kind.rawValue])
        }
        add(.deviceID, context["device"]?.objectValue?["id"])
        for item in context["externalIds"]?.arrayValue ?? [] {
            guard let object = item.objectValue, let id = Self.text(object["id"]),
                  let namespace = Self.text(object["type"]) else { continue }
            raw.append((.externalID, namespace + ":" + id))
        }

        var identifiers: [Identifier] = []
        var seen = Set<Identifier>()
        var rejected: [Fragment.Rejected] = []
        for (type, value) in raw {
            do {
                let identifier = try normalizer.normalize(type, value, country: country)
                if seen.insert(identifier).inserted { identifiers.append(identifier) }
            } catch {
                rejected.append(Fragment.Rejected(type: type, error: error))
            }
        }

        let timestamp = message["timestamp"]?.stringValue.flatMap(ISO8601Timestamp.parse) ?? fallbackTimestamp
        let lineage = TraitLineage(source: lineageSource, messageID: message["messageId"]?.stringValue ?? "",
                                   timestamp: timestamp)
        let update = message["type"]?.stringValue == "identify"
            ? Self.traitUpdate(traits, lineage: lineage) : TraitUpdate<JSONValue>(lineage: lineage)
        return Fragment(identifiers: identifiers, rejected: rejected, traits: update)
    }

    /// A traits object as an update: plain keys last-write-wins, the `$set_once` object first-write-wins.
    public static func traitUpdate(_ traits: JSONObject, lineage: TraitLineage) -> TraitUpdate<JSONValue> {
        var update = TraitUpdate<JSONValue>(lineage: lineage)
        for member in traits.members where member.key != "$set_once" {
            update.set[member.key] = member.value
        }
        for member in traits["$set_once"]?.objectValue?.members ?? [] {
            update.setOnce[member.key] = member.value
        }
        return update
    }

    /// Strings as they are; numbers as their text (ids are often sent as numbers).
    public static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: text
        case .int(let number)?: String(number)
        default: nil
        }
    }

    static func country(context: JSONObject, traits: JSONObject, contextTraits: JSONObject) -> String? {
        let candidates: [JSONValue?] = [
            context["location"]?.objectValue?["country"],
            traits["country"], traits["address"]?.objectValue?["country"],
            contextTraits["country"], contextTraits["address"]?.objectValue?["country"],
            context["locale"],
        ]
        for candidate in candidates {
            if let text = candidate?.stringValue, CountryCode(text) != nil { return text }
        }
        return nil
    }
}
