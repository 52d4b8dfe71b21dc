"""PostgreSQL and the hub for tests, served for real.

- `postgres` (session): a PostgreSQL server of its own, started from the installed
  binaries (Debian's package: /usr/lib/postgresql/<version>/bin) in a temporary folder,
  on a free loopback port; stopped at the end. initdb refuses to run as root, so as root
  the server runs as the `postgres` system user.
- `hub_db`: a new, migrated database on that server (its URL).
- `hub`: the hub app over `hub_db`, served by uvicorn on loopback in a thread; a
  `RunningHub` that issues codes, publishes changes, makes signed clients and reads the
  database for assertions.

Tests elsewhere use them by importing them into their conftest.py:
`from tests.hub.fixtures import hub, hub_db, postgres  # noqa: F401`.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from counterdesk.sync.hub import changes, db, enrolment
from counterdesk.sync.hub.app import create_app
from tests.hub.client import HubClient

POSTGRES_USER = "postgres"
START_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    folder: Path

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{dbname}"

    def create_database(self) -> str:
        """A new empty database; its URL."""
        name = f"hub_{uuid.uuid4().hex[:12]}"
        with db.connection(self.url()) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        with db.connection(self.url()) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_bin() -> Path:
    """The newest installed PostgreSQL's bin folder; the test fails when there is none."""
    initdbs = list(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if initdbs:
        newest = max(initdbs, key=lambda path: _version(path.parent.parent.name))
        return newest.parent
    on_path = shutil.which("initdb")
    if on_path is None:
        pytest.fail("PostgreSQL is not installed (no initdb); run scripts/setup")
    return Path(on_path).parent


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_postgres(durable: bool = False) -> Iterator[PostgresServer]:
    """A PostgreSQL server in a temporary folder, on a free loopback port.

    Durability settings are off unless `durable`: a test's database is thrown away, and
    they cost seconds. Benchmarks keep them on, as a hub does."""
    bin_dir = postgres_bin()
    folder = Path(tempfile.mkdtemp(prefix="counterdesk-pg-"))
    data, sockets, log = folder / "data", folder / "sockets", folder / "postgres.log"
    sockets.mkdir()
    as_owner: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            pytest.fail("runuser is missing: it runs PostgreSQL as its own user under root")
        try:
            for path in (folder, sockets):
                shutil.chown(path, POSTGRES_USER, POSTGRES_USER)
        except LookupError:
            pytest.fail("There is no `postgres` system user; install PostgreSQL: scripts/setup")
        as_owner = ["runuser", "-u", POSTGRES_USER, "--"]

    def run(*args: str) -> None:
        done = subprocess.run(
            [*as_owner, *args], capture_output=True, text=True, check=False, timeout=120
        )
        if done.returncode != 0:
            server_log = log.read_text(errors="replace") if log.exists() else ""
            pytest.fail(f"{args[0]} failed: {done.stdout}{done.stderr}{server_log}")

    port = free_port()
    run(
        str(bin_dir / "initdb"),
        *("-D", str(data), "-U", POSTGRES_USER, "-A", "trust", "-E", "UTF8", "--locale=C"),
        "--no-sync",
    )
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    pg_ctl = str(bin_dir / "pg_ctl")
    run(pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "-t",
        str(START_TIMEOUT_SECONDS), "start")  # fmt: skip
    try:
        yield PostgresServer("127.0.0.1", port, POSTGRES_USER, folder)
    finally:
        subprocess.run(
            [*as_owner, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"],
            capture_output=True,
            check=False,
            timeout=120,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    with running_postgres() as server:
        yield server


@pytest.fixture
def hub_db(postgres: PostgresServer) -> Iterator[str]:
    url = postgres.create_database()
    with db.connection(url) as conn:
        db.migrate(conn)
    yield url
    postgres.drop_database(url)


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serve an ASGI app on a loopback port in a thread; its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("The hub did not start serving")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@dataclass(frozen=True)
class RunningHub:
    url: str
    db_url: str
    blob_root: Path

    def issue_code(
        self,
        office_code: str = "H38.12",
        office_name: str = "UBND xã Tân Phú",
        days: int = 7,
        now: datetime | None = None,
    ) -> str:
        with db.connection(self.db_url) as conn:
            issued = enrolment.issue_code(
                conn, office_code, office_name, days, now or datetime.now(UTC)
            )
        return issued.code

    def publish(
        self, kind: str, effective_from: date, data: Any, office_code: str | None = None
    ) -> int:
        with db.connection(self.db_url) as conn:
            return changes.publish_change(conn, kind, effective_from, data, office_code)

    def client(self) -> HubClient:
        """A desk not enrolled yet."""
        return HubClient(self.url)

    def enrolled_client(
        self,
        office_code: str = "H38.12",
        office_name: str = "UBND xã Tân Phú",
        desk_name: str = "Quầy 1",
    ) -> HubClient:
        """A desk enrolled for `office_code` with a code issued for it."""
        client = self.client()
        answer = client.enrol(self.issue_code(office_code, office_name), desk_name)
        assert answer.status == 200, answer.body
        return client

    def sql(self, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        with db.connection(self.db_url) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []


@pytest.fixture
def hub(hub_db: str, tmp_path: Path) -> Iterator[RunningHub]:
    blob_root = tmp_path / "hub-blobs"
    with serve(create_app(hub_db, blob_root)) as url:
        yield RunningHub(url, hub_db, blob_root)
