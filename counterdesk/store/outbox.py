"""The outbox: every change to a synced table, captured by triggers in its transaction.

A trigger per table and operation writes the row as it is after the change (JSON of all
its columns) with a UUIDv7 made in SQL and the next per-desk sequence number. Triggers
run inside the transaction of the change, whoever makes it (a use case, a migration, a
second desk process on the folder), so an event exists exactly when its change was
committed: a killed process loses both or neither.

The triggers are generated from the tables' columns and reinstalled when those change
(`install`, run at every open: a fingerprint makes it a no-op). The first installation
also captures every row already in the tables, so an office that has worked for months
before enrolling sends its whole history.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

import sqlite_utils

from counterdesk.domain.synced import SYNCED_TABLES

# UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, version 7, 74 random bits, variant 10.
# One expression without a subquery: SQLite evaluates an uncorrelated subquery once per
# statement, which would give every row of a multi-row INSERT the same id.
_MS = "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"
_UUID7_DASHED = (
    f"lower(printf('%08x', {_MS} >> 16) || '-' || printf('%04x', {_MS} & 65535) "
    "|| '-7' || substr(hex(randomblob(2)), 1, 3) || '-' "
    "|| substr('89ab', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 1, 3) || '-' "
    "|| hex(randomblob(6)))"
)
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


@dataclass(frozen=True)
class Event:
    seq: int
    id: str
    table: str
    row_id: int
    row: dict[str, object]
    at: str


def _columns(db: sqlite_utils.Database, table: str) -> list[tuple[str, str]]:
    return [(r[1], (r[2] or "").upper()) for r in db.execute(f"PRAGMA table_info({table})")]


def _row_json(columns: list[tuple[str, str]]) -> str:
    # json_object refuses BLOB values: binary columns travel as hex.
    parts = ", ".join(
        f"'{name}', " + (f"hex(NEW.{name})" if kind == "BLOB" else f"NEW.{name}")
        for name, kind in columns
    )
    return f"json_object({parts})"


def _fingerprint(db: sqlite_utils.Database) -> str:
    shape = {table: _columns(db, table) for table in SYNCED_TABLES}
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()


def _capture_sql(table: str, columns: list[tuple[str, str]], operation: str) -> str:
    return (
        f"CREATE TRIGGER outbox_{table}_{operation.lower()} AFTER {operation} ON {table} "
        f"BEGIN INSERT INTO outbox (id, table_name, row_id, row_json, at) VALUES "
        f"({_UUID7_DASHED}, '{table}', NEW.rowid, {_row_json(columns)}, {_NOW}); END"
    )


def installed(db: sqlite_utils.Database) -> bool:
    """Whether the capture triggers match the tables' current columns."""
    row = db.execute("SELECT fingerprint FROM outbox_capture WHERE id = 1").fetchone()
    return row is not None and row[0] == _fingerprint(db)


def install(db: sqlite_utils.Database) -> None:
    """(Re)generate the capture triggers; call inside a write transaction."""
    first = db.execute("SELECT 1 FROM outbox_capture").fetchone() is None
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'outbox\\_%\\_%' "
        "ESCAPE '\\' AND name != 'outbox_is_kept'"
    ).fetchall():
        db.execute(f"DROP TRIGGER {name}")
    for table in SYNCED_TABLES:
        columns = _columns(db, table)
        for operation in ("INSERT", "UPDATE"):
            db.execute(_capture_sql(table, columns, operation))
        if first:  # the history before the outbox existed
            row = _row_json(columns).replace("NEW.", "")
            db.execute(
                f"INSERT INTO outbox (id, table_name, row_id, row_json, at) "
                f"SELECT {_UUID7_DASHED}, '{table}', rowid, {row}, {_NOW} "
                f"FROM {table} ORDER BY rowid"
            )
    db.execute(
        "INSERT INTO outbox_capture (id, fingerprint) VALUES (1, ?) "
        "ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint",
        [_fingerprint(db)],
    )


def unsent(db: sqlite_utils.Database, after: int = 0, limit: int = 500) -> Iterator[Event]:
    for seq, id_, table, row_id, row_json, at in db.execute(
        "SELECT seq, id, table_name, row_id, row_json, at FROM outbox "
        "WHERE sent_at IS NULL AND seq > ? ORDER BY seq LIMIT ?",
        [after, limit],
    ):
        yield Event(seq, id_, table, row_id, json.loads(row_json), at)


def pending(db: sqlite_utils.Database) -> tuple[int, int]:
    """(events, bytes of their row images) not yet acknowledged by the hub."""
    count, size = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(length(row_json)), 0) FROM outbox WHERE sent_at IS NULL"
    ).fetchone()
    return count, size


def mark_sent(db: sqlite_utils.Database, up_to_seq: int, now: str) -> int:
    """Acknowledge every event up to `up_to_seq` (the hub holds them all)."""
    return db.execute(
        "UPDATE outbox SET sent_at = ? WHERE sent_at IS NULL AND seq <= ?", [now, up_to_seq]
    ).rowcount
