"""Benchmark: a desk's sync of 10,000 events and 500 MB of files to a hub on loopback,
against a plain HTTP upload of the same bytes; then the bytes sent again after a cut.

The hub is served as deployed, `counterdesk-hub serve` in a process of its own, over a
PostgreSQL started as the hub tests start it but durable (fsync on), as a hub's is. The
desk is a real data folder: its office set up through `Desk`, enrolled, then dossiers,
their documents and dossier events written in bulk through its store, so the outbox
triggers make exactly --events events; the documents name --megabytes of incompressible
files, most of 200 KB to 1.2 MB (scanned copies), a quarter of the bytes in 24 MB
registers of several chunks.

1. Sync: `Sync.run()` of the desk in this process, as `counterdesk sync run` runs it.
2. Baseline, measured first: the same files, then the events as JSON batches of the same
   size, PUT over one kept-alive connection in chunks of CHUNK_BYTES to a minimal
   uvicorn endpoint (its own process) that appends each body to a file and fsyncs it
   before answering, as the hub does. Target: the sync moves its bytes at >= 50% of the
   baseline's throughput.
3. Resume: a desk holding one file of six chunks syncs through `FaultyProxy`, which
   resets the connection in the middle of the file's fourth chunk; the next run resumes.
   Bytes sent again = the desk's bytes through the proxy over both runs minus those of an
   uncut sync of a copy of the same folder to a second hub. Target: <= CHUNK_BYTES.

Run: .venv/bin/python -m benchmarks.sync [--events N] [--megabytes M] [--rounds R]
"""

import argparse
import http.client
import json
import multiprocessing
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send

from counterdesk.desk import Desk
from counterdesk.store import outbox
from counterdesk.store.blobs import Blob
from counterdesk.store.times import stored_time
from counterdesk.sync.hub import db
from counterdesk.sync.protocol import CHUNK_BYTES, MAX_EVENTS_PER_BATCH
from tests.hub.fixtures import PostgresServer, RunningHub, free_port, running_postgres
from tests.hub.hub_process import hub_process
from tests.hub.proxy import FaultyProxy

OFFICE = ("H38.12", "UBND xã Tân Phú")
REGISTER_BYTES = 24 * 1024 * 1024
SMALLEST_COPY, LARGEST_COPY = 200_000, 1_200_000
RESUME_FILE_BYTES = 6 * CHUNK_BYTES + 12_345
CUT_AT = 3.5  # chunks into the resumed file
MB = 1_000_000
TITLES = ("Giấy khai sinh", "Bằng tốt nghiệp", "Học bạ", "Sổ hộ khẩu", "Sổ địa chính")
STATES = ("received", "in_progress", "finished", "returned")


@dataclass(frozen=True)
class Workload:
    files: list[Path]
    file_bytes: int
    events: int


