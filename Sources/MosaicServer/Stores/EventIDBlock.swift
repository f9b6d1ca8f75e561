import Foundation
import Postgres

/// Ids from `events_id_seq` for rows whose writer needs them before the statement that stores
/// them, reserved a block at a time: a REST upsert lists the id in the profile's recent events,
/// and the group committer sends its rows' ids with them (so its insert returns nothing). One
/// round trip per block beats one per request. Ids reserved and never used leave gaps, as any
/// sequence's do.
final class EventIDBlock: @unchecked Sendable {
    /// Ids reserved per round trip (at least as many as a caller asks for).
    let size: Int

    private let lock = NSLock()
    /// Reserved ids, largest first, so the next ones are the smallest left.
    private var reserved: [Int64] = []

    init(size: Int = 64) {
        precondition(size > 0, "a block holds at least one id")
        self.size = size
    }

    /// The next reserved id, reserving a block on `connection` when none is left.
    func next(on connection: Connection) throws -> Int64 {
        try take(1, on: connection)[0]
    }

    /// `count` reserved ids, smallest first, reserving more on `connection` when too few are left.
    func take(_ count: Int, on connection: Connection) throws -> [Int64] {
        var ids = lock.withLock { takeReserved(count) }
        if ids.count < count {
            let wanted = max(size, count - ids.count)
            let block = try connection.query(prepared: "SELECT nextval('events_id_seq') FROM generate_series(1, \(wanted))")
                .map { try $0.decode(0, as: Int64.self) }
            guard block.count == wanted else {
                throw PostgresError(kind: .unexpectedResponse, operation: "reserve event ids",
                                    message: "the sequence returned \(block.count) of \(wanted) ids")
            }
            let used = count - ids.count
            ids += block.prefix(used)
            lock.withLock { reserved.append(contentsOf: block.dropFirst(used).reversed()) }
        }
        return ids
    }

    private func takeReserved(_ count: Int) -> [Int64] {
        let taken = min(count, reserved.count)
        defer { reserved.removeLast(taken) }
        return reserved.suffix(taken).reversed()
    }
}
