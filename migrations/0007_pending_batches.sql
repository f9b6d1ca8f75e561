-- The resolver's queue holds one row per group commit instead of one per event: a commit of N
-- events writes one heap row and one index entry here, not N of each. Same guarantees as
-- `pending_events`: committed with the events, drained with DELETE ... SKIP LOCKED in the
-- transaction that applies their effects, so nothing is skipped and nothing applied twice.
--
-- Stop instances of the previous version before this runs: their inserts into `pending_events`
-- wait for this lock and then fail (the table is gone), and those clients see an error.
LOCK TABLE pending_events IN ACCESS EXCLUSIVE MODE;

CREATE TABLE pending_batches (
    id           bigserial PRIMARY KEY,
    event_ids    bigint[] NOT NULL,
    received_ats timestamptz[] NOT NULL,
    CHECK (cardinality(event_ids) > 0 AND cardinality(event_ids) = cardinality(received_ats))
);

-- Whatever was still queued moves over in id order, 500 events a row (the resolver's batch).
INSERT INTO pending_batches (event_ids, received_ats)
SELECT array_agg(event_id ORDER BY event_id), array_agg(received_at ORDER BY event_id)
FROM (SELECT event_id, received_at, (row_number() OVER (ORDER BY event_id) - 1) / 500 AS chunk FROM pending_events) p
GROUP BY chunk
ORDER BY chunk;

DROP TABLE pending_events;
