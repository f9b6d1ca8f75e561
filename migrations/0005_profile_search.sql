-- Prefix search for GET /v1/profiles?query=: identifier values and name traits. text_pattern_ops
-- makes LIKE 'prefix%' use the index whatever the database's collation.
CREATE INDEX identities_value_prefix ON identities (type, value text_pattern_ops);
CREATE INDEX trait_lineage_name_prefix ON trait_lineage (lower(value #>> '{}') text_pattern_ops)
    WHERE key IN ('name', 'first_name', 'last_name');
