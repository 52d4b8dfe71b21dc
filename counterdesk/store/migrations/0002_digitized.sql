-- Digitized copies made at intake: one PDF/A per document, linked to a dossier (and so
-- to its citizen) when the clerk names one.
CREATE TABLE digitized_documents (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    dossier_id INTEGER REFERENCES dossiers (id),
    citizen_id INTEGER REFERENCES citizens (id),
    sha256 TEXT NOT NULL,
    suffix TEXT NOT NULL,
    size INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    text_layer INTEGER NOT NULL,
    source TEXT NOT NULL,
    -- SHA-256 of the input files taken together: the same files digitized again give
    -- back this document instead of a second copy.
    input_sha256 TEXT,
    warnings_json TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX digitized_documents_input ON digitized_documents (input_sha256);
CREATE INDEX digitized_documents_dossier ON digitized_documents (dossier_id);

CREATE TABLE digitized_pages (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES digitized_documents (id),
    idx INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,  -- perceptual hash of the clean page, hex
    width_px INTEGER NOT NULL,
    height_px INTEGER NOT NULL,
    dpi INTEGER NOT NULL,
    mode TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    warnings_json TEXT NOT NULL,
    duplicate_of INTEGER REFERENCES digitized_pages (id),
    UNIQUE (document_id, idx)
);

-- Files a watched folder has taken in, so each is captured once even across restarts.
CREATE TABLE watched_files (
    id INTEGER PRIMARY KEY,
    folder TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    document_id INTEGER REFERENCES digitized_documents (id),
    taken_at TEXT NOT NULL,
    UNIQUE (folder, name, sha256)
);
