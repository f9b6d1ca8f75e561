import Foundation
import HTTP
import MosaicCore
import Postgres

/// The profile API: the 360 view, lookups by any identifier, the timeline, why a profile is what
/// it is (merges) and undoing a merge (split), plus the event lookup and the resolver's status.
///
/// A merged-away profile id answers `308 Permanent Redirect` to the live profile, with
/// `{"merged_into": <id>}` in the body for clients that do not follow redirects.
struct ProfileRoutes: Sendable {
    let context: AppContext
    let extractor: FragmentExtractor
    let identity: IdentityResolver

    func register(on router: Router) {
        let upsert = ProfileUpsert(context: context, extractor: extractor, identity: identity)
        router.add(.post, "/v1/profiles") { request, requestContext in try upsert.handle(request, requestContext) }
        router.add(.get, "/v1/profiles/lookup") { request, _ in try lookup(request) }
        router.add(.get, "/v1/profiles") { request, _ in try search(request) }
        router.add(.get, "/v1/profiles/{id}") { request, requestContext in try view(request, requestContext) }
        router.add(.patch, "/v1/profiles/{id}") { request, requestContext in try patch(request, requestContext) }
        router.add(.get, "/v1/profiles/{id}/events") { request, requestContext in
            try withLiveProfile(request, requestContext) { id, principal in try timeline(request, id, principal) }
        }
        router.add(.get, "/v1/profiles/{id}/merges") { request, requestContext in
            try withLiveProfile(request, requestContext) { id, principal in try merges(id, principal) }
        }
        router.add(.post, "/v1/profiles/{id}/split") { request, requestContext in try split(request, requestContext) }
        router.add(.get, "/v1/events/{messageId}") { request, requestContext in try event(request, requestContext) }
        router.add(.get, "/v1/resolver/status") { request, _ in try status(request) }
    }

    /// Authorizes, follows `merged_into` (308 to the live profile), 404 for unknown ids.
    private func withLiveProfile(_ request: Request, _ requestContext: RequestContext,
                                 _ body: (Int64, Principal) throws -> Response) throws -> Response {
        let principal = try context.authorize(request, .profilesRead)
        let id = try RouteSupport.id(requestContext)
        guard let live = try context.database.withConnection({ try ProfileStore.liveID(of: id, on: $0) }) else {
            throw APIError.notFound("no such profile")
        }
        if live.mergedAway { return redirect(request, from: id, to: live.live) }
        return try body(id, principal)
    }

    /// `308` from a merged-away profile's URL to the same path under the live profile.
    private func redirect(_ request: Request, from id: Int64, to live: Int64) -> Response {
        let suffix = request.path.dropFirst("/v1/profiles/\(id)".count)
        var headers = Headers()
        headers.add("Location", "/v1/profiles/\(live)\(suffix)")
        return Response(status: .permanentRedirect, headers: headers,
                        body: JSONValue.object(JSONObject(["merged_into": .int(live)])).serialized())
            .withJSONContentType()
    }

    /// The 360 view: one statement finds the profile, follows a merge and reads the view.
    private func view(_ request: Request, _ requestContext: RequestContext) throws -> Response {
        let principal = try context.authorize(request, .profilesRead)
        let id = try RouteSupport.id(requestContext)
        guard let record = try context.database.withConnection({ try ProfileViewStore.read(.id(id), on: $0) }) else {
            throw APIError.notFound("no such profile")
        }
        if record.mergedAway { return redirect(request, from: id, to: record.header.id) }
        return RouteSupport.ok(ProfileView(seesPII: principal.seesPII).full(record))
    }

    private func lookup(_ request: Request) throws -> Response {
        let principal = try context.authorize(request, .profilesRead)
        // `country` says how to read a national-format phone; every other parameter is the identifier.
        let items = request.queryItems.filter { $0.name != "country" }
        guard items.count == 1, let item = items.first else {
            throw APIError.badRequest("invalid_lookup", "give exactly one identifier, e.g. ?email=a@b.c or ?phone=...")
        }
        guard let type = IdentifierType(validating: item.name),
              IdentifierType.builtIn.contains(type) || extractor.traitKinds.contains(type) else {
            throw APIError.badRequest("unknown_identifier_type", "unknown identifier type \(item.name)", field: item.name)
        }
        let identifier: Identifier
        do {
            identifier = try extractor.normalizer.normalize(type, item.value, country: request.query("country"))
        } catch {
            throw APIError.badRequest("invalid_identifier", "not a valid \(type.rawValue): \(error.reason)", field: item.name)
        }
        let view = ProfileView(seesPII: principal.seesPII)
        guard let record = try context.database.withConnection({ try ProfileViewStore.read(.identifier(identifier), on: $0) })
        else { throw APIError.notFound("no profile has this \(type.rawValue)") }
        return RouteSupport.ok(view.full(record))
    }

