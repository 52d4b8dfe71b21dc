"""The hub's PostgreSQL: connections and numbered schema migrations.

The served API takes one connection per request from a pool (`pool`), in autocommit
mode: each unit of work opens its own `conn.transaction()`, so a request that records a
nonce and then fails on its body keeps the nonce. Connecting costs more than most
requests (a sync sends hundreds of 4 MiB chunks, each a request), hence the pool; each
connection is checked as it is handed out, so a restarted PostgreSQL costs one retry,
not a hub restart. Commands (`migrate`, `publish`...) use one plain `connection`.

Migrations are `migrations/NNNN_name.sql`, applied in order, each in one transaction
with its row in `schema_migrations`; an advisory lock keeps two hubs starting at once
from applying the same file twice.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from counterdesk.errors import SetupError

# Any constant works; it only has to be the same for every hub sharing a database.
MIGRATION_LOCK_KEY = 0x43445F4855425F31  # "CD_HUB_1"

Connection = psycopg.Connection[dict]
# Below PostgreSQL's default 100 connections with room for a second hub and the admin's
# commands; a request waits up to POOL_WAIT_SECONDS for a free one, then gets 503.
POOL_MAX_CONNECTIONS = 20
POOL_WAIT_SECONDS = 30.0
_SETTINGS = {"autocommit": True, "row_factory": dict_row}


def connect(db_url: str) -> Connection:
    try:
        return psycopg.connect(db_url, **_SETTINGS)
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


def pool(db_url: str) -> ConnectionPool:
    """An open pool of connections to `db_url`; close it when the server stops."""
    opened = ConnectionPool(
        db_url,
        min_size=1,
        max_size=POOL_MAX_CONNECTIONS,
        timeout=POOL_WAIT_SECONDS,
        kwargs=_SETTINGS,
        check=ConnectionPool.check_connection,
        open=False,
    )
    opened.open()
    return opened


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
