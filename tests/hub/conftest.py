"""The hub's tests run against a real PostgreSQL and the hub served over HTTP."""

from tests.hub.fixtures import hub, hub_db, postgres  # noqa: F401
