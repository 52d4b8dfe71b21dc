"""Retention of digitized copies, in process on a real data folder with a controlled clock.

Only the digitized copies of dossiers closed longer than the office's period go; the
certification book, the certified copies and the indicators stay as they were.
"""

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from counterdesk.desk import CertifyRequest, Desk
from counterdesk.errors import AccessError, BadInputError
from counterdesk.store.blobs import BlobStore
from counterdesk.store.home import DATABASE_NAME
from counterdesk.store.times import stored_time
from tests.e2e.office_clock import OfficeClock

COPY = "2.000815.000.00.00.H55"  # certified copies, in the shipped catalog
PASSWORD = "Quầy-một-cửa-2026"


def audit_rows(home: Path) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(home / DATABASE_NAME) as conn:
        return conn.execute(
            "SELECT actor, role, action, subject FROM audit_log ORDER BY seq"
        ).fetchall()


def digitized_rows(home: Path) -> dict[int, tuple[str, str | None]]:
    with sqlite3.connect(home / DATABASE_NAME) as conn:
        rows = conn.execute("SELECT id, sha256, removed_at FROM digitized_documents").fetchall()
    return {doc_id: (sha, removed) for doc_id, sha, removed in rows}


def receive(desk: Desk, citizen_id: str) -> str:
    view, _ = desk.receive_dossier(COPY, "Võ Thị Sáu", citizen_id, False, False, ["Giấy khai sinh"])
    return view.code


@pytest.fixture
def office(tmp_path: Path) -> tuple[Desk, OfficeClock]:
    clock = OfficeClock(datetime(2025, 8, 4, 8, 0))  # a Monday
    desk = Desk.open(tmp_path / "home", clock)
    desk.init_office("H38.12", "UBND xã Tân Phú", "Xã Tân Phú")
    desk.create_test_identity("Nguyễn Văn An", "Chủ tịch")
    yield desk, clock
    desk.close()


def test_only_the_old_closed_dossiers_digitized_copy_is_removed(
    office: tuple[Desk, OfficeClock], scans: list[Path]
) -> None:
    desk, clock = office
    home = desk.home.root
    blobs = BlobStore(home / "blobs")

    # August 2025: four dossiers received, three of them with a digitized copy.
    clock.set(datetime(2025, 8, 4, 9, 0))
    old_closed = receive(desk, "079190000001")
    doc_old = desk.digitize_files([scans[0]], dossier_code=old_closed, title="Giấy khai sinh")
    clock.set(datetime(2025, 8, 4, 9, 5))
    still_open = receive(desk, "079190000002")
    doc_open = desk.digitize_files([scans[1]], dossier_code=still_open, title="Sổ hộ khẩu")
    clock.set(datetime(2025, 8, 4, 9, 10))
    recent = receive(desk, "079190000003")
    doc_recent = desk.digitize_files(scans, dossier_code=recent, title="Hợp đồng")
    clock.set(datetime(2025, 8, 4, 9, 20))
    certified = desk.certify_copies(
        CertifyRequest(
            files=scans,
            citizen_name="Võ Thị Sáu",
            citizen_id="079190000004",
            document_title="Học bạ",
        )
    )
    assert certified.paper_pdf is not None and certified.electronic_pdf is not None
    copies = {
        path: path.read_bytes()
        for path in (certified.paper_pdf, certified.electronic_pdf, certified.receipt_pdf)
    }
    clock.set(datetime(2025, 8, 4, 10, 0))
    desk.move_dossier(old_closed, "advance", None, None)
    desk.move_dossier(old_closed, "advance", None, None)
    clock.set(datetime(2025, 8, 4, 10, 30))
    desk.move_dossier(old_closed, "return", None, "paper")  # closed 03:30 UTC, 4 Aug 2025
    clock.set(datetime(2027, 8, 2, 10, 0))
    desk.move_dossier(recent, "refuse", "altered", None)  # closed 03:00 UTC, 2 Aug 2027

    august = desk.indicators(2025, 8)[0]
    assert (august.received, august.digitized_rate) == (4, 0.75)
    book = desk.book_entries()
    assert [e.number for e in book] == [1]
    ids = (doc_old.document_id, doc_open.document_id, doc_recent.document_id)
    assert len({doc_old.sha256, doc_open.sha256, doc_recent.sha256}) == 3
    for doc in (doc_old, doc_open, doc_recent):
        assert doc.pdf_path.is_file()
    entries_before = len(audit_rows(home))

    # Two years and a month later, before any period is set: nothing goes, nothing is logged.
    clock.set(datetime(2027, 9, 1, 10, 0))
    nothing = desk.apply_retention()
    assert (nothing.years, nothing.documents, nothing.bytes_freed) == (None, (), 0)
    assert doc_old.pdf_path.is_file()
    assert len(audit_rows(home)) == entries_before

    assert desk.set_retention(2) == 2
    entries_before = len(audit_rows(home))
    size_old = doc_old.pdf_path.stat().st_size
    done = desk.apply_retention()
    assert done.years == 2
    assert done.documents == (doc_old.document_id,)
    assert done.bytes_freed == size_old

    # The old closed dossier's copy: file gone, row kept and marked, no longer readable.
    assert not doc_old.pdf_path.exists()
    rows = digitized_rows(home)
    assert sorted(rows) == sorted(ids)
    assert rows[doc_old.document_id] == (doc_old.sha256, stored_time(clock.now))
    with pytest.raises(BadInputError, match="retention"):
        desk.digitized_pdf(doc_old.document_id)
    # The open dossier's and the recently closed dossier's copies stay.
    for doc in (doc_open, doc_recent):
        assert rows[doc.document_id] == (doc.sha256, None)
        assert desk.digitized_pdf(doc.document_id) == doc.pdf_path
        assert blobs.matches(doc.sha256, ".pdf")
    # The month still counts the removed copy as digitized at intake.
    assert desk.indicators(2025, 8)[0] == august
    # The certified copies and the book are permanent records: untouched.
    for path, data in copies.items():
        assert path.read_bytes() == data
    assert desk.book_entries() == book

    # One audit entry for the whole removal, naming the document; the trail still verifies.
    new = audit_rows(home)[entries_before:]
    assert len(new) == 1
    actor, role, action, subject = new[0]
    assert (actor, role, action) == ("local", "admin", "retention.apply")
    assert subject.startswith("documents:")
    assert str(doc_old.document_id) in subject
    assert desk.verify_audit().intact is True

    # Applied again: nothing more is due, so no removal and no entry.
    again = desk.apply_retention()
    assert (again.years, again.documents, again.bytes_freed) == (2, (), 0)
    assert len(audit_rows(home)) == entries_before + 1

    # The period is counted from the closing event, to the second: the dossier refused at
    # 10:00 on 2 August 2027 is kept at exactly two years, removed one second later.
    clock.set(datetime(2029, 8, 2, 10, 0))
    assert desk.apply_retention().documents == ()
    assert doc_recent.pdf_path.is_file()
    clock.set(datetime(2029, 8, 2, 10, 0, 1))
    assert desk.apply_retention().documents == (doc_recent.document_id,)
    assert not doc_recent.pdf_path.exists()
    # An open dossier's copy is kept however long it stays open.
    assert desk.digitized_pdf(doc_open.document_id).is_file()
    assert desk.indicators(2025, 8)[0] == august
    assert len(audit_rows(home)) == entries_before + 2
    assert desk.verify_audit().intact is True


