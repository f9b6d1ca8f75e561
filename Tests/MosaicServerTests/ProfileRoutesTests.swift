import Foundation
import MosaicCore
import Postgres
import Synchronization
import Testing

/// The profile API end to end: scopes, masking, upsert idempotency, lookup normalisation,
/// merged-away redirects, merges and split, timeline pagination, search, event lookup.
@Suite(.serialized) struct ProfileRoutesTests {
    @Test(arguments: [
        ("GET", "/v1/profiles/1", "profiles:read"),
        ("GET", "/v1/profiles/lookup?email=a@b.co", "profiles:read"),
        ("GET", "/v1/profiles?query=ab", "profiles:read"),
        ("GET", "/v1/profiles/1/events", "profiles:read"),
        ("GET", "/v1/profiles/1/merges", "profiles:read"),
        ("GET", "/v1/events/m-1", "profiles:read"),
        ("GET", "/v1/resolver/status", "profiles:read"),
        ("POST", "/v1/profiles", "profiles:write"),
        ("PATCH", "/v1/profiles/1", "profiles:write"),
        ("POST", "/v1/profiles/1/split", "profiles:write"),
    ])
    func everyRoute_needsAKeyWithItsScope(method: String, path: String, scope: String) throws {
        try OrdersTestApp.with { app in
            let body = method == "GET" ? nil : #"{"traits":{"a":1},"identifiers":{"email":"a@b.co"}}"#
            #expect(try app.send(method, path, key: nil, body: body).status == 401)
            #expect(try app.send(method, path, key: "sk_unknown", body: body).status == 401)
            let wrong = try app.key(["orders:write"])
            let refused = try app.send(method, path, key: wrong, body: body)
            #expect(refused.status == 403)
            #expect(refused.errorCode == "missing_scope")
            #expect(refused.json["error"]?["message"]?.stringValue?.contains(scope) == true)
            let allowed = try app.send(method, path, key: try app.key([scope]), body: body)
            #expect(![401, 403, 500].contains(allowed.status), "\(allowed)")
        }
    }

    @Test func upsert_createsThenFinds_honoursIdempotencyKey_andMasksWithoutPII() throws {
        try OrdersTestApp.with { app in
            let writer = try app.key(["profiles:write", "profiles:read"])
            let body = #"{"identifiers":{"phone":"8 916 123-45-67","loyalty_card":"1234 5678"},"country":"RU","traits":{"name":"Anna"}}"#
            let created = try app.send("POST", "/v1/profiles", key: writer, body: body, headers: ["Idempotency-Key: till-1"])
            #expect(created.status == 201, "\(created)")
            let id = try #require(created.json["id"]?.int64Value)
            // Masked: this key has no pii:read.
            #expect(created.json["traits"]?["name"]?.stringValue == "A***")
            let phones = created.json["identifiers"]?.arrayValue?.filter { $0["type"]?.stringValue == "phone" }
            #expect(phones?.first?["value"]?.stringValue == "+7916*****67")

            let retried = try app.send("POST", "/v1/profiles", key: writer, body: body, headers: ["Idempotency-Key: till-1"])
            #expect(retried.status == 200)
            #expect(retried.json["id"]?.int64Value == id)

            let reader = try app.key(["profiles:read", "pii:read"])
            for query in ["phone=%2B7%20(916)%20123-45-67", "phone=89161234567&country=RU", "loyalty_card=1234-5678"] {
                let found = try app.send("GET", "/v1/profiles/lookup?" + query, key: reader)
                #expect(found.status == 200, "\(query): \(found)")
                #expect(found.json["id"]?.int64Value == id)
                #expect(found.json["traits"]?["name"]?.stringValue == "Anna")
                #expect(found.json["trait_lineage"]?["name"]?["source"]?.stringValue == "api_key:till")
            }
            #expect(try app.send("GET", "/v1/profiles/lookup?email=nobody@example.com", key: reader).status == 404)
        }
    }

