-- Creating a month's partition used to fail when rows of that month had already landed in the
-- default partition (say the maintenance job could not run for a whole month): PostgreSQL
-- refuses a partition whose range the default partition holds rows for. Now those rows move
-- into the new partition, in the same transaction, before it is attached.
CREATE OR REPLACE FUNCTION mosaic_ensure_event_partitions(start_month date, months int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    first date := date_trunc('month', start_month)::date;
    created int := 0;
    m date;
    part text;
    lower_bound timestamptz;
    upper_bound timestamptz;
BEGIN
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
