"""The province's ranking of communes for a month: a CSV to sort and a PDF to circulate.

The CSV has one row per office with every figure, rates as fractions like the JSON of
`counterdesk-hub ranking`; the PDF has the ranked table, the rule it follows, and a bar
chart of each commune's points split by sub-indicator, drawn as PyMuPDF vector shapes so
it stays sharp in print and its labels remain text.
"""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pymupdf

from counterdesk.documents.indicator_report import BASIS, format_count, format_percent
from counterdesk.documents.layout import MARGIN, Align, PageWriter
from counterdesk.domain.indicators import MAX_POINTS, score_points
from counterdesk.domain.ranking import MAX_COMPOSITE, RankedOffice

TITLE = "XẾP HẠNG CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP CỦA CÁC XÃ"
CHART_TITLE = "ĐIỂM TẠM TÍNH CỦA TỪNG XÃ THEO CHỈ SỐ THÀNH PHẦN"
CONTINUED = "(tiếp theo)"
NOT_RANKED = "–"
NOTHING_TO_RATE = "–"  # the notes say it means "không phát sinh"
RULE_NOTES = (
    "Cách xếp hạng: theo tổng điểm tạm tính của ba chỉ số thành phần do bộ phận một cửa cấp xã "
    "tác động: hồ sơ giải quyết trước hạn, đúng hạn (20 điểm),",
    "hồ sơ có kết quả giải quyết điện tử (6 điểm), hồ sơ được số hóa (4 điểm); điểm = tỷ lệ × "
    "điểm tối đa, chỉ số không phát sinh không được điểm.",
    "Bằng điểm thì xét tỷ lệ đúng hạn, rồi tỷ lệ số hóa; vẫn bằng nhau thì đồng hạng. Xã không "
    "tiếp nhận, không giải quyết hồ sơ nào trong tháng không xếp hạng.",
    "Điểm tạm tính theo tỷ lệ; cách chấm của phụ lục Quyết định 766/QĐ-TTg chưa được đối chiếu. "
    "Dấu “–”: không phát sinh. Số liệu: hồ sơ các quầy đã đồng bộ về máy chủ.",
)
CSV_HEADER = (
    "month",
    "rank",
    "office_code",
    "office_name",
    "received",
    "finished",
    "on_time",
    "on_time_rate",
    "digitized_rate",
    "electronic_result_rate",
    "online_payment_rate",
    "online_dossier_rate",
    "electronic_copies",
    "points",
)
# Excel and LibreOffice run a cell that starts with one of these as a formula (OWASP), as
# audit_export guards its CSV.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

LANDSCAPE = pymupdf.Rect(0, 0, 842, 595)
_RIGHT = LANDSCAPE.width - MARGIN
_BOTTOM = LANDSCAPE.height - MARGIN
_FOOTER_Y = LANDSCAPE.height - 22
_SIZE = 9.0
_MIN_SIZE = 7.0
_ROW = 18.0
_HEADER_ROW = 30.0
_HEADER_FILL = (0.85, 0.85, 0.85)
_STRIPE = (0.95, 0.95, 0.95)
_GRID = (0.8, 0.8, 0.8)
_BLACK = (0, 0, 0)


@dataclass(frozen=True)
class _Column:
    title: tuple[str, ...]  # header lines
    width: float  # 0: takes the width the others leave
    align: Align


_COLUMNS = (
    _Column(("Hạng",), 34, Align.CENTER),
    _Column(("Mã", "đơn vị"), 62, Align.LEFT),
    _Column(("Tên đơn vị",), 0, Align.LEFT),
    _Column(("Tiếp", "nhận"), 50, Align.RIGHT),
    _Column(("Đã giải", "quyết"), 54, Align.RIGHT),
    _Column(("Đúng", "hạn"), 54, Align.RIGHT),
    _Column(("Số hóa",), 54, Align.RIGHT),
    _Column(("Kết quả", "điện tử"), 58, Align.RIGHT),
    _Column(("Thanh toán", "trực tuyến"), 62, Align.RIGHT),
    _Column(("Nộp", "trực tuyến"), 58, Align.RIGHT),
    _Column(("Điểm", f"(/{MAX_COMPOSITE:.0f})"), 58, Align.RIGHT),
)


