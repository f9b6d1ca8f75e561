import Foundation
import Testing
import MosaicCore

/// Sessions, page views and the bounded 35-day window behind `sessions_30d` / `page_views_30d`.
struct ActivityWindowTests {
    static func view(_ steps: [HistoryStep], now: String) -> JSONValue {
        HistoryStep.traits(steps).snapshot(now: OrderFixtures.date(now))
    }

    static func sessions(_ steps: [HistoryStep], now: String = "2024-04-02T00:00:00Z") -> JSONValue? {
        view(steps, now: now)["sessions_30d"]
    }

    /// (minutes after the first event, expected sessions)
    static let gapRows: [([Int], Int64)] = [
        ([0, 29, 59], 1),  // gaps of 29 and 30 minutes: one session
        ([0, 31], 2),  // more than 30 minutes: a new session
        ([0, 30, 61, 92], 3),  // 30 joins, 31 splits twice: 0–30 | 61 | 92
        ([0, 10, 200, 205, 500], 3),
        ([500, 0, 205, 10, 200], 3),  // any order
    ]

    @Test(arguments: gapRows)
    func inactivityGap_splitsSessions(_ minutes: [Int], _ expected: Int64) {
        let base = OrderFixtures.date("2024-04-01T08:00:00Z")
        let steps = minutes.map { minute in
            HistoryStep.event(ActivityEvent(kind: .page, timestamp: base.addingTimeInterval(Double(minute) * 60)))
        }
        #expect(Self.sessions(steps) == .int(expected))
    }

    @Test func lateEvent_bridgesTwoSessions() {
        let apart: [HistoryStep] = [.page("2024-04-01T10:00:00Z"), .page("2024-04-01T11:00:00Z")]
        #expect(Self.sessions(apart) == 2)
        #expect(Self.sessions(apart + [.track("2024-04-01T10:30:00Z")]) == 1)
    }

    @Test func sessionAcrossMidnight_countsOnce() {
        #expect(Self.sessions([.page("2024-03-31T23:50:00Z"), .page("2024-04-01T00:10:00Z")]) == 1)
    }

    @Test func clientSessionID_groupsRegardlessOfGaps() {
        let steps: [HistoryStep] = [
            .track("2024-04-01T08:00:00Z", session: "s1"), .page("2024-04-01T13:00:00Z", session: "s1"),
            .page("2024-04-01T09:00:00Z", session: "s2"),
            // No id: its own inactivity session, even at the same time as s1.
            .page("2024-04-01T08:00:00Z"),
        ]
        #expect(Self.sessions(steps) == 3)
    }

    @Test func identifyAndGroup_updateLastSeenButMakeNoSession() {
        let steps: [HistoryStep] = [
            .event(ActivityEvent(kind: .identify, timestamp: OrderFixtures.date("2024-04-01T08:00:00Z"))),
            .event(ActivityEvent(kind: .group, timestamp: OrderFixtures.date("2024-04-01T09:00:00Z"))),
        ]
        let view = Self.view(steps, now: "2024-04-02T00:00:00Z")
        #expect(view["sessions_30d"] == 0)
        #expect(view["page_views_30d"] == 0)
        #expect(view["last_seen_at"] == "2024-04-01T09:00:00.000Z")
    }

    @Test(arguments: [
        ("2024-03-03T00:00:00Z", Int64(1)),  // 29 days before "now"'s day: inside the 30 days
        ("2024-03-02T23:59:59Z", 0),  // 30 days before: outside
        ("2024-04-01T23:59:59Z", 1),  // today
    ])
    func thirtyDayRead_window(_ time: String, _ expected: Int64) {
        let view = Self.view([.page(time)], now: "2024-04-01T12:00:00Z")
        #expect(view["page_views_30d"] == .int(expected))
        #expect(view["sessions_30d"] == .int(expected))
    }

    @Test func newerEvent_prunesOldDays() throws {
        let old: [HistoryStep] = [.page("2024-01-01T10:00:00Z"), .page("2024-01-01T10:05:00Z")]
        #expect(Self.view(old, now: "2024-01-02T00:00:00Z")["page_views_30d"] == 2)
        let later = old + [.page("2024-02-10T10:00:00Z")]
        // Even read "as of" January, the January buckets are gone: the window follows the newest event.
        #expect(Self.view(later, now: "2024-01-02T00:00:00Z")["page_views_30d"] == 0)
        #expect(Self.view(later, now: "2024-01-02T00:00:00Z")["sessions_30d"] == 0)
        let stored = HistoryStep.traits(later).stored
        #expect(stored["pv"]?.arrayValue?.count == 1)
        #expect(stored["s"]?.arrayValue?.count == 1)
    }

