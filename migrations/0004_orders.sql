-- Orders, their lines and their returns. Money is integer minor units (bigint) beside its
-- ISO 4217 currency, never floating point.
--
-- order_id (the shop's id) is unique across sources: a POS that sends an order by REST and a
-- web shop whose tracking sends the same order as "Order Completed" must make one order, not
-- two. profile_id is the profile the order landed on when it was recorded; like events it keeps
-- that id after a merge, and readers take the union over a live profile and its merged members.
CREATE TABLE orders (
    id             bigserial PRIMARY KEY,
    order_id       text NOT NULL UNIQUE CHECK (length(order_id) BETWEEN 1 AND 200),
    profile_id     bigint NOT NULL REFERENCES profiles (id),
    currency       text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    total_minor    bigint NOT NULL CHECK (total_minor >= 0),
    -- Money given back by returns so far; net revenue is total_minor - returned_minor.
    returned_minor bigint NOT NULL DEFAULT 0 CHECK (returned_minor BETWEEN 0 AND total_minor),
    channel        text NOT NULL,
    store_id       text,
    country        text,
    occurred_at    timestamptz NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    -- Who recorded it, as trait lineage names sources: 'api_key:<name>' or 'source:<name>'.
    source         text NOT NULL,
    -- The tracking message it came from (NULL for REST).
    message_id     text,
    -- SHA-256 of the order's canonical content (time excluded): a repeat with the same
    -- order_id is a retry when it matches, a conflict when it does not.
    fingerprint    bytea NOT NULL,
    -- The request or event properties as sent, without buyer identifiers and traits (those live in the
    -- identity graph, where erasure finds them).
    body           jsonb NOT NULL DEFAULT '{}'
);
-- GET /v1/profiles/{id}/orders and the 360 view: newest first per profile, cursor (occurred_at, id).
CREATE INDEX orders_profile_time ON orders (profile_id, occurred_at DESC, id DESC);
-- Analytics over a time range read only this index (index-only scans on a vacuumed table).
CREATE INDEX orders_time ON orders (occurred_at)
    INCLUDE (profile_id, currency, total_minor, returned_minor, channel);
CREATE INDEX orders_channel_time ON orders (channel, occurred_at);

-- One line of an order, in the order the shop sent them (line_no from 0): returns refer to
-- lines by position, exactly as Order.settle does. currency and occurred_at repeat the order's
-- (they never change) so category analytics over a time range read one index, no join.
CREATE TABLE order_items (
    order_pk          bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no           int NOT NULL CHECK (line_no >= 0),
    currency          text NOT NULL,
    occurred_at       timestamptz NOT NULL,
    sku               text,
    name              text,
    category          text,
    quantity          bigint NOT NULL CHECK (quantity >= 1),
    unit_price_minor  bigint NOT NULL,
    returned_quantity bigint NOT NULL DEFAULT 0 CHECK (returned_quantity BETWEEN 0 AND quantity),
    PRIMARY KEY (order_pk, line_no)
);
CREATE INDEX order_items_category_time ON order_items (occurred_at)
    INCLUDE (category, currency, quantity, returned_quantity, unit_price_minor) WHERE category IS NOT NULL;

-- "Identified" customers (holding a user_id, email or phone) for analytics, from an index alone.
CREATE INDEX identities_identifying ON identities (profile_id) WHERE type IN ('user_id', 'email', 'phone');

-- A settled return: the refund decided by Order.settle and the lines it took back
-- ([{"item_index":0,"quantity":1}], empty for a refund by amount). return_id, when the shop
-- gives one, makes the call idempotent per order.
CREATE TABLE order_returns (
    id           bigserial PRIMARY KEY,
    order_pk     bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    return_id    text CHECK (length(return_id) BETWEEN 1 AND 200),
    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
    lines        jsonb NOT NULL DEFAULT '[]',
    reason       text,
    fingerprint  bytea NOT NULL,
    occurred_at  timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (order_pk, return_id)
);
