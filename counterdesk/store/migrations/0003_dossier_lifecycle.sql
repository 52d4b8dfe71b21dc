-- Dossiers tracked to their due time, with every move recorded.
ALTER TABLE dossiers ADD COLUMN state TEXT NOT NULL DEFAULT 'received';
ALTER TABLE dossiers ADD COLUMN procedure_code TEXT;
ALTER TABLE dossiers ADD COLUMN due_at TEXT;
ALTER TABLE dossiers ADD COLUMN extended_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN finished_at TEXT;
ALTER TABLE dossiers ADD COLUMN returned_at TEXT;
ALTER TABLE dossiers ADD COLUMN return_channel TEXT;
ALTER TABLE dossiers ADD COLUMN electronic_result INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN submitted_online INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN online_eligible INTEGER NOT NULL DEFAULT 0;
CREATE INDEX dossiers_open ON dossiers (state, due_at);
CREATE INDEX dossiers_received ON dossiers (received_at);
CREATE INDEX dossiers_finished ON dossiers (finished_at);

-- Certifications made at the counter are finished on the spot.
UPDATE dossiers SET state = 'finished', due_at = received_at, finished_at = received_at;

CREATE TABLE dossier_events (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    reason TEXT,
    details_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dossier_events_dossier ON dossier_events (dossier_id);
CREATE TRIGGER dossier_events_are_permanent_u BEFORE UPDATE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier events cannot be changed'); END;
CREATE TRIGGER dossier_events_are_permanent_d BEFORE DELETE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier events cannot be deleted'); END;

-- The immediate report a late dossier needs: reason, remedy, the new date promised.
CREATE TABLE late_reports (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    remedy TEXT NOT NULL,
    new_due_at TEXT NOT NULL
);

ALTER TABLE fees ADD COLUMN payment_channel TEXT NOT NULL DEFAULT 'cash'
    CHECK (payment_channel IN ('cash', 'bank_transfer', 'online_portal'));

-- The procedure catalog, with history: a procedure's rules as imported on a date.
CREATE TABLE procedures (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    time_limit TEXT NOT NULL,
    fee TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    field TEXT,
    imported_at TEXT NOT NULL,
    withdrawn_at TEXT
);
CREATE INDEX procedures_code ON procedures (code, withdrawn_at);
ALTER TABLE dossiers ADD COLUMN procedure_id INTEGER REFERENCES procedures (id);

-- Citizen search that ignores diacritics, đ included (FTS5's remove_diacritics does not
-- fold đ/Đ, so the folded name is what is indexed).
CREATE VIRTUAL TABLE citizens_fts USING fts5(
    name_fold, content='citizens', content_rowid='id', tokenize='unicode61'
);
INSERT INTO citizens_fts (rowid, name_fold) SELECT id, name_fold FROM citizens;
CREATE TRIGGER citizens_fts_i AFTER INSERT ON citizens BEGIN
    INSERT INTO citizens_fts (rowid, name_fold) VALUES (new.id, new.name_fold);
END;
CREATE TRIGGER citizens_fts_u AFTER UPDATE OF name_fold ON citizens BEGIN
    INSERT INTO citizens_fts (citizens_fts, rowid, name_fold) VALUES ('delete', old.id, old.name_fold);
    INSERT INTO citizens_fts (rowid, name_fold) VALUES (new.id, new.name_fold);
END;

-- Year-end closing of the certification book (Decree 23/2015/NĐ-CP Art. 13(1)).
CREATE TABLE book_closings (
    id INTEGER PRIMARY KEY,
    book TEXT NOT NULL,
    year INTEGER NOT NULL,
    entries INTEGER NOT NULL,
    last_number INTEGER,
    signer_name TEXT NOT NULL,
    signer_title TEXT NOT NULL,
    closed_at TEXT NOT NULL,
    UNIQUE (book, year)
);

-- Where the office receives transfers, for the VietQR code on receipts.
ALTER TABLE office ADD COLUMN bank_bin TEXT;
ALTER TABLE office ADD COLUMN bank_account TEXT;
ALTER TABLE office ADD COLUMN bank_account_name TEXT;

CREATE INDEX book_entries_dossier ON book_entries (dossier_id);
CREATE INDEX fees_dossier ON fees (dossier_id);
