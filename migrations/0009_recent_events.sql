-- Each profile keeps its newest events (the 360 view's "last events") in the row, written by the
-- resolver in the transaction that assigns the events (RecentEvents in MosaicCore).
--
-- Reading them from `events` instead probed every monthly partition's timeline index on each
-- view, a cost that grows with the age of the install. The ring holds the events resolved to
-- this profile (events keep that profile after a merge); the view takes the newest over the live
-- profile and its members.
--
-- Form, newest first: [[id, message_id, type, name|null, timestamp µs, received_at µs], ...].
--
-- Stop instances of the previous version before this runs: they resolve events without writing
-- the rings, and a ring that misses an event stays wrong until ten newer ones arrive (or until
-- `SELECT mosaic_rebuild_recent_events()` is run once every instance is new).
ALTER TABLE profiles ADD COLUMN recent_events jsonb NOT NULL DEFAULT '[]';

-- Rebuilds the rings of `ids` (all profiles when NULL) from the table: the backfill below, bulk
-- loads that write `events` directly (bench/profiles), and a repair if a ring is ever doubted.
-- Returns how many rings it changed. Keep its output identical to RecentEvents.stored: a test
-- compares the two.
--
-- It locks the profiles first, in id order as the resolver does, and reads `events` only then:
-- a resolver transaction that assigned events to one of them has committed by that time (this
-- statement's snapshot sees it), and none can start until this one ends. Read first and lock in
-- the UPDATE, and a ring could be rewritten without an event committed in between. The locks
-- hold until the caller's transaction ends: rebuilding everything on a live system pauses the
-- resolver meanwhile.
CREATE FUNCTION mosaic_rebuild_recent_events(ids bigint[] DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    changed bigint;
BEGIN
    IF ids IS NULL THEN
        PERFORM 1 FROM profiles ORDER BY id FOR UPDATE;
    ELSE
        PERFORM 1 FROM profiles WHERE id = ANY(ids) ORDER BY id FOR UPDATE;
    END IF;
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
    SELECT count(*) INTO changed FROM updated;
    RETURN changed;
END
$$;

SELECT mosaic_rebuild_recent_events();