@dataclass(frozen=True)
class Segment:
    points_key: str
    label: str
    colour: tuple[float, float, float]


# The composite's parts, heaviest first, as the chart stacks them from the left.
SEGMENTS = (
    Segment("on_time", "Giải quyết trước hạn, đúng hạn", (0.15, 0.35, 0.62)),
    Segment("electronic_result", "Kết quả giải quyết điện tử", (0.89, 0.56, 0.18)),
    Segment("digitized", "Số hóa hồ sơ", (0.40, 0.66, 0.33)),
)
_LABEL_WIDTH = 250.0
_BAR_LEFT = MARGIN + _LABEL_WIDTH + 8
_BAR_RIGHT = _RIGHT - 40
_BAR_PITCH = 17.0
_BAR_HEIGHT = 11.0


def format_points(points: float) -> str:
    """27.25 -> '27,3' (one decimal, Vietnamese decimal comma)."""
    return f"{points:.1f}".replace(".", ",")


def month_label(first_day: date) -> str:
    return f"Tháng {first_day:%m/%Y}"


def ranking_csv(month: str, offices: Sequence[RankedOffice]) -> bytes:
    """UTF-8 with a BOM (without it Excel on Windows garbles Vietnamese names); a rate
    with nothing to rate is an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for office in offices:
        ind = office.indicators
        rates = (
            ind.on_time_rate,
            ind.digitized_rate,
            ind.electronic_result_rate,
            ind.online_payment_rate,
            ind.online_dossier_rate,
        )
        writer.writerow(
            [
                month,
                "" if office.rank is None else office.rank,
                _defused(office.office_code),
                _defused(office.office_name),
                ind.received,
                ind.finished,
                ind.on_time,
                *("" if rate is None else repr(rate) for rate in rates),
                ind.electronic_copies,
                repr(office.points),
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def _defused(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def ranking_pdf(first_day: date, offices: Sequence[RankedOffice]) -> bytes:
    """The landscape A4 report of the month beginning `first_day`: table, rule, chart."""
    doc = pymupdf.open()
    label = month_label(first_day)
    _table_pages(doc, label, offices)
    _chart_pages(doc, label, [office for office in offices if office.rank is not None])
    for number, page in enumerate(doc, start=1):
        with PageWriter(page) as w:
            w.line(f"Trang {number}/{doc.page_count}", _RIGHT, _FOOTER_Y, 8, align=Align.RIGHT)
    doc.set_metadata(
        {
            "title": f"{TITLE} - {label}",
            "subject": f"{first_day:%Y-%m}",
            "creator": "CounterDesk hub",
            "producer": "CounterDesk",
        }
    )
    doc.subset_fonts()
    return doc.tobytes(garbage=3, deflate=True)


def _new_page(doc: pymupdf.Document) -> pymupdf.Page:
    return doc.new_page(width=LANDSCAPE.width, height=LANDSCAPE.height)


def _title_block(w: PageWriter, label: str) -> float:
    """The report's title, month and legal basis; returns the y below them."""
    centre = LANDSCAPE.width / 2
    y = MARGIN + 12
    w.line(TITLE, centre, y, 14, bold=True, align=Align.CENTER)
    w.line(label, centre, y + 18, 11, bold=True, align=Align.CENTER)
    w.line(BASIS, centre, y + 33, 10, align=Align.CENTER)
    return y + 50


def _continued(w: PageWriter, label: str) -> float:
    w.line(f"{TITLE} - {label} {CONTINUED}", MARGIN, MARGIN + 10, 9, bold=True)
    return MARGIN + 22


def _fit(
    w: PageWriter, text: str, size: float, width: float, bold: bool = False
) -> tuple[str, float]:
    """`text` at the largest size down to _MIN_SIZE that fits `width`, cut with '…' if even
    that is too wide."""
    size = max(_MIN_SIZE, w.fit_size(text, size, width, bold))
    while w.width(text, size, bold) > width and len(text) > 1:
        text = text[:-2].rstrip() + "…"
    return text, size


