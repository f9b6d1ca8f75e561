-- Each profile keeps its newest events (the 360 view's "last events") in the row, written by the
-- resolver in the transaction that assigns the events (RecentEvents in MosaicCore).
--
-- Reading them from `events` instead probed every monthly partition's timeline index on each
-- view, a cost that grows with the age of the install. The ring holds the events resolved to
-- this profile (events keep that profile after a merge); the view takes the newest over the live
-- profile and its members.
--
-- Form, newest first: [[id, message_id, type, name|null, timestamp µs, received_at µs], ...].
ALTER TABLE profiles ADD COLUMN recent_events jsonb NOT NULL DEFAULT '[]';

-- Rebuilds the rings of `ids` (all profiles when NULL) from the table: the backfill below, bulk
-- loads that write `events` directly (bench/profiles), and a repair if a ring is ever doubted.
-- Keep its output identical to RecentEvents.stored: a test compares the two.
CREATE FUNCTION mosaic_rebuild_recent_events(ids bigint[] DEFAULT NULL) RETURNS bigint
LANGUAGE sql AS $$
    WITH ranked AS (
        SELECT profile_id, id, message_id, type, name, "timestamp",
               row_number() OVER (PARTITION BY profile_id ORDER BY "timestamp" DESC, id DESC) AS n,
               (extract(epoch FROM "timestamp") * 1000000)::bigint AS ts,
               (extract(epoch FROM received_at) * 1000000)::bigint AS received
        FROM events
        WHERE profile_id IS NOT NULL AND (ids IS NULL OR profile_id = ANY(ids))
    ), rings AS (
        SELECT profile_id, jsonb_agg(jsonb_build_array(id, message_id, type, name, ts, received)
                                     ORDER BY "timestamp" DESC, id DESC) AS ring
        FROM ranked WHERE n <= 10 GROUP BY profile_id
    ), updated AS (
        UPDATE profiles p SET recent_events = coalesce(r.ring, '[]')
        FROM profiles q LEFT JOIN rings r ON r.profile_id = q.id
        WHERE p.id = q.id AND (ids IS NULL OR q.id = ANY(ids)) AND p.recent_events IS DISTINCT FROM coalesce(r.ring, '[]')
        RETURNING 1
    )
    SELECT count(*) FROM updated
$$;

SELECT mosaic_rebuild_recent_events();
