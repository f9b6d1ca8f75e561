import Foundation
import HTTP

/// Events this process just committed, by id, handed to the resolver in memory so it need not
/// read them back from `events` (about a tenth of the database's time per resolved event).
///
/// Only a shortcut: the resolver reads from the table whatever is missing here (events other
/// instances stored, events from before a restart, entries not kept, a batch that failed and
/// is taken again). So an entry is taken once, and what is kept is bounded:
/// - when `capacity` entries are held, new ones are not kept. The resolver takes the oldest
///   events first, so when it lags, the entries it needs next are the old ones, not the new;
/// - an entry not taken within `maxAge` goes (its events were resolved by another instance).
final class CommittedEvents: @unchecked Sendable {
    /// The bound, in events. A stored row is about a kilobyte, so the default holds ~8 MB at
    /// most; under steady load the resolver takes each group commit within milliseconds.
    let capacity: Int
    let maxAge: Duration

    private let lock = NSLock()
    private var rows: [Int64: EventRow] = [:]
    /// Ids kept, in the order they were added, from `head` on, with when (uptime nanoseconds);
    /// ids already taken stay until they age out or the list empties.
    private var order: [(id: Int64, added: UInt64)] = []
    private var head = 0

    init(capacity: Int = 8_192, maxAge: Duration = .seconds(60)) {
        self.capacity = capacity
        self.maxAge = maxAge
    }

    /// Adds committed rows; `ids[i]` is the id of `rows[i]`, nil for a row not stored (a retry).
    func add(_ added: [EventRow], ids: [Int64?]) {
        guard capacity > 0 else { return }
        let maxAgeNanoseconds = maxAge.nanoseconds
        lock.withLock {
            // Read under the lock: the two writers add concurrently, and a time read before
            // waiting for it could be older than an entry the other just added (and the
            // subtraction below would trap).
            let now = DispatchTime.now().uptimeNanoseconds
            // Entries past their age go, and so does the oldest part of the list when it is long
            // with ids already taken.
            while head < order.count,
                  now - order[head].added > maxAgeNanoseconds || order.count - head > 4 * capacity {
                rows.removeValue(forKey: order[head].id)
                head += 1
            }
            for (row, id) in zip(added, ids) where rows.count < capacity {
                guard let id else { continue }
                rows[id] = row
                order.append((id, now))
            }
            if head > 1024 && head * 2 > order.count {
                order.removeFirst(head)
                head = 0
            }
        }
    }

    /// Removes and returns the rows held for these ids; ids not held are absent from the result.
    func take(_ ids: [Int64]) -> [Int64: EventRow] {
        lock.withLock {
            var found: [Int64: EventRow] = [:]
            for id in ids {
                if let row = rows.removeValue(forKey: id) { found[id] = row }
            }
            if rows.isEmpty {
                order.removeAll(keepingCapacity: true)
                head = 0
            }
            return found
        }
    }

    /// How many rows are held (a metric, and for tests).
    var count: Int { lock.withLock { rows.count } }
}
