"""The hub's schema: numbered migrations, recorded, and checked before serving."""

from pathlib import Path

import pytest

from counterdesk.errors import SetupError
from counterdesk.sync.hub import db
from counterdesk.sync.hub.app import create_app
from counterdesk.sync.protocol import API
from tests.hub.fixtures import PostgresServer, RunningHub


def test_migrations_are_recorded_and_not_applied_twice(postgres: PostgresServer) -> None:
    url = postgres.create_database()
    try:
        with db.connection(url) as conn:
            assert db.migrate(conn) == [name for _, name, _ in db.migration_files()]
            assert db.migrate(conn) == []
            versions = conn.execute("SELECT version FROM schema_migrations").fetchall()
        assert [row["version"] for row in versions] == [v for v, _, _ in db.migration_files()]
    finally:
        postgres.drop_database(url)


def test_the_hub_refuses_to_serve_an_unmigrated_database(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    url = postgres.create_database()
    try:
        with pytest.raises(SetupError, match="counterdesk-hub migrate"):
            create_app(url, tmp_path)
    finally:
        postgres.drop_database(url)


def test_an_unknown_endpoint_answers_json(hub: RunningHub) -> None:
    answer = hub.client().send("GET", f"{API}/nothing-here")

    assert answer.status == 404
    assert "no such endpoint" in answer.json["error"]
