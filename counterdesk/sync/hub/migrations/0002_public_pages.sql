-- The public pages (sync/hub/public.py): finding a certification by its e-copy's hash and
-- a download code by its hash, the e-copies citizens downloaded, and the wrong codes each
-- client address typed lately (the limiter lives here so every hub process shares it).

CREATE INDEX records_document_signed_sha256 ON records ((row ->> 'signed_sha256'))
    WHERE table_name = 'documents';
CREATE INDEX records_document_sha256 ON records ((row ->> 'sha256'))
    WHERE table_name = 'documents';
CREATE INDEX records_download_code ON records ((row ->> 'code_sha256'))
    WHERE table_name = 'download_codes';
CREATE INDEX records_dossier ON records (desk_id, table_name, (row ->> 'dossier_id'));

-- One row per dossier whose e-copy a citizen downloaded: the first download returns the
-- dossier (the change published down to its office, set in the same transaction); later
-- ones are only counted.
CREATE TABLE downloads (
    desk_id UUID NOT NULL REFERENCES desks (id),
    dossier_id BIGINT NOT NULL,
    office_code TEXT NOT NULL REFERENCES offices (code),
    dossier_code TEXT NOT NULL,
    document_sha256 TEXT NOT NULL,
    first_at TIMESTAMPTZ NOT NULL,
    last_at TIMESTAMPTZ NOT NULL,
    count INTEGER NOT NULL DEFAULT 1,
    change_seq BIGINT REFERENCES changes (seq),
    PRIMARY KEY (desk_id, dossier_id)
);

-- Wrong download codes by client address; older than the limiter's window they are pruned.
CREATE TABLE download_failures (
    client TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX download_failures_client ON download_failures (client, at);
CREATE INDEX download_failures_at ON download_failures (at);
