import Foundation
import MosaicServer
import Postgres
import Testing
import TestSupport

/// Two `mosaic` instances on one database, each with two resolver threads, resolving overlapping
/// identifiers at the same time, must end with the same identity graph as one resolver thread:
/// the same identifiers grouped into the same profiles, no identifier on two profiles, no profile
/// with two user ids.
@Suite(.serialized) struct ConcurrentResolutionTests {
    static let people = 150

    /// Six messages per person that only join up through each other (anonymous browsing, sign-up,
    /// email on another device, alias), shuffled across people so merges race.
    static func items() -> [String] {
        var items: [String] = []
        for p in 0..<people {
            let (a1, a2, a3, u, e) = ("a1-\(p)", "a2-\(p)", "a3-\(p)", "u-\(p)", "person\(p)@example.com")
            items += [
                #"{"type":"track","event":"View","anonymousId":"\#(a1)"}"#,
                #"{"type":"identify","anonymousId":"\#(a1)","userId":"\#(u)"}"#,
                #"{"type":"track","event":"View","anonymousId":"\#(a2)","context":{"traits":{"email":"\#(e.uppercased())"}}}"#,
                #"{"type":"identify","userId":"\#(u)","traits":{"email":"\#(e)","plan":"p\#(p)"}}"#,
                #"{"type":"track","event":"Buy","anonymousId":"\#(a3)","context":{"traits":{"email":"\#(e)"}}}"#,
                #"{"type":"alias","previousId":"\#(a3)","userId":"\#(u)"}"#,
            ]
        }
        var generator = SeededGenerator(seed: 7)
        return items.shuffled(using: &generator)
    }

    static func batches(_ items: [String], size: Int = 40) -> [String] {
        stride(from: 0, to: items.count, by: size).map { start in
            #"{"batch":["# + items[start..<min(start + size, items.count)].joined(separator: ",") + "]}"
        }
    }

    /// The graph as a set of groups: each profile's identifiers, sorted and joined.
    static func groups(_ connection: Connection) throws -> Set<String> {
        Set(try connection.query("""
            SELECT string_agg(type || ':' || value, ',' ORDER BY type, value) FROM identities GROUP BY profile_id
            """).map { try $0.decode(0, as: String.self) })
    }

    static func waitUntilResolved(_ connection: Connection, expected: Int) throws {
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            let row = try connection.query("""
                SELECT (SELECT coalesce(sum(cardinality(event_ids)), 0) FROM pending_batches), (SELECT count(*) FROM events WHERE profile_id IS NOT NULL)
                """)[0]
            if try row.decode(0, as: Int.self) == 0, try row.decode(1, as: Int.self) == expected { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("resolution did not finish in time")
    }

    @Test func twoInstancesOnOneDatabase_buildTheSameGraphAsOne() throws {
        let items = Self.items()
        let batches = Self.batches(items)

        // The reference: one resolver thread in one instance. The pair below runs two threads
        // each (the default): one each while the batches arrive, and all four side by side once
        // ingestion is quiet (the second threads stand aside while it is busy).
        let single = try LiveMosaic(conninfo: try TestDatabase.create(prefix: "resolve_single").conninfo, configure: {
            $0.identity.resolverBatch = 25
            $0.identity.resolverWorkers = 1
        })
        defer { single.stop() }
        let singleKey = try single.makeSource().writeKey
        for batch in batches {
            #expect(try single.client.post("batch", batch, key: singleKey).status == 200)
        }
        let reference = try single.connect()
        try Self.waitUntilResolved(reference, expected: items.count)

        let shared = try TestDatabase.create(prefix: "resolve_pair").conninfo
        let first = try LiveMosaic(conninfo: shared, configure: { $0.identity.resolverBatch = 25 })
        defer { first.stop() }
        let second = try LiveMosaic(conninfo: shared, configure: { $0.identity.resolverBatch = 25 })
        defer { second.stop() }
        let key = try first.makeSource().writeKey
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            let instance = lane == 0 ? first : second
            for (index, batch) in batches.enumerated() where index % 2 == lane {
                if (try? instance.client.post("batch", batch, key: key).status) != 200 { failures.increment() }
            }
        }
        #expect(failures.value == 0)
        let pair = try first.connect()
        try Self.waitUntilResolved(pair, expected: items.count)

        let expected = try Self.groups(reference)
        #expect(expected.count == Self.people)
        #expect(try Self.groups(pair) == expected)
        let doubleUsers = try pair.query("""
            SELECT count(*) FROM (SELECT profile_id FROM identities WHERE type = 'user_id'
                                  GROUP BY profile_id HAVING count(*) > 1) AS t
            """)[0].decode(0, as: Int.self)
        #expect(doubleUsers == 0)
        // Every event points (through merged_into) at the live profile holding its user.
        let stray = try pair.query("""
            SELECT count(*) FROM events e JOIN profiles p ON p.id = e.profile_id
            JOIN identities i ON i.type = 'user_id' AND i.value = e.user_id
            WHERE coalesce(p.merged_into, p.id) <> i.profile_id
            """)[0].decode(0, as: Int.self)
        #expect(stray == 0)
    }
}

/// A deterministic shuffle, so a failure can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        var x = state
        x ^= x >> 33
        x = x &* 0xff51_afd7_ed55_8ccd
        return x ^ (x >> 33)
    }
}

/// A thread-safe tally for the load lanes.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
