"""The audit export read back: the PDF with PyMuPDF and poppler, the CSV with the csv module."""

import csv
import dataclasses
import io
import subprocess
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pymupdf
import pytest

from counterdesk.documents.audit_export import (
    BROKEN,
    CSV_HEADER,
    INTACT,
    NO_ENTRIES,
    SIGNATURE_BOX,
    SIGNATURE_SPACE,
    TITLE,
    AuditHeading,
    audit_csv,
    audit_pdf,
)
from counterdesk.documents.layout import MARGIN
from counterdesk.domain.audit import (
    AuditEntry,
    ChainReport,
    digest_inputs,
    next_entry,
    verify_chain,
)
from tests.conftest import require_tool

KEY = bytes(range(32))
START = datetime(2026, 11, 26, 2, 15, tzinfo=UTC)  # 09:15 in Hà Nội
ACTORS = ("nguyễn.thị.hằng", "lê.văn.đức")
ROLE = "Công chức tư pháp - hộ tịch"
ACTIONS = ("dossier.intake", "dossier.certify", "book.print")
HEADING = AuditHeading(
    office_name="Ủy ban nhân dân xã Tân Phú",
    first_day=date(2026, 11, 1),
    last_day=date(2026, 11, 30),
    printed_at=datetime(2026, 12, 1, 1, 30, tzinfo=UTC),
)
COLUMN_TITLES = (
    "STT",
    "Thời điểm",
    "Người thực hiện",
    "Vai trò",
    "Thao tác",
    "Đối tượng",
    "Mã băm",
)


def trail(count: int, subject: str | None = None) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    prev = None
    for i in range(count):
        code = f"dossier:H38.12-261126-{i + 1:04d}"
        prev = next_entry(
            prev,
            START + timedelta(minutes=i),
            ACTORS[i % 2],
            ROLE,
            ACTIONS[i % 3],
            subject or code,
            digest_inputs({"dossier": code}, KEY),
        )
        entries.append(prev)
    return entries


def summary(entries: Sequence[AuditEntry]) -> ChainReport:
    return verify_chain(entries)


def pdf_of(entries: Sequence[AuditEntry], chain: ChainReport | None = None) -> bytes:
    return audit_pdf(HEADING, entries, chain or summary(entries))


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "audit.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [require_tool("pdftotext"), "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def page_texts(pdf: bytes) -> list[str]:
    with pymupdf.open("pdf", pdf) as doc:
        return [page.get_text() for page in doc]


# -- PDF ----------------------------------------------------------------------------------


def test_heading_and_vietnamese_text_extract_with_both_readers(tmp_path: Path) -> None:
    pdf = pdf_of(trail(5))
    for text in (pdftotext(pdf, tmp_path), "\n".join(page_texts(pdf))):
        for expected in [
            TITLE,
            "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ",
            "Từ ngày 01/11/2026 đến ngày 30/11/2026",
            "In lúc: 01/12/2026 08:30",
            *COLUMN_TITLES,
            "nguyễn.thị.hằng",
            "lê.văn.đức",
            ROLE,
            "KẾT QUẢ KIỂM TRA CHUỖI NHẬT KÝ",
            "Số mục xuất trong kỳ: 5",
            f"Kết quả: {INTACT}",
            "HMAC-SHA256",
            "Trang 1/1",
        ]:
            assert expected in text, expected
    with pymupdf.open("pdf", pdf) as doc:
        assert doc.page_count == 1
        assert doc[0].rect.width > doc[0].rect.height  # landscape
        assert round(doc[0].rect.width) == 842
        assert doc.metadata["title"].startswith(TITLE)


def test_a_row_shows_seq_local_time_actor_action_and_short_hash(tmp_path: Path) -> None:
    entries = trail(12)
    seventh = entries[6]
    text = pdftotext(pdf_of(entries), tmp_path)
    row = next(line for line in text.splitlines() if "26/11/2026 09:21:00" in line)
    assert row.split()[0] == "7"
    assert seventh.actor in row
    assert seventh.action in row
    assert seventh.subject in row
    assert f"{seventh.hash[:16]}…" in row
    assert seventh.hash[:17] not in text  # only the start of the hash is in the table


