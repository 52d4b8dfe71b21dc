"""The events a desk sends up: checked, de-duplicated, stored, and where the desk stands.

A batch is taken whole or not at all. In order: the events must be well formed (400),
every row must be of the desk's office (403), every blob a new event names must be
complete at the hub (409); then the new events are stored and each record's latest row
image updated, in one transaction holding the desk's row lock so two batches of one desk
never interleave.
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.types.json import Jsonb

from counterdesk.sync.hub.auth import Desk
from counterdesk.sync.hub.blobstore import SHA256_PATTERN
from counterdesk.sync.hub.db import Connection
from counterdesk.sync.hub.errors import BadRequestError, ConflictError, RefusedError
from counterdesk.sync.protocol import MAX_EVENTS_PER_BATCH, SYNCED_TABLES

MAX_ROW_ID = 2**63 - 1
REFUSED_ROWS_SHOWN = 5


@dataclass(frozen=True)
class Event:
    id: uuid.UUID
    seq: int
    table: str
    row_id: int
    row: dict[str, Any]
    blobs: tuple[str, ...]
    at: datetime


@dataclass(frozen=True)
class Progress:
    """`last_seq`: every event 1..last_seq is held; `gaps`: inclusive ranges missing above."""

    last_seq: int
    gaps: list[list[int]]


@dataclass(frozen=True)
class BatchResult:
    stored: int
    duplicates: int
    progress: Progress


def parse_events(payload: Any) -> list[Event]:
    """The batch of `{"events": [...]}`, or BadRequestError naming the first fault."""
    if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
        raise BadRequestError('The body must be a JSON object {"events": [...]}.')
    items = payload["events"]
    if len(items) > MAX_EVENTS_PER_BATCH:
        raise BadRequestError(
            f"A batch holds at most {MAX_EVENTS_PER_BATCH} events; this one has {len(items)}."
        )
    events = [_parse_event(i, item) for i, item in enumerate(items)]
    seen: dict[int, uuid.UUID] = {}
    for event in events:
        if seen.setdefault(event.seq, event.id) != event.id:
            raise BadRequestError(f"Two events of this batch have seq {event.seq}.")
    return events


def _parse_event(index: int, item: Any) -> Event:
    def fault(what: str) -> BadRequestError:
        return BadRequestError(f"Event {index + 1} of the batch: {what}.")

    if not isinstance(item, dict):
        raise fault("not a JSON object")
    try:
        event_id = uuid.UUID(str(item.get("id")))
    except ValueError:
        raise fault('"id" is not a UUID') from None
    seq, row_id = item.get("seq"), item.get("row_id")
    if not _is_int(seq) or not 1 <= seq <= MAX_ROW_ID:
        raise fault('"seq" must be a whole number from 1')
    if not _is_int(row_id) or abs(row_id) > MAX_ROW_ID:
        raise fault('"row_id" must be a whole number')
    table = item.get("table")
    if table not in SYNCED_TABLES:
        raise fault(f"table {table!r} does not travel to the hub (see SYNCED_TABLES)")
    row = item.get("row")
    if not isinstance(row, dict):
        raise fault('"row" must be a JSON object')
    blobs = item.get("blobs", [])
    if not isinstance(blobs, list) or not all(
        isinstance(b, str) and SHA256_PATTERN.fullmatch(b) for b in blobs
    ):
        raise fault('"blobs" must be a list of SHA-256 in lowercase hex')
    try:
        at = datetime.fromisoformat(item.get("at"))
    except (TypeError, ValueError):
        raise fault('"at" must be an ISO 8601 time') from None
    if at.tzinfo is None:
        raise fault('"at" must carry its UTC offset')
    return Event(event_id, seq, table, row_id, row, tuple(blobs), at)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def row_of_other_office(office_code: str, event: Event) -> str | None:
    """Why this event's row is not of `office_code`, or None when it is."""
    row = event.row
    if "office_code" in row and row["office_code"] != office_code:
        return f"it names office {row['office_code']!r}"
    if event.table == "office" and row.get("code") != office_code:
        return f"it is the office row of {row.get('code')!r}"
    if event.table == "dossiers" and not str(row.get("code", "")).startswith(f"{office_code}-"):
        return f"dossier {row.get('code')!r} is not numbered for this office"
    if event.table == "documents" and row.get("sha256") not in event.blobs:
        # The document's file must come with it, uploaded by this office.
        return "its file is not among the event's blobs"
    return None


def check_office(desk: Desk, events: Iterable[Event]) -> None:
    refused = []
    for event in events:
        reason = row_of_other_office(desk.office_code, event)
        if reason is not None:
            refused.append(
                {"seq": event.seq, "table": event.table, "row_id": event.row_id, "reason": reason}
            )
    if refused:
        shown = "; ".join(
            f"seq {r['seq']} ({r['table']} {r['row_id']}): {r['reason']}"
            for r in refused[:REFUSED_ROWS_SHOWN]
        )
        raise RefusedError(
            f"This desk is enrolled for office {desk.office_code}, but {len(refused)} row(s) "
            f"of the batch are not of that office ({shown}). Nothing of the batch was "
            "stored. Check the desk's office code, or enrol it for the right office.",
            refused=refused,
        )


def receive_events(
    conn: Connection,
    desk: Desk,
    events: list[Event],
    blob_size: Callable[[str], int | None],
) -> BatchResult:
    """Store the batch's new events; `blob_size` gives a complete blob's size, else None."""
    check_office(desk, events)
    with conn.transaction():
        last_seq = conn.execute(
            "SELECT last_seq FROM desks WHERE id = %s FOR UPDATE", (desk.id,)
        ).fetchone()["last_seq"]
        new = _new_events(conn, desk, events)
        sizes = {sha: blob_size(sha) for sha in sorted({b for e in new for b in e.blobs})}
        missing = [sha for sha, size in sizes.items() if size is None]
        if missing:
            raise ConflictError(
                f"{len(missing)} file(s) named by these events are not complete at the hub "
                "yet. The desk uploads files before the events naming them; it will retry.",
                missing_blobs=missing,
            )
        _store(conn, desk, new, {sha: size for sha, size in sizes.items() if size is not None})
        progress = _advance(conn, desk.id, last_seq)
    return BatchResult(len(new), len(events) - len(new), progress)