    @Test(arguments: [
        (#"{}"#, 400, "missing_field", "identifiers"),
        (#"{"identifiers":{}}"#, 400, "missing_field", "identifiers"),
        (#"{"identifiers":{"shoe_size":"42"}}"#, 400, "unknown_identifier_type", "identifiers.shoe_size"),
        (#"{"identifiers":{"email":{"a":1}}}"#, 400, "invalid_type", "identifiers.email"),
        (#"{"identifiers":{"user_id":["a","b"]}}"#, 400, "invalid_type", "identifiers.user_id"),
        (#"{"identifiers":{"external_id":"nonamespace"}}"#, 400, "invalid_identifier", "identifiers.external_id"),
        (#"{"identifiers":{"email":"not-an-email"}}"#, 422, "no_usable_identifier", "identifiers"),
        (#"{"identifiers":{"email":"a@b.co"},"traits":[1]}"#, 400, "invalid_type", "traits"),
        (#"{"identifiers":{"email":"a@b.co"},"country":"Narnia"}"#, 400, "invalid_country", "country"),
        (#"{"identifiers":{"email":"a@b.co"},"timestamp":"yesterday"}"#, 400, "invalid_timestamp", "timestamp"),
        (#"[1,2]"#, 400, "not_an_object", nil),
        (#"{"identifiers":"#, 400, "invalid_json", nil),
    ] as [(String, Int, String, String?)])
    func upsert_rejectsBadBodies(body: String, status: Int, code: String, field: String?) throws {
        try OrdersTestApp.with { app in
            let reply = try app.send("POST", "/v1/profiles", key: try app.key(["profiles:write"]), body: body)
            #expect(reply.status == status, "\(reply)")
            #expect(reply.errorCode == code)
            #expect(reply.json["error"]?["field"]?.stringValue == field)
        }
    }

    /// The 360 view is read in one statement: every part of it, across a merge, must be there
    /// and in order (newest events and orders first, capped at 10; items and returns on orders).
    @Test func view_carriesTheWholeStory_acrossAMerge() throws {
        try OrdersTestApp.with { app in
            let writer = try app.key(["profiles:write", "profiles:read", "pii:read", "orders:write"])
            let card = try app.send("POST", "/v1/profiles", key: writer,
                                    body: #"{"identifiers":{"loyalty_card":"555"},"traits":{"$set_once":{"first_store":"Riga"}}}"#)
            let older = try #require(card.json["id"]?.int64Value)
            let email = try app.send("POST", "/v1/profiles", key: writer,
                                     body: #"{"identifiers":{"email":"eve@example.com"},"traits":{"name":"Eve","tags":["a",{"b":[1,2.5]}]}}"#)
            let newer = try #require(email.json["id"]?.int64Value)
            let orders = [("V-1", "2024-01-01T10:00:00Z", "loyalty_card\":\"555"), ("V-2", "2024-02-01T10:00:00Z", "email\":\"eve@example.com")]
            for (id, time, who) in orders {
                let body = #"{"order_id":"\#(id)","identifiers":{"\#(who)"},"currency":"EUR","total":"30.00","channel":"pos","#
                    + #""occurred_at":"\#(time)","items":[{"sku":"S1","category":"shoes","quantity":1,"price":"10.00"},"#
                    + #"{"sku":"S2","name":"Sock","quantity":2,"price":"10.00"}]}"#
                #expect(try app.send("POST", "/v1/orders", key: writer, body: body).status == 201)
            }
            #expect(try app.send("POST", "/v1/orders/V-1/return", key: writer, body: #"{"items":[{"sku":"S2","quantity":1}]}"#).status == 201)
            for n in 0..<11 {  // more identify events than the view shows
                _ = try app.send("POST", "/v1/profiles", key: writer,
                                 body: #"{"identifiers":{"loyalty_card":"555"},"traits":{"visits":\#(n)}}"#)
            }
            let both = try app.send("POST", "/v1/profiles", key: writer,
                                    body: #"{"identifiers":{"loyalty_card":"555","email":"eve@example.com"}}"#)
            #expect(both.json["id"]?.int64Value == older)

            let view = try app.send("GET", "/v1/profiles/\(older)", key: writer)
            #expect(view.status == 200, "\(view)")
            #expect(view.json["merged_profile_ids"] == .array([.int(newer)]))
            #expect(view.json["merges"]?["count"]?.int64Value == 1)
            #expect(view.json["merges"]?["last_at"]?.stringValue != nil)
            let types = view.json["identifiers"]?.arrayValue?.compactMap { $0["type"]?.stringValue }
            #expect(types == ["email", "loyalty_card"])
            #expect(view.json["identifiers"]?[0]?["first_seen"]?.stringValue != nil)
            #expect(view.json["traits"]?["name"]?.stringValue == "Eve")
            #expect(view.json["traits"]?["tags"] == (try JSONValue.parse(#"["a",{"b":[1,2.5]}]"#)))
            #expect(view.json["traits"]?["visits"]?.int64Value == 10)
            #expect(view.json["trait_lineage"]?["first_store"]?["set_once"]?.boolValue == true)
            #expect(view.json["trait_lineage"]?["name"]?["source"]?.stringValue == "api_key:till")
            #expect(view.json["trait_lineage"]?["name"]?["timestamp"]?.stringValue?.hasSuffix("Z") == true)

            let events = try #require(view.json["recent_events"]?.arrayValue)
            #expect(events.count == 10)
            let times = events.compactMap { $0["timestamp"]?.stringValue }
            #expect(times == times.sorted(by: >))
            #expect(events.allSatisfy { $0["type"]?.stringValue == "identify" && $0["message_id"]?.stringValue != nil })

            let recent = try #require(view.json["recent_orders"]?.arrayValue)
            #expect(recent.compactMap { $0["order_id"]?.stringValue } == ["V-2", "V-1"])
            #expect(recent.allSatisfy { $0["profile_id"]?.int64Value == older })
            let returned = recent[1]
            #expect(returned["returned"]?.stringValue == "10.00")
            #expect(returned["net"]?.stringValue == "20.00")
            #expect(returned["items"]?[1]?["name"]?.stringValue == "Sock")
            #expect(returned["items"]?[1]?["returned_quantity"]?.int64Value == 1)
            #expect(returned["items"]?[0]?["category"]?.stringValue == "shoes")
            #expect(view.json["computed"]?["orders_count"]?.int64Value == 2)

            let looked = try app.send("GET", "/v1/profiles/lookup?email=eve@example.com", key: writer)
            #expect(looked.json["id"]?.int64Value == older)
            #expect(looked.json["recent_orders"] == view.json["recent_orders"])
            #expect(looked.json["trait_lineage"] == view.json["trait_lineage"])
            let moved = try app.send("GET", "/v1/profiles/\(newer)", key: writer)
            #expect(moved.status == 308)
            #expect(moved.raw["Location"] == "/v1/profiles/\(older)")
        }
    }

    /// Tills retrying at once with one Idempotency-Key: one request applies it (201), the others
    /// answer the same profile (200), and one event is stored for the key.
    @Test func concurrentRetries_withOneIdempotencyKey_applyOnce() throws {
        try OrdersTestApp.with { app in
            let writer = try app.key(["profiles:write", "profiles:read"])
            let body = #"{"identifiers":{"email":"race@example.com"},"traits":{"plan":"gold"}}"#
            let replies = Mutex<[(Int, Int64?)]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                let reply = try? app.send("POST", "/v1/profiles", key: writer, body: body, headers: ["Idempotency-Key: race-1"])
                replies.withLock { $0.append((reply?.status ?? -1, reply?.json["id"]?.int64Value)) }
            }
            let all = replies.withLock { $0 }
            #expect(all.map(\.0).sorted() == [200, 200, 200, 200, 200, 200, 200, 201])
            #expect(Set(all.map(\.1)).count == 1 && all[0].1 != nil)
            let stored = try Connection(app.database.conninfo).query(
                "SELECT count(*)::int8 FROM events WHERE source_id = 0 AND message_id = \("idem-race-1")")
            #expect(try stored[0].decode(0, as: Int.self) == 1)
        }
    }

    /// Upserts that set traits read the stored lineage (with the graph, in one round trip):
    /// a set-once trait keeps its first value, an older write loses to a newer one, and a merge
    /// made by an upsert that sets traits keeps the merged-away profile's traits.
    @Test func upsertsWithTraits_respectStoredLineage() throws {
        try OrdersTestApp.with { app in
            let writer = try app.key(["profiles:write", "profiles:read", "pii:read"])
            func upsert(_ body: String) throws -> JSONValue {
                let response = try app.send("POST", "/v1/profiles", key: writer, body: body)
                #expect([200, 201].contains(response.status), "\(response)")
                return response.json
            }
            let first = try upsert(#"{"identifiers":{"email":"lin@example.com"},"timestamp":"2026-03-01T10:00:00Z","#
                                   + #""traits":{"plan":"gold","$set_once":{"first_store":"Riga"}}}"#)
            let id = try #require(first["id"]?.int64Value)
            let older = try upsert(#"{"identifiers":{"email":"lin@example.com"},"timestamp":"2026-01-01T10:00:00Z","#
                                   + #""traits":{"plan":"silver"}}"#)
            #expect(older["traits"]?["plan"]?.stringValue == "gold")
            #expect(older["trait_lineage"]?["plan"]?["timestamp"]?.stringValue?.hasPrefix("2026-03-01") == true)
            let later = try upsert(#"{"identifiers":{"email":"lin@example.com"},"timestamp":"2026-05-01T10:00:00Z","#
                                   + #""traits":{"$set_once":{"first_store":"Oslo"}}}"#)
            #expect(later["traits"]?["first_store"]?.stringValue == "Riga")
            #expect(later["traits"]?["plan"]?.stringValue == "gold")

            let other = try upsert(#"{"identifiers":{"phone":"+14155550101"},"traits":{"nickname":"Lin"}}"#)
            #expect(other["id"]?.int64Value != id)
            let merged = try upsert(#"{"identifiers":{"email":"lin@example.com","phone":"+14155550101"},"#
                                    + #""traits":{"city":"Bergen"}}"#)
            #expect(merged["id"]?.int64Value == id)
            #expect(merged["traits"]?["nickname"]?.stringValue == "Lin")
            #expect(merged["traits"]?["plan"]?.stringValue == "gold")
            #expect(merged["traits"]?["city"]?.stringValue == "Bergen")
        }
    }

    @Test func mergedAwayId_redirects_mergesExplain_andSplitUndoes() throws {
        try OrdersTestApp.with { app in
            let writer = try app.key(["profiles:write", "profiles:read", "pii:read"])
            let card = try app.send("POST", "/v1/profiles", key: writer, body: #"{"identifiers":{"loyalty_card":"777"},"traits":{"tier":"gold"}}"#)
            let email = try app.send("POST", "/v1/profiles", key: writer, body: #"{"identifiers":{"email":"joe@example.com"},"traits":{"name":"Joe"}}"#)
            let older = try #require(card.json["id"]?.int64Value)
            let newer = try #require(email.json["id"]?.int64Value)
            let both = try app.send("POST", "/v1/profiles", key: writer, body: #"{"identifiers":{"loyalty_card":"777","email":"joe@example.com"}}"#)
            #expect(both.json["id"]?.int64Value == older)  // the oldest profile wins
            #expect(both.json["traits"]?["tier"]?.stringValue == "gold")
            #expect(both.json["traits"]?["name"]?.stringValue == "Joe")

            let moved = try app.send("GET", "/v1/profiles/\(newer)/events", key: writer)
            #expect(moved.status == 308)
            #expect(moved.raw["Location"] == "/v1/profiles/\(older)/events")
            #expect(moved.json["merged_into"]?.int64Value == older)

            let merges = try app.send("GET", "/v1/profiles/\(older)/merges", key: writer)
            let merge = try #require(merges.json["merges"]?[0])
            #expect(merge["loser_id"]?.int64Value == newer)
            #expect(merge["identifier"]?["type"]?.stringValue == "email")

            let split = try app.send("POST", "/v1/profiles/\(older)/split", key: writer, body: "{}")
            #expect(split.status == 200, "\(split)")
            #expect(split.json["restored"]?["id"]?.int64Value == newer)
            #expect(split.json["restored"]?["traits"]?["name"]?.stringValue == "Joe")
            #expect(split.json["winner"]?["traits"]?["name"] == nil)
            #expect(try app.send("GET", "/v1/profiles/\(newer)", key: writer).status == 200)
            #expect(try app.send("POST", "/v1/profiles/\(older)/split", key: writer, body: "{}").errorCode == "nothing_to_split")
            // The identifier that caused the merge is now a known false link: sending both again merges nothing.
            let again = try app.send("POST", "/v1/profiles", key: writer, body: #"{"identifiers":{"loyalty_card":"777","email":"joe@example.com"}}"#)
            #expect(again.json["merged_profile_ids"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func timeline_paginatesNewestFirst_andEventLookupNamesTheProfile() throws {
        try OrdersTestApp.with { app in
            let website = try app.writeKey()
            let events = (0..<7).map { i in
                #"{"type":"track","event":"E\#(i)","userId":"pager","messageId":"pg-\#(i)","timestamp":"2026-01-0\#(i + 1)T00:00:00Z"}"#
            }
            #expect(try app.track("/v1/batch", writeKey: website, body: #"{"batch":[\#(events.joined(separator: ","))]}"#).status == 200)
            try app.waitForResolver()
            let reader = try app.key(["profiles:read"])
            let found = try app.send("GET", "/v1/events/pg-3", key: reader)
            #expect(found.status == 200)
            let id = try #require(found.json["profile_id"]?.int64Value)
            #expect(found.json["event"]?["event"]?.stringValue == "E3")
            var seen: [String] = []
            var path = "/v1/profiles/\(id)/events?limit=3"
            for _ in 0..<5 {
                let page = try app.send("GET", path, key: reader)
                #expect(page.status == 200)
                seen += page.json["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
                guard let cursor = page.json["next_cursor"]?.stringValue else { break }
                path = "/v1/profiles/\(id)/events?limit=3&before=\(cursor)"
            }
            #expect(seen == ["E6", "E5", "E4", "E3", "E2", "E1", "E0"])
            #expect(try app.send("GET", "/v1/profiles/\(id)/events?before=zzz", key: reader).errorCode == "invalid_cursor")
            #expect(try app.send("GET", "/v1/profiles/\(id)/events?limit=0", key: reader).errorCode == "invalid_parameter")
            #expect(try app.send("GET", "/v1/events/none", key: reader).status == 404)
        }
    }

    @Test func search_findsByPrefix_escapesWildcards_andPages() throws {
        try OrdersTestApp.with { app in
            let writer = try app.key(["profiles:write", "profiles:read"])
            for i in 0..<5 {
                _ = try app.send("POST", "/v1/profiles", key: writer,
                                 body: #"{"identifiers":{"email":"olga\#(i)@shop.example"},"traits":{"name":"Olga \#(i)"}}"#)
            }
            _ = try app.send("POST", "/v1/profiles", key: writer, body: #"{"identifiers":{"email":"percent@x.example"}}"#)
            var ids: [Int64] = []
            var path = "/v1/profiles?query=OLGA&limit=2"
            for _ in 0..<5 {
                let page = try app.send("GET", path, key: writer)
                #expect(page.status == 200, "\(page)")
                ids += page.json["data"]?.arrayValue?.compactMap { $0["id"]?.int64Value } ?? []
                guard let cursor = page.json["next_cursor"]?.stringValue else { break }
                path = "/v1/profiles?query=OLGA&limit=2&after=\(cursor)"
            }
            #expect(ids.count == 5 && ids == ids.sorted())
            let wildcard = try app.send("GET", "/v1/profiles?query=%25%25", key: writer)
            #expect(wildcard.json["data"]?.arrayValue?.isEmpty == true)
            #expect(try app.send("GET", "/v1/profiles?query=a", key: writer).errorCode == "invalid_parameter")
        }
    }
}
