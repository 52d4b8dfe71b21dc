"""The certification book on paper: the monthly printout and the year-end closing.

Decree 23/2015/NĐ-CP Art. 13(3): an electronic register is printed every month, bound,
and sealed across its pages; after 31 December the months are bound into one book per
year and closed with the count of certifications. Pages are numbered and keep a strip in
the margin for the cross-page seal (giáp lai). Wording and columns: resources/legal/
book_form.toml.
"""

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from typing import Any

import pymupdf

from counterdesk.documents.fonts import font_path
from counterdesk.documents.layout import MARGIN, Align, PageWriter
from counterdesk.domain.vietnamese import document_date, format_vnd

LANDSCAPE = pymupdf.Rect(0, 0, 842, 595)
SEAL_STRIP = 34.0  # right-hand margin kept free for the cross-page seal
ROW_HEIGHT = 30.0
# Relative widths of the eight columns of the book form.
_WIDTHS = (0.08, 0.11, 0.17, 0.2, 0.06, 0.17, 0.09, 0.12)


@cache
def _wording() -> dict[str, Any]:
    text = (files("counterdesk.resources") / "legal" / "book_form.toml").read_text("utf-8")
    return tomllib.loads(text)["version"][-1]


@dataclass(frozen=True)
class BookRow:
    label_number: int
    certified_at: datetime  # office-local
    citizen_name: str
    document_title: str
    copies: int
    signer: str  # "Name, title"
    fee_vnd: int
    note: str


@dataclass(frozen=True)
class BookHeading:
    office_name: str
    volume_label: str  # e.g. "Quyển số: 01/2026-SCT/BS"


def _columns(left: float, right: float) -> list[tuple[float, float]]:
    width = right - left
    edges, x = [], left
    for share in _WIDTHS:
        edges.append((x, x + share * width))
        x += share * width
    return edges


def _cell(
    w: PageWriter,
    text: str,
    box: tuple[float, float],
    y: float,
    size: float = 8.5,
    bold: bool = False,
) -> None:
    x0, x1 = box
    fitted = w.fit_size(text, size, x1 - x0 - 6, bold)
    w.line(text, (x0 + x1) / 2, y, fitted, bold=bold, align=Align.CENTER)


def _heading_cell(w: PageWriter, title: str, box: tuple[float, float], top: float) -> None:
    """A column title on one line, or on two split at the middle space when too wide."""
    if w.width(title, 8, bold=True) <= box[1] - box[0] - 6 or " " not in title:
        _cell(w, title, box, top + 17, 8, bold=True)
        return
    words = title.split()
    halves = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, second = min(halves, key=lambda h: abs(len(h[0]) - len(h[1])))
    _cell(w, first, box, top + 12, 8, bold=True)
    _cell(w, second, box, top + 22, 8, bold=True)


def _page_frame(
    doc: pymupdf.Document, heading: BookHeading, caption: str
) -> tuple[pymupdf.Page, float, list[tuple[float, float]]]:
    wording = _wording()
    page = doc.new_page(width=LANDSCAPE.width, height=LANDSCAPE.height)
    right = LANDSCAPE.width - MARGIN - SEAL_STRIP
    columns = _columns(MARGIN, right)
    with PageWriter(page) as w:
        w.line(heading.office_name.upper(), MARGIN, MARGIN, 10, bold=True)
        w.line(
            wording["title"], (MARGIN + right) / 2, MARGIN + 18, 13, bold=True, align=Align.CENTER
        )
        w.line(
            f"{heading.volume_label} — {caption}",
            (MARGIN + right) / 2,
            MARGIN + 34,
            10,
            align=Align.CENTER,
        )
        top = MARGIN + 46
        for box, title in zip(columns, wording["columns"], strict=True):
            _heading_cell(w, title, box, top)
        # The seal strip, written vertically in the margin.
        page.insert_text(
            (LANDSCAPE.width - MARGIN / 2 - 4, LANDSCAPE.height / 2 + 40),
            wording["seal_strip"],
            fontsize=8,
            rotate=90,
            color=(0.4, 0.4, 0.4),
            fontname="nsr",
            fontfile=str(font_path()),
        )
    page.draw_rect((MARGIN, top, right, top + 28), color=(0, 0, 0), width=0.6)
    for x0, _ in columns[1:]:
        page.draw_line((x0, top), (x0, LANDSCAPE.height - MARGIN - 14), color=(0, 0, 0), width=0.4)
    page.draw_line(
        (right + 8, MARGIN),
        (right + 8, LANDSCAPE.height - MARGIN),
        color=(0.6, 0.6, 0.6),
        width=0.4,
        dashes="[3 3] 0",
    )
    return page, top + 28, columns


def monthly_printout(heading: BookHeading, year: int, month: int, rows: list[BookRow]) -> bytes:
    wording = _wording()
    caption = wording["month_caption"].format(month=month, year=year)
    doc = pymupdf.open()
    per_page = int((LANDSCAPE.height - 2 * MARGIN - 74) // ROW_HEIGHT)
    chunks = [rows[i : i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    for number, chunk in enumerate(chunks, start=1):
        page, y, columns = _page_frame(doc, heading, caption)
        with PageWriter(page) as w:
            for row in chunk:
                values = [
                    str(row.label_number),
                    row.certified_at.strftime("%d/%m/%Y %H:%M"),
                    row.citizen_name,
                    row.document_title,
                    str(row.copies),
                    row.signer,
                    format_vnd(row.fee_vnd),
                    row.note,
                ]
                for box, value in zip(columns, values, strict=True):
                    _cell(w, value, box, y + 19)
                y += ROW_HEIGHT
                page.draw_line(
                    (columns[0][0], y), (columns[-1][1], y), color=(0.5, 0.5, 0.5), width=0.3
                )
            page_label = wording["page_caption"].format(page=number, pages=len(chunks))
            w.line(
                page_label,
                LANDSCAPE.width / 2,
                LANDSCAPE.height - MARGIN / 2,
                9,
                align=Align.CENTER,
            )
    doc.set_metadata({"title": f"{wording['title']} — {caption}", "creator": "CounterDesk"})
    doc.subset_fonts()
    return doc.tobytes(garbage=3, deflate=True)


def closing_page(
    heading: BookHeading,
    year: int,
    closed_on: date,
    count: int,
    first: int | None,
    last: int | None,
    signer_name: str,
    signer_title: str,
) -> bytes:
    wording = _wording()
    doc = pymupdf.open()
    page, y, _ = _page_frame(doc, heading, f"Năm {year}")
    when = document_date(closed_on)
    sentence = (
        wording["closing"].format(date=when, count=count, first=first, last=last)
        if count
        else wording["closing_empty"].format(date=when, year=year)
    )
    centre = LANDSCAPE.width - MARGIN - SEAL_STRIP - 150
    with PageWriter(page) as w:
        w.line(sentence, MARGIN + 10, y + 40, w.fit_size(sentence, 12, 700))
        w.line(wording["closing_signer"], centre, y + 90, 11, bold=True, align=Align.CENTER)
        w.line(signer_title.upper(), centre, y + 106, 11, bold=True, align=Align.CENTER)
        w.line(wording["closing_hint"], centre, y + 121, 10, align=Align.CENTER)
        w.line(signer_name, centre, y + 200, 11, bold=True, align=Align.CENTER)
    doc.set_metadata(
        {"title": f"{wording['title']} — khóa sổ năm {year}", "creator": "CounterDesk"}
    )
    doc.subset_fonts()
    return doc.tobytes(garbage=3, deflate=True)
