-- Signing identities on PKCS#11 tokens (USB tokens of the licensed CAs) beside PKCS#12
-- files. A CHECK cannot be changed in place, so the table is rebuilt (SQLite's documented
-- procedure: the migration runs with foreign keys off and checks them before commit).
-- A token's PIN is never stored: the desk asks for it once per session.
CREATE TABLE identities_new (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('pkcs12', 'pkcs11')),
    p12_path TEXT,
    secret TEXT,
    token_module TEXT,
    token_label TEXT,
    token_cert_id TEXT,  -- CKA_ID in hex: keys are found by it, never by label
    subject TEXT NOT NULL,
    signer_name TEXT NOT NULL,
    signer_title TEXT NOT NULL,
    cert_sha256 TEXT NOT NULL,
    not_after TEXT NOT NULL,
    is_test INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    CHECK (
        (kind = 'pkcs12' AND p12_path IS NOT NULL AND secret IS NOT NULL)
        OR (kind = 'pkcs11' AND token_module IS NOT NULL AND token_cert_id IS NOT NULL)
    )
);
INSERT INTO identities_new (
    id, kind, p12_path, secret, subject, signer_name, signer_title, cert_sha256, not_after,
    is_test, active, created_at
)
SELECT
    id, kind, p12_path, secret, subject, signer_name, signer_title, cert_sha256, not_after,
    is_test, active, created_at
FROM identities;
DROP TABLE identities;
ALTER TABLE identities_new RENAME TO identities;
