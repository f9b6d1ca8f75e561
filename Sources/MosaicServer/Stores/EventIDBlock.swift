import Foundation
import Postgres

/// Ids from `events_id_seq` for events whose row a request writes itself (REST upserts),
/// reserved a block at a time. Such a request needs the id before it writes the row (the
/// profile's recent events list it), and one round trip per block beats one per request.
/// Ids a process reserves and never uses leave gaps, as any sequence's do.
final class EventIDBlock: @unchecked Sendable {
    static let size = 64

    private let lock = NSLock()
    /// Reserved ids, largest first, so the next one is the smallest left.
    private var reserved: [Int64] = []

    /// The next reserved id, reserving a block on `connection` when none is left.
    func next(on connection: Connection) throws -> Int64 {
        if let id = lock.withLock({ reserved.popLast() }) { return id }
        let block = try connection.query(prepared: "SELECT nextval('events_id_seq') FROM generate_series(1, \(Self.size))")
            .map { try $0.decode(0, as: Int64.self) }
        guard let first = block.first else {
            throw PostgresError(kind: .unexpectedResponse, operation: "reserve event ids", message: "the sequence returned no ids")
        }
        lock.withLock { reserved.append(contentsOf: block.dropFirst().reversed()) }
        return first
    }
}
