"""The desk side of sync: enrol with a hub, then send the outbox and pull what flows down.

A run never waits on the clerk and never loses anything: events leave the outbox only
by being acknowledged (the hub's `last_seq`), blobs go before the events naming them, in
chunks that resume where the hub stopped, and a run cut short (link down, process
killed) is simply run again. `run_forever` retries with a growing pause, without end.

The sync's own bookkeeping (acknowledgements, blobs confirmed, enrolment) is written
directly, not through the journal: it is no act of the office, and an audit entry for
each acknowledgement would itself be an event to send, for ever.
"""

import http.client
import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from counterdesk.errors import BadInputError, OfflineError, SetupError
from counterdesk.store import outbox
from counterdesk.store.files import write_atomic
from counterdesk.store.journal import Journal
from counterdesk.store.times import stored_time
from counterdesk.sync.protocol import (
    API,
    CHUNK_BYTES,
    HEADER_HUB_TIME,
    MAX_BUNDLE_FILES,
    MAX_EVENTS_PER_BATCH,
    pack_bundle,
    sign_request,
)

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 30.0
SEND_PIECE_BYTES = 64 * 1024
# Files uploaded at once, each on its own connection: while the hub writes one to disk
# and records it, the next is on the wire (3 was the knee on loopback: benchmarks/sync).
UPLOAD_STREAMS = 3
# Files up to this size go in bundles (most scanned copies): one request, not one each.
BUNDLE_FILE_BYTES = 1024 * 1024
# Pauses between failed runs: from half a minute up to a quarter of an hour, for ever.
FIRST_PAUSE_SECONDS = 30.0
LONGEST_PAUSE_SECONDS = 900.0
# Tables whose rows name a blob (by SHA-256 and file suffix) the hub must hold first.
_BLOB_TABLES = ("documents", "digitized_documents")


@dataclass
class SyncReport:
    sent_events: int = 0
    sent_bytes: int = 0
    pending_events: int = 0
    pending_bytes: int = 0
    errors: list[str] = field(default_factory=list)
    applied_changes: int = 0  # changes from the hub applied by this run (Desk.run_sync)

    def as_json(self) -> dict[str, object]:
        return {
            "sent_events": self.sent_events,
            "sent_bytes": self.sent_bytes,
            "pending_events": self.pending_events,
            "pending_bytes": self.pending_bytes,
            "errors": self.errors,
            "applied_changes": self.applied_changes,
        }


@dataclass(frozen=True)
class HubChange:
    """A change published by the hub: catalog, tariff, holidays, office settings..."""

    seq: int
    kind: str
    effective_from: str | None  # YYYY-MM-DD, office-local
    data: dict


class HubError(Exception):
    """The hub answered with an error (status and its JSON `error`)."""

    def __init__(self, status: int, body: dict) -> None:
        super().__init__(body.get("error") or f"HTTP {status}")
        self.status = status
        self.body = body


def _now() -> str:
    return stored_time(datetime.now(UTC))


