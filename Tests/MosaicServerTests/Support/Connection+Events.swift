import Foundation
import Postgres

/// Reads of stored events and the resolver queue, scoped to one source.
extension Connection {
    func events(source: Int64) throws -> [StoredEvent] {
        try query("""
            SELECT message_id, type, name, user_id, anonymous_id, "timestamp", received_at, body::text, profile_id
            FROM events WHERE source_id = \(source) ORDER BY id
            """).map { row in
            StoredEvent(messageID: try row.decode(0), type: try row.decode(1), name: try row.decode(2),
                        userID: try row.decode(3), anonymousID: try row.decode(4), timestamp: try row.decode(5),
                        receivedAt: try row.decode(6), body: try row.decode(7), profileID: try row.decode(8))
        }
    }

    func eventCount(source: Int64) throws -> Int {
        try query("SELECT count(*) FROM events WHERE source_id = \(source)")[0].decode(0, as: Int.self)
    }

    /// A text value at a JSON path of one stored event's body (`{context,ip}`).
    func bodyText(source: Int64, messageID: String, path: String) throws -> String? {
        let rows = try query("""
            SELECT body #>> \(path)::text[] FROM events WHERE source_id = \(source) AND message_id = \(messageID)
            """)
        guard let row = rows.first else { return nil }
        return try row.decode(0, as: String?.self)
    }

    /// Events of this source the resolver has not taken yet.
    func pendingCount(source: Int64) throws -> Int {
        try query("""
            SELECT count(*) FROM pending_batches b
            CROSS JOIN LATERAL unnest(b.event_ids, b.received_ats) AS p(event_id, received_at)
            JOIN events e ON e.id = p.event_id AND e.received_at = p.received_at
            WHERE e.source_id = \(source)
            """)[0].decode(0, as: Int.self)
    }

    /// Waits (bounded) until the resolver has taken every event of `source`.
    func waitUntilResolved(source: Int64, timeout: Duration = .seconds(10)) throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try pendingCount(source: source) == 0 { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}