def test_rows_paginate_with_the_header_on_every_page(tmp_path: Path) -> None:
    small, large = pdf_of(trail(10)), pdf_of(trail(200))
    pages = page_texts(large)
    assert len(page_texts(small)) == 1
    assert len(pages) >= 6
    for number, text in enumerate(pages, start=1):
        assert TITLE in text
        assert f"Trang {number}/{len(pages)}" in text
        if number < len(pages):
            assert all(title in text for title in COLUMN_TITLES)
    # Every entry is printed once, in order, in the STT column.
    with pymupdf.open("pdf", large) as doc:
        stt_right = MARGIN + 0.05 * (doc[0].rect.width - 2 * MARGIN)
        seqs = [
            int(word[4])
            for page in doc
            for word in page.get_text("words", sort=True)
            if word[2] <= stt_right and word[4].isdigit()
        ]
    assert seqs == list(range(1, 201))
    # poppler separates pages with a form feed: each page of rows starts with the header.
    poppler_pages = pdftotext(large, tmp_path).split("\f")
    with_rows = [page for page in poppler_pages if "26/11/2026" in page]
    assert len(with_rows) >= len(pages) - 1
    for page in with_rows:
        assert page.index("Người thực hiện") < page.index("26/11/2026")


def test_a_broken_chain_is_reported_with_its_position(tmp_path: Path) -> None:
    entries = trail(30)
    entries[4] = dataclasses.replace(entries[4], actor="kẻ.giả.mạo")  # hash no longer matches
    chain = summary(entries)
    assert chain.first_broken == 5
    text = pdftotext(pdf_of(entries, chain), tmp_path)
    assert f"{BROKEN} TỪ MỤC 5" in text
    assert INTACT not in text
    assert f"Mã băm cuối chuỗi: {entries[-1].hash}" in text


def test_an_intact_chain_prints_the_full_head_hash(tmp_path: Path) -> None:
    entries = trail(3)
    text = pdftotext(pdf_of(entries), tmp_path)
    assert f"Mã băm cuối chuỗi: {entries[-1].hash}" in text
    assert BROKEN not in text


def test_the_chain_total_is_printed_beside_the_exported_count(tmp_path: Path) -> None:
    entries = trail(40)
    chain = dataclasses.replace(summary(entries), entries=1234)
    text = pdftotext(audit_pdf(HEADING, entries[10:20], chain), tmp_path)
    assert "Số mục xuất trong kỳ: 10" in text
    assert "1234" in text


def test_no_entries_gives_one_page_saying_so(tmp_path: Path) -> None:
    pdf = pdf_of([])
    text = pdftotext(pdf, tmp_path)
    assert len(page_texts(pdf)) == 1
    for expected in (TITLE, NO_ENTRIES, "Số mục xuất trong kỳ: 0", INTACT, "Trang 1/1"):
        assert expected in text, expected


def test_long_subjects_stay_inside_their_cell() -> None:
    coded = "dossier:" + "H38.12-261126-0001/" * 12
    worded = "book:2026/12 " + "bản sao chứng thực từ bản chính giấy tờ văn bản " * 6
    entries = trail(3, coded) + trail(3, worded)
    with pymupdf.open("pdf", pdf_of(entries)) as doc:
        page = doc[0]
        lines = [
            (item[1], item[2])
            for drawing in page.get_drawings()
            for item in drawing["items"]
            if item[0] == "l" and abs(item[1].x - item[2].x) < 0.01
        ]
        verticals = {start.x for start, _ in lines}
        table_top = min(start.y for start, _ in lines)
        table_bottom = max(end.y for _, end in lines)
        table_right = page.rect.width - MARGIN
        words = page.get_text("words")
        table_words = [w for w in words if table_top < w[1] and w[3] < table_bottom]
        assert table_words
        for x0, _, x1, _, word, *_ in table_words:
            assert x1 <= table_right + 0.5, word
            assert not any(x0 + 0.5 < x < x1 - 0.5 for x in verticals), word
        # Word boxes span the font's ascent and descent (~11 pt at 8 pt): lines 10 pt apart
        # touch by ~1 pt; words printed over each other overlap much more.
        boxes = [pymupdf.Rect(w[:4]) for w in table_words]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                common = a & b
                assert common.is_empty or common.height < 2 or common.width < 0.5, (a, b)
        text = page.get_text()
    assert "…" in text
    assert coded not in text.replace("\n", "")  # clipped, not overflowing


