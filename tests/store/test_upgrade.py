"""Installing a newer desk over an older one: the data folder stays where it is, and its
first start upgrades the database. Older records survive the upgrade; an upgrade that fails
half-way leaves the database exactly as the previous version left it and says so."""

import gc
import sqlite3
from pathlib import Path

import pytest

from counterdesk import cli
from counterdesk.desk import Desk
from counterdesk.errors import StorageError
from counterdesk.store import db as db_module
from counterdesk.store.db import Database, migrations
from counterdesk.store.home import DATABASE_NAME

# What a desk had recorded, in the columns of the first schema (later migrations keep them).
RECORDS = """
INSERT INTO office (id, code, name, commune, province, created_at, updated_at)
VALUES (1, 'H38.12', 'UBND xã Tân Phú', 'Xã Tân Phú', 'Tỉnh Đồng Nai',
        '2026-01-02T01:00:00+00:00', '2026-01-02T01:00:00+00:00');
INSERT INTO identities (id, kind, p12_path, secret, subject, signer_name, signer_title,
                        cert_sha256, not_after, is_test, created_at)
VALUES (1, 'pkcs12', 'identities/signer.p12', 's', 'CN=Nguyễn Thị Ngọc Ánh',
        'Nguyễn Thị Ngọc Ánh', 'Phó Chủ tịch', 'ab', '2030-01-01T00:00:00+00:00', 1,
        '2026-01-02T01:00:00+00:00');
INSERT INTO citizens (id, full_name, id_number, name_fold, created_at)
VALUES (1, 'Trần Văn Đức', '001090123456', 'tran van duc', '2026-01-05T02:00:00+00:00');
INSERT INTO dossiers (id, code, local_day, seq, citizen_id, procedure, received_at)
VALUES (1, 'H38.12-260105-0001', '2026-01-05', 1, 1, 'Chứng thực bản sao',
        '2026-01-05T02:00:00+00:00');
INSERT INTO book_entries (id, book, year, number, volume, entries_in_volume, label,
                          certified_at, dossier_id, citizen_id, citizen_name, document_title,
                          pages, copies, paper, electronic, signer_name, signer_title,
                          identity_id)
VALUES (1, 'SCT/BS', 2026, 1, 1, 500, 'Số chứng thực: 1, Quyển số: 01/2026-SCT/BS',
        '2026-01-05T02:05:00+00:00', 1, 1, 'Trần Văn Đức', 'Giấy khai sinh', 2, 2, 1, 1,
        'Nguyễn Thị Ngọc Ánh', 'Phó Chủ tịch', 1);
INSERT INTO fees (id, receipt_no, year, seq, dossier_id, book_entry_id, amount_vnd,
                  lines_json, tariff_id, collected_at)
VALUES (1, '2026-000001', 2026, 1, 1, 1, 8000, '[]', 'tt226-2016',
        '2026-01-05T02:05:00+00:00');
"""


def older_folder(home: Path, version: int) -> Path:
    """A data folder as a CounterDesk at schema `version` left it, with records; returns
    its database. WAL mode, as every desk opens it (the mode is kept in the file)."""
    home.mkdir(parents=True)
    path = home / DATABASE_NAME
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    for number, script in migrations()[:version]:
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.executescript(RECORDS)
    conn.close()
    return path