def _new_events(conn: Connection, desk: Desk, events: list[Event]) -> list[Event]:
    ids = [event.id for event in events]
    held = conn.execute("SELECT id, desk_id, seq FROM events WHERE id = ANY(%s)", (ids,)).fetchall()
    held_ids = set()
    for row in held:
        if str(row["desk_id"]) != desk.id:
            raise ConflictError(
                f"Event id {row['id']} is already held for another desk. Event ids must be "
                "new UUIDs; this desk's outbox needs checking by support."
            )
        held_ids.add(row["id"])
    new = []
    for event in events:
        if event.id not in held_ids:
            held_ids.add(event.id)
            new.append(event)
    clashes = conn.execute(
        "SELECT seq, id FROM events WHERE desk_id = %s AND seq = ANY(%s)",
        (desk.id, [event.seq for event in new]),
    ).fetchall()
    if clashes:
        seqs = ", ".join(str(row["seq"]) for row in clashes[:REFUSED_ROWS_SHOWN])
        raise ConflictError(
            f"The hub already holds other events with seq {seqs} from this desk. The desk's "
            "outbox was probably restored from an older copy: support must re-enrol it.",
            seqs=[row["seq"] for row in clashes],
        )
    return new


def _store(conn: Connection, desk: Desk, events: list[Event], blob_sizes: dict[str, int]) -> None:
    """One statement for the events and one for the records, each over the whole batch as
    one JSON parameter: row by row, a batch of 500 cost ten times as much."""
    rows = [
        {
            "id": str(e.id),
            "seq": e.seq,
            "table_name": e.table,
            "row_id": e.row_id,
            "row": e.row,
            "blobs": list(e.blobs),
            "at": e.at.isoformat(),
        }
        for e in events
    ]
    conn.execute(
        "INSERT INTO events (id, desk_id, seq, table_name, row_id, row, blobs, at)"
        " SELECT e.id, %s, e.seq, e.table_name, e.row_id, e.row,"
        " ARRAY(SELECT jsonb_array_elements_text(e.blobs)), e.at"
        " FROM jsonb_to_recordset(%s) AS e(id uuid, seq bigint, table_name text,"
        " row_id bigint, row jsonb, blobs jsonb, at timestamptz)",
        (desk.id, Jsonb(rows)),
    )
    # A record keeps the row of its highest seq: of the batch (one row per record, as one
    # statement may not update a row twice), and against the hub's, since events of one
    # record may arrive out of order (a gap filled later).
    latest: dict[tuple[str, int], dict[str, Any]] = {}
    for row in rows:
        key = (row["table_name"], row["row_id"])
        if key not in latest or latest[key]["seq"] < row["seq"]:
            latest[key] = row
    conn.execute(
        "INSERT INTO records (desk_id, table_name, row_id, row, event_id, seq, updated_at)"
        " SELECT %s, e.table_name, e.row_id, e.row, e.id, e.seq, e.at"
        " FROM jsonb_to_recordset(%s) AS e(id uuid, seq bigint, table_name text,"
        " row_id bigint, row jsonb, at timestamptz)"
        " ON CONFLICT (desk_id, table_name, row_id) DO UPDATE SET"
        " row = EXCLUDED.row, event_id = EXCLUDED.event_id, seq = EXCLUDED.seq,"
        " updated_at = EXCLUDED.updated_at WHERE records.seq < EXCLUDED.seq",
        (desk.id, Jsonb(list(latest.values()))),
    )
    record_blobs(conn, desk.office_code, blob_sizes)


def record_blobs(conn: Connection, office_code: str, sizes: dict[str, int]) -> None:
    """Note complete blobs of an office in the database (the bytes are in the blob store)."""
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO blobs (office_code, sha256, size) VALUES (%s, %s, %s)"
            " ON CONFLICT DO NOTHING",
            [(office_code, sha, size) for sha, size in sizes.items()],
        )


def contiguous(last_seq: int, seqs_above: list[int]) -> Progress:
    """Where a desk stands, from its last contiguous seq and the sorted seqs above it."""
    gaps: list[list[int]] = []
    previous = last_seq
    for seq in seqs_above:
        if seq > previous + 1:
            gaps.append([previous + 1, seq - 1])
        elif not gaps:
            last_seq = seq
        previous = seq
    return Progress(last_seq, gaps)


def _seqs_above(conn: Connection, desk_id: str, last_seq: int) -> list[int]:
    rows = conn.execute(
        "SELECT seq FROM events WHERE desk_id = %s AND seq > %s ORDER BY seq", (desk_id, last_seq)
    ).fetchall()
    return [row["seq"] for row in rows]


def _advance(conn: Connection, desk_id: str, last_seq: int) -> Progress:
    progress = contiguous(last_seq, _seqs_above(conn, desk_id, last_seq))
    if progress.last_seq != last_seq:
        conn.execute("UPDATE desks SET last_seq = %s WHERE id = %s", (progress.last_seq, desk_id))
    return progress


def progress(conn: Connection, desk_id: str) -> Progress:
    row = conn.execute("SELECT last_seq FROM desks WHERE id = %s", (desk_id,)).fetchone()
    return contiguous(row["last_seq"], _seqs_above(conn, desk_id, row["last_seq"]))