    /// `?query=<prefix>&after=<cursor>&limit=`: staff search by email, phone, user id or name prefix.
    private func search(_ request: Request) throws -> Response {
        let principal = try context.authorize(request, .profilesRead)
        let query = (request.query("query") ?? "").trimmingCharacters(in: .whitespaces)
        guard (2...100).contains(query.count) else {
            throw APIError.badRequest("invalid_parameter", "query must be 2 to 100 characters", field: "query")
        }
        let limit = try RouteSupport.intQuery(request, "limit", default: 20, range: 1...100)
        var cursor: Int64 = 0
        if let text = request.query("after") {
            guard let value = Int64(text), value >= 0 else {
                throw APIError.badRequest("invalid_cursor", "after must be a next_cursor from a previous page", field: "after")
            }
            cursor = value
        }
        let view = ProfileView(seesPII: principal.seesPII)
        let (hits, identities) = try context.database.withConnection { connection in
            let hits = try ProfileSearch.search(query, after: cursor, limit: limit + 1, on: connection)
            let shown = Array(hits.prefix(limit))
            return (hits, try shown.map { try ProfileStore.identities(of: $0.id, on: connection, limit: 20) })
        }
        let data: [JSONValue] = zip(hits.prefix(limit), identities).map { hit, rows in
            .object(JSONObject([
                "id": .int(hit.id), "last_seen_at": RouteSupport.date(hit.lastSeen),
                "identifiers": .array(rows.filter { $0.identifier.type != .anonymousID }.map { row in
                    .object(JSONObject(["type": .string(row.identifier.type.rawValue),
                                        "value": .string(view.identifier(row.identifier))]))
                }),
            ]))
        }
        var object = JSONObject(["data": .array(data)])
        object["next_cursor"] = hits.count > limit ? .string(String(hits[limit - 1].id)) : .null
        return RouteSupport.ok(object)
    }

    /// `?type=&name=&before=<cursor>&limit=` newest first; `next_cursor` continues.
    private func timeline(_ request: Request, _ id: Int64, _ principal: Principal) throws -> Response {
        let limit = try RouteSupport.intQuery(request, "limit", default: 50, range: 1...500)
        let before = try request.query("before").map(Self.decodeCursor)
        let view = ProfileView(seesPII: principal.seesPII)
        let page = try context.database.withConnection { connection in
            try ProfileStore.events(of: try ProfileStore.members(of: id, on: connection), type: request.query("type"),
                                    name: request.query("name"), before: before, limit: limit + 1, withBodies: true,
                                    on: connection)
        }
        let shown = page.prefix(limit)
        var object = JSONObject(["profile_id": .int(id), "data": .array(shown.map(view.event))])
        object["next_cursor"] = page.count > limit ? shown.last.map { .string(Self.cursor($0)) } ?? .null : .null
        return RouteSupport.ok(object)
    }

    static func cursor(_ event: ProfileStore.EventRecord) -> String {
        "\(Int64((event.timestamp.timeIntervalSince1970 * 1_000_000).rounded())).\(event.id)"
    }

    static func decodeCursor(_ text: String) throws -> (Date, Int64) {
        let parts = text.split(separator: ".")
        guard parts.count == 2, let micros = Int64(parts[0]), let id = Int64(parts[1]) else {
            throw APIError.badRequest("invalid_cursor", "before must be a next_cursor from a previous page", field: "before")
        }
        return (Date(timeIntervalSince1970: Double(micros) / 1_000_000), id)
    }

    private func merges(_ id: Int64, _ principal: Principal) throws -> Response {
        let view = ProfileView(seesPII: principal.seesPII)
        return try context.database.withConnection { connection in
            let members = try ProfileStore.members(of: id, on: connection)
            return RouteSupport.ok(JSONObject([
                "profile_id": .int(id),
                "merged_profile_ids": .array(members.filter { $0 != id }.map(JSONValue.int)),
                "merges": .array(try ProfileStore.merges(of: members, on: connection).map(view.merge)),
                "dropped_identifiers": .array(try ProfileStore.decisions(of: members, on: connection).map(view.decision)),
            ]))
        }
    }

