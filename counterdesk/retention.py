"""Use case: remove digitized copies of closed dossiers once the retention period is over.

Personal data is kept no longer than needed (Law 91/2025/QH15 on personal data protection,
and Decree 356/2025/NĐ-CP). How long a commune must keep the digitized components of a
closed dossier follows the archives rules (Law on Archives 33/2024/QH15 and the retention
tables of the Ministry of Home Affairs) as the province applies them; no single national
figure was found, so the period is an office setting (`office set-retention --years N`)
and nothing is removed until it is set.

What is removed: the PDF of each digitized copy whose dossier closed (its last event, in a
state that is not open) more than the period ago; the row stays, marked removed, so the
indicators and the audit trail keep counting and naming it. The certification book, fee
records and certified copies are permanent State records and are never touched.
"""

from dataclasses import dataclass
from datetime import datetime

from counterdesk.domain.dossier_states import OPEN_STATES
from counterdesk.errors import BadInputError
from counterdesk.store.journal import Journal
from counterdesk.store.times import stored_time

MAX_YEARS = 100
SUBJECT_IDS = 50  # ids named in the audit subject; all of them are in the input digest


@dataclass(frozen=True)
class RetentionResult:
    years: int | None
    documents: tuple[int, ...]  # ids of the digitized copies removed
    bytes_freed: int


def set_years(journal: Journal, years: int) -> int:
    if not 1 <= years <= MAX_YEARS:
        raise BadInputError(f"Give the retention period in whole years, 1 to {MAX_YEARS}.")
    with journal.change("office.set_retention", {"years": years}) as change:
        change.subject = "office"
        change.db.execute("UPDATE office SET retention_years = ? WHERE id = 1", [years])
    return years


def apply(journal: Journal) -> RetentionResult:
    """Remove what the period allows, recorded as one audit entry listing the documents."""
    journal.require("retention.apply")
    db = journal.home.db.db
    row = db.execute("SELECT retention_years FROM office WHERE id = 1").fetchone()
    years = row[0] if row else None
    if years is None:
        return RetentionResult(None, (), 0)
    now = journal.clock()
    cutoff = stored_time(_years_before(now, years))
    open_states = sorted(state.value for state in OPEN_STATES)
    marks = ", ".join("?" for _ in open_states)
    due = [
        (r[0], r[1], r[2])
        for r in db.execute(
            "SELECT g.id, g.sha256, g.suffix FROM digitized_documents g "
            "JOIN dossiers d ON d.id = g.dossier_id "
            f"WHERE g.removed_at IS NULL AND d.state NOT IN ({marks}) AND "
            "(SELECT max(e.at) FROM dossier_events e WHERE e.dossier_id = d.id) < ? "
            "ORDER BY g.id",
            [*open_states, cutoff],
        )
    ]
    if not due:
        return RetentionResult(years, (), 0)
    ids = [doc_id for doc_id, _, _ in due]
    inputs = {"years": years, "cutoff": cutoff, "documents": ids}
    with journal.change("retention.apply", inputs) as change:
        change.subject = _documents_subject(ids)
        change.db.conn.executemany(
            "UPDATE digitized_documents SET removed_at = ? WHERE id = ?",
            [(stored_time(change.now), doc_id) for doc_id in ids],
        )
        still_used = {
            sha
            for (sha,) in change.db.execute(
                "SELECT sha256 FROM digitized_documents WHERE removed_at IS NULL "
                "UNION SELECT sha256 FROM documents "
                # Unsent data is never deleted: an enrolled desk's hub gets what the outbox
                # names (a desk that enrols later sends the rows only, marked removed).
                "UNION SELECT json_extract(row_json, '$.sha256') FROM outbox "
                "WHERE sent_at IS NULL AND table_name = 'digitized_documents' "
                "AND EXISTS (SELECT 1 FROM sync_state)"
            )
        }
    # Files go only after the commit: a failure before it must leave every copy readable.
    # A kill between the two leaves unused files behind, never a record without its file.
    freed = sum(
        journal.home.blobs.remove(sha, suffix)
        for sha, suffix in {(sha, suffix) for _, sha, suffix in due}
        if sha not in still_used
    )
    return RetentionResult(years, tuple(ids), freed)


def _documents_subject(ids: list[int]) -> str:
    """'documents:3,7,12', or the first ones and how many more (a subject stays short)."""
    shown = ",".join(map(str, ids[:SUBJECT_IDS]))
    more = f" and {len(ids) - SUBJECT_IDS} more" if len(ids) > SUBJECT_IDS else ""
    return f"documents:{shown}{more}"


def _years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)
