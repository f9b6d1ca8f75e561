-- Instances that create the same month's partition at once (several starting together, or the
-- twice-daily job meeting a start-up) failed: one with "relation already exists", or two with a
-- deadlock, each holding a lock on events_default that it then had to raise to ACCESS EXCLUSIVE
-- for the other's new partition. Now:
-- - when every month exists (nearly always), the function takes no lock at all;
-- - otherwise creators go one at a time (a transaction-scoped advisory lock) and each looks again
--   once it has the lock, so a later one finds the months made;
-- - the creator locks `events` (and so every partition, parent first, as each statement on events
--   takes them) before it looks at events_default: it never raises a lock while others wait on it.
--   That lock is held for the few milliseconds of a creation, once a month.
CREATE OR REPLACE FUNCTION mosaic_ensure_event_partitions(start_month date, months int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    first date := date_trunc('month', start_month)::date;
    created int := 0;
    missing boolean := false;
    m date;
    part text;
    lower_bound timestamptz;
    upper_bound timestamptz;
BEGIN
    FOR i IN 0 .. months - 1 LOOP
        m := (first + make_interval(months => i))::date;
        missing := missing OR to_regclass(format('events_%s', to_char(m, 'YYYY_MM'))) IS NULL;
    END LOOP;
    IF NOT missing THEN
        RETURN 0;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('mosaic_ensure_event_partitions'));
    LOCK TABLE events IN ACCESS EXCLUSIVE MODE;
    FOR i IN 0 .. months - 1 LOOP
        m := (first + make_interval(months => i))::date;
        part := format('events_%s', to_char(m, 'YYYY_MM'));
        lower_bound := m::timestamp AT TIME ZONE 'UTC';
        upper_bound := (m + interval '1 month')::timestamp AT TIME ZONE 'UTC';
        IF to_regclass(part) IS NULL THEN
            IF EXISTS (SELECT 1 FROM events_default WHERE received_at >= lower_bound AND received_at < upper_bound) THEN
                EXECUTE format('CREATE TABLE %I (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
                EXECUTE format(
                    'WITH moved AS (DELETE FROM events_default WHERE received_at >= %L AND received_at < %L RETURNING *) '
                    'INSERT INTO %I SELECT * FROM moved', lower_bound, upper_bound, part);
                EXECUTE format('ALTER TABLE events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                               part, lower_bound, upper_bound);
            ELSE
                EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                               part, lower_bound, upper_bound);
            END IF;
            created := created + 1;
        END IF;
    END LOOP;
    RETURN created;
END $$;
