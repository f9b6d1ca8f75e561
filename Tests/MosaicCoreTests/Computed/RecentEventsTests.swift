import Foundation
import Testing
@testable import MosaicCore

/// The ring of a profile's newest events behind the 360 view.
struct RecentEventsTests {
    static func event(_ id: Int64, at seconds: Double, name: String? = "Viewed") -> EventSummary {
        EventSummary(id: id, messageID: "m\(id)", type: "track", name: name,
                     timestamp: Date(timeIntervalSince1970: 1_780_000_000 + seconds),
                     receivedAt: Date(timeIntervalSince1970: 1_780_000_100 + seconds))
    }

    @Test func keepsTheNewestTen_newestFirst() {
        var ring = RecentEvents()
        for id in Int64(1)...25 { ring.insert(contentsOf: [Self.event(id, at: Double(id))]) }
        #expect(ring.events.map(\.id) == Array((16...25).reversed()))
    }

    @Test func aLateEventWithAnOldTimestamp_staysOutWhenTenAreNewer() {
        var ring = RecentEvents((1...10).map { Self.event($0, at: Double($0 * 10)) })
        let before = ring
        ring.insert(contentsOf: [Self.event(99, at: 5)])
        #expect(ring == before)
        ring.insert(contentsOf: [Self.event(100, at: 15)])
        #expect(ring.events.map(\.id) == [10, 9, 8, 7, 6, 5, 4, 3, 2, 100])
    }

    @Test func equalTimestamps_orderByIdDescending_andAnIdIsHeldOnce() {
        var ring = RecentEvents([Self.event(3, at: 1), Self.event(7, at: 1)])
        ring.insert(contentsOf: [Self.event(5, at: 1), Self.event(7, at: 1)])
        #expect(ring.events.map(\.id) == [7, 5, 3])
    }

    @Test func newestOfSeveralRings_isTheNewestTenOverAll() {
        let a = RecentEvents((1...10).map { Self.event($0, at: Double($0 * 2)) })       // 2, 4, …, 20
        let b = RecentEvents((11...20).map { Self.event($0, at: Double($0 * 2 - 21)) }) // 1, 3, …, 19
        #expect(RecentEvents.newest(of: [a, b]).events.map(\.id) == [10, 20, 9, 19, 8, 18, 7, 17, 6, 16])
        #expect(RecentEvents.newest(of: []).events.isEmpty)
    }

    @Test func storedForm_roundTripsThroughText_withMicroseconds() throws {
        let ring = RecentEvents([Self.event(1, at: 0.123456, name: nil), Self.event(2, at: 9.5)])
        let text = ring.treeForm.jsonString
        #expect(try RecentEvents(stored: JSONValue.parse(text)) == ring)
        #expect(ring.treeForm.arrayValue?.first == [2, "m2", "track", "Viewed", .int(1_780_000_009_500_000), .int(1_780_000_109_500_000)])
        #expect(ring.events.last?.timestampMicros == 1_780_000_000_123_456)
        #expect(try RecentEvents(stored: .null) == RecentEvents())
    }

    @Test func storedFormOutOfOrder_isPutInOrder() throws {
        let ring = RecentEvents((1...12).map { Self.event($0, at: Double($0)) })
        let shuffled = JSONValue.array((ring.treeForm.arrayValue ?? []).reversed() + [ring.treeForm.arrayValue![0]])
        #expect(try RecentEvents(stored: shuffled) == ring)
        #expect(ring.events.count == 10)
    }

    @Test(arguments: [
        JSONValue.object([:]), [1], [[1, "m", "track", .null, 1]], [[1, "m", "track", 5, 1, 2]],
        [["1", "m", "track", .null, 1, 2]], [[1, "m", "track", .null, 1.5, 2]],
    ] as [JSONValue])
    func damagedStoredForm_isRefused(_ value: JSONValue) {
        #expect(throws: ComputedTraitsError.self) { try RecentEvents(stored: value) }
    }