def snapshot(path: Path) -> tuple[int, list[tuple], dict[str, list[tuple]]]:
    """Schema version, schema (every table, index and trigger) and every row."""
    conn = sqlite3.connect(path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        schema = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        rows = {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for type_, name, _, _ in schema
            if type_ == "table" and name != "sqlite_sequence"
        }
    finally:
        conn.close()
    return version, schema, rows


@pytest.mark.parametrize("version", [1, 5, len(migrations()) - 1])
def test_an_older_data_folder_opens_upgraded_with_its_records(tmp_path: Path, version: int) -> None:
    home = tmp_path / "home"
    path = older_folder(home, version)
    assert snapshot(path)[0] == version

    desk = Desk.open(home)
    try:
        assert desk.home.db.schema_version() == len(migrations())
        office = desk.office()
        assert (office.code, office.name) == ("H38.12", "UBND xã Tân Phú")
        (entry,) = desk.book_entries(2026)
        assert (entry.number, entry.citizen_name, entry.document_title) == (
            1,
            "Trần Văn Đức",
            "Giấy khai sinh",
        )
        assert (entry.copies, entry.electronic, entry.fee_vnd) == (2, True, 8000)
        assert entry.label == "Số chứng thực: 1, Quyển số: 01/2026-SCT/BS"
        # Columns added since are filled in on the old rows.
        dossier = desk.home.db.db.execute("SELECT code, received_by FROM dossiers").fetchall()
        assert dossier == [("H38.12-260105-0001", "local")]
        assert desk.home.db.db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        desk.close()
    # Opened again, there is nothing left to do.
    assert snapshot(path)[0] == len(migrations())


# Each fault strikes after real work in the same upgrade: the last shipped migration has
# run and the injected one has created a table and changed rows before it fails.
HALF_DONE = (
    "CREATE TABLE half_done (x INTEGER);\n"
    "INSERT INTO half_done VALUES (1);\n"
    "UPDATE citizens SET full_name = 'changed';\n"
)
FAULTS = {
    "unknown table": "INSERT INTO no_such_table VALUES (1);\n",
    "duplicate key": (
        "INSERT INTO citizens (id, full_name, id_number, name_fold, created_at) "
        "VALUES (1, 'x', 'y', 'x', 'z');\n"
    ),
    "broken reference": "UPDATE dossiers SET citizen_id = 99;\n",
}


@pytest.fixture(params=list(FAULTS))
def failing_upgrade(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """The shipped migrations and one more that fails half-way; returns the version the
    folder under test is at (one behind the shipped ones)."""
    shipped = migrations()
    broken = (len(shipped) + 1, HALF_DONE + FAULTS[request.param])
    monkeypatch.setattr(db_module, "migrations", lambda: [*shipped, broken])
    return len(shipped) - 1


def test_a_failed_upgrade_changes_nothing_and_says_so(
    tmp_path: Path, failing_upgrade: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = older_folder(tmp_path / "home", failing_upgrade)
    before_bytes = path.read_bytes()
    before = snapshot(path)

    with pytest.raises(StorageError) as failed:
        Database(path)
    message = failed.value.message
    assert "nothing was changed" in message
    assert str(path.parent) in message
    # Closed at once, though the traceback still holds the Database: on Windows an open
    # file could not be replaced by the folder's backup.
    assert not [fd for fd in Path("/proc/self/fd").iterdir() if _points_to(fd, path)]

    assert snapshot(path) == before  # same schema version, tables and rows
    assert path.read_bytes() == before_bytes

    # Once the fault is fixed (here: the shipped migrations only), the same folder upgrades.
    monkeypatch.undo()
    database = Database(path)
    try:
        assert database.schema_version() == len(migrations())
        names = database.db.execute("SELECT full_name FROM citizens").fetchall()
        assert names == [("Trần Văn Đức",)]
    finally:
        database.close()


def test_a_failed_upgrade_stops_a_command_with_the_message(
    tmp_path: Path, failing_upgrade: int, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    path = older_folder(home, failing_upgrade)
    before = snapshot(path)

    code = cli.main(["--home", str(home), "book", "list", "--json"])

    assert code == StorageError.exit_code
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("counterdesk: ")
    assert "nothing was changed" in err
    gc.collect()
    assert snapshot(path) == before


def _points_to(fd: Path, path: Path) -> bool:
    try:
        return fd.readlink() == path.resolve()
    except OSError:  # closed meanwhile (the listing's own descriptor)
        return False
