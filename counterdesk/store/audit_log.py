"""The audit trail in the database, and its head kept outside it.

Entries are appended inside the transaction of the change they record (store/journal.py),
so a change and its entry commit or vanish together. The chain (domain/audit.py) catches an
entry edited, deleted, inserted or swapped in the middle; the head file catches what a chain
cannot see by itself, the newest entries cut off. After each commit the desk writes the
newest (seq, hash) to `audit-head` beside the database; a kill between the commit and that
write only leaves the head one entry behind, which still verifies.

Whoever can write both files can still rewrite history consistently: the copies that stop
that live elsewhere (the signed exports given to inspectors, and the hub once offices sync).
"""

import contextlib
from collections.abc import Iterator
from dataclasses import astuple
from datetime import datetime
from pathlib import Path

import sqlite_utils

from counterdesk.domain.audit import AuditEntry, ChainReport, next_entry, verify_chain
from counterdesk.errors import StorageError
from counterdesk.store.files import write_atomic

COLUMNS = "seq, at, actor, role, action, subject, inputs_digest, prev_hash, hash"
HEAD_NAME = "audit-head"


def append(
    db: sqlite_utils.Database,
    at: datetime,
    actor: str,
    role: str,
    action: str,
    subject: str,
    inputs_digest: str,
) -> AuditEntry:
    """Append one entry; call inside the write transaction of the change it records."""
    row = db.execute(f"SELECT {COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    prev = AuditEntry(*row) if row else None
    entry = next_entry(prev, at, actor, role, action, subject, inputs_digest)
    db.execute(
        f"INSERT INTO audit_log ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", astuple(entry)
    )
    return entry


def entries(
    db: sqlite_utils.Database, since: str | None = None, until: str | None = None
) -> Iterator[AuditEntry]:
    """Entries in trail order; `since`/`until` bound their stored UTC time (until excluded)."""
    sql = f"SELECT {COLUMNS} FROM audit_log"
    where, params = [], []
    if since is not None:
        where.append("at >= ?")
        params.append(since)
    if until is not None:
        where.append("at < ?")
        params.append(until)
    if where:
        sql += " WHERE " + " AND ".join(where)
    for row in db.execute(sql + " ORDER BY seq", params):
        yield AuditEntry(*row)


def count(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


class Head:
    """The newest (seq, hash) known to have been committed, in a file beside the database."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / HEAD_NAME

    def read(self) -> tuple[int, str] | None:
        """The kept head, None when there is none; a damaged file reads as seq -1."""
        try:
            text = self.path.read_text(encoding="ascii").split()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError):
            return (-1, "")
        if len(text) != 2 or not text[0].isdigit():
            return (-1, "")
        return int(text[0]), text[1]

    def advance(self, entry: AuditEntry) -> None:
        """Keep `entry` as the head unless a newer one is kept already.

        Two desks committing at once may both write; the older head winning a race is still
        a true statement about the trail, only a weaker one. The change has committed when
        this runs, so a failure to write the head must not fail it: the head then lags.
        """
        kept = self.read()
        if kept is not None and kept[0] >= entry.seq:
            return
        with contextlib.suppress(StorageError):
            write_atomic(self.path, f"{entry.seq} {entry.hash}\n".encode("ascii"))


def verify(db: sqlite_utils.Database, head: Head) -> ChainReport:
    """Verify the chain, then that the kept head is in it (nothing cut off or rewritten).

    A missing or changed head entry is reported at the head's position: entries up to it
    were committed, and that one is not there as it was.
    """
    report = verify_chain(entries(db))
    kept = head.read()
    if kept is None or not report.intact:
        return report
    seq, hash_ = kept
    if seq < 0:  # the head file is damaged: the end of the trail cannot be vouched for
        return ChainReport(report.entries, False, report.entries + 1, report.head)
    if seq == 0:
        return report
    row = db.execute("SELECT hash FROM audit_log WHERE seq = ?", [seq]).fetchone()
    if row is None or row[0] != hash_:
        position = min(seq, report.entries + 1)
        return ChainReport(report.entries, False, position, report.head)
    return report
