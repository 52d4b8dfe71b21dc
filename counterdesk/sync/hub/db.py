"""The hub's PostgreSQL: connections and numbered schema migrations.

One connection per request, in autocommit mode: each unit of work opens its own
`conn.transaction()`, so a request that records a nonce and then fails on its body
keeps the nonce. A hub serves a few hundred desks syncing every few minutes; a pool can
replace `connect` when that changes, the callers would not.

Migrations are `migrations/NNNN_name.sql`, applied in order, each in one transaction
with its row in `schema_migrations`; an advisory lock keeps two hubs starting at once
from applying the same file twice.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources

import psycopg
from psycopg.rows import dict_row

from counterdesk.errors import SetupError

# Any constant works; it only has to be the same for every hub sharing a database.
MIGRATION_LOCK_KEY = 0x43445F4855425F31  # "CD_HUB_1"

Connection = psycopg.Connection[dict]


def connect(db_url: str) -> Connection:
    try:
        return psycopg.connect(db_url, autocommit=True, row_factory=dict_row)
    except psycopg.OperationalError as exc:
        raise SetupError(
            f"Cannot connect to the hub database ({exc}). Check the --db URL, that "
            "PostgreSQL is running and that this user may connect."
        ) from exc


@contextmanager
def connection(db_url: str) -> Iterator[Connection]:
    conn = connect(db_url)
    try:
        yield conn
    finally:
        conn.close()


def migration_files() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every bundled migration, in order."""
    found = []
    for entry in resources.files("counterdesk.sync.hub.migrations").iterdir():
        if not entry.name.endswith(".sql"):
            continue
        number, _, _ = entry.name.partition("_")
        found.append((int(number), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [version for version, _, _ in found]
    if len(set(versions)) != len(versions):
        raise SetupError(f"Two hub migrations share a number: {[n for _, n, _ in found]}.")
    return found


def migrate(conn: Connection) -> list[str]:
    """Apply the migrations this database lacks; returns the names applied."""
    applied = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
    try:
        with conn.transaction():
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
        done = {row["version"] for row in conn.execute("SELECT version FROM schema_migrations")}
        for version, name, sql in migration_files():
            if version in done:
                continue
            with conn.transaction():
                conn.execute(sql)
                conn.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                    (version, name),
                )
            applied.append(name)
    finally:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_KEY,))
    return applied


def check_migrated(conn: Connection) -> None:
    """SetupError unless every bundled migration has been applied to this database."""
    latest = migration_files()[-1][0]
    row = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL AS present").fetchone()
    current = 0
    if row and row["present"]:
        current = conn.execute(
            "SELECT coalesce(max(version), 0) AS v FROM schema_migrations"
        ).fetchone()["v"]
    if current < latest:
        raise SetupError(
            f"The hub database is at schema version {current}, this hub needs {latest}. "
            "Run `counterdesk-hub migrate --db URL` first."
        )
