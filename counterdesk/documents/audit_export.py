"""The audit trail of a period, exported for an inspector: a CSV to sort and a PDF to sign.

The CSV carries every field, so the inspector can recompute the chain hashes; the PDF is
the readable copy, with the result of `verify_chain` and the head hash printed, so a later
rewrite of the trail can be caught by comparing with it. The caller signs the PDF (PAdES)
in the space kept free at the foot of its last page, `SIGNATURE_BOX`.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

import pymupdf
from pymupdf import mupdf

from counterdesk.documents.fonts import font
from counterdesk.documents.layout import MARGIN, Align
from counterdesk.domain.audit import AuditEntry, ChainReport
from counterdesk.domain.calendar import OFFICE_TZ, office_local

TITLE = "NHẬT KÝ THAO TÁC (AUDIT TRAIL)"
INTACT = "Chuỗi nhật ký toàn vẹn"
BROKEN = "CHUỖI NHẬT KÝ BỊ SAI LỆCH"
NO_ENTRIES = "Không có thao tác nào trong kỳ."
PRIVACY_NOTE = (
    "Các mã băm không chứa dữ liệu cá nhân: dữ liệu đầu vào của mỗi thao tác chỉ được ghi "
    "dưới dạng mã băm có khóa (HMAC-SHA256) của cơ quan."
)
CSV_HEADER = (
    "seq",
    "at_utc",
    "at_local",
    "actor",
    "role",
    "action",
    "subject",
    "inputs_digest",
    "prev_hash",
    "hash",
)
# Excel and LibreOffice run a cell that starts with one of these as a formula (OWASP).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

LANDSCAPE = pymupdf.Rect(0, 0, 842, 595)
SIGNATURE_SPACE = 120.0  # blank band at the foot of the last page, for the visible stamp
_SIGNATURE_WIDTH = 260.0
# Where the stamp goes on the last page: PDF user space (origin bottom-left), as pyHanko takes it.
SIGNATURE_BOX = (
    round(LANDSCAPE.width - MARGIN - _SIGNATURE_WIDTH),
    round(MARGIN),
    round(LANDSCAPE.width - MARGIN),
    round(MARGIN + SIGNATURE_SPACE),
)
_COLUMNS = (  # title, share of the table width
    ("STT", 0.05),
    ("Thời điểm", 0.12),
    ("Người thực hiện", 0.12),
    ("Vai trò", 0.16),
    ("Thao tác", 0.165),
    ("Đối tượng", 0.27),
    ("Mã băm", 0.115),
)
_SIZE = 8.0
_LINE = 10.0
_MAX_LINES = 2  # a longer cell is cut with "…": rows stay short and the table scannable
_PAD = 3.0
_HEADER_ROW = 20.0
_TABLE_TOP = MARGIN + 46
_TABLE_BOTTOM = LANDSCAPE.height - MARGIN
_SUMMARY_HEIGHT = 110.0
_STRIPE = (0.94, 0.94, 0.94)
_HEADER_FILL = (0.85, 0.85, 0.85)

_Row = list[list[str]]  # the lines of each cell


@dataclass(frozen=True)
class AuditHeading:
    office_name: str
    first_day: date
    last_day: date
    printed_at: datetime  # aware


def audit_csv(entries: Iterable[AuditEntry]) -> bytes:
    """UTF-8 with a BOM: without it Excel on Windows reads the file as ANSI and garbles names."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for e in entries:
        local = _local(e).strftime("%Y-%m-%d %H:%M:%S")
        fields = (e.at, local, e.actor, e.role, e.action, e.subject)
        hashes = (e.inputs_digest, e.prev_hash, e.hash)
        writer.writerow([e.seq, *(_defused(v) for v in (*fields, *hashes))])
    return out.getvalue().encode("utf-8-sig")


