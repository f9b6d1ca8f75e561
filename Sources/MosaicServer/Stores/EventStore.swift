import Foundation
import Postgres

/// SQL for the `events` table family: the deduplicating batch insert the group committer runs,
/// and the reads by message id.
enum EventStore {
    /// Inserts rows in one statement: dedupes on `(source_id, message_id)` through `message_ids`
    /// (a retried message is stored once, also when it repeats inside one batch), stores the
    /// fresh ones in `events`, and queues them for the resolver as one `pending_batches` row — all
    /// in one statement, so the resolver never sees an event that was not committed.
    ///
    /// - Returns: how many rows were new.
    @discardableResult
    static func insert(_ rows: [EventRow], on connection: Connection) throws -> Int {
        guard !rows.isEmpty else { return 0 }
        let sources = rows.map(\.sourceID)
        let messageIDs = rows.map(\.messageID)
        let types = rows.map(\.type)
        let names = rows.map(\.name)
        let anonymousIDs = rows.map(\.anonymousID)
        let userIDs = rows.map(\.userID)
        let timestamps = rows.map(\.timestamp)
        let receivedAts = rows.map(\.receivedAt)
        let bodies = rows.map { PostgresJSON(utf8: $0.body) }
        let query: Query = """
            WITH input AS (
              SELECT DISTINCT ON (t.source_id, t.message_id) nextval('events_id_seq') AS id, t.*
              FROM unnest(\(sources)::bigint[], \(messageIDs)::text[], \(types)::text[], \(names)::text[],
                          \(anonymousIDs)::text[], \(userIDs)::text[], \(timestamps)::timestamptz[],
                          \(receivedAts)::timestamptz[], \(bodies)::jsonb[])
                   AS t(source_id, message_id, type, name, anonymous_id, user_id, ts, received_at, body)
            ),
            fresh AS (
              INSERT INTO message_ids (source_id, message_id, event_id, received_at)
              SELECT source_id, message_id, id, received_at FROM input
              ON CONFLICT DO NOTHING
              RETURNING event_id
            ),
            stored AS (
              INSERT INTO events (id, source_id, message_id, type, name, anonymous_id, user_id,
                                  "timestamp", received_at, body)
              SELECT i.id, i.source_id, i.message_id, i.type, NULLIF(i.name, ''), NULLIF(i.anonymous_id, ''),
                     NULLIF(i.user_id, ''), i.ts, i.received_at, i.body
              FROM input i JOIN fresh f ON f.event_id = i.id
              RETURNING id, received_at
            )
            INSERT INTO pending_batches (event_ids, received_ats)
            SELECT array_agg(id), array_agg(received_at) FROM stored HAVING count(*) > 0
            RETURNING cardinality(event_ids)
            """
        return try connection.query(prepared: query).first?.decode(0, as: Int.self) ?? 0
    }

    /// Creates this month's and the next month's partitions (idempotent). One month ahead is
    /// enough buffer for a job that runs at start-up and twice a day, and every per-profile read
    /// (timeline, 360 view) visits each partition's index, so empty future months are not free.
    static func ensurePartitions(on connection: Connection, monthsAhead: Int = 1) throws {
        try connection.execute(prepared: "SELECT mosaic_ensure_event_partitions((now() AT TIME ZONE 'UTC')::date, \(monthsAhead + 1)::int)")
    }

    /// Stores an event resolved synchronously by its caller (REST upserts), already assigned to
    /// `profile` and not queued for the background resolver, under an id the caller reserved
    /// (``EventIDBlock``), with its `message_ids` row. Enqueued: the caller's next statement or
    /// COMMIT carries it. A message id stored meanwhile fails it with a unique violation, which
    /// rolls the caller's transaction back (its retry then finds the stored event).
    static func insertResolved(_ row: EventRow, id: Int64, profile: Int64?, on connection: Connection) throws {
        try connection.enqueue(prepared: """
            WITH claimed AS (
              INSERT INTO message_ids (source_id, message_id, event_id, received_at)
              VALUES (\(row.sourceID), \(row.messageID), \(id), \(row.receivedAt))
            )
            INSERT INTO events (id, source_id, message_id, type, name, profile_id, anonymous_id, user_id,
                                "timestamp", received_at, body)
            VALUES (\(id), \(row.sourceID), \(row.messageID), \(row.type), NULLIF(\(row.name), ''), \(profile),
                    NULLIF(\(row.anonymousID), ''), NULLIF(\(row.userID), ''), \(row.timestamp), \(row.receivedAt),
                    \(PostgresJSON(utf8: row.body)))
            """)
    }

    /// The stored event for a message id (optionally of one source), with its live profile.
    static func find(messageID: String, sourceID: Int64?, on connection: Connection) throws -> (body: String, sourceID: Int64, profile: Int64?, type: String, receivedAt: Date)? {
        // Prepared: planning a join into the partitioned table costs more than running it.
        try connection.query(prepared: """
            SELECT e.body::text, e.source_id, coalesce(p.merged_into, p.id), e.type, e.received_at
            FROM message_ids m
            JOIN events e ON e.id = m.event_id AND e.received_at = m.received_at
            LEFT JOIN profiles p ON p.id = e.profile_id
            WHERE m.message_id = \(messageID)
              -- Primary-key probes: the given source, or each source (and the API's 0) in turn.
              AND m.source_id = ANY(CASE WHEN \(sourceID)::bigint IS NULL THEN ARRAY(SELECT id FROM sources) || 0::bigint
                                   ELSE ARRAY[\(sourceID)::bigint] END)
            ORDER BY m.event_id LIMIT 1
            """).first.map { row in
            (try row.decode(0), try row.decode(1), try row.decode(2), try row.decode(3), try row.decode(4))
        }
    }
}
