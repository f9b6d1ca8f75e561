import Foundation

/// Remembers what a presented key (write key or API key) belongs to, so requests do not each
/// cost a database round trip. Unknown keys are remembered briefly too, so a client hammering
/// with a bad key cannot hammer the database. Keyed by the key's hash: no secret is kept in
/// memory. Revocation takes effect within `knownTTL` (or at once through `removeAll()`).
final class KeyCache<Value: Sendable>: @unchecked Sendable {
    private struct Entry {
        let value: Value?
        let expires: ContinuousClock.Instant
    }

    /// Every tracking request reads this table. `NSLock` (a plain futex) rather than `Mutex`,
    /// whose priority-inheritance futex makes each contended lock a costly kernel round trip.
    private let lock = NSLock()
    private var entries: [Data: Entry] = [:]
    /// Bumped by `removeAll()`: a load that began before it must not store what it read, or a
    /// key revoked meanwhile would be served again for `knownTTL`.
    private var generation = 0
    private let knownTTL: Duration
    private let unknownTTL: Duration
    private let capacity: Int

    init(knownTTL: Duration = .seconds(30), unknownTTL: Duration = .seconds(2), capacity: Int = 10_000) {
        self.knownTTL = knownTTL
        self.unknownTTL = unknownTTL
        self.capacity = capacity
    }

    /// The value for `key`, asking `load` only when the cache has no fresh answer.
    func value(for key: String, load: (String) throws -> Value?) rethrows -> Value? {
        if let cached = cachedValue(for: key) { return cached }
        let started = lock.withLock { generation }
        let value = try load(key)
        let hash = SecretKey.hash(key)
        let entry = Entry(value: value, expires: ContinuousClock.now + (value == nil ? unknownTTL : knownTTL))
        lock.withLock {
            guard generation == started else { return }
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = entry
        }
        return value
    }

    /// The fresh cached answer for `key` — `.some(nil)` for a key known to be unknown — or nil
    /// when only `load` could tell (callers that must not block, like an I/O loop, go elsewhere).
    func cachedValue(for key: String) -> Value?? {
        let hash = SecretKey.hash(key)
        let now = ContinuousClock.now
        guard let entry = lock.withLock({ entries[hash] }), entry.expires > now else { return nil }
        return .some(entry.value)
    }

    /// Forgets everything, e.g. after a key was revoked.
    func removeAll() {
        lock.withLock {
            entries.removeAll()
            generation += 1
        }
    }
}
