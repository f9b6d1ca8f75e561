-- The whole 360 view of GET /v1/profiles/lookup in ONE statement (json_build_object over the same
-- tables and indexes as ProfileStore/ProfileView's nine): what a single prepared round trip would cost
-- the database. Not what Mosaic runs today; run.sh reports it as the ceiling of that design.
\set n random(1, 100000)
SELECT json_build_object(
 'id', p.id, 'created_at', p.created_at, 'updated_at', p.updated_at, 'first_seen_at', p.first_seen_at, 'last_seen_at', p.last_seen_at, 'computed', p.computed,
 'members', (SELECT array_agg(id ORDER BY id) FROM profiles WHERE id = p.id OR merged_into = p.id),
 'identifiers', (SELECT json_agg(x) FROM (SELECT type, value, source_id, first_seen, last_seen FROM identities WHERE profile_id = p.id ORDER BY type, first_seen LIMIT 500) x),
 'traits', (SELECT json_agg(t) FROM (SELECT key, value, source, message_id, event_time, set_once FROM trait_lineage WHERE profile_id = p.id) t),
 'merges', (SELECT json_agg(m) FROM (SELECT * FROM merges WHERE winner_id = p.id OR loser_id = p.id ORDER BY id) m),
 'events', (SELECT json_agg(e) FROM (SELECT id, message_id, type, name, "timestamp", received_at FROM events WHERE profile_id = p.id ORDER BY "timestamp" DESC, id DESC LIMIT 10) e),
 'orders', (SELECT json_agg(o) FROM (SELECT o.*, (SELECT json_agg(i ORDER BY line_no) FROM order_items i WHERE i.order_pk = o.id) AS items FROM orders o WHERE o.profile_id = p.id ORDER BY occurred_at DESC, id DESC LIMIT 10) o))
FROM identities i JOIN profiles p ON p.id = coalesce((SELECT merged_into FROM profiles WHERE id = i.profile_id), i.profile_id)
WHERE i.type = 'email' AND i.value = 'user' || :n || '@example.com';
