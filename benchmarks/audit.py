"""Benchmark: an audit trail of 100,000 entries in a real SQLite file.

Times building the chain (digest_inputs + next_entry) and storing it in one transaction,
then reading it back in seq order twice: once only turning rows into entries (the
baseline), once also verifying the whole chain (target: verify <= 2 s).

Run: .venv/bin/python -m benchmarks.audit [--entries N]
"""

import argparse
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from dataclasses import astuple
from datetime import UTC, datetime, timedelta
from pathlib import Path

from counterdesk.domain.audit import AuditEntry, digest_inputs, next_entry, verify_chain

KEY = bytes(range(32))
START = datetime(2026, 1, 2, 0, 30, tzinfo=UTC)
ACTORS = ("lan.nguyen", "duc.tran", "mai.le", "hung.pham")
ACTIONS = ("intake", "scan", "certify", "return", "sync")
COLUMNS = "seq, at, actor, role, action, subject, inputs_digest, prev_hash, hash"


def build_trail(count: int) -> Iterator[AuditEntry]:
    prev = None
    for i in range(count):
        inputs = {
            "dossier": f"H38.12-260102-{i:06d}",
            "citizen_name": "Nguyễn Thị Ngọc Ánh",
            "id_number": f"0792030{i:05d}",
            "pages": i % 12 + 1,
            "copies": i % 3 + 1,
        }
        prev = next_entry(
            prev,
            START + timedelta(seconds=30 * i),
            ACTORS[i % len(ACTORS)],
            "clerk",
            ACTIONS[i % len(ACTIONS)],
            f"dossier:H38.12-260102-{i:06d}",
            digest_inputs(inputs, KEY),
        )
        yield prev


def read_entries(conn: sqlite3.Connection) -> Iterator[AuditEntry]:
    for row in conn.execute(f"SELECT {COLUMNS} FROM audit ORDER BY seq"):
        yield AuditEntry(*row)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(Path(tmp) / "audit.db", isolation_level=None)
        # As the desk database: WAL, and a commit survives a power cut.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute(
            "CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, "
            "actor TEXT NOT NULL, role TEXT NOT NULL, action TEXT NOT NULL, "
            "subject TEXT NOT NULL, inputs_digest TEXT NOT NULL, "
            "prev_hash TEXT NOT NULL, hash TEXT NOT NULL)"
        )

        began = time.perf_counter()
        entries = list(build_trail(args.entries))
        built = time.perf_counter() - began
        began = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            f"INSERT INTO audit ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (astuple(e) for e in entries),
        )
        conn.execute("COMMIT")
        stored = time.perf_counter() - began
        print(
            f"append {args.entries:,} entries: {built + stored:.2f} s "
            f"(chain {built:.2f} s, {built / args.entries * 1e6:.1f} µs each; "
            f"insert in one transaction {stored:.2f} s)"
        )
        head = entries[-1].hash
        del entries

        began = time.perf_counter()
        read = sum(1 for _ in read_entries(conn))
        baseline = time.perf_counter() - began
        print(f"baseline, read {read:,} rows into entries: {baseline:.2f} s")

        began = time.perf_counter()
        report = verify_chain(read_entries(conn))
        verified = time.perf_counter() - began
        assert report.intact and report.entries == args.entries and report.head == head, report
        print(
            f"read and verify the whole chain: {verified:.2f} s (target <= 2 s), "
            f"{verified - baseline:.2f} s over the baseline "
            f"({(verified - baseline) / args.entries * 1e6:.1f} µs per entry)"
        )
        conn.close()


if __name__ == "__main__":
    main()
