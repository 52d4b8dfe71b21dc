-- The office this data folder belongs to (one row).
CREATE TABLE office (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    commune TEXT,
    province TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Signing identities. A PKCS#12 file is copied into the data folder; its password is
-- kept here so certify can run unattended (tokens with PINs come with the signing issue).
CREATE TABLE identities (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('pkcs12')),
    p12_path TEXT NOT NULL,
    secret TEXT NOT NULL,
    subject TEXT NOT NULL,
    signer_name TEXT NOT NULL,
    signer_title TEXT NOT NULL,
    cert_sha256 TEXT NOT NULL,
    not_after TEXT NOT NULL,
    is_test INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE citizens (
    id INTEGER PRIMARY KEY,
    full_name TEXT NOT NULL,
    id_number TEXT NOT NULL UNIQUE,
    name_fold TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE dossiers (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    local_day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    citizen_id INTEGER NOT NULL REFERENCES citizens (id),
    procedure TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (local_day, seq)
);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    role TEXT NOT NULL CHECK (role IN ('paper_copy', 'electronic_copy', 'receipt')),
    title TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    suffix TEXT NOT NULL,
    size INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX documents_dossier ON documents (dossier_id);

-- The certification book. One row per act; a permanent State record (Decree 23/2015 Art. 14).
CREATE TABLE book_entries (
    id INTEGER PRIMARY KEY,
    book TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL CHECK (number >= 1),
    volume INTEGER NOT NULL CHECK (volume >= 1),
    entries_in_volume INTEGER NOT NULL,
    label TEXT NOT NULL,
    certified_at TEXT NOT NULL,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    citizen_id INTEGER NOT NULL REFERENCES citizens (id),
    citizen_name TEXT NOT NULL,  -- as recorded at certification, even if corrected later
    document_title TEXT NOT NULL,
    pages INTEGER NOT NULL,
    copies INTEGER NOT NULL,
    paper INTEGER NOT NULL,
    electronic INTEGER NOT NULL,
    signer_name TEXT NOT NULL,
    signer_title TEXT NOT NULL,
    identity_id INTEGER NOT NULL REFERENCES identities (id),
    UNIQUE (book, year, number)
);

CREATE TABLE fees (
    id INTEGER PRIMARY KEY,
    receipt_no TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    book_entry_id INTEGER NOT NULL UNIQUE REFERENCES book_entries (id),
    amount_vnd INTEGER NOT NULL CHECK (amount_vnd >= 0),
    lines_json TEXT NOT NULL,
    tariff_id TEXT NOT NULL,
    collected_at TEXT NOT NULL,
    UNIQUE (year, seq)
);

CREATE TRIGGER book_entries_are_permanent_u BEFORE UPDATE ON book_entries
BEGIN SELECT RAISE(ABORT, 'certification book entries cannot be changed'); END;
CREATE TRIGGER book_entries_are_permanent_d BEFORE DELETE ON book_entries
BEGIN SELECT RAISE(ABORT, 'certification book entries cannot be deleted'); END;
CREATE TRIGGER fees_are_permanent_u BEFORE UPDATE ON fees
BEGIN SELECT RAISE(ABORT, 'fee records cannot be changed'); END;
CREATE TRIGGER fees_are_permanent_d BEFORE DELETE ON fees
BEGIN SELECT RAISE(ABORT, 'fee records cannot be deleted'); END;
