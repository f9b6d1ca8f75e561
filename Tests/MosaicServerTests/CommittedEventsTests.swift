import Foundation
import MosaicCore
@testable import MosaicServer
import Postgres
import Testing
import TestSupport

/// The in-memory hand-off of committed events to the resolver: bounded, taken once, and the
/// same event the resolver would have read back from the table.
@Suite struct CommittedEventsTests {
    static func row(_ messageID: String, body: String = "{}") -> EventRow {
        EventRow(sourceID: 1, messageID: messageID, type: "track", name: "", anonymousID: "a", userID: "",
                 timestamp: Date(), receivedAt: Date(), body: Array(body.utf8))
    }

    @Test func anEntry_isTakenOnce_andRowsNotStoredAreNotHeld() {
        let committed = CommittedEvents(capacity: 10)
        committed.add([Self.row("a"), Self.row("retry"), Self.row("b")], ids: [1, nil, 2])
        #expect(committed.count == 2)
        let taken = committed.take([1, 3])
        #expect(taken.keys.sorted() == [1])
        #expect(taken[1]?.messageID == "a")
        #expect(committed.take([1]).isEmpty, "taken already")
        #expect(committed.take([2]).keys.sorted() == [2])
        #expect(committed.count == 0)
    }

    /// When full, new entries are not kept: a lagging resolver takes the oldest events next.
    @Test func whenFull_newEntriesAreNotKept() {
        let committed = CommittedEvents(capacity: 3)
        committed.add((1...5).map { Self.row("m\($0)") }, ids: (1...5).map { Int64($0) })
        #expect(committed.count == 3)
        #expect(committed.take([1, 2, 3, 4, 5]).keys.sorted() == [1, 2, 3])
        committed.add([Self.row("m6")], ids: [6])
        #expect(committed.take([6]).keys.sorted() == [6], "room again once taken")
        let off = CommittedEvents(capacity: 0)
        off.add([Self.row("x")], ids: [1])
        #expect(off.count == 0, "capacity 0 holds nothing (resolver off)")
    }

    /// An entry never taken (another instance resolved its events) goes once it is old, so it
    /// cannot fill the cache for good.
    @Test func entriesNeverTaken_goWhenOld() {
        let committed = CommittedEvents(capacity: 2, maxAge: .milliseconds(50))
        committed.add([Self.row("orphan-1"), Self.row("orphan-2")], ids: [1, 2])
        committed.add([Self.row("new")], ids: [3])
        #expect(committed.take([3]).isEmpty, "full of orphans: not kept")
        Thread.sleep(forTimeInterval: 0.1)
        committed.add([Self.row("later")], ids: [4])
        #expect(committed.take([4]).keys.sorted() == [4])
        #expect(committed.take([1, 2]).isEmpty, "the orphans aged out")
    }

    /// Entries taken as they come leave the order list bounded too.
    @Test func takenAsTheyCome_staysEmpty() {
        let committed = CommittedEvents(capacity: 4)
        for id in Int64(1)...200 {
            committed.add([Self.row("m\(id)")], ids: [id])
            #expect(committed.take([id]).count == 1)
        }
        #expect(committed.count == 0)
    }

    /// What the resolver gets from memory equals what it reads from `events` for the same row:
    /// ids, dates to the microsecond (received "now", so with sub-microsecond digits), names,
    /// and the body as JSON (numbers, escapes, a duplicated key, non-ASCII text).
    @Test func fromMemory_equalsFromTheTable() throws {
        let database = try TestDatabase.create(prefix: "committed")
        let connection = try Connection(database.conninfo)
        try Migrator(directory: Repository.migrations).migrate(on: connection)
        try EventStore.ensurePartitions(on: connection)
        let bodies = [
            #"{"type":"track","event":"Bought","userId":"u-1","messageId":"c-1","properties":{"price":1.50,"n":1e3,"big":12345678901234567890,"neg":-0.0,"s":"tab\there \"q\" \u00e9 😀","x":1,"x":2},"timestamp":"2026-11-23T10:00:00.123Z"}"#,
            #"{"type":"page","name":"Home","anonymousId":"a-1","messageId":"c-2","sentAt":"2026-11-23T10:00:01.000Z","originalTimestamp":"2026-11-23T10:00:00.500Z"}"#,
            #"{"type":"identify","userId":"u-1","messageId":"c-3","traits":{"email":"Zoë@Example.com","tags":["a",null,true]}}"#,
        ]
        var rows: [EventRow] = []
        for body in bodies {
            let type = try #require(JSONValue.parse(body).objectValue?["type"]?.stringValue.flatMap(MessageType.init))
            let parsed = try MessageParser.parse(body: Array(body.utf8), endpoint: type, receivedAt: Date(),
                                                 limits: MessageLimits())
            rows += parsed.accepted.map { EventRow(message: $0.message, sourceID: 7) }
        }
        #expect(rows.count == 3)
        let ids = try EventStore.insert(rows, ids: EventIDBlock().take(rows.count, on: connection), on: connection)
            .compactMap { $0 }
        #expect(ids.count == 3)
        let committed = CommittedEvents()
        committed.add(rows, ids: ids)
        let fromMemory = Resolver.fromMemory(committed.take(ids))
        let fromTable = try Resolver.read(ids: ids, receivedAts: rows.map(\.receivedAt), on: connection)
        #expect(fromMemory.count == 3 && fromTable.count == 3)
        for (id, memory) in fromMemory {
            let table = try #require(fromTable.first { $0.id == id }?.row)
            #expect(memory.sourceID == table.sourceID && memory.messageID == table.messageID)
            #expect(memory.timestamp == table.timestamp, "timestamp of \(memory.messageID)")
            #expect(memory.receivedAt == table.receivedAt, "receivedAt of \(memory.messageID)")
            #expect(memory.type == table.type && memory.name == table.name)
            #expect(memory.anonymousID == table.anonymousID && memory.userID == table.userID)
            #expect(try JSONValue.parse(memory.body) == JSONValue.parse(table.body), "body of \(memory.messageID)")
        }
    }
}
