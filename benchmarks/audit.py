"""Benchmark: an audit trail of 100,000 entries in a real data folder.

Appends through the desk's own path (`audit_log.append` inside write transactions, the
keyed input digest of each change), 1,000 entries per transaction so the run takes
seconds rather than the hours 100,000 fsync'd commits would; then times 200 real changes
through `Journal.change` (one transaction, one fsync'd commit and the kept head each).
Finally reads the trail back twice: once only turning rows into entries (the baseline),
once verifying the whole chain and the kept head (target: verify <= 2 s). Last, exports
5,000 entries as the inspectors' PDF (target <= 3 s) against the CSV of the same entries.

Run: .venv/bin/python -m benchmarks.audit [--entries N]
"""

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.timing import percentile
from counterdesk.documents.audit_export import AuditHeading, audit_csv, audit_pdf
from counterdesk.domain.audit import digest_inputs
from counterdesk.store import audit_log
from counterdesk.store.home import Home
from counterdesk.store.journal import Journal

START = datetime(2026, 1, 2, 0, 30, tzinfo=UTC)
ACTORS = ("lan.nguyen", "duc.tran", "mai.le", "hung.pham")
ACTIONS = ("dossier.receive", "document.digitize", "certify", "dossier.return")
BATCH = 1000


def inputs(i: int) -> dict[str, object]:
    return {
        "dossier": f"H38.12-260102-{i:06d}",
        "citizen_name": "Nguyễn Thị Ngọc Ánh",
        "citizen_id": f"0792030{i:05d}",
        "pages": i % 12 + 1,
        "copies": i % 3 + 1,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Home.open(Path(tmp) / "home")
        key = home.audit_key()
        began = time.perf_counter()
        last = None
        for start in range(0, args.entries, BATCH):
            with home.db.write_transaction() as db:
                for i in range(start, min(start + BATCH, args.entries)):
                    last = audit_log.append(
                        db,
                        START + timedelta(seconds=30 * i),
                        ACTORS[i % len(ACTORS)],
                        "clerk",
                        ACTIONS[i % len(ACTIONS)],
                        f"dossier:H38.12-260102-{i:06d}",
                        digest_inputs(inputs(i), key),
                    )
        appended = time.perf_counter() - began
        journal = Journal(home, lambda: datetime.now(UTC))
        journal.head.advance(last)
        print(
            f"append {args.entries:,} entries: {appended:.2f} s "
            f"({appended / args.entries * 1e6:.0f} µs each, {BATCH} per transaction)"
        )

        samples = []
        for i in range(200):
            began = time.perf_counter()
            with journal.change("office.set_hours", inputs(i)) as change:
                change.subject = "office"
            samples.append((time.perf_counter() - began) * 1000)
        print(
            f"one change through Journal.change (commit, fsync, head): "
            f"p50 {percentile(samples, 0.5):.1f} ms, p95 {percentile(samples, 0.95):.1f} ms"
        )

        db = home.db.db
        began = time.perf_counter()
        read = sum(1 for _ in audit_log.entries(db))
        baseline = time.perf_counter() - began
        print(f"baseline, read {read:,} rows into entries: {baseline:.2f} s")

        began = time.perf_counter()
        report = audit_log.verify(db, journal.head)
        verified = time.perf_counter() - began
        assert report.intact and report.entries == read, report
        print(
            f"read and verify the whole chain and the kept head: {verified:.2f} s "
            f"(target <= 2 s), {verified - baseline:.2f} s over the baseline "
            f"({(verified - baseline) / read * 1e6:.1f} µs per entry)"
        )

        # The inspectors' PDF of 5,000 entries, against the CSV of the same entries.
        period = list(audit_log.entries(db))[:5000]
        heading = AuditHeading("UBND xã Tân Phú", START.date(), START.date(), START)
        began = time.perf_counter()
        audit_csv(period)
        as_csv = time.perf_counter() - began
        began = time.perf_counter()
        audit_pdf(heading, period, report)
        as_pdf = time.perf_counter() - began
        print(
            f"export {len(period):,} entries: PDF {as_pdf:.2f} s (target <= 3 s), "
            f"CSV baseline {as_csv:.2f} s"
        )
        home.close()


if __name__ == "__main__":
    main()
