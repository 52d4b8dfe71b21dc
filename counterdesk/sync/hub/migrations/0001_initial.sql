-- The hub's first schema: offices and their desks, the events desks send up, the latest
-- row image of each desk record, the blobs each office holds, and the changes sent down.

CREATE TABLE offices (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE desks (
    id UUID PRIMARY KEY,
    office_code TEXT NOT NULL REFERENCES offices (code),
    name TEXT NOT NULL,
    public_key BYTEA NOT NULL CHECK (length(public_key) = 32),
    enrolled_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ,
    -- Highest seq such that the hub holds every event 1..last_seq of this desk.
    last_seq BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX desks_office ON desks (office_code);

-- One-time codes: only their SHA-256 is kept; a used code names the desk it enrolled, so
-- a desk that lost the answer can enrol again with the same code and key.
CREATE TABLE enrol_codes (
    code_hash TEXT PRIMARY KEY,
    office_code TEXT NOT NULL REFERENCES offices (code),
    issued_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ,
    desk_id UUID REFERENCES desks (id)
);

-- Nonces seen per desk; older than twice the allowed clock skew they cannot come back
-- (the signed time would be refused), so they are pruned.
CREATE TABLE nonces (
    desk_id UUID NOT NULL REFERENCES desks (id),
    nonce TEXT NOT NULL,
    seen_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (desk_id, nonce)
);
CREATE INDEX nonces_seen ON nonces (desk_id, seen_at);

CREATE TABLE events (
    id UUID PRIMARY KEY,
    desk_id UUID NOT NULL REFERENCES desks (id),
    seq BIGINT NOT NULL CHECK (seq >= 1),
    table_name TEXT NOT NULL,
    row_id BIGINT NOT NULL,
    row JSONB NOT NULL,
    blobs TEXT[] NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (desk_id, seq)
);

-- The latest row image of each desk record: the row of its highest-seq event.
CREATE TABLE records (
    desk_id UUID NOT NULL REFERENCES desks (id),
    table_name TEXT NOT NULL,
    row_id BIGINT NOT NULL,
    row JSONB NOT NULL,
    event_id UUID NOT NULL REFERENCES events (id),
    seq BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (desk_id, table_name, row_id)
);

-- Complete blobs per office (the bytes are in the blob store, one folder per office).
CREATE TABLE blobs (
    office_code TEXT NOT NULL REFERENCES offices (code),
    sha256 TEXT NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size BIGINT NOT NULL,
    stored_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (office_code, sha256)
);

-- What the hub publishes down: for one office, or for all (office_code NULL).
CREATE TABLE changes (
    seq BIGSERIAL PRIMARY KEY,
    office_code TEXT REFERENCES offices (code),
    kind TEXT NOT NULL,
    effective_from DATE NOT NULL,
    data JSONB NOT NULL,
    published_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX changes_office ON changes (office_code, seq);
