-- Accounts, failed log-ins, the audit trail, who did each act, and retention.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    full_name TEXT NOT NULL,
    roles TEXT NOT NULL,  -- comma-separated: clerk, signer, admin
    password_hash TEXT NOT NULL,  -- scrypt, self-describing (domain/passwords.py)
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    password_changed_at TEXT NOT NULL,
    deactivated_at TEXT
);
-- An account is deactivated, never deleted: the audit trail and the records name it.
CREATE TRIGGER users_are_kept BEFORE DELETE ON users
BEGIN SELECT RAISE(ABORT, 'accounts are deactivated, not deleted'); END;

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    at TEXT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures (user_id, at);

-- The hash-chained audit trail (domain/audit.py). Append-only: these triggers stop the
-- application; the chain and the head kept outside the database catch anyone else.
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    inputs_digest TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TRIGGER audit_log_is_append_only_u BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit entries cannot be changed'); END;
CREATE TRIGGER audit_log_is_append_only_d BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit entries cannot be deleted'); END;

-- Who did each act, for the per-official accountability report.
ALTER TABLE dossiers ADD COLUMN received_by TEXT NOT NULL DEFAULT 'local';
ALTER TABLE dossiers ADD COLUMN finished_by TEXT;
UPDATE dossiers SET finished_by = 'local' WHERE finished_at IS NOT NULL;
ALTER TABLE book_entries ADD COLUMN certified_by TEXT NOT NULL DEFAULT 'local';
ALTER TABLE digitized_documents ADD COLUMN created_by TEXT NOT NULL DEFAULT 'local';

-- The due time a dossier is judged by: set at receipt and by lawful extensions, but not
-- by the new date promised in a late report (a late dossier stays late in the indicators).
ALTER TABLE dossiers ADD COLUMN legal_due_at TEXT;
UPDATE dossiers SET legal_due_at = due_at
    WHERE id NOT IN (SELECT dossier_id FROM late_reports);

-- Retention: years a digitized copy is kept after its dossier closed (NULL: keep).
ALTER TABLE office ADD COLUMN retention_years INTEGER CHECK (retention_years >= 1);
ALTER TABLE digitized_documents ADD COLUMN removed_at TEXT;
