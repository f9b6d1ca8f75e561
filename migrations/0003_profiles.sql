-- Profiles and the identity graph.
--
-- A profile that lost a merge keeps its row with merged_into pointing at the live profile that
-- absorbed it (always the live root: merges re-point earlier losers too), so readers and racing
-- writers can follow one pointer. Its events keep their profile_id; the live profile's story is
-- the union over itself and every profile whose merged_into is it.
CREATE TABLE profiles (
    id            bigserial PRIMARY KEY,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    merged_into   bigint REFERENCES profiles (id),
    merged_at     timestamptz,
    computed      jsonb NOT NULL DEFAULT '{}',
    first_seen_at timestamptz,
    last_seen_at  timestamptz,
    CHECK (merged_into IS NULL OR merged_into <> id)
);
CREATE INDEX profiles_merged_into ON profiles (merged_into) WHERE merged_into IS NOT NULL;

-- One identifier value belongs to at most one profile: the primary key guarantees it even with
-- several resolvers racing. origin_profile_id is the profile the value first arrived on, so a
-- split can hand it back.
CREATE TABLE identities (
    type              text NOT NULL,
    value             text NOT NULL,
    profile_id        bigint NOT NULL REFERENCES profiles (id),
    origin_profile_id bigint NOT NULL REFERENCES profiles (id),
    source_id         bigint,
    first_seen        timestamptz NOT NULL,
    last_seen         timestamptz NOT NULL,
    -- Distinct other profiles this value has tried to link to (the link guard's count).
    link_count        int NOT NULL DEFAULT 0,
    -- Set when a split showed this value to be a false link: it never merges again.
    merge_blocked     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (type, value)
);
CREATE INDEX identities_profile ON identities (profile_id);

-- Current trait values with their lineage: which source, which message or request, what event
-- time. Last write wins by event time; set_once values keep the first.
CREATE TABLE trait_lineage (
    profile_id  bigint NOT NULL REFERENCES profiles (id),
    key         text NOT NULL,
    value       jsonb NOT NULL,
    source      text NOT NULL,
    message_id  text NOT NULL,
    event_time  timestamptz NOT NULL,
    set_once    boolean NOT NULL DEFAULT false,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (profile_id, key)
);

-- Every merge, why it happened, and whether it was undone.
CREATE TABLE merges (
    id               bigserial PRIMARY KEY,
    winner_id        bigint NOT NULL REFERENCES profiles (id),
    loser_id         bigint NOT NULL REFERENCES profiles (id),
    identifier_type  text NOT NULL,
    identifier_value text NOT NULL,
    event_id         bigint,
    message_id       text,
    rule             text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    undone_at        timestamptz
);
CREATE INDEX merges_winner ON merges (winner_id);
CREATE INDEX merges_loser ON merges (loser_id);

-- Identifiers a message carried that were not linked, and why (blocked value, limit, conflict,
-- link guard): "why is this email not on that profile?" has an answer.
CREATE TABLE identity_decisions (
    id               bigserial PRIMARY KEY,
    event_id         bigint,
    message_id       text,
    profile_id       bigint,
    identifier_type  text NOT NULL,
    identifier_value text NOT NULL,
    reason           text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX identity_decisions_profile ON identity_decisions (profile_id);
