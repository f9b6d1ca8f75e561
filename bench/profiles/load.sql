-- Bulk load for the profile benchmark, straight into the embedded cluster (no API, no resolver):
-- :profiles profiles, each with email user{n}@example.com, phone +1555{n:07}, user_id u{n} and an
-- anonymous id; traits name, email, plan with lineage; :per events each over the last 60 days
-- (+ their message_ids rows); :orders orders with 1-3 lines each. Profile n has id n.
-- Usage: psql -v profiles=100000 -v per=10 -v orders=30000 -f load.sql CONNINFO
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
SET work_mem = '64MB';

-- Months back to 60 days ago (the server only prepares the current month +/- 1).
SELECT mosaic_ensure_event_partitions((now() AT TIME ZONE 'UTC')::date - 62, 5);

INSERT INTO sources (id, name, write_key_hash, write_key_prefix)
VALUES (1, 'bench-load', decode(md5('bench-load-source'), 'hex'), 'bench');

-- Profiles: first seen up to 90 days ago, last seen within the last 60 days.
INSERT INTO profiles (id, created_at, updated_at, first_seen_at, last_seen_at)
SELECT n, now() - (90 - n % 30) * interval '1 day', now() - (n % 60) * interval '1 day',
       now() - (90 - n % 30) * interval '1 day', now() - (n % 60) * interval '1 day'
FROM generate_series(1, :profiles) n;

INSERT INTO identities (type, value, profile_id, origin_profile_id, source_id, first_seen, last_seen, link_count)
SELECT t.type,
       CASE t.type WHEN 'email' THEN 'user' || n || '@example.com'
                   WHEN 'phone' THEN '+1555' || lpad(n::text, 7, '0')
                   WHEN 'user_id' THEN 'u' || n
                   ELSE 'anon-' || md5(n::text) END,
       n, n, 1, now() - (90 - n % 30) * interval '1 day', now() - (n % 60) * interval '1 day', 1
FROM generate_series(1, :profiles) n
CROSS JOIN (VALUES ('email'), ('phone'), ('user_id'), ('anonymous_id')) AS t(type);

INSERT INTO trait_lineage (profile_id, key, value, source, message_id, event_time)
SELECT n, t.key,
       CASE t.key WHEN 'name' THEN to_jsonb('User ' || n)
                  WHEN 'email' THEN to_jsonb('user' || n || '@example.com')
                  ELSE to_jsonb((ARRAY['free', 'pro', 'enterprise'])[1 + n % 3]) END,
       'source:bench-load', 'load-' || n || '-0', now() - (90 - n % 30) * interval '1 day'
FROM generate_series(1, :profiles) n
CROSS JOIN (VALUES ('name'), ('email'), ('plan')) AS t(key);

-- Events: event k of profile n has id (n-1)*per+k, received over the last 60 days.
CREATE TEMP TABLE load_events AS
SELECT (n - 1) * :per + k AS id, n, k,
       'load-' || n || '-' || k AS message_id,
       now() - ((n * 7 + k * 13) % 86400) * interval '1 minute' AS received_at
FROM generate_series(1, :profiles) n, generate_series(1, :per) k;

INSERT INTO events (id, source_id, message_id, type, name, profile_id, anonymous_id, user_id, "timestamp", received_at, body)
SELECT id, 1, message_id,
       CASE WHEN k % 5 = 0 THEN 'page' ELSE 'track' END,
       CASE WHEN k % 5 = 0 THEN NULL ELSE (ARRAY['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed'])[1 + k % 4] END,
       n, 'anon-' || md5(n::text), 'u' || n, received_at - interval '2 seconds', received_at,
       format('{"type":"track","messageId":"%s","userId":"u%s","event":"Product Viewed","properties":{"product_id":"sku-%s","price":89.95,"currency":"USD"},"context":{"ip":"203.0.113.7","locale":"en-US","page":{"path":"/p/sku-%s"}},"timestamp":"%s"}',
              message_id, n, k % 300, k % 300, to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))::jsonb
FROM load_events ORDER BY n, k;

INSERT INTO message_ids (source_id, message_id, event_id, received_at)
SELECT 1, message_id, id, received_at FROM load_events;
DROP TABLE load_events;
-- Events written here skip the resolver, which keeps each profile's recent events: rebuild them.
ANALYZE events, profiles;
SELECT mosaic_rebuild_recent_events();

-- Orders over the last 60 days on random-looking profiles; order o has 1 + o % 3 lines; 2 % fully returned.
CREATE TEMP TABLE load_items AS
SELECT o, l AS line_no, 1 + (o + l) % 2 AS quantity, 1000 + (o * 7 + l * 13) % 9000 AS unit_price_minor,
       (ARRAY['Shoes', 'Shirts', 'Bags', 'Socks', 'Hats', 'Jackets', 'Watches', 'Belts', 'Gloves', 'Scarves', 'Toys', 'Books'])[1 + (o + l * 5) % 12] AS category
FROM generate_series(1, :orders) o, generate_series(0, 2) l WHERE l <= o % 3;

INSERT INTO orders (id, order_id, profile_id, currency, total_minor, returned_minor, channel, store_id, country,
                    occurred_at, source, fingerprint, body)
SELECT o, 'bench-' || o, 1 + (o * 7919) % :profiles, CASE WHEN o % 10 = 0 THEN 'EUR' ELSE 'USD' END,
       total, CASE WHEN o % 50 = 0 THEN total ELSE 0 END,
       (ARRAY['web', 'pos', 'app', 'phone'])[1 + o % 4], CASE WHEN o % 4 = 1 THEN 'store-' || o % 20 END, 'US',
       now() - ((o * 37) % 86400) * interval '1 minute', 'api_key:bench', decode(md5('bench-' || o), 'hex'), '{}'
FROM (SELECT o, sum(quantity * unit_price_minor) AS total FROM load_items GROUP BY o) AS t;

INSERT INTO order_items (order_pk, line_no, currency, occurred_at, sku, name, category, quantity, unit_price_minor,
                         returned_quantity)
SELECT i.o, i.line_no, r.currency, r.occurred_at, 'sku-' || (i.o + i.line_no) % 300, 'Item ' || (i.o + i.line_no) % 300,
       i.category, i.quantity, i.unit_price_minor, CASE WHEN i.o % 50 = 0 THEN i.quantity ELSE 0 END
FROM load_items i JOIN orders r ON r.id = i.o;
DROP TABLE load_items;

SELECT setval('profiles_id_seq', :profiles);
SELECT setval('events_id_seq', :profiles * :per);
SELECT setval('orders_id_seq', :orders);
SELECT setval('sources_id_seq', 1);

VACUUM ANALYZE;