def test_the_foot_of_the_last_page_stays_blank_for_the_signature() -> None:
    for count in (0, 1, 13, 14, 27, 28, 45):
        with pymupdf.open("pdf", pdf_of(trail(count))) as doc:
            page = doc[-1]
            band = pymupdf.Rect(
                0, page.rect.height - MARGIN - SIGNATURE_SPACE, page.rect.width, page.rect.height
            )
            inked = [w for w in page.get_text("words") if pymupdf.Rect(w[:4]).intersects(band)]
            assert [w[4] for w in inked] == ["Trang", f"{doc.page_count}/{doc.page_count}"]
            assert not any(d["rect"].intersects(band) for d in page.get_drawings()), count
            x0, y0, x1, y1 = SIGNATURE_BOX  # PDF user space: y up from the bottom
            box = pymupdf.Rect(x0, page.rect.height - y1, x1, page.rect.height - y0)
            assert box in band


def test_five_thousand_entries_are_all_printed() -> None:
    # Its speed (target <= 3 s) is measured by benchmarks/audit.py.
    entries = trail(5000)
    pdf = audit_pdf(HEADING, entries, summary(entries))
    pages = page_texts(pdf)
    assert len(pages) > 100
    assert "Số mục xuất trong kỳ: 5000" in pages[-1]
    assert f"{entries[-1].hash[:16]}…" in pages[-2] + pages[-1]


def test_printed_at_must_be_aware() -> None:
    heading = dataclasses.replace(HEADING, printed_at=datetime(2026, 12, 1, 8, 30))
    with pytest.raises(ValueError, match="aware"):
        audit_pdf(heading, [], summary([]))


# -- CSV ----------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_starts_with_a_bom_and_the_header() -> None:
    data = audit_csv(trail(2))
    assert data.startswith(b"\xef\xbb\xbf")
    first_line = data[3:].split(b"\r\n")[0].decode("utf-8")
    assert first_line == (
        "seq,at_utc,at_local,actor,role,action,subject,inputs_digest,prev_hash,hash"
    )
    assert tuple(read_csv(data)[0]) == CSV_HEADER


def test_csv_round_trips_every_field() -> None:
    entries = trail(25)
    rows = read_csv(audit_csv(iter(entries)))  # any iterable, e.g. rows streamed from the store
    assert len(rows) == 26
    for entry, row in zip(entries, rows[1:], strict=True):
        record = dict(zip(CSV_HEADER, row, strict=True))
        assert record["seq"] == str(entry.seq)
        assert record["at_utc"] == entry.at
        for name in ("actor", "role", "action", "subject", "inputs_digest", "prev_hash", "hash"):
            assert record[name] == getattr(entry, name)
    assert rows[1][3] == "nguyễn.thị.hằng"


def test_csv_local_time_is_office_time() -> None:
    first = next_entry(None, START, "lan", "clerk", "intake", "dossier:1", "0" * 64)
    late = next_entry(
        first, datetime(2026, 12, 31, 20, 0, tzinfo=UTC), "lan", "clerk", "x", "s", "0" * 64
    )
    rows = read_csv(audit_csv([first, late]))
    assert rows[1][1] == "2026-11-26T02:15:00.000000+00:00"
    assert rows[1][2] == "2026-11-26 09:15:00"
    assert rows[2][2] == "2027-01-01 03:00:00"  # the next day and year in Hà Nội


@pytest.mark.parametrize(
    "dangerous",
    ['=HYPERLINK("http://x.example","bấm")', "+84 912", "-1+1", "@SUM(A1)", "\tcmd", "\rcmd"],
)
def test_csv_cells_that_would_run_as_formulas_are_defused(dangerous: str) -> None:
    entry = next_entry(None, START, dangerous, "clerk", dangerous, f"{dangerous}", "0" * 64)
    row = read_csv(audit_csv([entry]))[1]
    record = dict(zip(CSV_HEADER, row, strict=True))
    for name in ("actor", "action", "subject"):
        assert record[name] == "'" + dangerous
    assert record["role"] == "clerk"
    assert record["hash"] == entry.hash


def test_csv_of_no_entries_is_the_header_alone() -> None:
    assert read_csv(audit_csv([])) == [list(CSV_HEADER)]
