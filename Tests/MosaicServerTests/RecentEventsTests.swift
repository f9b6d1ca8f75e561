import Foundation
import MosaicServer
import Postgres
import Testing

/// `profiles.recent_events`, the rings the 360 view reads instead of the partitioned `events`
/// table: kept by the resolver and the REST upsert, they must always say what the table says.
@Suite struct RecentEventsRingTests {
    /// Events across two members (anonymous, then identified; merged by an identify), sent out of
    /// time order, with equal timestamps and in two batches: the view lists exactly the timeline's
    /// first page, and rebuilding every ring from the table changes none.
    @Test func view_equalsTheTimeline_andARebuildChangesNothing() throws {
        try OrdersTestApp.with { app in
            let source = try app.writeKey()
            let reader = try app.key(["profiles:read", "profiles:write", "pii:read"])
            func track(_ who: String, _ n: Int, at time: String) -> String {
                #"{"type":"track",\#(who),"event":"Step \#(n)","messageId":"m-\#(n)","timestamp":"\#(time)"}"#
            }
            var first: [String] = []
            for n in 0..<8 {  // anonymous browsing, newest first, two at the same second
                let second = String(format: "%02d", 50 - n * 5 - (n == 3 ? 5 : 0))
                first.append(track(#""anonymousId":"anon-1""#, n, at: "2026-11-02T10:00:\(second).000Z"))
            }
            first.append(#"{"type":"identify","userId":"u-1","traits":{"email":"ring@example.com"},"messageId":"m-id"}"#)
            #expect(try app.track("/v1/batch", writeKey: source, body: #"{"batch":[\#(first.joined(separator: ","))]}"#).status == 200)
            try app.waitForResolver()
            var second: [String] = []
            for n in 8..<14 {  // the customer again, some older than the browsing
                second.append(track(#""userId":"u-1""#, n, at: "2026-11-02T10:0\(n - 8):30.250Z"))
            }
            second.append(#"{"type":"identify","userId":"u-1","anonymousId":"anon-1","messageId":"m-merge"}"#)
            #expect(try app.track("/v1/batch", writeKey: source, body: #"{"batch":[\#(second.joined(separator: ","))]}"#).status == 200)
            try app.waitForResolver()
            #expect(try app.send("POST", "/v1/profiles", key: reader,
                                 body: #"{"identifiers":{"user_id":"u-1"},"traits":{"plan":"pro"}}"#).status == 200)

            let looked = try app.send("GET", "/v1/profiles/lookup?user_id=u-1", key: reader)
            let id = try #require(looked.json["id"]?.int64Value, "\(looked)")
            #expect(looked.json["merged_profile_ids"]?.arrayValue?.count == 1, "both members hold events")
            let timeline = try app.send("GET", "/v1/profiles/\(id)/events?limit=10", key: reader)
            let page = try #require(timeline.json["data"]?.arrayValue, "\(timeline)")
            let recent = try #require(looked.json["recent_events"]?.arrayValue)
            #expect(recent.count == 10)
            for field in ["id", "message_id", "type", "name", "timestamp", "received_at"] {
                #expect(recent.map { $0[field] } == page.map { $0[field] }, "\(field)")
            }

            let connection = try app.database.connect()
            let members = try connection.query("SELECT DISTINCT profile_id FROM events WHERE profile_id IS NOT NULL")
                .map { try $0.decode(0, as: Int64.self) }
            #expect(members.count == 2)
            let rebuilt = try connection.query("SELECT mosaic_rebuild_recent_events(\(members))")[0].decode(0, as: Int64.self)
            #expect(rebuilt == 0, "a ring differed from the events table")
            // The rebuild does change a ring that is wrong.
            try connection.execute("UPDATE profiles SET recent_events = '[]' WHERE id = \(id)")
            #expect(try connection.query("SELECT mosaic_rebuild_recent_events(\(members))")[0].decode(0, as: Int64.self) == 1)
            #expect(try app.send("GET", "/v1/profiles/\(id)", key: reader).json["recent_events"] == looked.json["recent_events"])

            // A damaged ring counts as empty: the view still answers, with the other member's events.
            let other = try #require(members.first { $0 != id })
            try connection.execute("UPDATE profiles SET recent_events = '{\"not\": \"a ring\"}' WHERE id = \(id)")
            let damaged = try app.send("GET", "/v1/profiles/\(id)", key: reader)
            #expect(damaged.status == 200, "\(damaged)")
            let shown = try #require(damaged.json["recent_events"]?.arrayValue)
            #expect(!shown.isEmpty && shown.count < 10)
            let ofOther = try connection.query("SELECT count(*) FROM events WHERE profile_id = \(other)")[0].decode(0, as: Int64.self)
            #expect(Int64(shown.count) == min(ofOther, 10))

            // The repair `mosaic db rebuild-recent-events` runs mends it, a chunk at a time, and
            // touches nothing else.
            let profiles = try connection.query("SELECT count(*) FROM profiles")[0].decode(0, as: Int.self)
            var chunks = 0
            let repaired = try RecentEventsRepair(conninfo: app.database.conninfo).run(chunkSize: 1) { _ in chunks += 1 }
            #expect(repaired == RecentEventsRepair.Outcome(profiles: profiles, changed: 1))
            #expect(chunks == profiles)
            #expect(try app.send("GET", "/v1/profiles/\(id)", key: reader).json["recent_events"] == looked.json["recent_events"])
            #expect(try RecentEventsRepair(conninfo: app.database.conninfo).run().changed == 0)
        }
    }
}
