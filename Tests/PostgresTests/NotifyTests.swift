import Foundation
import Postgres
import Testing
import TestSupport

@Suite struct NotifyTests {
    let db: TestDatabase
    init() throws { db = try TestDatabase.create(prefix: "notify") }

    @Test func deliversAcrossConnections() throws {
        let listener = try db.connect()
        let sender = try db.connect()
        try listener.listen("profile changes")
        try sender.notify("profile changes", payload: "id=1 'quoted' ü")
        try sender.notify("other", payload: "ignored")
        let received = try listener.waitForNotifications(timeout: .seconds(5))
        #expect(received.count == 1)
        #expect(received.first?.channel == "profile changes")
        #expect(received.first?.payload == "id=1 'quoted' ü")
        #expect(received.first?.senderPID == sender.backendPID)
    }

    @Test func timesOutWithNothing() throws {
        let listener = try db.connect()
        try listener.listen("quiet")
        let started = ContinuousClock.now
        let received = try listener.waitForNotifications(timeout: .milliseconds(200))
        #expect(received.isEmpty)
        #expect(ContinuousClock.now - started >= .milliseconds(190))
    }

    @Test func notifyInTransactionArrivesAtCommit() throws {
        let listener = try db.connect()
        let sender = try db.connect()
        try listener.listen("tx")
        try sender.withTransaction { tx in
            try tx.notify("tx", payload: "one")
            try tx.notify("tx", payload: "two")
            #expect(try listener.waitForNotifications(timeout: .milliseconds(100)).isEmpty)
        }
        var payloads: [String] = []
        while payloads.count < 2 {
            let batch = try listener.waitForNotifications(timeout: .seconds(5))
            if batch.isEmpty { break }
            payloads += batch.map(\.payload)
        }
        #expect(payloads == ["one", "two"])
    }

    @Test func waitingThreadIsWokenByNotify() throws {
        let listener = try db.connect()
        try listener.listen("wake")
        let sender = try db.connect()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { try? sender.notify("wake", payload: "now") }
        let started = ContinuousClock.now
        let received = try listener.waitForNotifications(timeout: .seconds(10))
        #expect(received.map(\.payload) == ["now"])
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
