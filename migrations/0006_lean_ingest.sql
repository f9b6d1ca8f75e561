-- Fewer index entries per ingested event (the group committer's cost is mostly index inserts).
--
-- Timelines only ever read events that the resolver has assigned to a profile, so the timeline
-- index skips unassigned rows: ingest writes no entry, the resolver's UPDATE writes the one
-- entry that is read. Queries say `profile_id IS NOT NULL` so the planner can use it.
DROP INDEX events_profile_time;
CREATE INDEX events_profile_time ON events (profile_id, "timestamp" DESC, id DESC) WHERE profile_id IS NOT NULL;

-- An event looked up by messageId alone probes the primary key (source_id, message_id) once per
-- source instead: sources are few, and every ingested event saves an index entry.
DROP INDEX message_ids_message_id;