class _Hub:
    """Signed requests to one hub over one kept-alive HTTP(S) connection."""

    def __init__(self, url: str, desk_id: str | None, key: Ed25519PrivateKey | None) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BadInputError(f"The hub address {url!r} is not an http(s) URL.")
        self.url = url
        self._parts = parts
        self._prefix = parts.path.rstrip("/")
        self.desk_id = desk_id
        self.key = key
        self._conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            kind = (
                http.client.HTTPSConnection
                if self._parts.scheme == "https"
                else http.client.HTTPConnection
            )
            self._conn = kind(self._parts.hostname, self._parts.port, timeout=TIMEOUT_SECONDS)
        return self._conn

    def twin(self) -> "_Hub":
        """The same hub and desk over a connection of its own."""
        return _Hub(self.url, self.desk_id, self.key)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        content_type: str = "application/json",
        signed: bool = True,
    ) -> dict:
        full = f"{self._prefix}{API}{path}"
        headers = {"Content-Type": content_type}
        if signed:
            assert self.key is not None and self.desk_id is not None
            headers.update(sign_request(self.key, self.desk_id, method, full, body))
        try:
            conn = self._connection()
            conn.putrequest(method, full)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                conn.putheader(name, value)
            conn.endheaders()
            # In pieces: the socket's timeout then bounds each piece, not the whole chunk,
            # so a link too slow to carry 4 MiB in TIMEOUT_SECONDS still gets it through.
            view = memoryview(body)
            for start in range(0, len(body), SEND_PIECE_BYTES):
                conn.send(view[start : start + SEND_PIECE_BYTES])
            response = conn.getresponse()
            data = response.read()
            if response.getheader("Content-Length") is None and not response.chunked:
                # http.client takes headers cut short for whole ones, and then the body
                # up to the cut for the whole body; the hub always says how long it is.
                raise http.client.IncompleteRead(data)
        except (OSError, http.client.HTTPException) as exc:  # timeouts are OSErrors
            self.close()
            raise OfflineError(
                f"The hub at {self.url} cannot be reached ({exc}); the desk keeps working "
                "and sends everything when the link is back."
            ) from exc
        try:
            payload = json.loads(data)
        except ValueError:
            payload = None
        if response.status < 400 and not isinstance(payload, dict):
            self.close()
            raise OfflineError(
                f"Something other than the hub answered at {self.url} (a proxy or a sign-in "
                "page of the network?); the desk sends everything once the hub answers."
            )
        if response.status == 401 and response.getheader(HEADER_HUB_TIME):
            hub_time = int(response.getheader(HEADER_HUB_TIME) or 0)
            skew = time.time() - hub_time
            if abs(skew) > 60:
                raise SetupError(
                    f"The hub refused this desk's requests: the computer's clock is "
                    f"{abs(skew) / 60:.0f} minutes {'ahead of' if skew > 0 else 'behind'} the "
                    "hub's. Set the date and time correctly, then sync again."
                )
        if response.status >= 400:
            if not isinstance(payload, dict):
                payload = {"error": data[:200].decode("utf-8", "replace")}
            raise HubError(response.status, payload)
        return payload