    private func split(_ request: Request, _ requestContext: RequestContext) throws -> Response {
        let principal = try context.authorize(request, .profilesWrite)
        let id = try RouteSupport.id(requestContext)
        let body = request.body.isEmpty ? JSONObject() : try RouteSupport.jsonObject(request)
        var mergeID: Int64?
        if let value = body["merge_id"] {
            guard let number = value.int64Value, number > 0 else {
                throw APIError.badRequest("invalid_type", "merge_id must be a positive integer", field: "merge_id")
            }
            mergeID = number
        }
        let result = try context.database.withConnection { connection in
            try Retry.onConflict(logger: context.logger) {
                try connection.withTransaction { try Splitter(identity: identity, extractor: extractor).split(profile: id, mergeID: mergeID, on: $0) }
            }
        }
        let view = ProfileView(seesPII: principal.seesPII)
        return RouteSupport.ok(JSONObject([
            "split": .object(JSONObject(["merge_id": .int(result.mergeID), "winner_id": .int(result.winner),
                                         "restored_profile_id": .int(result.loser)])),
            "winner": try context.database.withConnection { try view.full(result.winner, on: $0) }.map(JSONValue.object) ?? .null,
            "restored": try context.database.withConnection { try view.full(result.loser, on: $0) }.map(JSONValue.object) ?? .null,
        ]))
    }

    private func patch(_ request: Request, _ requestContext: RequestContext) throws -> Response {
        let principal = try context.authorize(request, .profilesWrite)
        let id = try RouteSupport.id(requestContext)
        let body = try RouteSupport.jsonObject(request)
        guard let traits = body["traits"]?.objectValue, !traits.members.isEmpty else {
            throw APIError.badRequest("missing_field", "traits must be a non-empty object", field: "traits")
        }
        let now = Date()
        let update = FragmentExtractor.traitUpdate(traits, lineage: TraitLineage(
            source: principal.lineageSource, messageID: "patch-" + requestContext.requestID, timestamp: now))
        let live = try context.database.withConnection { connection in
            try connection.withTransaction(plans: .generic) { connection -> Int64? in
                guard let live = try ProfileStore.liveID(of: id, on: connection) else { return nil }
                let locked = try connection.query(prepared: "SELECT id FROM profiles WHERE id = \(live.live) FOR UPDATE")
                guard !locked.isEmpty else { return nil }
                var map = try TraitStore.load([ProfileID(live.live)], on: connection)[ProfileID(live.live)] ?? [:]
                let before = map
                _ = identity.traits.apply(update, to: &map)
                let changes = map.filter { before[$0.key] != $0.value }
                    .map { (profile: ProfileID(live.live), key: $0.key, entry: $0.value) }
                try TraitStore.save(changes, now: now, on: connection)
                return live.live
            }
        }
        guard let live else { throw APIError.notFound("no such profile") }
        let view = ProfileView(seesPII: principal.seesPII)
        guard let object = try context.database.withConnection({ try view.full(live, on: $0) }) else {
            throw APIError.notFound("no such profile")
        }
        return RouteSupport.ok(object)
    }

    /// `GET /v1/events/{messageId}[?source_id=]`: the stored event and the live profile it resolved to.
    private func event(_ request: Request, _ requestContext: RequestContext) throws -> Response {
        let principal = try context.authorize(request, .profilesRead)
        guard let messageID = requestContext.parameter("messageId"), !messageID.isEmpty, messageID.utf8.count <= 255 else {
            throw APIError.notFound("no such event")
        }
        var sourceID: Int64?
        if let text = request.query("source_id") {
            guard let number = Int64(text) else {
                throw APIError.badRequest("invalid_parameter", "source_id must be an integer", field: "source_id")
            }
            sourceID = number
        }
        guard let found = try context.database.withConnection({
            try EventStore.find(messageID: messageID, sourceID: sourceID, on: $0)
        }) else {
            throw APIError.notFound("no event with this messageId")
        }
        let view = ProfileView(seesPII: principal.seesPII)
        let record = ProfileStore.EventRecord(id: 0, messageID: messageID, type: found.type, name: nil,
                                              timestamp: found.receivedAt, receivedAt: found.receivedAt, body: found.body)
        let body = view.event(record).objectValue?["body"] ?? .null
        return RouteSupport.ok(JSONObject([
            "event": body, "source_id": .int(found.sourceID),
            "profile_id": found.profile.map(JSONValue.int) ?? .null,
        ]))
    }

    private func status(_ request: Request) throws -> Response {
        _ = try context.authorize(request, .profilesRead)
        let row = try context.database.withConnection { connection in
            try connection.query(prepared: """
                SELECT coalesce(sum(cardinality(event_ids)), 0), min((SELECT min(r) FROM unnest(received_ats) r))
                FROM pending_batches
                """)[0]
        }
        let pending = try row.decode(0, as: Int64.self)
        let oldest = try row.decode(1, as: Date?.self)
        return RouteSupport.ok(JSONObject([
            "pending": .int(pending),
            "oldest_pending_received_at": RouteSupport.date(oldest),
            "lag_seconds": oldest.map { .double(max(0, Date().timeIntervalSince($0))) } ?? .int(0),
            "resolved_since_start": .int(Int64(context.resolver.resolvedTotal)),
        ]))
    }
}

extension Response {
    func withJSONContentType() -> Response {
        var copy = self
        copy.headers.set("Content-Type", "application/json")
        return copy
    }
}
