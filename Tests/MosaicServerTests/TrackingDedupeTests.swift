import Foundation
import Postgres
import Testing

/// SDKs retry whatever got no answer; `messageId` makes a retry harmless, per source.
@Suite struct TrackingDedupeTests {
    @Test func retriedSingleMessage_isStoredOnce_andFirstVersionWins() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()

        let first = try mosaic.client.post("track", #"{"userId":"u","event":"First","messageId":"dup-1"}"#, key: source.writeKey)
        let retry = try mosaic.client.post("track", #"{"userId":"u","event":"First","messageId":"dup-1"}"#, key: source.writeKey)
        let changed = try mosaic.client.post("track", #"{"userId":"u","event":"Second","messageId":"dup-1"}"#, key: source.writeKey)

        for answer in [first, retry, changed] {
            #expect(answer.status == 200, "\(answer)")
            #expect(answer.rawBody == #"{"success":true}"#)
        }
        let stored = try mosaic.connect().events(source: source.id)
        #expect(stored.map(\.messageID) == ["dup-1"])
        #expect(stored.map(\.name) == ["First"])
    }

    @Test func retriedWholeBatch_isStoredOnce() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let items = (0..<50).map { #"{"type":"track","userId":"u","event":"E","messageId":"rb-\#($0)"}"# }
        let body = #"{"batch":[\#(items.joined(separator: ","))]}"#

        let first = try mosaic.client.post("batch", body, key: source.writeKey)
        let retry = try mosaic.client.post("batch", body, key: source.writeKey)
        // A partial retry: the last half again plus ten new ones.
        let more = (25..<60).map { #"{"type":"track","userId":"u","event":"E","messageId":"rb-\#($0)"}"# }
        let overlap = try mosaic.client.post("batch", #"{"batch":[\#(more.joined(separator: ","))]}"#, key: source.writeKey)

        #expect(first.status == 200, "\(first)")
        #expect(retry.status == 200, "\(retry)")
        #expect(overlap.status == 200, "\(overlap)")
        let connection = try mosaic.connect()
        #expect(try connection.eventCount(source: source.id) == 60)
        let distinct = try connection.query("""
            SELECT count(DISTINCT message_id) FROM events WHERE source_id = \(source.id)
            """)[0].decode(0, as: Int.self)
        #expect(distinct == 60)
        let ids = try connection.query("SELECT count(*) FROM message_ids WHERE source_id = \(source.id)")[0]
            .decode(0, as: Int.self)
        #expect(ids == 60)
    }

    @Test func repeatedMessageIdInsideOneBatch_isStoredOnce() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let body = """
            {"batch":[{"type":"track","userId":"u","event":"E","messageId":"same"},
                      {"type":"track","userId":"u","event":"E","messageId":"same"},
                      {"type":"track","userId":"u","event":"E","messageId":"other"}]}
            """

        let answer = try mosaic.client.post("batch", body, key: source.writeKey)

        #expect(answer.status == 200, "\(answer)")
        #expect(try mosaic.connect().events(source: source.id).map(\.messageID).sorted() == ["other", "same"])
    }

    @Test func sameMessageIdFromTwoSources_isStoredForEach() throws {
        let mosaic = try LiveMosaic.shared()
        let web = try mosaic.makeSource("web")
        let app = try mosaic.makeSource("app")
        let messageID = "shared-\(UUID().uuidString)"
        let body = #"{"userId":"u","event":"E","messageId":"\#(messageID)"}"#

        let fromWeb = try mosaic.client.post("track", body, key: web.writeKey)
        let fromApp = try mosaic.client.post("track", body, key: app.writeKey)

        #expect(fromWeb.status == 200, "\(fromWeb)")
        #expect(fromApp.status == 200, "\(fromApp)")
        let rows = try mosaic.connect().query("""
            SELECT source_id FROM events WHERE message_id = \(messageID) ORDER BY source_id
            """).map { try $0.decode(0, as: Int64.self) }
        #expect(rows == [web.id, app.id].sorted())
    }

    /// Concurrent retries race through the group committer's writers and the ON CONFLICT
    /// dedupe; every one is answered 200 and exactly one row exists.
    @Test func concurrentRetries_allSucceed_andStoreOnce() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let client = mosaic.client
        let key = source.writeKey
        let statuses = StatusLog()
        // Real threads (concurrentPerform would run only one per core), released together.
        let group = DispatchGroup()
        let gate = DispatchSemaphore(value: 0)
        for _ in 0..<12 {
            group.enter()
            Thread {
                gate.wait()
                let answer = try? client.post("track", #"{"userId":"u","event":"E","messageId":"race-1"}"#, key: key)
                statuses.append(answer?.status ?? -1)
                group.leave()
            }.start()
        }
        for _ in 0..<12 { gate.signal() }
        #expect(group.wait(timeout: .now() + 20) == .success)
        #expect(statuses.values == Array(repeating: 200, count: 12))
        #expect(try mosaic.connect().eventCount(source: source.id) == 1)
    }
}
