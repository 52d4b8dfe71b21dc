"""The province view: every office's indicators of a month from the synced records, ranked.

The hub computes exactly what each desk computes for itself (`counterdesk indicators
--month`): the same stored columns, read from the latest row images desks sent
(`records`), go through the same rules, `domain.indicators.dossier_facts` and
`compute_indicators`. Only the reading differs: a desk's rows are joined within that
desk, since row ids are its own. The ranking rule is `domain.ranking`'s.

A dossier sent by two desks of one office (a desk re-enrolled after a restore sends its
history again) is counted once, as its latest image: a dossier code is unique in an
office.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from counterdesk.documents.ranking_report import ranking_csv, ranking_pdf
from counterdesk.domain.calendar import office_utc
from counterdesk.domain.indicators import (
    DOSSIER_COLUMNS,
    DossierFacts,
    Indicators,
    compute_indicators,
    dossier_facts,
)
from counterdesk.domain.ranking import MAX_COMPOSITE, OfficeMonth, RankedOffice, rank_offices
from counterdesk.errors import BadInputError
from counterdesk.sync.hub import db
from counterdesk.sync.hub.db import Connection

# Stored times are ISO 8601 text in UTC, which sorts as it compares, in byte order: the
# "C" collation keeps a database's locale (which may skip punctuation) out of it.
_MONTH_DOSSIERS = """
WITH dossiers AS (
    SELECT DISTINCT ON (k.office_code, r.row->>'code') k.office_code, r.desk_id, r.row_id, r.row
    FROM records r JOIN desks k ON k.id = r.desk_id
    WHERE r.table_name = 'dossiers'
      AND ((r.row->>'received_at' COLLATE "C" >= %(start)s
            AND r.row->>'received_at' COLLATE "C" < %(end)s)
        OR (r.row->>'finished_at' COLLATE "C" >= %(start)s
            AND r.row->>'finished_at' COLLATE "C" < %(end)s))
    ORDER BY k.office_code, r.row->>'code', r.updated_at DESC, r.desk_id
),
digitized AS (
    SELECT DISTINCT desk_id, (row->>'dossier_id')::bigint AS dossier_id
    FROM records WHERE table_name = 'digitized_documents' AND row->>'dossier_id' IS NOT NULL
),
electronic_copies AS (
    SELECT DISTINCT desk_id, (row->>'dossier_id')::bigint AS dossier_id
    FROM records WHERE table_name = 'book_entries' AND (row->>'electronic')::int = 1
)
SELECT d.office_code, d.row AS dossier,
       g.dossier_id IS NOT NULL AS digitized,
       e.dossier_id IS NOT NULL AS electronic_copy,
       f.row->>'payment_channel' AS payment_channel
FROM dossiers d
LEFT JOIN digitized g ON g.desk_id = d.desk_id AND g.dossier_id = d.row_id
LEFT JOIN electronic_copies e ON e.desk_id = d.desk_id AND e.dossier_id = d.row_id
LEFT JOIN records f ON f.desk_id = d.desk_id AND f.table_name = 'fees'
    AND (f.row->>'dossier_id')::bigint = d.row_id
"""


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> "Month":
        """'2026-11' -> Month(2026, 11), or a BadInputError saying how to write it."""
        year, _, month = text.partition("-")
        if not (len(year) == 4 and len(month) == 2 and year.isdigit() and month.isdigit()):
            raise BadInputError(f"{text!r} is not a month; write it as YYYY-MM, e.g. 2026-11.")
        if not 1 <= int(month) <= 12:
            raise BadInputError(f"Month {int(month)} does not exist; give YYYY-MM, e.g. 2026-11.")
        return cls(int(year), int(month))

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        following = date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - timedelta(days=1)

    @property
    def name(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _stored_bounds(month: Month) -> tuple[str, str]:
    """Stored (UTC) times of the month's first office-local midnight and of the next one."""
    start = office_utc(datetime.combine(month.first_day, time.min))
    end = office_utc(datetime.combine(month.last_day + timedelta(days=1), time.min))
    return start.isoformat(timespec="seconds"), end.isoformat(timespec="seconds")


