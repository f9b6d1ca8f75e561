import Testing
@testable import HTTP

struct RequestIDTests {
    @Test func generated_isProcessPrefixAndCounterInHex() throws {
        let ids = (0..<1_000).map { _ in RequestID.generate() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let parts = id.split(separator: "-")
            try #require(parts.count == 2, "\(id)")
            #expect(parts[0].count == 12 && parts[1].count == 12, "\(id)")
            #expect(id.utf8.allSatisfy { $0 == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }, "\(id)")
            #expect(RequestID.isSane(id))
        }
        // One prefix per process; the counter part counts up.
        #expect(Set(ids.map { $0.prefix(12) }).count == 1)
        let counters = ids.map { UInt64($0.suffix(12), radix: 16)! }
        #expect(zip(counters, counters.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func clientID_isKeptOnlyWhenPlain() {
        #expect(RequestID.accept("abc-123_x.y:z") == "abc-123_x.y:z")
        for bad in ["", "a b", "a\nb", String(repeating: "a", count: 129), "é"] {
            #expect(RequestID.accept(bad) != bad)
        }
        #expect(RequestID.accept(String(repeating: "a", count: 128)) == String(repeating: "a", count: 128))
    }
}
