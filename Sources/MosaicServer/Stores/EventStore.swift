import Foundation
import Postgres

/// SQL for the `events` table family: the deduplicating batch insert the group committer runs,
/// and the reads by message id.
enum EventStore {
    /// Inserts rows in one statement under ids the caller reserved (``EventIDBlock``): stores
    /// them in `events`, claims their `(source_id, message_id)` in `message_ids`, and queues them
    /// for the resolver as one `pending_batches` row, so the resolver never sees an event that
    /// was not committed.
    ///
    /// A retried message is stored once. The first attempt assumes none is a retry (the common
    /// case) and inserts plainly; a message id stored before, or repeated inside the batch, fails
    /// it on `message_ids`' key, and the batch goes again through the statement that skips those.
    /// The plain insert saves the `ON CONFLICT` probe and its extra WAL record (about a fifth of
    /// the database's time per message). With the ids known up front it also reads each column
    /// straight from its array and returns nothing, so no row (and no body) is copied through a
    /// CTE's tuple store: tuple-store work fell from ~9 % to ~5 % of the database's profile.
    ///
    /// - Parameter ids: one fresh id per row, in order.
    /// - Returns: the id each row was stored under, in order; nil for a row not stored (a retry).
    @discardableResult
    static func insert(_ rows: [EventRow], ids: [Int64], on connection: Connection) throws -> [Int64?] {
        precondition(ids.count == rows.count, "one id per row")
        guard !rows.isEmpty else { return [] }
        let columns = Columns(rows, ids: ids)
        do {
            try connection.execute(prepared: plainInsert(columns))
            return ids
        } catch SQLState.uniqueViolation {
            let stored = Set(try connection.query(prepared: deduplicatingInsert(columns)).map { try $0.decode(0, as: Int64.self) })
            return ids.map { stored.contains($0) ? $0 : nil }
        }
    }

    /// The rows as one array per column, for `unnest`.
    private struct Columns {
        let ids: [Int64], sources: [Int64], messageIDs: [String], types: [String], names: [String]
        let anonymousIDs: [String], userIDs: [String], timestamps: [Date], receivedAts: [Date]
        let bodies: [PostgresJSON]

        init(_ rows: [EventRow], ids: [Int64]) {
            self.ids = ids
            sources = rows.map(\.sourceID)
            messageIDs = rows.map(\.messageID)
            types = rows.map(\.type)
            names = rows.map(\.name)
            anonymousIDs = rows.map(\.anonymousID)
            userIDs = rows.map(\.userID)
            timestamps = rows.map(\.timestamp)
            receivedAts = rows.map(\.receivedAt)
            bodies = rows.map { PostgresJSON(utf8: $0.body) }
        }

        /// `$1…$10` in declaration order, each encoded once.
        var binds: [PostgresValue?] {
            [ids.postgresValue, sources.postgresValue, messageIDs.postgresValue, types.postgresValue,
             names.postgresValue, anonymousIDs.postgresValue, userIDs.postgresValue, timestamps.postgresValue,
             receivedAts.postgresValue, bodies.postgresValue]
        }
    }

    /// Stores every row; a message id stored before, or repeated, fails it on `message_ids`' key.
    /// Each array is bound once and referenced by number wherever the statement needs it
    /// (ids and receipt times three times): interpolating each use would encode and send them
    /// again, and the server would decode them again.
    private static func plainInsert(_ c: Columns) -> Query {
        Query(unsafeSQL: """
            WITH claimed AS (
              INSERT INTO message_ids (source_id, message_id, event_id, received_at)
              SELECT * FROM unnest($2::bigint[], $3::text[], $1::bigint[], $9::timestamptz[])
            ),
            queued AS (
              INSERT INTO pending_batches (event_ids, received_ats) VALUES ($1::bigint[], $9::timestamptz[])
            )
            INSERT INTO events (id, source_id, message_id, type, name, anonymous_id, user_id,
                                "timestamp", received_at, body)
            SELECT id, source_id, message_id, type, NULLIF(name, ''), NULLIF(anonymous_id, ''),
                   NULLIF(user_id, ''), ts, received_at, body
            FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::timestamptz[], $9::timestamptz[], $10::jsonb[])
                 AS t(id, source_id, message_id, type, name, anonymous_id, user_id, ts, received_at, body)
            """, binds: c.binds)
    }

    /// Claims only free message ids (the first of a repeat inside the batch wins), stores and
    /// queues only those rows, and returns their ids.
    private static func deduplicatingInsert(_ c: Columns) -> Query {
        """
        WITH input AS (
          SELECT * FROM unnest(\(c.ids)::bigint[], \(c.sources)::bigint[], \(c.messageIDs)::text[], \(c.types)::text[],
                               \(c.names)::text[], \(c.anonymousIDs)::text[], \(c.userIDs)::text[],
                               \(c.timestamps)::timestamptz[], \(c.receivedAts)::timestamptz[], \(c.bodies)::jsonb[])
                   WITH ORDINALITY AS t(id, source_id, message_id, type, name, anonymous_id, user_id, ts, received_at, body, n)
        ),
        fresh AS (
          INSERT INTO message_ids (source_id, message_id, event_id, received_at)
          SELECT source_id, message_id, id, received_at FROM input ORDER BY n
          ON CONFLICT DO NOTHING
          RETURNING event_id, received_at
        ),
        queued AS (
          INSERT INTO pending_batches (event_ids, received_ats)
          SELECT array_agg(event_id), array_agg(received_at) FROM fresh HAVING count(*) > 0
        )
        INSERT INTO events (id, source_id, message_id, type, name, anonymous_id, user_id,
                            "timestamp", received_at, body)
        SELECT i.id, i.source_id, i.message_id, i.type, NULLIF(i.name, ''), NULLIF(i.anonymous_id, ''),
               NULLIF(i.user_id, ''), i.ts, i.received_at, i.body
        FROM input i JOIN fresh f ON f.event_id = i.id
        RETURNING id
        """
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