def audit_pdf(heading: AuditHeading, entries: Sequence[AuditEntry], report: ChainReport) -> bytes:
    doc = pymupdf.open()
    widths = [share * (LANDSCAPE.width - 2 * MARGIN) for _, share in _COLUMNS]
    rows = [
        [_wrap(text, w - 2 * _PAD) for text, w in zip(_cells(e), widths, strict=True)]
        for e in entries
    ]
    pages = _paginate(rows)
    for number, page_rows in enumerate(pages, start=1):
        page = doc.new_page(width=LANDSCAPE.width, height=LANDSCAPE.height)
        shape, text = page.new_shape(), _Text(page)
        _frame(text, heading, f"Trang {number}/{len(pages)}")
        y = _TABLE_TOP
        if page_rows or not entries:
            y = _table(shape, text, widths, page_rows)
        if number == len(pages):
            _summary(text, y + 24, len(entries), report)
        shape.commit()  # first, so that the row stripes lie under the text
        text.write()
    doc.set_metadata({"title": f"{TITLE} — {heading.office_name}", "creator": "CounterDesk"})
    doc.subset_fonts()
    return doc.tobytes(garbage=3, deflate=True)


class _Text:
    """PageWriter.line without its cost, for pages of up to ~250 lines.

    PageWriter.line measures each line with Font.text_length (~7 µs a character) and adds
    it with TextWriter.append, which recomputes the bounding box of all the text so far
    (90-700 µs a line): 5,000 entries took 25 s. Here widths come from cached glyph
    advances and lines go to MuPDF's fz_show_string directly (~4 µs).
    """

    def __init__(self, page: pymupdf.Page) -> None:
        self.page = page
        self.writer = pymupdf.TextWriter(page.rect)
        self.language = mupdf.fz_text_language_from_string(None)

    def line(
        self,
        text: str,
        x: float,
        y: float,
        size: float = _SIZE,
        bold: bool = False,
        align: Align = Align.LEFT,
    ) -> None:
        """Write `text` with its left edge, centre or right edge at `x`; y is the baseline."""
        if align is not Align.LEFT:
            x -= _width(text, size, bold) / (2 if align is Align.CENTER else 1)
        # TextWriter space has its origin at the bottom left.
        matrix = mupdf.fz_make_matrix(size, 0, 0, size, x, self.page.rect.height - y)
        mupdf.fz_show_string(
            self.writer.this, font(bold).this, matrix, text, 0, 0, 0, self.language
        )

    def write(self) -> None:
        self.writer.write_text(self.page, color=(0, 0, 0))