    /// A session straddling the cutoff, and an older event that belonged to it: whichever
    /// order they arrive in, the stored state is the same.
    @Test func straddlingSession_isCanonicalInEveryOrder() {
        let steps: [HistoryStep] = [
            .page("2024-03-31T23:30:00Z"), .page("2024-03-31T23:50:00Z"), .page("2024-04-01T00:10:00Z"),
            // Newest day 2024-05-05: the window starts 2024-04-01.
            .page("2024-05-05T12:00:00Z"),
        ]
        let reference = HistoryStep.traits(steps)
        for permutation in Self.permutations(of: Array(steps.indices)) {
            let traits = HistoryStep.traits(permutation.map { steps[$0] })
            #expect(traits == reference, "order \(permutation)")
        }
        #expect(reference.stored["s"] == [[.int(EpochMillis.of("2024-04-01T00:00:00Z")), .int(EpochMillis.of("2024-04-01T00:10:00Z"))],
                                           [.int(EpochMillis.of("2024-05-05T12:00:00Z")), .int(EpochMillis.of("2024-05-05T12:00:00Z"))]])
    }

    /// Events clustered around midnights over 50 days, so the moving cutoff keeps cutting
    /// sessions; every shuffle must give the state of the sorted order.
    @Test(arguments: Array(UInt64(1)...UInt64(40)))
    func aroundTheCutoff_anyOrderGivesTheSameState(_ seed: UInt64) {
        var generator = SeededGenerator(state: seed)
        let base = EpochMillis.of("2024-03-01T00:00:00Z")
        var steps: [HistoryStep] = []
        for _ in 0..<80 {
            let day = Int64.random(in: 0...50, using: &generator)
            let minutes = Int64.random(in: -70...70, using: &generator)
            let millis = base + day * 86_400_000 + minutes * 60_000
            let session: String? = Int.random(in: 0..<5, using: &generator) == 0 ? "k\(day % 3)" : nil
            let kind: MessageType = Bool.random(using: &generator) ? .page : .track
            steps.append(.event(ActivityEvent(kind: kind, timestamp: Date(timeIntervalSince1970: Double(millis) / 1000), sessionID: session)))
        }
        let sorted = steps.sorted { lhs, rhs in
            guard case .event(let l) = lhs, case .event(let r) = rhs else { return false }
            return l.timestamp < r.timestamp
        }
        let reference = HistoryStep.traits(sorted)
        for _ in 0..<5 {
            #expect(HistoryStep.traits(steps.shuffled(using: &generator)) == reference)
        }
        var merged = HistoryStep.traits(Array(steps.prefix(40)))
        merged.merge(with: HistoryStep.traits(Array(steps.dropFirst(40))))
        #expect(merged == reference)
    }

    @Test func stateStaysBounded_overAYear() {
        var traits = ComputedTraits()
        let start = OrderFixtures.date("2023-01-01T00:00:00Z")
        // A page view every 61 minutes for a year: every one its own session.
        for hour in 0..<(365 * 24) {
            traits.apply(event: ActivityEvent(kind: .page, timestamp: start.addingTimeInterval(Double(hour) * 61 * 60)))
        }
        for index in 0..<1_000 {
            traits.apply(event: ActivityEvent(kind: .track, timestamp: start.addingTimeInterval(371 * 86_400), sessionID: "id-\(index)"))
        }
        let stored = traits.stored
        #expect((stored["pv"]?.arrayValue?.count ?? 0) <= 35)
        #expect((stored["s"]?.arrayValue?.count ?? 0) <= 35 * 24)
        #expect(stored["ks"]?.objectValue?.count == ActivityWindow.maxKeyedSessions)
        #expect(stored.serializedByteCount < 64 * 1024)
    }

    @Test func sessionIDFromMessageContext() throws {
        let text = try MessageFixtures.single(#"{"userId":"u","event":"E","context":{"sessionId":"abc"}}"#, .track)
        #expect(ActivityEvent(message: text).sessionID == "abc")
        let number = try MessageFixtures.single(#"{"userId":"u","name":"Home","context":{"sessionId":1712345678901}}"#, .page)
        #expect(ActivityEvent(message: number).sessionID == "1712345678901")
        #expect(ActivityEvent(message: number).kind == .page)
        #expect(ActivityEvent(message: number).name == "Home")
        let long = try MessageFixtures.single(#"{"userId":"u","event":"E","context":{"sessionId":"\#(String(repeating: "é", count: 100))"}}"#, .track)
        #expect((ActivityEvent(message: long).sessionID?.utf8.count ?? 0) <= 64)
        let none = try MessageFixtures.single(#"{"userId":"u","event":"E","context":{"sessionId":{}}}"#, .track)
        #expect(ActivityEvent(message: none).sessionID == nil)
    }

    @Test func futureTimestamp_isCappedAtReceipt() throws {
        let message = try MessageFixtures.single(#"{"userId":"u","event":"E","timestamp":"2030-01-01T00:00:00Z"}"#, .track)
        #expect(ActivityEvent(message: message).timestamp == MessageFixtures.receivedAt)
        let past = try MessageFixtures.single(#"{"userId":"u","event":"E","timestamp":"2024-01-10T00:00:00Z"}"#, .track)
        #expect(ActivityEvent(message: past).timestamp == MessageFixtures.date("2024-01-10T00:00:00Z"))
    }

    static func permutations(of items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index -> [[Int]] in
            var rest = items
            let head = rest.remove(at: index)
            return permutations(of: rest).map { [head] + $0 }
        }
    }
}
