-- Sources (tracking write keys) and secret API keys. Secrets are never stored: only their
-- SHA-256 (keys are 32 random bytes, so a fast hash is enough) and a short prefix for display.
CREATE TABLE sources (
    id              bigserial PRIMARY KEY,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    write_key_hash  bytea NOT NULL UNIQUE,
    write_key_prefix text NOT NULL,
    default_country text CHECK (default_country ~ '^[A-Z]{2}$'),
    created_at      timestamptz NOT NULL DEFAULT now(),
    revoked_at      timestamptz
);

CREATE TABLE api_keys (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    key_hash    bytea NOT NULL UNIQUE,
    key_prefix  text NOT NULL,
    scopes      text[] NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
