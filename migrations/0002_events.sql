-- Events: every tracking message as sent (body), with the columns queries need.
-- Range-partitioned by month of received_at (server time, so client clocks cannot create
-- partitions); a default partition catches anything outside the prepared months.
CREATE SEQUENCE events_id_seq AS bigint;

CREATE TABLE events (
    id           bigint NOT NULL DEFAULT nextval('events_id_seq'),
    source_id    bigint NOT NULL,
    message_id   text NOT NULL,
    type         text NOT NULL,
    name         text,
    profile_id   bigint,
    anonymous_id text,
    user_id      text,
    "timestamp"  timestamptz NOT NULL,
    received_at  timestamptz NOT NULL,
    body         jsonb NOT NULL,
    PRIMARY KEY (id, received_at)
) PARTITION BY RANGE (received_at);

CREATE TABLE events_default PARTITION OF events DEFAULT;

-- Per-profile timelines (newest first) and lookups by user/anonymous id.
CREATE INDEX events_profile_time ON events (profile_id, "timestamp" DESC, id DESC);

-- Dedupe of (source, messageId) across all partitions, and the locator of an event by messageId.
-- A partitioned table's unique index must contain the partition key, so the guarantee lives here.
CREATE TABLE message_ids (
    source_id   bigint NOT NULL,
    message_id  text NOT NULL,
    event_id    bigint NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (source_id, message_id)
);
CREATE INDEX message_ids_message_id ON message_ids (message_id);

-- Hand-off to the resolver: committed in the same transaction as the event, drained by the
-- resolver with DELETE ... RETURNING in the transaction that applies its effects. Nothing can be
-- skipped (unlike a watermark over a sequence) and nothing is applied twice.
CREATE TABLE pending_events (
    event_id    bigint PRIMARY KEY,
    received_at timestamptz NOT NULL
);

-- Creates the monthly partitions from the month of start_month for the given number of months.
-- Idempotent; called at start-up and daily by the server.
CREATE FUNCTION mosaic_ensure_event_partitions(start_month date, months int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    first date := date_trunc('month', start_month)::date;
    created int := 0;
    m date;
    part text;
BEGIN
    FOR i IN 0 .. months - 1 LOOP
        m := (first + make_interval(months => i))::date;
        part := format('events_%s', to_char(m, 'YYYY_MM'));
        IF to_regclass(part) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                part, m::timestamp AT TIME ZONE 'UTC', (m + interval '1 month')::timestamp AT TIME ZONE 'UTC');
            created := created + 1;
        END IF;
    END LOOP;
    RETURN created;
END $$;

SELECT mosaic_ensure_event_partitions((now() AT TIME ZONE 'UTC')::date - 31, 4);
