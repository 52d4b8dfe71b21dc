"""What the hub publishes down to desks: catalog, tariff, holiday overrides, settings.

A change is for one office or, with no office, for all. The hub does not interpret
`kind` or `data`: the desk applies them from `effective_from` on.
"""

from datetime import date
from typing import Any

from psycopg.types.json import Jsonb

from counterdesk.errors import BadInputError
from counterdesk.sync.hub.db import Connection

CHANGES_PER_ANSWER = 500


def publish_change(
    conn: Connection,
    kind: str,
    effective_from: date,
    data: Any,
    office_code: str | None = None,
) -> int:
    """Publish a change; returns its seq."""
    if not kind.strip():
        raise BadInputError("A change needs a kind (catalog, tariff, holidays, office...).")
    with conn.transaction():
        if (
            office_code is not None
            and not conn.execute("SELECT 1 FROM offices WHERE code = %s", (office_code,)).fetchone()
        ):
            raise BadInputError(
                f"The hub has no office {office_code!r}: issue it an enrolment code first."
            )
        row = conn.execute(
            "INSERT INTO changes (office_code, kind, effective_from, data)"
            " VALUES (%s, %s, %s, %s) RETURNING seq",
            (office_code, kind.strip(), effective_from, Jsonb(data)),
        ).fetchone()
    return row["seq"]


def changes_for_office(
    conn: Connection, office_code: str, since: int
) -> tuple[list[dict[str, Any]], int]:
    """The office's changes after `since`, oldest first, and the seq to ask from next."""
    rows = conn.execute(
        "SELECT seq, kind, effective_from, data FROM changes"
        " WHERE seq > %s AND (office_code IS NULL OR office_code = %s)"
        " ORDER BY seq LIMIT %s",
        (since, office_code, CHANGES_PER_ANSWER),
    ).fetchall()
    changes = [
        {
            "seq": row["seq"],
            "kind": row["kind"],
            "effective_from": row["effective_from"].isoformat(),
            "data": row["data"],
        }
        for row in rows
    ]
    return changes, changes[-1]["seq"] if changes else since
