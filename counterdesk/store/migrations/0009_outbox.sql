-- Offline first: every change to a synced table is captured, in its own transaction, as
-- an outbox event (the row as it is after the change) that the sync sends to the hub.
-- The capture triggers are generated from the tables' columns (store/outbox.py), so a
-- later migration adding a column is followed by new triggers, not by a hand-kept list.

CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- the per-desk sequence: gap-free, never reused
    id TEXT NOT NULL UNIQUE,  -- UUIDv7, made on the desk: the hub de-duplicates by it
    table_name TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    row_json TEXT NOT NULL,
    at TEXT NOT NULL,
    sent_at TEXT  -- when the hub acknowledged it; unsent events are never deleted
);
CREATE INDEX outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;
CREATE TRIGGER outbox_is_kept BEFORE DELETE ON outbox
BEGIN SELECT RAISE(ABORT, 'outbox events are kept'); END;

-- Which generated triggers are installed (a fingerprint of the synced tables' columns).
CREATE TABLE outbox_capture (id INTEGER PRIMARY KEY CHECK (id = 1), fingerprint TEXT NOT NULL);

-- The desk's enrolment with a hub and the state of its sync.
CREATE TABLE sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    hub_url TEXT NOT NULL,
    desk_id TEXT NOT NULL,
    office_code TEXT NOT NULL,
    enrolled_at TEXT NOT NULL,
    last_attempt_at TEXT,
    last_success_at TEXT,
    last_error TEXT,
    changes_seen INTEGER NOT NULL DEFAULT 0  -- the last down-flowing change applied
);

-- Blobs the hub confirmed it holds complete: not asked about again.
CREATE TABLE sync_blobs (sha256 TEXT PRIMARY KEY, confirmed_at TEXT NOT NULL);

-- Changes flowing down from the hub (catalog, tariff, holidays, office settings), kept
-- with their effective dates as received.
CREATE TABLE hub_changes (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    effective_from TEXT,
    data_json TEXT NOT NULL,
    received_at TEXT NOT NULL,
    applied_at TEXT
);
