"""The desk database: SQLite through sqlite-utils, WAL mode, numbered migrations.

Several desk processes may share one data folder. Readers never block (WAL); every
change runs in `write_transaction()`, which takes SQLite's write lock up front
(BEGIN IMMEDIATE) so that a use case reads the latest numbers and writes its rows
without another process slipping in between.
"""

import random
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

import sqlite_utils

from counterdesk.errors import StorageError
from counterdesk.store import outbox
from counterdesk.store.files import folder_full, folder_read_only

# How long a process waits for another one's write transaction (a certification holds
# it for a few hundred milliseconds) before telling the clerk the folder is busy.
BUSY_TIMEOUT_SECONDS = 60.0

_MIGRATION_NAME = re.compile(r"^(\d{4})_\w+\.sql$")


def migrations() -> list[tuple[int, str]]:
    """(version, SQL) of every shipped migration, in order."""
    found = []
    for entry in files("counterdesk.store.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.read_text(encoding="utf-8")))
    found.sort()
    if [v for v, _ in found] != list(range(1, len(found) + 1)):
        raise RuntimeError("migrations must be numbered 0001, 0002, ... without gaps")
    return found


def _statements(script: str) -> Iterator[str]:
    """Split a script into statements; executescript() would commit our transaction."""
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                yield current
            current = ""
    if current.strip() and not current.strip().startswith("--"):
        yield current


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        except sqlite3.DatabaseError as exc:
            raise _storage_error(exc, path) from exc
        self.db = sqlite_utils.Database(conn)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            # FULL: a committed book entry survives a power cut, not only a killed process.
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
            if not outbox.installed(self.db):
                with self.write_transaction() as db:
                    if not outbox.installed(db):  # another process may have done it meanwhile
                        outbox.install(db)
        except BaseException as exc:
            # Closed now, not when collected: Windows keeps an open file from being
            # replaced, so restoring the folder from its backup would fail.
            conn.close()
            if isinstance(exc, sqlite3.DatabaseError):
                raise _storage_error(exc, path) from exc
            raise

    def close(self) -> None:
        self.db.close()

    def _begin_immediate(self) -> None:
        """Take the write lock, polling every few milliseconds.

        SQLite's own busy handler sleeps in growing steps (up to 100 ms), so a process
        that commits and starts its next transaction at once wins every time and the
        other desk starves. Polling briefly gives a waiting desk its turn.
        """
        conn = self.db.conn
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) or time.monotonic() > deadline:
                        raise _storage_error(exc, self.path) from exc
                    time.sleep(random.uniform(0.001, 0.004))
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")

    @contextmanager
    def write_transaction(self) -> Iterator[sqlite_utils.Database]:
        conn = self.db.conn
        self._begin_immediate()
        try:
            yield self.db
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            conn.execute("ROLLBACK")
            raise _storage_error(exc, self.path) from exc
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        """Bring the database to the newest schema: every pending migration in one
        transaction, so that a failure leaves it exactly as the previous version left it
        (its schema version, tables and rows), still usable by that version."""
        known = migrations()
        if self.schema_version() == len(known):
            return
        # Rebuilding a table (SQLite cannot change a CHECK in place) needs foreign keys off,
        # which only takes effect outside a transaction; they are checked before the commit.
        self.db.execute("PRAGMA foreign_keys=OFF")
        try:
            with self.write_transaction() as db:
                current = self.schema_version()  # another process may have migrated meanwhile
                if current > len(known):
                    raise StorageError(
                        f"The data folder {self.path.parent} was written by a newer CounterDesk "
                        f"(schema {current}); install that version or newer to open it."
                    )
                for version, script in known[current:]:
                    try:
                        for statement in _statements(script):
                            db.execute(statement)
                    except sqlite3.DatabaseError as exc:
                        # The transaction is rolled back on the way out: say so, rather than
                        # the generic "restore from backup", which would send a clerk to
                        # overwrite a folder that is fine.
                        raise StorageError(
                            f"Upgrading the data folder {self.path.parent} failed at step "
                            f"{version} of {len(known)} ({exc}); nothing was changed: it is "
                            f"still at schema {current}, as the previous CounterDesk left it, "
                            "and that version still opens it. Keep working with that version "
                            "and send this message to support."
                        ) from exc
                    db.execute(f"PRAGMA user_version = {version}")
                if db.execute("PRAGMA foreign_key_check").fetchall():
                    raise StorageError(
                        f"Upgrading the data folder {self.path.parent} would break its records; "
                        "nothing was changed. Restore it from its backup, or ask support."
                    )
        finally:
            self.db.execute("PRAGMA foreign_keys=ON")


def _storage_error(exc: sqlite3.DatabaseError, path: Path) -> StorageError:
    text = str(exc).lower()
    folder = path.parent
    if "locked" in text or "busy" in text:
        return StorageError(
            f"The data folder {folder} is busy: another CounterDesk has been writing for "
            f"over {BUSY_TIMEOUT_SECONDS:.0f} s. Try again; if it persists, close the other desk."
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return folder_read_only(folder)
    if "full" in text:
        return folder_full(folder)
    return StorageError(
        f"The database {path} cannot be used ({exc}). Restore the data folder from its "
        "backup, or ask support."
    )