def office_indicators(conn: Connection, month: Month) -> list[OfficeMonth]:
    """The month's indicators of every office the hub knows, whether it synced or not."""
    start, end = _stored_bounds(month)
    facts: dict[str, list[DossierFacts]] = defaultdict(list)
    for found in conn.execute(_MONTH_DOSSIERS, {"start": start, "end": end}):
        dossier = found["dossier"]
        facts[found["office_code"]].append(
            dossier_facts(
                *(dossier.get(column) for column in DOSSIER_COLUMNS),
                digitized=found["digitized"],
                electronic_copy=found["electronic_copy"],
                payment_channel=found["payment_channel"],
            )
        )
    offices = conn.execute("SELECT code, name FROM offices ORDER BY code").fetchall()
    return [
        OfficeMonth(
            office["code"],
            office["name"],
            compute_indicators(facts[office["code"]], month.first_day, month.last_day),
        )
        for office in offices
    ]


def ranking(conn: Connection, month: Month) -> list[RankedOffice]:
    return rank_offices(office_indicators(conn, month))


def indicator_fields(ind: Indicators) -> dict[str, Any]:
    """The fields of `counterdesk indicators --json` with the same names, but its period."""
    fields = asdict(ind)
    del fields["period"]
    return fields


def office_json(office: RankedOffice) -> dict[str, Any]:
    return {
        "rank": office.rank,
        "office_code": office.office_code,
        "office_name": office.office_name,
        **indicator_fields(office.indicators),
        "points": office.points,
    }


def _write(path: Path, make: Callable[[], bytes], what: str) -> str:
    data = make()
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise BadInputError(
            f"Cannot write the {what} to {path} ({exc.strerror}); check that the folder "
            "exists and may be written."
        ) from None
    return str(path)


def run_ranking(
    db_url: str, month: str, csv_path: Path | None = None, pdf_path: Path | None = None
) -> dict[str, Any]:
    """The ranking of `month` ('YYYY-MM') as one JSON-ready object, with the CSV and the
    PDF written where asked: what `counterdesk-hub ranking` (and `counterdesk hub
    ranking`) prints."""
    period = Month.parse(month)
    with db.connection(db_url) as conn:
        db.check_migrated(conn)
        ranked = ranking(conn, period)
    result: dict[str, Any] = {
        "month": period.name,
        "max_points": MAX_COMPOSITE,
        "offices": [office_json(office) for office in ranked],
    }
    if csv_path is not None:
        result["csv"] = _write(Path(csv_path), lambda: ranking_csv(period.name, ranked), "CSV")
    if pdf_path is not None:
        result["pdf"] = _write(
            Path(pdf_path), lambda: ranking_pdf(period.first_day, ranked), "PDF report"
        )
    return result


def ranking_text(result: dict[str, Any]) -> str:
    """The ranking as lines for a terminal (the JSON object has every figure)."""

    def percent(rate: float | None) -> str:
        return "   –   " if rate is None else f"{rate * 100:5.1f} %"

    lines = [
        f"Ranking of {result['month']} (points of {result['max_points']:.0f}; on time, "
        "digitized, electronic result):"
    ]
    for office in result["offices"]:
        rank = "  –" if office["rank"] is None else f"{office['rank']:3d}"
        lines.append(
            f"{rank}  {office['office_code']:<10} {office['points']:5.1f}  "
            f"{percent(office['on_time_rate'])}  {percent(office['digitized_rate'])}  "
            f"{percent(office['electronic_result_rate'])}  {office['office_name']}"
        )
    lines.extend(f"{kind}: {result[kind]}" for kind in ("csv", "pdf") if kind in result)
    return "\n".join(lines)
