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
    WITH fresh AS (
        SELECT p.id, coalesce((
            SELECT jsonb_agg(jsonb_build_array(e.id, e.message_id, e.type, e.name,
                                               (extract(epoch FROM e."timestamp") * 1000000)::bigint,
                                               (extract(epoch FROM e.received_at) * 1000000)::bigint)
                             ORDER BY e."timestamp" DESC, e.id DESC)
            FROM (SELECT id, message_id, type, name, "timestamp", received_at FROM events
                  WHERE profile_id = p.id AND profile_id IS NOT NULL
                  ORDER BY "timestamp" DESC, id DESC LIMIT 10) e), '[]') AS ring
        FROM profiles p
        WHERE ids IS NULL OR p.id = ANY(ids)
    ), updated AS (
        UPDATE profiles p SET recent_events = f.ring
        FROM fresh f
        WHERE p.id = f.id AND p.recent_events IS DISTINCT FROM f.ring
        RETURNING 1
    )
    SELECT count(*) FROM updated
$$;

SELECT mosaic_rebuild_recent_events();