def _defused(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _local(entry: AuditEntry) -> datetime:
    return datetime.fromisoformat(entry.at).astimezone(OFFICE_TZ)


def _cells(e: AuditEntry) -> tuple[str, ...]:
    when = _local(e).strftime("%d/%m/%Y %H:%M:%S")
    return (str(e.seq), when, e.actor, e.role, e.action, e.subject, e.hash[:16] + "…")


@cache
def _advance(char: str, bold: bool) -> float:
    return font(bold).glyph_advance(ord(char))


def _width(text: str, size: float = _SIZE, bold: bool = False) -> float:
    """Font.text_length, from cached glyph advances: it costs ~7 µs a character."""
    return size * sum(_advance(char, bold) for char in text)


def _fitting(text: str, room: float) -> int:
    """How many characters from the start of `text` fit in `room` (at least one)."""
    used = 0.0
    for i, char in enumerate(text):
        used += _SIZE * _advance(char, False)
        if used > room:
            return max(i, 1)
    return len(text)


def _wrap(text: str, room: float) -> list[str]:
    """At most `_MAX_LINES` lines that fit `room`, the last cut with "…" if need be."""
    text = " ".join(text.split())  # a tab or newline would print as a box
    if _width(text) <= room:
        return [text]
    lines: list[str] = []
    rest = text
    while rest and len(lines) < _MAX_LINES:
        cut = _fitting(rest, room)
        # Break at the last space, or after the last "/" of a code.
        brk = max(rest.rfind(" ", 0, cut + 1), rest.rfind("/", 0, cut) + 1)
        if cut < len(rest) and brk > 0:
            cut = brk
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        last = lines[-1]
        lines[-1] = last[: _fitting(last, room - _width("…"))] + "…"
    return lines


def _row_height(row: _Row) -> float:
    return 2 * _PAD + _LINE * max(len(lines) for lines in row)


def _paginate(rows: list[_Row]) -> list[list[_Row]]:
    """Rows per page; the last page keeps room for the summary and the signature."""
    room = _TABLE_BOTTOM - _TABLE_TOP - _HEADER_ROW
    pages: list[list[_Row]] = [[]]
    used = 0.0
    for row in rows:
        height = _row_height(row)
        if used + height > room:
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += height
    if rows and used + _SUMMARY_HEIGHT + SIGNATURE_SPACE > room:
        pages.append([])
    return pages


def _fit_size(text: str, size: float, room: float, bold: bool = False) -> float:
    width = _width(text, size, bold)
    return size if width <= room else size * room / width


def _frame(text: _Text, heading: AuditHeading, page_label: str) -> None:
    centre = LANDSCAPE.width / 2
    right = LANDSCAPE.width - MARGIN
    printed = office_local(heading.printed_at).strftime("%d/%m/%Y %H:%M")
    office = heading.office_name.upper()
    text.line(office, MARGIN, MARGIN, _fit_size(office, 10, 480, bold=True), bold=True)
    text.line(f"In lúc: {printed}", right, MARGIN, 9, align=Align.RIGHT)
    text.line(TITLE, centre, MARGIN + 18, 13, bold=True, align=Align.CENTER)
    first, last = (d.strftime("%d/%m/%Y") for d in (heading.first_day, heading.last_day))
    text.line(f"Từ ngày {first} đến ngày {last}", centre, MARGIN + 34, 10, align=Align.CENTER)
    text.line(page_label, centre, LANDSCAPE.height - MARGIN / 2, 9, align=Align.CENTER)


def _table(shape: pymupdf.Shape, text: _Text, widths: list[float], rows: list[_Row]) -> float:
    """The header and `rows` (none: the no-entries line) from the top; returns the y below."""
    edges = [MARGIN]
    for width in widths:
        edges.append(edges[-1] + width)
    top, y = _TABLE_TOP, _TABLE_TOP + _HEADER_ROW
    shape.draw_rect((edges[0], top, edges[-1], y))
    shape.finish(fill=_HEADER_FILL, color=None)
    for (title, _), x0, x1 in zip(_COLUMNS, edges, edges[1:], strict=False):
        text.line(title, (x0 + x1) / 2, top + 13.5, _SIZE + 0.5, bold=True, align=Align.CENTER)
    if not rows:
        text.line(NO_ENTRIES, MARGIN + _PAD, y + _PAD + 12, _SIZE + 1)
        y += 2 * _PAD + 2 * _LINE
    for n, row in enumerate(rows):
        height = _row_height(row)
        if n % 2:
            shape.draw_rect((edges[0], y, edges[-1], y + height))
            shape.finish(fill=_STRIPE, color=None)
        for lines, x0 in zip(row, edges, strict=False):
            for i, line in enumerate(lines):
                text.line(line, x0 + _PAD, y + _PAD + 8 + i * _LINE)
        y += height
    shape.draw_rect((edges[0], top, edges[-1], y))
    for x in edges[1:-1]:  # the no-entries line spans the whole table
        shape.draw_line((x, top), (x, y if rows else top + _HEADER_ROW))
    shape.finish(color=(0, 0, 0), width=0.5)
    return y


def _summary(text: _Text, y: float, exported: int, report: ChainReport) -> None:
    if report.intact:
        verdict = INTACT
    else:
        where = f" TỪ MỤC {report.first_broken}" if report.first_broken is not None else ""
        verdict = BROKEN + where
    lines = [
        ("KẾT QUẢ KIỂM TRA CHUỖI NHẬT KÝ", True),
        (f"Số mục xuất trong kỳ: {exported}", False),
        (f"Số mục của toàn bộ chuỗi đã kiểm tra: {report.entries}", False),
        (f"Kết quả: {verdict}", not report.intact),
        (f"Mã băm cuối chuỗi: {report.head}", False),
        (PRIVACY_NOTE, False),
    ]
    room = LANDSCAPE.width - 2 * MARGIN
    for line, bold in lines:
        text.line(line, MARGIN, y, _fit_size(line, 9.5, room, bold), bold=bold)
        y += 15
