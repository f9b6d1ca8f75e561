import Foundation
import Synchronization

/// Remembers which source a write key belongs to, so tracking requests do not each cost a
/// database round trip. Unknown keys are remembered briefly too, so a client hammering with a
/// bad key cannot hammer the database. Keyed by the key's hash: no secret is kept in memory.
final class WriteKeyCache: Sendable {
    private struct Entry {
        let source: Source?
        let expires: ContinuousClock.Instant
    }

    private let entries = Mutex<[Data: Entry]>([:])
    private let knownTTL: Duration
    private let unknownTTL: Duration
    private let capacity: Int

    init(knownTTL: Duration = .seconds(30), unknownTTL: Duration = .seconds(2), capacity: Int = 10_000) {
        self.knownTTL = knownTTL
        self.unknownTTL = unknownTTL
        self.capacity = capacity
    }

    /// The source for `writeKey`, asking `load` only when the cache has no fresh answer.
    func source(for writeKey: String, load: (String) throws -> Source?) rethrows -> Source? {
        let hash = SecretKey.hash(writeKey)
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[hash] }), entry.expires > now {
            return entry.source
        }
        let source = try load(writeKey)
        let entry = Entry(source: source, expires: now + (source == nil ? unknownTTL : knownTTL))
        entries.withLock { table in
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[hash] = entry
        }
        return source
    }

    /// Forgets everything, e.g. after a key was revoked.
    func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
