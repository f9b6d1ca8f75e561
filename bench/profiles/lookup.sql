-- The query ProfileStore.lookup runs for GET /v1/profiles/lookup?email=..., one per transaction.
\set n random(1, 100000)
SELECT coalesce(p.merged_into, p.id) FROM identities i JOIN profiles p ON p.id = i.profile_id
WHERE i.type = 'email' AND i.value = 'user' || :n || '@example.com';
