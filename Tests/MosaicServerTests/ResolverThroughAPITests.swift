import Foundation
import Postgres
import Testing

/// Identity resolution seen from the outside: events in through the tracking API, the graph
/// read from the tables once the resolver has drained `pending_batches` for the source.
@Suite struct ResolverThroughAPITests {
    /// Sends one message, expects 200, and waits until the resolver has taken it.
    private func send(_ mosaic: LiveMosaic, _ source: TestSource, _ endpoint: String, _ body: String) throws {
        let answer = try mosaic.client.post(endpoint, body, key: source.writeKey)
        try #require(answer.status == 200, "\(answer)")
        try #require(try mosaic.connect().waitUntilResolved(source: source.id), "resolver did not drain within 10 s")
    }

    private static func unique() -> String { UUID().uuidString.prefix(8).lowercased() }

    /// Runs `body` again when PostgreSQL picked it as a deadlock's victim (up to 5 times).
    private static func retryingDeadlocks(_ body: () throws -> Void) throws {
        for attempt in 1... {
            do { return try body() } catch let error as PostgresError where error.sqlState == .deadlockDetected && attempt < 5 {
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
            }
        }
    }

    /// An event that always fails to resolve is set aside (recorded in `identity_decisions`)
    /// and the events committed with it, before and after, are still resolved: the resolver steps
    /// through the failed batch one event at a time. A conflict that never ends (a unique
    /// violation on every attempt) is set aside too, after its rounds of retries, rather than
    /// blocking the queue.
    @Test(arguments: ["raise_exception", "unique_violation"])
    func poisonousEvent_isQuarantined_andItsBatchmatesResolve(errcode: String) throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let tag = Self.unique()
        let poison = "poison.\(tag)@example.com"
        let connection = try mosaic.connect()
        // The database refuses this one email: a stand-in for any failure tied to one event.
        try Self.refusingIdentity(poison, tag: tag, on: connection, errcode: errcode) {
            try Self.sendBetweenTwo(email: poison, as: "p", tag: tag, mosaic: mosaic, source: source)

            #expect(try connection.profile(holding: "user_id", "a-\(tag)") != nil)
            #expect(try connection.profile(holding: "user_id", "b-\(tag)") != nil)
            #expect(try connection.profile(holding: "user_id", "p-\(tag)") == nil)
            let reasons = try connection.query("""
                SELECT d.reason FROM identity_decisions d JOIN events e ON e.id = d.event_id
                WHERE e.source_id = \(source.id) AND e.message_id = \("p-" + tag)
                """).map { try $0.decode(0, as: String.self) }
            #expect(reasons.count == 1)
            #expect(reasons.first?.hasPrefix("resolver_error") == true, "\(reasons)")
        }
    }

    /// Sends one batch of three identifies, users `a-`, `<user>-` (with `email`) and `b-` plus
    /// `tag`, and waits until the resolver has taken them all (30 s at most).
    private static func sendBetweenTwo(email: String, as user: String, tag: String,
                                       mosaic: LiveMosaic, source: TestSource) throws {
        let batch = #"{"batch":["#
            + #"{"type":"identify","userId":"a-\#(tag)","messageId":"a-\#(tag)"},"#
            + #"{"type":"identify","userId":"\#(user)-\#(tag)","traits":{"email":"\#(email)"},"messageId":"\#(user)-\#(tag)"},"#
            + #"{"type":"identify","userId":"b-\#(tag)","messageId":"b-\#(tag)"}]}"#
        let answer = try mosaic.client.post("batch", batch, key: source.writeKey)
        try #require(answer.status == 200, "\(answer)")
        #expect(try mosaic.connect().waitUntilResolved(source: source.id, timeout: .seconds(30)))
    }

    /// Runs `body` while the database refuses to store `value` as an identity: always, or only
    /// the first `times` attempts (counted by a sequence, which rollbacks do not undo), raising
    /// `errcode`. A stand-in for any failure tied to one event.
    private static func refusingIdentity(_ value: String, tag: String, on connection: Connection, times: Int? = nil,
                                         errcode: String = "raise_exception", _ body: () throws -> Void) throws {
        let counted = times.map { "IF nextval('refusals_\(tag)') > \($0) THEN RETURN NEW; END IF;" } ?? ""
        // DDL on a database other suites are resolving in can lose a deadlock to them: retry it.
        try retryingDeadlocks { try connection.execute(unsafeSQL: """
            CREATE SEQUENCE refusals_\(tag);
            CREATE FUNCTION refuse_\(tag)() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.value = '\(value)' THEN
                    \(counted)
                    RAISE EXCEPTION 'refused for the test' USING ERRCODE = '\(errcode)';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_\(tag) BEFORE INSERT ON identities FOR EACH ROW EXECUTE FUNCTION refuse_\(tag)();
            """) }
        defer {
            try? retryingDeadlocks {
                try connection.execute(unsafeSQL: """
                    DROP TRIGGER refuse_\(tag) ON identities; DROP FUNCTION refuse_\(tag)(); DROP SEQUENCE refusals_\(tag)
                    """)
            }
        }
        try body()
    }

    /// An event that keeps losing races (here a unique violation, 60 times: more than a batch and
    /// a single step retry, 12 each, per resolver thread) is not quarantined: a race is not the
    /// event's fault, so its single step goes again until the conflict ends.
    @Test func eventLosingRacesForAWhile_isResolved_notQuarantined() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let tag = Self.unique()
        let contested = "contested.\(tag)@example.com"
        let connection = try mosaic.connect()
        let refusals = 60
        try Self.refusingIdentity(contested, tag: tag, on: connection, times: refusals, errcode: "unique_violation") {
            try Self.sendBetweenTwo(email: contested, as: "c", tag: tag, mosaic: mosaic, source: source)
            // Every refusal was met: the event lost more single steps in a row than one.
            let used = try connection.query(Query(unsafeSQL: "SELECT last_value FROM refusals_\(tag)")).map { try $0.decode(0, as: Int64.self) }
            #expect(used.first.map { $0 > refusals } == true, "\(used)")
        }
        let profile = try connection.profile(holding: "user_id", "c-\(tag)")
        #expect(profile != nil)
        #expect(profile == (try connection.profile(holding: "email", contested)))
        #expect(try connection.profile(holding: "user_id", "a-\(tag)") != nil)
        #expect(try connection.profile(holding: "user_id", "b-\(tag)") != nil)
        let decisions = try connection.query("""
            SELECT count(*) FROM identity_decisions d JOIN events e ON e.id = d.event_id
            WHERE e.source_id = \(source.id) AND e.message_id = \("c-" + tag)
            """).map { try $0.decode(0, as: Int64.self) }
        #expect(decisions == [0])
    }

    /// First and last seen span the event times of everything resolved to the profile, whatever
    /// order the events arrive in, and of the profiles merged into it; `updated_at` moves with
    /// each resolved batch.
    @Test func firstAndLastSeen_spanTheEventTimes_inAnyArrivalOrder() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let anon = "seen-\(Self.unique())"
        func track(_ n: Int, _ time: String) -> String {
            #"{"type":"track","anonymousId":"\#(anon)","event":"E\#(n)","messageId":"\#(anon)-\#(n)","timestamp":"\#(time)"}"#
        }
        let first = [track(1, "2026-11-10T12:00:00Z"), track(2, "2026-11-09T08:30:00Z"), track(3, "2026-11-11T18:45:00Z")]
        let answer = try mosaic.client.post("batch", #"{"batch":[\#(first.joined(separator: ","))]}"#, key: source.writeKey)
        try #require(answer.status == 200, "\(answer)")
        let connection = try mosaic.connect()
        try #require(try connection.waitUntilResolved(source: source.id))
        let id = try #require(try connection.profile(holding: "anonymous_id", anon))
        func span() throws -> [Date?] {
            try connection.query("SELECT first_seen_at, last_seen_at, updated_at FROM profiles WHERE id = \(id)")
                .map { [try $0.decode(0, as: Date?.self), try $0.decode(1, as: Date?.self), try $0.decode(2, as: Date?.self)] }[0]
        }
        let iso = ISO8601DateFormatter()
        let before = try span()
        #expect(before[0] == iso.date(from: "2026-11-09T08:30:00Z"))
        #expect(before[1] == iso.date(from: "2026-11-11T18:45:00Z"))

        try send(mosaic, source, "track", track(4, "2026-11-01T00:00:00Z"))
        let after = try span()
        #expect(after[0] == iso.date(from: "2026-11-01T00:00:00Z"))
        #expect(after[1] == before[1])
        #expect(try #require(after[2]) > (try #require(before[2])))

        // A newer profile seen earlier (2026-10-15) merges into this one: the span takes it in.
        let other = anon + "-b", user = anon + "-u"
        try send(mosaic, source, "track", #"{"type":"track","anonymousId":"\#(other)","event":"Old","messageId":"\#(other)-1","timestamp":"2026-10-15T09:00:00Z"}"#)
        try send(mosaic, source, "identify", #"{"type":"identify","userId":"\#(user)","anonymousId":"\#(other)","messageId":"\#(other)-2","timestamp":"2026-11-05T00:00:00Z"}"#)
        try send(mosaic, source, "identify", #"{"type":"identify","userId":"\#(user)","anonymousId":"\#(anon)","messageId":"\#(other)-3","timestamp":"2026-11-05T00:00:01Z"}"#)
        #expect(try connection.profile(holding: "anonymous_id", other) == id, "the older profile wins the merge")
        let merged = try span()
        #expect(merged[0] == iso.date(from: "2026-10-15T09:00:00Z"))
        #expect(merged[1] == before[1])
    }

    @Test func identifyThenAnonymousTrackWithSameEmail_isOneProfile() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let tag = Self.unique()
        let email = "ana.\(tag)@example.com"

        try send(mosaic, source, "identify", #"{"userId":"user-\#(tag)","traits":{"email":"\#(email)"}}"#)
        // The same email, differently cased and padded, as SDKs put it in context.traits.
        try send(mosaic, source, "track",
                 #"{"anonymousId":"anon-\#(tag)","event":"Viewed","context":{"traits":{"email":"  Ana.\#(tag)@EXAMPLE.com "}}}"#)

        let connection = try mosaic.connect()
        let profiles = try connection.liveProfiles(source: source.id)
        #expect(profiles.count == 2)
        let profile = try #require(profiles.first ?? nil)
        #expect(profiles == [profile, profile])
        #expect(try connection.profile(holding: "user_id", "user-\(tag)") == profile)
        #expect(try connection.profile(holding: "email", email) == profile)
        #expect(try connection.profile(holding: "anonymous_id", "anon-\(tag)") == profile)
    }

    @Test func anonymousHistory_mergesIntoTheKnownCustomer() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let tag = Self.unique()

        try send(mosaic, source, "page", #"{"anonymousId":"anon-\#(tag)","name":"Home"}"#)
        try send(mosaic, source, "identify", #"{"userId":"user-\#(tag)","traits":{"email":"bo.\#(tag)@example.com"}}"#)
        let connection = try mosaic.connect()
        let before = try connection.liveProfiles(source: source.id)
        try #require(before.count == 2 && before[0] != nil && before[0] != before[1], "two people before the link: \(before)")
        try send(mosaic, source, "track",
                 #"{"anonymousId":"anon-\#(tag)","event":"Signed In","context":{"traits":{"email":"bo.\#(tag)@example.com"}}}"#)

        let after = try connection.liveProfiles(source: source.id)
        let profile = try #require(after.last ?? nil)
        #expect(after == [profile, profile, profile])
        #expect(try connection.mergeCount(involving: before.compactMap { $0 }) == 1)
        #expect(try connection.profile(holding: "anonymous_id", "anon-\(tag)") == profile)
        #expect(try connection.profile(holding: "user_id", "user-\(tag)") == profile)
    }

    @Test func twoUserIdsSharingAPhone_stayTwoProfiles() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let tag = Self.unique()
        let line = String(format: "%04d", Int.random(in: 1000...9999))

        try send(mosaic, source, "identify", #"{"userId":"mom-\#(tag)","traits":{"phone":"+1 (212) 736-\#(line)"}}"#)
        try send(mosaic, source, "identify", #"{"userId":"son-\#(tag)","traits":{"phone":"212.736.\#(line)"}}"#)

        let connection = try mosaic.connect()
        let mom = try #require(try connection.profile(holding: "user_id", "mom-\(tag)"))
        let son = try #require(try connection.profile(holding: "user_id", "son-\(tag)"))
        #expect(mom != son)
        #expect(try connection.liveProfiles(source: source.id) == [mom, son])
        #expect(try connection.mergeCount(involving: [mom, son]) == 0)
        // The phone stays with the first holder; the second message's copy is recorded as dropped.
        #expect(try connection.profile(holding: "phone", "+1212736\(line)") == mom)
        let decisions = try connection.query("""
            SELECT count(*) FROM identity_decisions WHERE identifier_type = 'phone' AND identifier_value = \("+1212736" + line)
            """)[0].decode(0, as: Int.self)
        #expect(decisions >= 1)
    }

    @Test func junkEmail_mergesNothing() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let tag = Self.unique()

        try send(mosaic, source, "identify", #"{"anonymousId":"j1-\#(tag)","traits":{"email":"test@test.com"}}"#)
        try send(mosaic, source, "track",
                 #"{"anonymousId":"j2-\#(tag)","event":"E","context":{"traits":{"email":" TEST@test.com"}}}"#)
        try send(mosaic, source, "identify", #"{"userId":"j3-\#(tag)","traits":{"email":"test@test.com"}}"#)

        let connection = try mosaic.connect()
        let profiles = try connection.liveProfiles(source: source.id)
        #expect(profiles.count == 3)
        #expect(Set(profiles.compactMap { $0 }).count == 3, "junk email joined people: \(profiles)")
        #expect(try connection.profile(holding: "email", "test@test.com") == nil)
        #expect(try connection.mergeCount(involving: profiles.compactMap { $0 }) == 0)
    }
}
