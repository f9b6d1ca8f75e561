-- The identifier lookup at the heart of GET /v1/profiles/lookup?email=... (the `found` part of
-- ProfileViewStore's statement), one per transaction: the database ceiling the issue asks for.
\set n random(1, 100000)
SELECT coalesce(p.merged_into, p.id) FROM identities i JOIN profiles p ON p.id = i.profile_id
WHERE i.type = 'email' AND i.value = 'user' || :n || '@example.com';
