"""Checks that a data folder is whole: the book, fees and files agree."""

import sqlite3
from pathlib import Path

import sqlite_utils

from counterdesk.store import audit_log
from counterdesk.store.blobs import BlobStore
from counterdesk.store.home import DATABASE_NAME


def check_data_folder(home: Path) -> list[int]:
    """Assert the folder's invariants; returns the book numbers of each year, concatenated."""
    conn = sqlite3.connect(home / DATABASE_NAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        blobs = BlobStore(home / "blobs")
        numbers: list[int] = []
        years = [r[0] for r in conn.execute("SELECT DISTINCT year FROM book_entries ORDER BY 1")]
        for year in years:
            year_numbers = [
                r[0]
                for r in conn.execute(
                    "SELECT number FROM book_entries WHERE year = ? ORDER BY number", [year]
                )
            ]
            assert year_numbers == list(range(1, len(year_numbers) + 1)), year_numbers
            numbers += year_numbers
        entries = conn.execute(
            "SELECT b.id, b.dossier_id, b.paper, b.electronic, "
            "(SELECT COUNT(*) FROM fees f WHERE f.book_entry_id = b.id) FROM book_entries b"
        ).fetchall()
        for entry_id, dossier_id, paper, electronic, fee_count in entries:
            assert fee_count == 1, f"book entry {entry_id} has {fee_count} fee records"
            documents = conn.execute(
                "SELECT role, sha256, suffix FROM documents WHERE dossier_id = ?", [dossier_id]
            ).fetchall()
            roles = sorted(role for role, _, _ in documents)
            expected = sorted(
                ["receipt"] + ["paper_copy"] * paper + ["electronic_copy"] * electronic
            )
            assert roles == expected, (entry_id, roles)
            for _, sha256, suffix in documents:
                assert blobs.matches(sha256, suffix), f"blob {sha256} missing or changed"
        (fees,) = conn.execute("SELECT COUNT(*) FROM fees").fetchone()
        (dossiers,) = conn.execute("SELECT COUNT(*) FROM dossiers").fetchone()
        assert fees == dossiers == len(entries)
        # Every certification committed with its audit entry, and the chain is whole.
        (certified,) = conn.execute(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'certify'"
        ).fetchone()
        assert certified == len(entries), (certified, len(entries))
        report = audit_log.verify(sqlite_utils.Database(conn), audit_log.Head(home))
        assert report.intact, report
        # Every committed row is in the outbox, as it is now, and the sequence has no gap.
        seqs = [r[0] for r in conn.execute("SELECT seq FROM outbox ORDER BY seq")]
        assert seqs == list(range(1, len(seqs) + 1)), "outbox sequence has a gap"
        for table in ("book_entries", "fees", "dossiers", "documents", "audit_log"):
            missing = conn.execute(
                f"SELECT COUNT(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM outbox o "
                f"WHERE o.table_name = '{table}' AND o.row_id = t.rowid)"
            ).fetchone()[0]
            assert missing == 0, f"{missing} {table} rows have no outbox event"
        return numbers
    finally:
        conn.close()
