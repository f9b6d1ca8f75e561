-- Every statement GET /v1/profiles/lookup runs (ProfileStore.lookup, then ProfileView.full), as one
-- pgbench transaction: the database's ceiling for the whole endpoint, not just its first query.
\set n random(1, 100000)
SELECT coalesce(p.merged_into, p.id) FROM identities i JOIN profiles p ON p.id = i.profile_id
WHERE i.type = 'email' AND i.value = 'user' || :n || '@example.com';
SELECT id, created_at, updated_at, first_seen_at, last_seen_at, computed::text FROM profiles WHERE id = :n;
SELECT id FROM profiles WHERE id = :n OR merged_into = :n ORDER BY id;
SELECT type, value, source_id, first_seen, last_seen FROM identities WHERE profile_id = :n ORDER BY type, first_seen LIMIT 500;
SELECT profile_id, key, value::text, source, message_id, event_time, set_once FROM trait_lineage WHERE profile_id = ANY(ARRAY[:n]::bigint[]);
SELECT id, winner_id, loser_id, identifier_type, identifier_value, message_id, rule, created_at, undone_at
FROM merges WHERE winner_id = ANY(ARRAY[:n]::bigint[]) OR loser_id = ANY(ARRAY[:n]::bigint[]) ORDER BY id;
SELECT id, message_id, type, name, "timestamp", received_at, CASE WHEN false THEN body::text END
FROM events WHERE profile_id = ANY(ARRAY[:n]::bigint[])
  AND (NULL::text IS NULL OR type = NULL) AND (NULL::text IS NULL OR name = NULL)
  AND ("timestamp", id) < ('4001-01-01 00:00:00+00'::timestamptz, 9223372036854775807)
ORDER BY "timestamp" DESC, id DESC LIMIT 10;
SELECT o.id, o.order_id, o.profile_id, coalesce(p.merged_into, p.id), o.currency, o.total_minor, o.returned_minor,
       o.channel, o.store_id, o.country, o.occurred_at, o.source, o.message_id, o.fingerprint, o.created_at
FROM orders o JOIN profiles p ON p.id = o.profile_id
WHERE o.profile_id = ANY(ARRAY[:n]::bigint[]) AND (o.occurred_at, o.id) < ('4001-01-01 00:00:00+00'::timestamptz, 9223372036854775807)
ORDER BY o.occurred_at DESC, o.id DESC LIMIT 10;
SELECT order_pk, sku, name, category, quantity, unit_price_minor, returned_quantity
FROM order_items WHERE order_pk = ANY(ARRAY[:n]::bigint[]) ORDER BY order_pk, line_no;
