"""Upgrading a data folder written by an earlier version keeps every record."""

import sqlite3
from pathlib import Path

from counterdesk.store.db import Database, migrations


def folder_at(path: Path, version: int) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    for number, script in migrations()[:version]:
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {number}")
    return conn


def test_the_identities_rebuild_keeps_identities_and_the_book_entries_that_name_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "counterdesk.sqlite3"
    conn = folder_at(path, 6)
    conn.execute(
        "INSERT INTO identities (id, kind, p12_path, secret, subject, signer_name, signer_title, "
        "cert_sha256, not_after, created_at) VALUES (7, 'pkcs12', 'identities/a.p12', 's', "
        "'CN=Nguyễn Văn A', 'Nguyễn Văn A', 'Chủ tịch', 'ab', '2030-01-01', '2026-01-01')"
    )
    conn.execute(
        "INSERT INTO citizens (id, full_name, id_number, name_fold, created_at) "
        "VALUES (1, 'Trần B', '079190000001', 'tran b', '2026-01-01')"
    )
    conn.execute(
        "INSERT INTO dossiers (id, code, local_day, seq, citizen_id, procedure, received_at) "
        "VALUES (1, 'H38.12-260101-0001', '2026-01-01', 1, 1, 'x', '2026-01-01')"
    )
    conn.execute(
        "INSERT INTO book_entries (book, year, number, volume, entries_in_volume, label, "
        "certified_at, dossier_id, citizen_id, citizen_name, document_title, pages, copies, "
        "paper, electronic, signer_name, signer_title, identity_id) VALUES ('SCT/BS', 2026, 1, "
        "1, 500, 'Số 1', '2026-01-01', 1, 1, 'Trần B', 'Giấy khai sinh', 1, 1, 1, 1, "
        "'Nguyễn Văn A', 'Chủ tịch', 7)"
    )
    conn.close()

    database = Database(path)  # migrates to the newest schema
    db = database.db
    assert database.schema_version() == len(migrations())
    assert db.execute("SELECT kind, signer_name FROM identities WHERE id = 7").fetchone() == (
        "pkcs12",
        "Nguyễn Văn A",
    )
    assert db.execute("SELECT identity_id FROM book_entries").fetchone() == (7,)
    assert db.execute("PRAGMA foreign_keys").fetchone() == (1,)  # back on after the upgrade
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # The book stays permanent, and a token identity now fits (its PIN is never stored).
    db.execute(
        "INSERT INTO identities (kind, token_module, token_cert_id, subject, signer_name, "
        "signer_title, cert_sha256, not_after, created_at) VALUES ('pkcs11', "
        "'/usr/lib/softhsm/libsofthsm2.so', '0a1b', 'CN=X', 'X', 'Y', 'cd', '2030', '2026')"
    )
    database.close()