def file_sizes(total: int, rng: random.Random) -> list[int]:
    """Sizes adding up to `total`: a quarter in registers, the rest as scanned copies."""
    register = min(REGISTER_BYTES, total // 4)
    sizes = [register + rng.randrange(1000)] * (total // 4 // register) if register else []
    while (left := total - sum(sizes)) > 0:
        size = rng.randint(SMALLEST_COPY, LARGEST_COPY)
        sizes.append(left if left < size + SMALLEST_COPY else size)
    rng.shuffle(sizes)
    return sizes


def fill_desk(desk: Desk, events: int, sizes: list[int], rng: random.Random) -> Workload:
    """Dossiers with a document per file, then dossier events up to `events` in all."""
    home, now = desk.home, stored_time(desk.clock())
    (already,) = home.db.db.execute("SELECT count(*) FROM outbox").fetchone()
    dossiers = (len(sizes) + 1) // 2
    citizens = (dossiers + 1) // 2
    journal = events - already - dossiers - citizens - len(sizes)
    if journal < 0:
        raise SystemExit(
            f"{events} events cannot hold {len(sizes)} files: raise --events or lower --megabytes."
        )
    stored: list[Blob] = []
    with home.db.write_transaction() as conn:
        for n in range(citizens):
            conn.execute(
                "INSERT INTO citizens (id, full_name, id_number, name_fold, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [n + 1, "Nguyễn Thị Ngọc Ánh", f"0790{n:08d}", "nguyen thi ngoc anh", now],
            )
        for n in range(dossiers):
            conn.execute(
                "INSERT INTO dossiers (id, code, local_day, seq, citizen_id, procedure, "
                "received_at, state, procedure_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [n + 1, f"{OFFICE[0]}-261126-{n + 1:05d}", "2026-11-26", n + 1, n // 2 + 1,
                 "chung-thuc-ban-sao-tu-ban-chinh", now, rng.choice(STATES),
                 "2.000815.000.00.00.H55"],
            )  # fmt: skip
            for size in sizes[2 * n : 2 * n + 2]:
                blob = home.blobs.put(b"%PDF-1.7\n" + rng.randbytes(size - 9), ".pdf")
                stored.append(blob)
                conn.execute(
                    "INSERT INTO documents (dossier_id, role, title, sha256, suffix, size, "
                    "pages, created_at) VALUES (?, 'electronic_copy', ?, ?, '.pdf', ?, ?, ?)",
                    [n + 1, rng.choice(TITLES), blob.sha256, size, size // 200_000 + 1, now],
                )
            for _ in range(journal // dossiers + (n < journal % dossiers)):
                conn.execute(
                    "INSERT INTO dossier_events (dossier_id, at, actor, action, from_state, "
                    "to_state, reason) VALUES (?, ?, 'lan.nguyen', 'advance', 'received', "
                    "'in_progress', ?)",
                    [n + 1, now, "Chuyển bộ phận chuyên môn xử lý"],
                )
        (made,) = conn.execute("SELECT count(*) FROM outbox").fetchone()
    assert made == events, (made, events)
    return Workload([b.path for b in stored], sum(sizes), made)


# -- the baseline: a plain upload endpoint ---------------------------------------------


def plain_upload_app(folder: Path) -> ASGIApp:
    """PUT /<name>: append the body to folder/<name>, fsync, answer the size held."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = bytearray()
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        path = folder / scope["path"].strip("/").replace("/", "_")
        with path.open("ab") as f:
            f.write(body)
            f.flush()
            os.fsync(f.fileno())
            size = f.tell()
        answer = json.dumps({"received": size}).encode()
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": answer})

    return app


def serve_plain(folder: str, port: int) -> None:
    uvicorn.run(plain_upload_app(Path(folder)), host="127.0.0.1", port=port, log_level="warning")


@contextmanager
def plain_server(folder: Path) -> Iterator[int]:
    port = free_port()
    process = multiprocessing.get_context("spawn").Process(
        target=serve_plain, args=(str(folder), port), daemon=True
    )
    process.start()
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
                break
            except OSError:
                if time.monotonic() > deadline or not process.is_alive():
                    raise SystemExit("the plain upload server did not start") from None
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.join(timeout=30)


def plain_upload(port: int, files: list[Path], batches: list[bytes]) -> int:
    """Upload the files in chunks, then the event batches; the bytes sent."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    sent = 0

    def put(path: str, body: bytes, kind: str) -> None:
        conn.request("PUT", path, body=body, headers={"Content-Type": kind})
        response = conn.getresponse()
        response.read()
        assert response.status == 200, response.status

    for file in files:
        data = file.read_bytes()
        for offset in range(0, len(data), CHUNK_BYTES):
            chunk = data[offset : offset + CHUNK_BYTES]
            put(f"/{file.name}?offset={offset}", chunk, "application/octet-stream")
            sent += len(chunk)
    for n, body in enumerate(batches):
        put(f"/events-{n}", body, "application/json")
        sent += len(body)
    conn.close()
    return sent


def event_batches(desk: Desk) -> list[bytes]:
    """The outbox as JSON batches of the desk's size (without their lists of blobs)."""
    events = list(outbox.unsent(desk.home.db.db, limit=10**9))
    return [
        json.dumps(
            {"events": [asdict(e) for e in events[i : i + MAX_EVENTS_PER_BATCH]]},
            ensure_ascii=False,
        ).encode()
        for i in range(0, len(events), MAX_EVENTS_PER_BATCH)
    ]


# -- the hub ---------------------------------------------------------------------------


@contextmanager
def running_hub(postgres: PostgresServer, folder: Path) -> Iterator[RunningHub]:
    db_url = postgres.create_database()
    with db.connection(db_url) as conn:
        db.migrate(conn)
    folder.mkdir()
    with hub_process(db_url, folder / "blobs", folder / "hub.log") as url:
        yield RunningHub(url, db_url, folder / "blobs")


def new_desk(root: Path, hub: RunningHub | None = None) -> Desk:
    """A data folder with the office set up, enrolled with `hub` when given."""
    desk = Desk.open(root)
    desk.init_office(*OFFICE, "Xã Tân Phú", "Tỉnh Đồng Nai")
    if hub is not None:
        desk.enrol_with_hub(hub.url, hub.issue_code(*OFFICE), "Quầy 1")
    return desk


def hub_requests(log: Path) -> int:
    """Requests the hub has answered so far (its access log)."""
    return log.read_text(errors="replace").count(' HTTP/1.1" ')


def rate(size: int, seconds: float) -> str:
    return f"{size / MB / seconds:.1f} MB/s"


def throughput(postgres: PostgresServer, work: Path, args: argparse.Namespace) -> float:
    """One round: a new hub and desk, the plain upload, then the sync; the sync's share of
    the plain upload's throughput."""
    rng = random.Random(args.seed)
    with running_hub(postgres, work / "hub") as hub:
        desk = new_desk(work / "desk", hub)
        began = time.perf_counter()
        load = fill_desk(desk, args.events, file_sizes(args.megabytes * MB, rng), rng)
        print(
            f"desk: {load.events:,} events, {len(load.files):,} files of "
            f"{load.file_bytes / MB:,.0f} MB, made in {time.perf_counter() - began:.1f} s"
        )
        batches = event_batches(desk)
        (work / "plain").mkdir()
        with plain_server(work / "plain") as port:
            began = time.perf_counter()
            plain_bytes = plain_upload(port, load.files, batches)
            plain_seconds = time.perf_counter() - began
        print(
            f"baseline, plain HTTP upload (chunks of {CHUNK_BYTES:,} bytes, fsync each): "
            f"{plain_bytes / MB:,.1f} MB in {plain_seconds:.1f} s, "
            f"{rate(plain_bytes, plain_seconds)}"
        )
        shutil.rmtree(work / "plain")

        log = work / "hub" / "hub.log"
        requests_before = hub_requests(log)
        began = time.perf_counter()
        report = desk.sync.run()
        seconds = time.perf_counter() - began
        requests = hub_requests(log) - requests_before
        assert not report.errors and report.pending_events == 0, report
        assert report.sent_events == load.events, report
        (held,) = hub.sql("SELECT count(*) AS n FROM events")
        assert held["n"] == load.events, held
        desk.close()
        ratio = (report.sent_bytes / seconds) / (plain_bytes / plain_seconds)
        print(
            f"sync: {report.sent_events:,} events and {len(load.files):,} files, "
            f"{report.sent_bytes / MB:,.1f} MB in {seconds:.1f} s, "
            f"{rate(report.sent_bytes, seconds)} ({report.sent_events / seconds:,.0f} "
            f"events/s) in {requests:,} requests to the hub, "
            f"{seconds / requests * 1000:.1f} ms each; {ratio:.0%} of the plain upload's "
            "throughput"
        )
    shutil.rmtree(work / "hub")
    shutil.rmtree(work / "desk")
    return ratio


def resume(postgres: PostgresServer, work: Path, seed: int) -> None:
    """Bytes sent again when the link is cut in the middle of a large file's upload."""
    rng = random.Random(seed)
    with ExitStack() as stack:
        cut_hub = stack.enter_context(running_hub(postgres, work / "hub-cut"))
        whole_hub = stack.enter_context(running_hub(postgres, work / "hub-whole"))
        cut_proxy = stack.enter_context(FaultyProxy(cut_hub.url))
        whole_proxy = stack.enter_context(FaultyProxy(whole_hub.url))
        desk = new_desk(work / "resume-desk")
        load = fill_desk(desk, 20, [RESUME_FILE_BYTES], rng)
        desk.close()
        shutil.copytree(work / "resume-desk", work / "resume-copy")
        desks = []
        for folder, hub, proxy in (
            ("resume-desk", cut_hub, cut_proxy),
            ("resume-copy", whole_hub, whole_proxy),
        ):
            desk = Desk.open(work / folder)
            desk.enrol_with_hub(proxy.url, hub.issue_code(*OFFICE), "Quầy 1")
            desks.append(desk)
        cut_desk, whole_desk = desks

        start = whole_proxy.stats.bytes_up
        assert not whole_desk.sync.run().errors
        uncut = whole_proxy.stats.bytes_up - start

        start = cut_proxy.stats.bytes_up
        cut_proxy.cut_at_upstream_byte(start + int(CUT_AT * CHUNK_BYTES))
        first = cut_desk.sync.run()
        assert first.errors, "the cut did not happen"
        sha256 = load.files[0].name.removesuffix(".pdf")
        partial = cut_hub.blob_root / OFFICE[0] / "partial" / sha256
        held = partial.stat().st_size if partial.exists() else 0
        second = cut_desk.sync.run()
        assert not second.errors and second.pending_events == 0, second
        resent = cut_proxy.stats.bytes_up - start - uncut
        for desk in desks:
            desk.close()
    print(
        f"resume: a {RESUME_FILE_BYTES:,}-byte file cut {CUT_AT} chunks in; the hub had "
        f"kept {held:,} bytes ({held // CHUNK_BYTES} whole chunks); the desk sent "
        f"{resent:,} bytes more than an uncut sync (target <= {CHUNK_BYTES:,}: one chunk)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--megabytes", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of plain upload then sync (the disk's write-back makes one noisy)",
    )
    args = parser.parse_args()
    if args.megabytes < 1 or args.events < 1:
        parser.error("--events and --megabytes must be at least 1")
    work = Path(tempfile.mkdtemp(prefix="counterdesk-sync-bench-"))
    needed = 3 * args.megabytes * MB + 8 * RESUME_FILE_BYTES
    free = shutil.disk_usage(work).free
    if free < needed * 1.2:
        shutil.rmtree(work)
        raise SystemExit(
            f"{work.parent} has {free / MB:,.0f} MB free; this run needs about "
            f"{needed / MB:,.0f} MB: lower --megabytes."
        )
    try:
        with running_postgres(durable=True) as postgres:
            ratios = sorted(throughput(postgres, work, args) for _ in range(args.rounds))
            print(
                f"sync / plain upload over {args.rounds} rounds: median "
                f"{statistics.median(ratios):.0%} (from {ratios[0]:.0%} to {ratios[-1]:.0%}; "
                "target >= 50%)"
            )
            resume(postgres, work, args.seed)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
