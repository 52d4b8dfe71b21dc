"""The outbox: every change to a synced table becomes one event in its own transaction."""

import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from counterdesk.store import outbox
from counterdesk.store.home import DATABASE_NAME, Home
from tests.store.test_migrations import folder_at

UUID7 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def add_citizen(home: Home, name: str) -> int:
    with home.db.write_transaction() as db:
        return int(
            db["citizens"]
            .insert(
                {
                    "full_name": name,
                    "id_number": "079190000001",
                    "name_fold": name.lower(),
                    "created_at": "2026-11-26T01:00:00+00:00",
                }
            )
            .last_pk
        )


def test_each_insert_and_update_is_one_event_with_the_row_after_it(tmp_path: Path) -> None:
    home = Home.open(tmp_path / "home")
    citizen = add_citizen(home, "Trần Thị Bé")
    with home.db.write_transaction() as db:
        db.execute("UPDATE citizens SET full_name = 'Trần Thị Bé Ba' WHERE id = ?", [citizen])
    events = list(outbox.unsent(home.db.db))
    assert [(e.seq, e.table, e.row_id) for e in events] == [
        (1, "citizens", citizen),
        (2, "citizens", citizen),
    ]
    assert events[0].row["full_name"] == "Trần Thị Bé"
    assert events[1].row["full_name"] == "Trần Thị Bé Ba"
    assert all(UUID7.match(e.id) for e in events)
    assert events[0].id[:8] <= events[1].id[:8]  # time-ordered ids
    assert outbox.pending(home.db.db)[0] == 2

    # A change rolled back leaves no event; acknowledged events stay (never deleted).
    with pytest.raises(RuntimeError), home.db.write_transaction() as db:
        db.execute("UPDATE citizens SET full_name = 'X' WHERE id = ?", [citizen])
        raise RuntimeError("the change fails")
    assert outbox.pending(home.db.db)[0] == 2
    with home.db.write_transaction() as db:
        assert outbox.mark_sent(db, 1, "2026-11-26T02:00:00Z") == 1
        with pytest.raises(sqlite3.IntegrityError, match="kept"):
            db.execute("DELETE FROM outbox")
    assert [e.seq for e in outbox.unsent(home.db.db)] == [2]
    home.close()


def test_a_folder_from_before_the_outbox_sends_its_whole_history(tmp_path: Path) -> None:
    root = tmp_path / "home"
    root.mkdir()
    with closing(folder_at(root / DATABASE_NAME, 8)) as conn:
        for n in (5, 6, 7):
            conn.execute(
                "INSERT INTO citizens (id, full_name, id_number, name_fold, created_at) "
                f"VALUES ({n}, 'Lê Văn Tám', '07919000000{n}', 'le van tam', '2026-01-01')"
            )
    home = Home.open(root)
    events = [e for e in outbox.unsent(home.db.db) if e.table == "citizens"]
    assert [(e.row_id, e.row["full_name"]) for e in events] == [
        (n, "Lê Văn Tám") for n in (5, 6, 7)
    ]
    assert len({e.id for e in outbox.unsent(home.db.db)}) == len(list(outbox.unsent(home.db.db)))
    assert all(UUID7.match(e.id) for e in events)
    home.close()


def test_a_new_column_gets_new_capture_triggers(tmp_path: Path) -> None:
    home = Home.open(tmp_path / "home")
    with home.db.write_transaction() as db:
        db.execute("ALTER TABLE citizens ADD COLUMN phone TEXT")
        assert not outbox.installed(db)
        outbox.install(db)
    citizen = add_citizen(home, "Phạm Văn Hai")
    with home.db.write_transaction() as db:
        db.execute("UPDATE citizens SET phone = '0912345678' WHERE id = ?", [citizen])
    last = list(outbox.unsent(home.db.db))[-1]
    assert last.row["phone"] == "0912345678"
    # Reinstalling does not capture the history a second time.
    with closing(sqlite3.connect(home.root / DATABASE_NAME)) as conn:
        counts = conn.execute(
            "SELECT COUNT(*) FROM outbox WHERE table_name = 'citizens'"
        ).fetchone()[0]
    assert counts == 2
    assert json.loads(json.dumps(last.row))["full_name"] == "Phạm Văn Hai"
    home.close()
