"""`counterdesk-hub`: migrate, issue a code, publish, revoke, and serve for real."""

import http.client
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from counterdesk.sync.hub import db
from counterdesk.sync.protocol import API
from tests.hub.client import HubClient
from tests.hub.fixtures import PostgresServer
from tests.hub.hub_process import hub_process


def hub_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "counterdesk.sync.hub", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def empty_db(postgres: PostgresServer) -> Iterator[str]:
    url = postgres.create_database()
    yield url
    postgres.drop_database(url)


def test_migrate_applies_each_migration_once(empty_db: str) -> None:
    first = hub_command("migrate", "--db", empty_db, "--json")
    again = hub_command("migrate", "--db", empty_db, "--json")

    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["applied"] == [name for _, name, _ in db.migration_files()]
    assert json.loads(again.stdout) == {"applied": []}


def test_issue_code_prints_a_code_that_enrols(empty_db: str, tmp_path: Path) -> None:
    hub_command("migrate", "--db", empty_db)
    issued = hub_command(
        "issue-code", "--db", empty_db, "--office", "H38.12",
        "--office-name", "UBND xã Tân Phú", "--days", "3", "--json",
    )  # fmt: skip
    assert issued.returncode == 0, issued.stderr
    code = json.loads(issued.stdout)
    assert code["office_code"] == "H38.12"
    assert code["office_name"] == "UBND xã Tân Phú"
    assert len(code["code"]) == 24

    port = _free_port()
    with _serving(empty_db, port, tmp_path / "blobs"):
        client = HubClient(f"http://127.0.0.1:{port}")
        assert client.enrol(code["code"]).status == 200
        assert client.state().json["office_code"] == "H38.12"

        revoked = hub_command("revoke", "--db", empty_db, "--desk", client.desk_id)
        assert revoked.returncode == 0, revoked.stderr
        assert client.state().status == 401


def test_publish_and_bad_input(empty_db: str) -> None:
    hub_command("migrate", "--db", empty_db)
    hub_command("issue-code", "--db", empty_db, "--office", "H38.12", "--office-name", "X")

    published = hub_command(
        "publish", "--db", empty_db, "--kind", "tariff", "--effective-from", "2027-01-01",
        "--data", '{"per_page": 2000}', "--office", "H38.12", "--json",
    )  # fmt: skip
    unknown_office = hub_command(
        "publish", "--db", empty_db, "--kind", "tariff", "--effective-from", "2027-01-01",
        "--data", "{}", "--office", "H00.00",
    )  # fmt: skip
    bad_code = hub_command(
        "issue-code", "--db", empty_db, "--office", "../etc", "--office-name", "X"
    )

    assert json.loads(published.stdout) == {"seq": 1}
    assert unknown_office.returncode != 0
    assert "no office 'H00.00'" in unknown_office.stderr
    assert bad_code.returncode != 0
    assert "not an office code" in bad_code.stderr


def test_a_missing_or_unreachable_database_is_one_clear_line() -> None:
    unreachable = hub_command("migrate", "--db", f"postgresql://nobody@127.0.0.1:{_free_port()}/x")

    assert unreachable.returncode != 0
    assert unreachable.stderr.startswith("counterdesk-hub: Cannot connect to the hub database")
    assert "Traceback" not in unreachable.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _serving(db_url: str, port: int, blobs: Path) -> Iterator[None]:
    """`counterdesk-hub serve` in a subprocess, until it answers."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "counterdesk.sync.hub", "serve", "--db", db_url,
         "--port", str(port), "--blobs", str(blobs)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not _answers(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"counterdesk-hub serve did not start: {proc.communicate()[0]}")
            time.sleep(0.1)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _answers(port: int) -> bool:
    try:
        return HubClient(f"http://127.0.0.1:{port}").send("GET", f"{API}/state").status == 401
    except OSError:
        return False


def test_the_served_hub_logs_requests_without_a_citizens_download_code(
    empty_db: str, tmp_path: Path
) -> None:
    log = tmp_path / "hub.log"
    with hub_process(empty_db, tmp_path / "blobs", log) as url:
        for path, status in (("/d/?code=7KQ2-M9XD-3HFA", 200), (f"{API}/state?since=7", 401)):
            conn = http.client.HTTPConnection(urlsplit(url).netloc, timeout=10)
            conn.request("GET", path)
            assert conn.getresponse().status == status
            conn.close()
    lines = log.read_text(encoding="utf-8", errors="replace")
    assert '"GET /d/?… HTTP/1.1" 200' in lines
    assert f'"GET {API}/state?since=7 HTTP/1.1" 401' in lines  # the API's queries stay
    assert "7KQ2" not in lines
