-- The 360 view of GET /v1/profiles/lookup?email= as Mosaic runs it: the statement of
-- ProfileViewStore.read(.identifier) (keep the two in step), one prepared round trip.
\set n random(1, 100000)
WITH found AS (
    SELECT p.id, coalesce(p.merged_into, p.id) AS live
    FROM identities i JOIN profiles p ON p.id = i.profile_id
    WHERE i.type = 'email' AND i.value = 'user' || :n || '@example.com')
, members AS (
    SELECT array_agg(m.id ORDER BY m.id) AS ids, jsonb_agg(m.recent_events) AS recent
    FROM found f JOIN profiles m ON m.id = f.live OR m.merged_into = f.live
)
SELECT f.id, p.id, p.created_at, p.updated_at, p.first_seen_at, p.last_seen_at, p.computed::text, to_json(ms.ids)::text,
    array_to_json(ARRAY(
        SELECT json_build_array(type, value, source_id, first_seen, last_seen)
        FROM identities WHERE profile_id = p.id ORDER BY type, first_seen LIMIT 500))::text,
    array_to_json(ARRAY(
        SELECT json_build_array(t.key, t.value, t.source, t.message_id, t.event_time, t.set_once)
        FROM trait_lineage t WHERE t.profile_id = p.id))::text,
    mg.active, mg.last_at,
    ms.recent::text,
    array_to_json(ARRAY(
        SELECT json_build_array(
            o.id, o.order_id, o.profile_id, o.currency, o.total_minor, o.returned_minor, o.channel, o.store_id,
            o.country, o.occurred_at, o.source, o.message_id, o.created_at,
            array_to_json(ARRAY(
                SELECT json_build_array(i.sku, i.name, i.category, i.quantity, i.unit_price_minor, i.returned_quantity)
                FROM order_items i WHERE i.order_pk = o.id ORDER BY i.line_no)))
        FROM orders o WHERE o.profile_id = ANY(ms.ids)
        ORDER BY o.occurred_at DESC, o.id DESC LIMIT 10))::text
FROM found f JOIN profiles p ON p.id = f.live CROSS JOIN members ms
CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE undone_at IS NULL) AS active, max(created_at) AS last_at
    FROM merges WHERE winner_id = ANY(ms.ids) OR loser_id = ANY(ms.ids)) mg
;
