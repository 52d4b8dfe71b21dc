-- Signing for real: the office's organisation signature, its time-stamping and
-- revocation settings, and the level each e-copy has reached (the upgrade queue).

-- An identity signs as the official ('signer') or as the office itself ('organisation':
-- the second signature, over the first). One of each is active at a time.
ALTER TABLE identities ADD COLUMN purpose TEXT NOT NULL DEFAULT 'signer'
    CHECK (purpose IN ('signer', 'organisation'));

-- The RFC 3161 time-stamping service (NULL: none, copies stay at B-B) and whether the
-- signer's certificate is checked with its CA's OCSP responder or CRL before signing
-- (the addresses come from the certificates themselves).
ALTER TABLE office ADD COLUMN tsa_url TEXT;
ALTER TABLE office ADD COLUMN check_revocation INTEGER NOT NULL DEFAULT 1;

-- E-copies: the PAdES level reached, and the hash of the file as certified (the paper
-- copy's QR code names it; an upgrade appends to the file, changing `sha256`).
ALTER TABLE documents ADD COLUMN level TEXT
    CHECK (level IN ('B-B', 'B-T', 'B-LT', 'B-LTA'));
ALTER TABLE documents ADD COLUMN signed_sha256 TEXT;
ALTER TABLE documents ADD COLUMN upgraded_at TEXT;
UPDATE documents SET signed_sha256 = sha256, level = 'B-B' WHERE role = 'electronic_copy';
CREATE INDEX documents_upgrade_queue ON documents (level) WHERE role = 'electronic_copy';
