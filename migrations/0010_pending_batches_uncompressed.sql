-- A queue row of a large group commit (up to ingestion.max_batch_messages ids) is past the TOAST
-- threshold, and PostgreSQL tried to compress its arrays: `pglz_compress` was 2.4 % of the
-- database's CPU under /v1/batch load, for arrays of distinct ids and timestamps that hardly
-- compress, and the resolver paid to decompress them. Stored out of line as they are instead.
ALTER TABLE pending_batches
    ALTER COLUMN event_ids SET STORAGE EXTERNAL,
    ALTER COLUMN received_ats SET STORAGE EXTERNAL;