def _column_edges() -> list[float]:
    flexible = (_RIGHT - MARGIN) - sum(c.width for c in _COLUMNS)
    edges = [MARGIN]
    for column in _COLUMNS:
        edges.append(edges[-1] + (column.width or flexible))
    return edges


def _percent(rate: float | None) -> str:
    return NOTHING_TO_RATE if rate is None else format_percent(rate)


def _cells(office: RankedOffice) -> tuple[str, ...]:
    ind = office.indicators
    return (
        NOT_RANKED if office.rank is None else str(office.rank),
        office.office_code,
        office.office_name,
        format_count(ind.received),
        format_count(ind.finished),
        _percent(ind.on_time_rate),
        _percent(ind.digitized_rate),
        _percent(ind.electronic_result_rate),
        _percent(ind.online_payment_rate),
        _percent(ind.online_dossier_rate),
        format_points(office.points) if office.rank is not None else NOT_RANKED,
    )


def _write_cell(
    w: PageWriter, text: str, align: Align, x0: float, x1: float, y: float, bold: bool
) -> None:
    pad = 4.0
    text, size = _fit(w, text, _SIZE, x1 - x0 - 2 * pad, bold)
    x = {Align.LEFT: x0 + pad, Align.CENTER: (x0 + x1) / 2, Align.RIGHT: x1 - pad}[align]
    w.line(text, x, y, size, bold, align)


def _table(
    page: pymupdf.Page, w: PageWriter, rows: Sequence[RankedOffice], top: float, first: int
) -> float:
    """The header row and `rows` (the first of which is row number `first`, counting from
    0, for the stripes); returns the y below the table."""
    edges = _column_edges()
    bottom = top + _HEADER_ROW + _ROW * len(rows)
    shape = page.new_shape()
    shape.draw_rect(pymupdf.Rect(MARGIN, top, _RIGHT, top + _HEADER_ROW))
    shape.finish(color=None, fill=_HEADER_FILL, width=0)
    for index in range(len(rows)):
        if (first + index) % 2:
            y0 = top + _HEADER_ROW + _ROW * index
            shape.draw_rect(pymupdf.Rect(MARGIN, y0, _RIGHT, y0 + _ROW))
            shape.finish(color=None, fill=_STRIPE, width=0)
    for y in (top, top + _HEADER_ROW, bottom):
        shape.draw_line((MARGIN, y), (_RIGHT, y))
    for x in edges:
        shape.draw_line((x, top), (x, bottom))
    shape.finish(color=_BLACK, width=0.6, closePath=False)
    shape.commit()

    spans = list(zip(_COLUMNS, edges, edges[1:], strict=False))
    for column, x0, x1 in spans:
        first_baseline = top + _HEADER_ROW / 2 + 3 - 5.5 * (len(column.title) - 1)
        for n, text in enumerate(column.title):
            _write_cell(w, text, Align.CENTER, x0, x1, first_baseline + 11 * n, bold=True)
    for index, office in enumerate(rows):
        baseline = top + _HEADER_ROW + _ROW * index + 12.5
        for (column, x0, x1), text in zip(spans, _cells(office), strict=True):
            _write_cell(w, text, column.align, x0, x1, baseline, bold=False)
    return bottom


def _notes_height() -> float:
    return 20 + 12 * len(RULE_NOTES)


