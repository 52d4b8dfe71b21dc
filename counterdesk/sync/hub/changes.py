"""What the hub publishes down to desks: catalog, tariff, holiday overrides, settings.

A change is for one office or, with no office, for all. The hub does not interpret
`kind` or `data`: the desk applies them from `effective_from` on (a change it cannot
read is reported by its sync and not applied). The kinds desks apply and their data are
`DATA_SHAPES` (also the help of `counterdesk-hub publish`); the hub itself publishes
`dossier_returned` {"dossier_code", "channel", "at"} when a citizen downloads an e-copy.
"""

from datetime import date
from typing import Any

from psycopg.types.json import Jsonb

from counterdesk.errors import BadInputError
from counterdesk.sync.hub.db import Connection

CHANGES_PER_ANSWER = 500

DATA_SHAPES = """\
the data of each kind (a JSON object):
  catalog   the whole procedure catalog (procedures left out are withdrawn):
            {"procedures": [{"code": "2.000815.000.00.00.H55", "name": "...",
              "time_limit": "same_day_cutoff 15:00 +2", "fee": "...",
              "legal_basis": "...", "effective_from": "2025-01-09",
              "field": "Chứng thực"}, ...], "source": "the decision"}
            ("field" and "source" may be left out)
  tariff    one fee tariff version, as a [[version]] of fees.toml, in whole đồng
            (its effective_from may be left out: it is --effective-from); it
            replaces a version of the same date:
            {"id": "...", "source": "...", "basis": "...",
             "max_per_copy_vnd": 200000, "electronic_with_paper_vnd": 0,
             "electronic_only_charged_copies": 1,
             "tiers": [{"first_page": 1, "last_page": 2, "per_page_vnd": 2000},
                       {"first_page": 3, "per_page_vnd": 1000}]}
  holidays  {"extra_days_off": ["YYYY-MM-DD", ...], "extra_working_days": [...],
             "source": "the notice"}
  office    {"hours": "07:30-11:30,13:30-17:00"}

Desks check the data when they apply it and report what they cannot read.
"""


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