class Sync:
    """One data folder's sync with its hub."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.home = journal.home

    @property
    def _db(self):
        return self.home.db.db

    @property
    def _key_path(self) -> Path:
        return self.home.root / "keys" / "desk.key"

    def _state(self) -> dict | None:
        rows = list(self._db.query("SELECT * FROM sync_state WHERE id = 1"))
        return rows[0] if rows else None

    def _hub(self) -> _Hub:
        state = self._state()
        if state is None:
            raise SetupError(
                "This desk is not enrolled with a hub: ask the hub's administrator for a "
                "one-time code, then run `counterdesk sync enrol --hub URL --code CODE`."
            )
        try:
            key = Ed25519PrivateKey.from_private_bytes(self._key_path.read_bytes())
        except (OSError, ValueError) as exc:
            raise SetupError(
                f"The desk's sync key {self._key_path} is missing or damaged; enrol the desk "
                "again with a new code from the hub's administrator."
            ) from exc
        return _Hub(state["hub_url"], state["desk_id"], key)

    # -- enrolment ------------------------------------------------------------------------

    def enrol(self, hub_url: str, code: str, desk_name: str, office_code: str) -> dict[str, str]:
        """Enrol with a one-time code: a new key for this desk, its public half to the hub.

        The code must have been issued for `office_code`, this data folder's office."""
        hub = _Hub(hub_url.rstrip("/"), None, None)
        # The key is kept before asking: if the answer is lost on the way, the retry with
        # the same code and key gets the same answer instead of "code already used".
        pending = self._key_path.with_suffix(".pending")
        try:
            key = Ed25519PrivateKey.from_private_bytes(pending.read_bytes())
        except (OSError, ValueError):
            key = Ed25519PrivateKey.generate()
            self._key_path.parent.mkdir(mode=0o700, exist_ok=True)
            write_atomic(
                pending, key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
            )
        public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        body = json.dumps(
            {"code": code.strip(), "public_key": public.hex(), "desk_name": desk_name}
        ).encode()
        try:
            answer = hub.request("POST", "/enrol", body, signed=False)
        except HubError as exc:
            raise SetupError(
                f"The hub refused the enrolment: {str(exc).rstrip('.')}. Ask its "
                "administrator for a new code."
            ) from exc
        finally:
            hub.close()
        if answer.get("office_code") != office_code:
            raise SetupError(
                f"The code was issued for office {answer.get('office_code')}, but this data "
                f"folder is office {office_code}; ask the hub's administrator for a code for "
                f"{office_code}."
            )
        pending.replace(self._key_path)  # atomic on Windows too
        inputs = {"hub": hub.url, "desk_id": answer["desk_id"]}
        with self.journal.change("sync.enrol", inputs) as change:
            change.subject = f"desk:{answer['desk_id']}"
            change.db.execute(
                "INSERT INTO sync_state (id, hub_url, desk_id, office_code, enrolled_at) "
                "VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET hub_url = "
                "excluded.hub_url, desk_id = excluded.desk_id, office_code = "
                "excluded.office_code, enrolled_at = excluded.enrolled_at, last_error = NULL",
                [hub.url, answer["desk_id"], answer["office_code"], _now()],
            )
        return {"hub": hub.url, "desk_id": answer["desk_id"], "office_code": answer["office_code"]}

    def hub_url(self) -> str | None:
        """The hub this desk is enrolled with (None: none yet)."""
        state = self._state()
        return state["hub_url"] if state else None

    # -- status ---------------------------------------------------------------------------

    def status(self) -> dict[str, object]:
        state = self._state()
        events, pending_bytes = self._pending()
        return {
            "enrolled": state is not None,
            "hub": state["hub_url"] if state else None,
            "desk_id": state["desk_id"] if state else None,
            "office_code": state["office_code"] if state else None,
            "last_attempt_at": state["last_attempt_at"] if state else None,
            "last_success_at": state["last_success_at"] if state else None,
            "last_error": state["last_error"] if state else None,
            "pending_events": events,
            "pending_bytes": pending_bytes,
        }

    def _pending(self) -> tuple[int, int]:
        """(events, bytes of their rows and of the files they name) not yet at the hub."""
        events, total = outbox.pending(self._db)
        for sha256, suffix in self._unconfirmed_blobs():
            path = self.home.blobs.path(sha256, suffix)
            total += path.stat().st_size if path.exists() else 0
        return events, total

    def _unconfirmed_blobs(self, up_to_seq: int | None = None) -> list[tuple[str, str]]:
        """(sha256, suffix) of blobs named by unsent events and not confirmed by the hub."""
        rows = self._db.execute(
            "SELECT DISTINCT json_extract(o.row_json, '$.sha256'), "
            "json_extract(o.row_json, '$.suffix') FROM outbox o "
            "WHERE o.sent_at IS NULL AND o.seq <= coalesce(?, o.seq) "
            "AND o.table_name IN (SELECT value FROM json_each(?)) "
            "AND json_extract(o.row_json, '$.removed_at') IS NULL "
            # Removed by retention before the desk enrolled: the row goes, its file is gone.
            "AND NOT EXISTS (SELECT 1 FROM digitized_documents g WHERE o.table_name = "
            "'digitized_documents' AND g.id = o.row_id AND g.removed_at IS NOT NULL) "
            "AND json_extract(o.row_json, '$.sha256') NOT IN (SELECT sha256 FROM sync_blobs)",
            [up_to_seq, json.dumps(_BLOB_TABLES)],
        ).fetchall()
        return [(sha, suffix) for sha, suffix in rows if sha]

    # -- a run ----------------------------------------------------------------------------

    def run(self, should_stop: Callable[[], bool] = lambda: False) -> SyncReport:
        """Send what is unsent, then pull what flows down. Network trouble ends the run
        with the reason in `errors`; it raises only when the desk is not enrolled."""
        hub = self._hub()
        report = SyncReport()
        try:
            if should_stop():  # the clerk has work queued: not now, and no attempt made
                return self._with_pending(report)
            self._catch_up(hub)
            self._send_all(hub, report, should_stop)
            self._pull(hub)
        except (OfflineError, HubError, SetupError) as exc:
            report.errors.append(str(exc))
        finally:
            hub.close()
        self._record_attempt(report)
        return self._with_pending(report)

    def _with_pending(self, report: SyncReport) -> SyncReport:
        report.pending_events, report.pending_bytes = self._pending()
        return report

    def _record_attempt(self, report: SyncReport) -> None:
        now = _now()
        with self.home.db.write_transaction() as db:
            db.execute(
                "UPDATE sync_state SET last_attempt_at = ?, last_error = ?, "
                "last_success_at = CASE WHEN ? THEN ? ELSE last_success_at END WHERE id = 1",
                [now, "; ".join(report.errors) or None, not report.errors, now],
            )

    def _catch_up(self, hub: _Hub) -> None:
        """Acknowledgements lost on the way (a cut after the hub stored): ask the hub."""
        state = hub.request("GET", "/state")
        with self.home.db.write_transaction() as db:
            outbox.mark_sent(db, int(state.get("last_seq") or 0), _now())

    def _send_all(self, hub: _Hub, report: SyncReport, should_stop: Callable[[], bool]) -> None:
        """The unsent events in batches, each after the files it names. A batch's events go
        up on a connection of their own while the next batch's files upload, so the hub
        stores events while it writes files; one batch of events is in flight at a time,
        and acknowledged before the next goes."""
        events_link = hub.twin()
        posting = ThreadPoolExecutor(1)
        in_flight: tuple[Future[dict], int, int] | None = None
        after = 0
        try:
            while not should_stop():
                batch = list(outbox.unsent(self._db, after=after, limit=MAX_EVENTS_PER_BATCH))
                if not batch:
                    break
                uploaded: list[str] = []
                try:
                    report.sent_bytes += self._upload_all(
                        hub, self._unconfirmed_blobs(batch[-1].seq), uploaded
                    )
                finally:
                    if uploaded:
                        self._confirm(uploaded)
                    if in_flight is not None:
                        flight, in_flight = in_flight, None
                        self._acknowledge(*flight, report)
                body = self._events_body(batch)
                request = posting.submit(events_link.request, "POST", "/events", body)
                in_flight = (request, batch[-1].seq, len(body))
                after = batch[-1].seq
        finally:
            if in_flight is not None:
                self._acknowledge(*in_flight, report)
            posting.shutdown()
            events_link.close()

    def _events_body(self, batch: list[outbox.Event]) -> bytes:
        removed = {
            row_id
            for (row_id,) in self._db.execute(
                "SELECT id FROM digitized_documents WHERE removed_at IS NOT NULL"
            )
        }
        events = [
            {
                "id": e.id,
                "seq": e.seq,
                "table": e.table,
                "row_id": e.row_id,
                "row": e.row,
                "blobs": _blobs_of(e, removed),
                "at": e.at,
            }
            for e in batch
        ]
        return json.dumps({"events": events}, ensure_ascii=False).encode()

    def _acknowledge(
        self, request: "Future[dict]", batch_last: int, size: int, report: SyncReport
    ) -> None:
        """The hub's answer to a batch of events: what it holds is marked sent."""
        try:
            answer = request.result()
        except HubError as exc:
            if exc.status == 409 and exc.body.get("missing_blobs"):
                # The hub lost or never kept a blob we thought confirmed: send it again.
                with self.home.db.write_transaction() as db:
                    for sha256 in exc.body["missing_blobs"]:
                        db.execute("DELETE FROM sync_blobs WHERE sha256 = ?", [sha256])
            raise
        report.sent_bytes += size
        last = min(int(answer.get("last_seq") or 0), batch_last)
        with self.home.db.write_transaction() as db:
            report.sent_events += outbox.mark_sent(db, last, _now())
        if last < batch_last:
            raise HubError(
                500,
                {"error": f"the hub holds events up to {last} only (gaps {answer.get('gaps')})"},
            )

    def _upload_all(self, hub: _Hub, blobs: list[tuple[str, str]], uploaded: list[str]) -> int:
        """Upload `blobs`, UPLOAD_STREAMS parcels at a time, each stream on its own
        connection; appends each blob the hub holds whole to `uploaded`; returns the bytes
        sent. The first failure stops the streams taking more, and is raised once they stop."""
        remaining = iter(self._parcels(blobs))
        lock = threading.Lock()
        failures: list[Exception] = []
        sent = 0

        def stream(link: _Hub) -> None:
            nonlocal sent
            while not failures:
                with lock:
                    parcel = next(remaining, None)
                if parcel is None:
                    return
                bundled, blobs = parcel
                done: list[str] = []
                try:
                    if bundled:
                        size = self._send_bundle(link, blobs, done)
                    else:
                        (blob,) = blobs
                        size = self._upload(link, *blob)
                        done.append(blob[0])
                except Exception as exc:  # raised below, in the calling thread
                    failures.append(exc)
                    size = 0
                with lock:
                    sent += size
                    uploaded.extend(done)

        links = [hub, *(hub.twin() for _ in range(min(UPLOAD_STREAMS, len(blobs)) - 1))]
        try:
            with ThreadPoolExecutor(len(links)) as pool:
                list(pool.map(stream, links))
        finally:
            for link in links[1:]:
                link.close()
        if failures:
            raise failures[0]
        return sent

    def _parcels(self, blobs: list[tuple[str, str]]) -> list[tuple[bool, list[tuple[str, str]]]]:
        """What one request carries, and whether as a bundle: a file larger than
        BUNDLE_FILE_BYTES alone (in resumable chunks), smaller ones bundled up to
        CHUNK_BYTES and MAX_BUNDLE_FILES."""
        parcels: list[tuple[bool, list[tuple[str, str]]]] = []
        bundle: list[tuple[str, str]] = []
        bundle_bytes = 0
        for sha256, suffix in blobs:
            path = self.home.blobs.path(sha256, suffix)
            size = path.stat().st_size if path.exists() else BUNDLE_FILE_BYTES + 1
            if size > BUNDLE_FILE_BYTES:  # a missing file too: its upload says so
                parcels.append((False, [(sha256, suffix)]))
                continue
            if bundle and (bundle_bytes + size > CHUNK_BYTES or len(bundle) == MAX_BUNDLE_FILES):
                parcels.append((True, bundle))
                bundle, bundle_bytes = [], 0
            bundle.append((sha256, suffix))
            bundle_bytes += size
        if bundle:
            parcels.append((True, bundle))
        return parcels

    def _send_bundle(self, hub: _Hub, blobs: list[tuple[str, str]], done: list[str]) -> int:
        """Send small files whole in one request; appends those the hub kept to `done`."""
        body = pack_bundle([(sha256, self._read(sha256, suffix)) for sha256, suffix in blobs])
        try:
            answer = hub.request("POST", "/blobs", body, "application/octet-stream")
        except HubError as exc:
            done.extend(exc.body.get("complete") or [])  # kept, though others were refused
            raise
        done.extend(answer.get("complete") or [])
        return len(body)

    def _read(self, sha256: str, suffix: str) -> bytes:
        path = self.home.blobs.path(sha256, suffix)
        try:
            return path.read_bytes()
        except OSError as exc:
            raise SetupError(
                f"The stored file {path} is missing, so the record naming it cannot be sent; "
                "restore the data folder's blobs from its backup."
            ) from exc

    def _upload(self, hub: _Hub, sha256: str, suffix: str) -> int:
        """Upload one blob from where the hub stopped; returns the bytes sent."""
        data = self._read(sha256, suffix)
        sent, received, complete = 0, 0, False
        if len(data) > CHUNK_BYTES:
            # Only a file of several chunks is worth asking about first (a cut upload
            # resumes where the hub stopped); a small one is sent, and a hub that already
            # has it says so.
            status = hub.request("GET", f"/blobs/{sha256}")
            received = int(status.get("received") or 0)
            complete = bool(status.get("complete"))
        while not complete:
            chunk = data[received : received + CHUNK_BYTES]
            try:
                status = hub.request(
                    "PUT",
                    f"/blobs/{sha256}?offset={received}&total={len(data)}",
                    chunk,
                    "application/octet-stream",
                )
            except HubError as exc:
                if exc.status == 409 and "received" in exc.body:
                    received = int(exc.body["received"])  # resume where the hub is
                    continue
                raise
            sent += len(chunk)
            received = int(status.get("received") or 0)
            complete = bool(status.get("complete"))
        return sent

    def _confirm(self, blobs: list[str]) -> None:
        """Blobs the hub holds complete: not asked about again (one commit per batch)."""
        with self.home.db.write_transaction() as db:
            db.conn.executemany(
                "INSERT OR IGNORE INTO sync_blobs (sha256, confirmed_at) VALUES (?, ?)",
                [(sha256, _now()) for sha256 in blobs],
            )

    def _pull(self, hub: _Hub) -> None:
        """Changes published by the hub for this office, kept with their effective dates."""
        state = self._state()
        since = int(state["changes_seen"]) if state else 0
        answer = hub.request("GET", f"/changes?since={since}")
        changes = answer.get("changes") or []
        if not changes:
            return
        with self.home.db.write_transaction() as db:
            for change in changes:
                db.execute(
                    "INSERT OR IGNORE INTO hub_changes (seq, kind, effective_from, data_json, "
                    "received_at) VALUES (?, ?, ?, ?, ?)",
                    [
                        change["seq"],
                        change["kind"],
                        change.get("effective_from"),
                        json.dumps(change.get("data"), ensure_ascii=False),
                        _now(),
                    ],
                )
            db.execute(
                "UPDATE sync_state SET changes_seen = ? WHERE id = 1",
                [max(int(c["seq"]) for c in changes)],
            )

    def unapplied_changes(self) -> list[HubChange]:
        """Changes from the hub not applied yet, oldest first."""
        return [
            HubChange(seq, kind, effective_from, json.loads(data))
            for seq, kind, effective_from, data in self._db.execute(
                "SELECT seq, kind, effective_from, data_json FROM hub_changes "
                "WHERE applied_at IS NULL ORDER BY seq"
            )
        ]

    def mark_applied(self, seq: int) -> None:
        with self.home.db.write_transaction() as db:
            db.execute("UPDATE hub_changes SET applied_at = ? WHERE seq = ?", [_now(), seq])

    def run_forever(
        self,
        stop: threading.Event,
        on_report: Callable[[SyncReport], None] | None = None,
        run: Callable[[Callable[[], bool]], SyncReport] | None = None,
    ) -> None:
        """Run (`run`, by default this sync's), then again after a pause that grows while
        runs fail, until `stop` is set."""
        run = run or self.run
        pause = FIRST_PAUSE_SECONDS
        while not stop.is_set():
            report = run(stop.is_set)
            if on_report is not None:
                on_report(report)
            pause = (
                FIRST_PAUSE_SECONDS if not report.errors else min(pause * 2, LONGEST_PAUSE_SECONDS)
            )
            stop.wait(pause)


def _blobs_of(event: outbox.Event, removed: set[int]) -> list[str]:
    if event.table not in _BLOB_TABLES or event.row.get("removed_at"):
        return []
    if event.table == "digitized_documents" and event.row_id in removed:
        return []
    sha256 = event.row.get("sha256")
    return [sha256] if isinstance(sha256, str) else []