def test_a_file_still_used_by_a_kept_record_is_not_deleted(
    office: tuple[Desk, OfficeClock], scans: list[Path]
) -> None:
    """Two records on one file cannot be made through the desk: every digitized PDF gets a
    fresh random /ID (so equal pages give different files), and the same input files give
    back the earlier document. The sharing a content-addressed store allows is made here
    in the database, as a later version (or a migration) could."""
    desk, clock = office
    home = desk.home.root
    blobs = BlobStore(home / "blobs")
    clock.set(datetime(2025, 8, 4, 9, 0))
    closed = receive(desk, "079190000001")
    doc = desk.digitize_files([scans[0]], dossier_code=closed, title="Giấy khai sinh")
    kept_open = receive(desk, "079190000002")
    certified = desk.certify_copies(
        CertifyRequest(
            files=scans,
            citizen_name="Võ Thị Sáu",
            citizen_id="079190000004",
            document_title="Học bạ",
        )
    )
    assert certified.electronic_pdf is not None
    e_copy_sha = certified.electronic_pdf.name.removesuffix(".pdf")
    clock.set(datetime(2025, 8, 4, 10, 0))
    desk.move_dossier(closed, "advance", None, None)
    desk.move_dossier(closed, "advance", None, None)

    columns = (
        "title, citizen_id, size, pages, text_layer, source, input_sha256, warnings_json, "
        "created_at"
    )
    with sqlite3.connect(home / DATABASE_NAME) as conn:
        (open_id,) = conn.execute("SELECT id FROM dossiers WHERE code = ?", [kept_open]).fetchone()
        # A record of the open dossier on the same file as the closed dossier's copy.
        shared_id = conn.execute(
            f"INSERT INTO digitized_documents (dossier_id, sha256, suffix, {columns}) "
            f"SELECT ?, sha256, suffix, {columns} FROM digitized_documents WHERE id = ?",
            [open_id, doc.document_id],
        ).lastrowid
        # A copy of the closed dossier stored as the same file as the certified e-copy.
        on_e_copy_id = conn.execute(
            f"INSERT INTO digitized_documents (dossier_id, sha256, suffix, {columns}) "
            f"SELECT dossier_id, ?, '.pdf', {columns} FROM digitized_documents WHERE id = ?",
            [e_copy_sha, doc.document_id],
        ).lastrowid
    e_copy = certified.electronic_pdf.read_bytes()

    clock.set(datetime(2027, 9, 1, 10, 0))
    desk.set_retention(2)
    done = desk.apply_retention()
    assert done.documents == (doc.document_id, on_e_copy_id)
    assert done.bytes_freed == 0  # both files are still someone's
    assert blobs.matches(doc.sha256, ".pdf")
    assert certified.electronic_pdf.read_bytes() == e_copy
    assert desk.digitized_pdf(shared_id) == doc.pdf_path
    with pytest.raises(BadInputError, match="retention"):
        desk.digitized_pdf(doc.document_id)
    subject = audit_rows(home)[-1][3]
    assert str(doc.document_id) in subject and str(on_e_copy_id) in subject
    assert desk.verify_audit().intact is True


def test_only_an_admin_may_apply_retention(office: tuple[Desk, OfficeClock]) -> None:
    desk, clock = office
    home = desk.home.root
    desk.accounts.add("admin", "Trần Thị Mai", "admin", PASSWORD)
    desk.sign_in("admin", PASSWORD)
    desk.accounts.add("lan", "Lê Thị Lan", "clerk", PASSWORD)
    desk.set_retention(2)
    desk.sign_in("lan", PASSWORD)
    before = audit_rows(home)
    with pytest.raises(AccessError, match=r"retention\.apply"):
        desk.apply_retention()
    with pytest.raises(AccessError):
        desk.set_retention(5)
    assert audit_rows(home) == before
    desk.sign_in("admin", PASSWORD)
    clock.set(datetime(2025, 8, 4, 8, 0) + timedelta(days=1))
    assert desk.apply_retention().years == 2
    assert audit_rows(home) == before  # nothing was due: no entry