    /// A ring of random events: names absent or with characters that need escaping, extreme
    /// numbers, ids and times that tie.
    static func randomRing(_ generator: inout SeededGenerator) -> RecentEvents {
        let texts = ["Viewed", "", "Ünïcode ✓", "quote \" and \\ slash", "tab\tnew\nline", "\u{1}ctl", "😀"]
        let numbers: [Int64] = [0, 1, -1, 9, 10, 99_999, Int64.max, Int64.min, 1_780_000_000_123_456]
        func number() -> Int64 {
            Bool.random(using: &generator) ? numbers.randomElement(using: &generator)! : Int64.random(in: -1_000_000...1_000_000, using: &generator)
        }
        let count = Int.random(in: 0...14, using: &generator)
        return RecentEvents((0..<count).map { _ in
            EventSummary(id: number(), messageID: texts.randomElement(using: &generator)! + String(number()),
                         type: texts.randomElement(using: &generator)!,
                         name: Bool.random(using: &generator) ? nil : texts.randomElement(using: &generator)!,
                         timestampMicros: number(), receivedAtMicros: number())
        })
    }

    /// The direct text form is the tree's, byte for byte, and reads back through both paths:
    /// as written, and as PostgreSQL prints `jsonb` (a space after each comma).
    @Test func textForm_isTheStoredFormsText_andReadsBack() throws {
        var generator = SeededGenerator(state: 0x51)
        for _ in 0..<2_000 {
            let ring = Self.randomRing(&generator)
            let text = ring.serialized()
            #expect(text == ring.treeForm.serialized())
            let written = String(decoding: text, as: UTF8.self)
            #expect(try RecentEvents(storedText: written) == ring, "\(written)")
            let printed = written.replacingOccurrences(of: ",", with: ", ")
            #expect(try RecentEvents(storedText: " \(printed)\n") == (try RecentEvents(stored: JSONValue.parse(printed))))
            // Text without escapes is read by the one-pass scanner, not the general parser.
            if !written.contains("\\") {
                #expect(RecentEvents.scanned(written) != nil, "\(written)")
                #expect(RecentEvents.scanned(printed) != nil, "\(printed)")
            }
        }
    }

    @Test(arguments: [
        ("empty", "[]", [Int64]()),
        ("json null, as a NULL column: general path", "null", []),
        ("spaced", #"[ [2, "m2", "track", null, 20, 21] , [1,"m1","page","Home",10,11] ]"#, [2, 1]),
        ("out of order", #"[[1,"m1","track",null,10,11],[2,"m2","track",null,20,21]]"#, [2, 1]),
        ("escaped string, general path", #"[[1,"m\u0031","track",null,10,11]]"#, [1]),
    ] as [(String, String, [Int64])])
    func textForm_readsWhatTheTreeReads(_ row: (name: String, text: String, ids: [Int64])) throws {
        #expect((RecentEvents.scanned(row.text) == nil) == row.name.contains("general path"), "\(row.name)")
        let ring = try RecentEvents(storedText: row.text)
        #expect(ring.events.map(\.id) == row.ids, "\(row.name)")
        #expect(ring == (try RecentEvents(stored: JSONValue.parse(row.text))), "\(row.name)")
    }

    @Test(arguments: [
        "", "{}", "[", "[[1,\"m\",\"track\",null,1]]", "[[1,\"m\",\"track\",5,1,2]]", "[[\"1\",\"m\",\"track\",null,1,2]]",
        "[[1,\"m\",\"track\",null,1.5,2]]", "[[1,\"m\",\"track\",null,1,2]] x", "[[1,\"m\",\"track\",null,01,2]]",
        "[[9223372036854775808,\"m\",\"track\",null,1,2]]", "[[1,\"m\",\"track\",nul,1,2]]", "[[1,\"m\",\"track\",null,1,2],]",
    ])
    func damagedTextForm_isRefused(_ text: String) {
        #expect(throws: ComputedTraitsError.self, "\(text)") { try RecentEvents(storedText: text) }
    }

    @Test func textForm_atTheInt64Extremes_readsExactly() throws {
        let text = #"[[-9223372036854775808,"m","track",null,9223372036854775807,-1]]"#
        let ring = try RecentEvents(storedText: text)
        #expect(ring.events.first?.id == Int64.min)
        #expect(ring.events.first?.timestampMicros == Int64.max)
        #expect(ring.events.first?.receivedAtMicros == -1)
        #expect(String(decoding: ring.serialized(), as: UTF8.self) == text)
    }
}

extension RecentEvents {
    /// The stored form built as a JSON tree, independently of ``RecentEvents/serialized()``: the
    /// oracle its bytes are checked against.
    var treeForm: JSONValue {
        .array(events.map { event in
            [.int(event.id), .string(event.messageID), .string(event.type), event.name.map(JSONValue.string) ?? .null,
             .int(event.timestampMicros), .int(event.receivedAtMicros)]
        })
    }
}