def _table_pages(doc: pymupdf.Document, label: str, offices: Sequence[RankedOffice]) -> None:
    remaining = list(offices)
    done = 0
    while True:
        page = _new_page(doc)
        with PageWriter(page) as w:
            top = _title_block(w, label) if done == 0 else _continued(w, label)
            room = int((_BOTTOM - top - _HEADER_ROW) // _ROW)
            rows, remaining = remaining[:room], remaining[room:]
            y = _table(page, w, rows, top, done)
            done += len(rows)
            if remaining:
                continue
            if y + _notes_height() > _BOTTOM:
                page = _new_page(doc)
                with PageWriter(page) as notes_writer:
                    _notes(notes_writer, _continued(notes_writer, label))
            else:
                _notes(w, y + 8)
            return


def _notes(w: PageWriter, y: float) -> None:
    for note in RULE_NOTES:
        y += 12
        w.line(note, MARGIN, y, w.fit_size(note, 8.5, _RIGHT - MARGIN))


def _chart_pages(doc: pymupdf.Document, label: str, ranked: Sequence[RankedOffice]) -> None:
    """Horizontal bars of each ranked office's points, stacked by sub-indicator, in rank
    order; as many pages as the offices need."""
    index = 0
    while True:
        page = _new_page(doc)
        with PageWriter(page) as w:
            if index == 0:
                top = _title_block(w, label)
                w.line(CHART_TITLE, LANDSCAPE.width / 2, top + 4, 11, bold=True, align=Align.CENTER)
                top += 14
            else:
                top = _continued(w, label)
            top = _legend(page, w, top + 6)
            rows = int((_BOTTOM - top - 28) // _BAR_PITCH)
            chunk = ranked[index : index + rows]
            _bars(page, w, chunk, top)
            if not ranked:
                w.line(
                    "Không xã nào tiếp nhận hay giải quyết hồ sơ trong tháng.",
                    LANDSCAPE.width / 2,
                    top + 30,
                    10,
                    align=Align.CENTER,
                )
        index += len(chunk)
        if index >= len(ranked):
            return


def _legend(page: pymupdf.Page, w: PageWriter, top: float) -> float:
    """The segment colours with their maximum points; returns the y below."""
    shape = page.new_shape()
    texts = [f"{s.label} (tối đa {MAX_POINTS[s.points_key]:.0f} điểm)" for s in SEGMENTS]
    gap = 22
    total = sum(14 + w.width(text, 8.5) for text in texts) + gap * (len(texts) - 1)
    x = (LANDSCAPE.width - total) / 2
    for segment, text in zip(SEGMENTS, texts, strict=True):
        shape.draw_rect(pymupdf.Rect(x, top + 2, x + 10, top + 10))
        shape.finish(color=None, fill=segment.colour, width=0)
        w.line(text, x + 14, top + 9.5, 8.5)
        x += 14 + w.width(text, 8.5) + gap
    shape.commit()
    return top + 18


def _x(points: float) -> float:
    return _BAR_LEFT + (_BAR_RIGHT - _BAR_LEFT) * points / MAX_COMPOSITE


def _bars(page: pymupdf.Page, w: PageWriter, offices: Sequence[RankedOffice], top: float) -> None:
    plot_top = top + 14
    plot_bottom = plot_top + _BAR_PITCH * max(len(offices), 1)
    shape = page.new_shape()
    ticks = range(0, int(MAX_COMPOSITE) + 1, 5)
    for tick in ticks:
        x = _x(tick)
        shape.draw_line((x, plot_top - 2), (x, plot_bottom))
        w.line(str(tick), x, plot_top - 5, 7.5, align=Align.CENTER)
        w.line(str(tick), x, plot_bottom + 10, 7.5, align=Align.CENTER)
    shape.finish(color=_GRID, width=0.4, closePath=False)
    w.line("điểm", _x(MAX_COMPOSITE) + 6, plot_bottom + 10, 7.5)

    for n, office in enumerate(offices):
        y0 = plot_top + _BAR_PITCH * n + (_BAR_PITCH - _BAR_HEIGHT) / 2
        name, size = _fit(w, f"{office.rank}. {office.office_name}", 9, _LABEL_WIDTH)
        w.line(name, _BAR_LEFT - 8, y0 + _BAR_HEIGHT - 2, size, align=Align.RIGHT)
        points = score_points(office.indicators)
        left = 0.0
        for segment in SEGMENTS:
            earned = points.get(segment.points_key, 0.0)
            if earned > 0:
                shape.draw_rect(pymupdf.Rect(_x(left), y0, _x(left + earned), y0 + _BAR_HEIGHT))
                shape.finish(color=None, fill=segment.colour, width=0)
                left += earned
        w.line(format_points(office.points), _x(left) + 4, y0 + _BAR_HEIGHT - 2, 8.5, bold=True)

    shape.draw_line((_BAR_LEFT, plot_top - 2), (_BAR_LEFT, plot_bottom))
    shape.finish(color=_BLACK, width=0.6, closePath=False)
    shape.commit()
