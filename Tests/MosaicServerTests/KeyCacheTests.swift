import Testing
@testable import MosaicServer

/// The key cache in front of the database: hits, remembered misses, and revocation.
@Suite struct KeyCacheTests {
    @Test func loadsOnce_thenServesFromCache_andRemembersUnknownKeys() {
        let cache = KeyCache<Int>()
        var loads = 0
        #expect(cache.cachedValue(for: "k") == nil)
        #expect(cache.value(for: "k") { _ in loads += 1; return 7 } == 7)
        #expect(cache.value(for: "k") { _ in loads += 1; return 8 } == 7)
        #expect(cache.cachedValue(for: "k") == .some(7))
        #expect(cache.value(for: "unknown") { _ in loads += 1; return nil } == nil)
        #expect(cache.cachedValue(for: "unknown") == .some(nil))
        #expect(loads == 2)
    }

    @Test func removeAll_forgets_andALoadRacingItStoresNothing() {
        let cache = KeyCache<Int>()
        _ = cache.value(for: "k") { _ in 1 }
        cache.removeAll()
        #expect(cache.cachedValue(for: "k") == nil)
        // A revocation lands while a load is reading the old answer: it is returned to that
        // caller, but not cached for the next one.
        let stale = cache.value(for: "k") { _ in
            cache.removeAll()
            return 1
        }
        #expect(stale == 1)
        #expect(cache.cachedValue(for: "k") == nil)
        #expect(cache.value(for: "k") { _ in nil } == nil)
    }
}
