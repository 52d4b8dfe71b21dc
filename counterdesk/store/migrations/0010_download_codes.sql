-- The citizen's one-time code to download their e-copy from the hub (its hash only; the
-- code is printed on the receipt: domain/download_codes.py). Synced with the dossier.
CREATE TABLE download_codes (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    code_sha256 TEXT NOT NULL UNIQUE,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX download_codes_dossier ON download_codes (dossier_id);
