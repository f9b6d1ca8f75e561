import Foundation
@testable import MosaicServer
import Postgres
import Testing
import TestSupport

/// The group committer's insert: rows go under the ids reserved for them, a retried or
/// repeated message id is stored once, and only stored rows are queued for the resolver.
@Suite struct EventStoreTests {
    private static func migrated(_ prefix: String) throws -> (TestDatabase, Connection) {
        let database = try TestDatabase.create(prefix: prefix)
        let connection = try Connection(database.conninfo)
        try Migrator(directory: Repository.migrations).migrate(on: connection)
        try EventStore.ensurePartitions(on: connection)
        return (database, connection)
    }

    private static func row(_ messageID: String, source: Int64 = 1) -> EventRow {
        EventRow(sourceID: source, messageID: messageID, type: "track", name: "Viewed", anonymousID: "a-1", userID: "",
                 timestamp: Date(), receivedAt: Date(), body: Array(#"{"messageId":"\#(messageID)"}"#.utf8))
    }

    private static func queued(on connection: Connection) throws -> [Int64] {
        try connection.query("SELECT unnest(event_ids) FROM pending_batches ORDER BY 1").map { try $0.decode(0, as: Int64.self) }
    }

    @Test func reservedIds_areDistinct_ascendingPerBlock_andSpanBlocks() throws {
        let (database, connection) = try Self.migrated("idblock")
        _ = database
        let block = EventIDBlock(size: 4)
        let first = try block.take(3, on: connection)
        let second = try block.take(3, on: connection)
        let large = try block.take(10, on: connection)
        let all = first + second + large
        #expect(all.count == 16)
        #expect(Set(all).count == 16, "no id given twice")
        #expect(first == first.sorted() && large == large.sorted())
        #expect(second[0] == first[2] + 1, "the rest of a block comes first")
        #expect(try block.next(on: connection) > all.max()!)
    }

    @Test func newRows_areStoredUnderTheirIds_andQueued() throws {
        let (database, connection) = try Self.migrated("evinsert")
        _ = database
        let rows = [Self.row("m-1"), Self.row("m-2"), Self.row("m-3")]
        let ids: [Int64] = [101, 102, 103]
        #expect(try EventStore.insert(rows, ids: ids, on: connection) == [101, 102, 103])
        let stored = try connection.query("SELECT id, message_id, name, user_id FROM events ORDER BY id")
            .map { (try $0.decode(0, as: Int64.self), try $0.decode(1, as: String.self),
                    try $0.decode(2, as: String?.self), try $0.decode(3, as: String?.self)) }
        #expect(stored.map(\.0) == ids && stored.map(\.1) == ["m-1", "m-2", "m-3"])
        #expect(stored.allSatisfy { $0.2 == "Viewed" && $0.3 == nil }, "empty user id stored as NULL")
        #expect(try Self.queued(on: connection) == ids)
    }

    /// A retried message and a repeat inside the batch are skipped (the first of repeats wins);
    /// the same message id from another source is a different message.
    @Test func retriesAndRepeats_areStoredOnce_andNotQueued() throws {
        let (database, connection) = try Self.migrated("evdedupe")
        _ = database
        try EventStore.insert([Self.row("seen")], ids: [1], on: connection)
        let rows = [Self.row("new-1"), Self.row("seen"), Self.row("new-1"), Self.row("seen", source: 2), Self.row("new-2")]
        let result = try EventStore.insert(rows, ids: [11, 12, 13, 14, 15], on: connection)
        #expect(result == [11, nil, nil, 14, 15])
        #expect(try connection.query("SELECT count(*) FROM events").first!.decode(0, as: Int.self) == 4)
        #expect(try Self.queued(on: connection) == [1, 11, 14, 15])
        #expect(try EventStore.insert([Self.row("seen")], ids: [21], on: connection) == [nil], "all retries: nothing stored")
        #expect(try Self.queued(on: connection) == [1, 11, 14, 15], "no empty pending batch")
    }
}
