import os
import sqlite3
import time
from pathlib import Path

import pytest

from counterdesk.desk import CertifyRequest, Desk
from counterdesk.errors import StorageError
from counterdesk.store.blobs import STALE_TEMP_SECONDS, BlobStore
from counterdesk.store.db import Database, migrations
from counterdesk.store.home import DATABASE_NAME, Home


def test_new_folder_gets_wal_and_every_migration(tmp_path: Path) -> None:
    home = Home.open(tmp_path / "h")
    try:
        assert home.db.schema_version() == len(migrations())
        assert home.db.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert {"office", "book_entries", "fees", "documents"} <= set(home.db.db.table_names())
    finally:
        home.close()
    again = Home.open(tmp_path / "h")  # reopening applies nothing twice
    assert again.db.schema_version() == len(migrations())
    again.close()


def test_folder_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    Home.open(tmp_path).close()
    conn = sqlite3.connect(tmp_path / DATABASE_NAME)
    conn.execute(f"PRAGMA user_version = {len(migrations()) + 1}")
    conn.close()
    with pytest.raises(StorageError, match="newer CounterDesk"):
        Database(tmp_path / DATABASE_NAME)


def test_corrupt_database_gets_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / DATABASE_NAME).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match="cannot be used"):
        Database(tmp_path / DATABASE_NAME)


def test_book_entries_and_fees_cannot_be_changed_or_deleted(
    tmp_path: Path, scans: list[Path]
) -> None:
    desk = Desk.open(tmp_path)
    desk.init_office("H38.12", "UBND xã Tân Phú")
    desk.create_test_identity("Nguyễn Văn An", "Chủ tịch")
    desk.certify_copies(CertifyRequest(scans, "Võ Thị Sáu", "079190000001", "Học bạ"))
    home = desk.home
    conn = home.db.db.conn
    for table in ("book_entries", "fees"):
        with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
            conn.execute(f"DELETE FROM {table}")
        with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
            conn.execute(f"UPDATE {table} SET id = id")
    home.close()


def test_blobs_are_named_by_hash_written_once_and_checked(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    first = store.put(b"%PDF-1.7 hello", ".pdf")
    assert first.created
    assert first.path == tmp_path / first.sha256[:2] / f"{first.sha256}.pdf"
    assert first.path.read_bytes() == b"%PDF-1.7 hello"
    second = store.put(b"%PDF-1.7 hello", ".pdf")
    assert not second.created
    assert store.matches(first.sha256, ".pdf")
    first.path.write_bytes(b"%PDF-1.7 hellO")
    assert not store.matches(first.sha256, ".pdf")
    assert not any(p.name.endswith(".partial") for p in tmp_path.rglob("*"))


def test_discard_removes_only_blobs_created_by_the_failed_change(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    kept = store.put(b"older", ".pdf")
    again = store.put(b"older", ".pdf")
    new = store.put(b"newer", ".pdf")
    store.discard([again, new])
    assert kept.path.exists()
    assert not new.path.exists()


def test_stale_temp_files_of_killed_writers_are_removed(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    folder = tmp_path / "ab"
    folder.mkdir()
    stale = folder / ".abc.pdf.1234.partial"
    fresh = folder / ".abd.pdf.5678.partial"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"y")
    old = time.time() - STALE_TEMP_SECONDS - 10
    os.utime(stale, (old, old))
    assert store.remove_stale_temp_files() == 1
    assert not stale.exists()
    assert fresh.exists()  # may belong to a desk writing right now
