"""The monthly report of the counter's service indicators (Decision 766/QĐ-TTg), as a PDF.

Page 1 holds the table of the period's counts, rates and estimated points; page 2 a bar chart
per rate over the last twelve periods. Charts are PyMuPDF vector shapes, so they stay sharp
when printed and their labels remain text.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pymupdf

from counterdesk.documents.layout import A4, MARGIN, Align, PageWriter
from counterdesk.domain.indicators import MAX_POINTS, Indicators, score_points

TITLE = "BÁO CÁO CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP"
BASIS = "(Theo Bộ chỉ số ban hành kèm theo Quyết định số 766/QĐ-TTg ngày 23/6/2022)"
CHARTS_TITLE = "DIỄN BIẾN CÁC TỶ LỆ TRONG 12 KỲ GẦN NHẤT"
NOT_APPLICABLE = "Không phát sinh"
CHART_PERIODS = 12
HEADER_SIZE = 11
HEADER_WIDTH = 200  # keeps the office name clear of the national name on the right

BAR = (0.62, 0.74, 0.88)
CURRENT_BAR = (0.15, 0.35, 0.62)
GRID = (0.8, 0.8, 0.8)
BLACK = (0, 0, 0)


@dataclass(frozen=True)
class Rate:
    label: str
    value: Callable[[Indicators], float | None]
    points_key: str | None = None  # key in MAX_POINTS when the rate earns points


RATES = (
    Rate("Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn", lambda i: i.on_time_rate, "on_time"),
    Rate("Tỷ lệ hồ sơ được số hóa khi tiếp nhận", lambda i: i.digitized_rate, "digitized"),
    Rate(
        "Tỷ lệ hồ sơ có kết quả giải quyết điện tử",
        lambda i: i.electronic_result_rate,
        "electronic_result",
    ),
    Rate("Tỷ lệ hồ sơ thanh toán trực tuyến", lambda i: i.online_payment_rate),
    Rate("Tỷ lệ hồ sơ nộp trực tuyến (đủ điều kiện)", lambda i: i.online_dossier_rate),
)

NOTES = (
    "Cách tính: tỷ lệ đúng hạn = hồ sơ giải quyết trong kỳ trước hạn, đúng hạn / hồ sơ giải "
    "quyết trong kỳ;",
    "số hóa = hồ sơ tiếp nhận trong kỳ được số hóa / hồ sơ tiếp nhận; kết quả điện tử = hồ sơ "
    "giải quyết có kết quả",
    "điện tử / hồ sơ giải quyết; thanh toán trực tuyến = hồ sơ thanh toán trực tuyến / hồ sơ "
    "có nghĩa vụ tài chính;",
    "nộp trực tuyến = hồ sơ nộp trực tuyến / hồ sơ của thủ tục đủ điều kiện trực tuyến.",
    "Điểm tạm tính theo tỷ lệ (tỷ lệ × điểm tối đa); cách chấm của phụ lục Quyết định "
    "766/QĐ-TTg chưa được đối chiếu.",
)


def format_percent(rate: float | None) -> str:
    """0.952 -> '95,2 %' (Vietnamese decimal comma)."""
    return NOT_APPLICABLE if rate is None else f"{rate * 100:.1f} %".replace(".", ",")


def format_count(n: int) -> str:
    """12345 -> '12.345' (Vietnamese thousands separator is the dot)."""
    return f"{n:,}".replace(",", ".")


def _points(points: dict[str, float], key: str) -> str:
    if key not in points:
        return "–"
    earned = f"{points[key]:.1f}".replace(".", ",")
    return f"{earned} / {MAX_POINTS[key]:.0f}"


def _short_period(period: str) -> str:
    """'2026-02' -> '02/2026'; other period names are shown as they are."""
    year, _, month = period.partition("-")
    return f"{month}/{year}" if len(year) == 4 and len(month) == 2 else period


def _header_lines(w: PageWriter, name: str) -> list[str]:
    """The office name broken into lines that fit the header's left column, whose centre
    sits 105 pt from the margin (layout.PageWriter.national_header)."""
    lines: list[str] = []
    for word in name.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and w.width(candidate, HEADER_SIZE, bold=True) <= HEADER_WIDTH:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _table_rows(current: Indicators) -> list[tuple[str, str, str]]:
    points = score_points(current)
    rows = [
        ("Hồ sơ tiếp nhận trong kỳ", format_count(current.received), ""),
        ("Hồ sơ đã giải quyết trong kỳ", format_count(current.finished), ""),
        ("Hồ sơ giải quyết trước hạn, đúng hạn", format_count(current.on_time), ""),
    ]
    for rate in RATES:
        earned = _points(points, rate.points_key) if rate.points_key else ""
        rows.append((rate.label, format_percent(rate.value(current)), earned))
    rows.append(("Bản sao chứng thực điện tử đã cấp", format_count(current.electronic_copies), ""))
    return rows


def _draw_table(w: PageWriter, rows: list[tuple[str, str, str]], y: float) -> float:
    """A ruled table: STT, indicator, value, estimated points. Returns the y below it."""
    left, right = MARGIN, A4.width - MARGIN
    cols = (left, left + 34, right - 190, right - 95, right)
    row_height = 20
    header = ("STT", "Chỉ số", "Giá trị", "Điểm tạm tính")
    lines = [header, *[(str(n), *row) for n, row in enumerate(rows, start=1)]]
    shape = w.page.new_shape()
    for index, cells in enumerate(lines):
        top = y + index * row_height
        baseline = top + 14
        bold = index == 0
        w.line(cells[0], (cols[0] + cols[1]) / 2, baseline, 10, bold, Align.CENTER)
        w.line(cells[1], cols[1] + 6, baseline, 10, bold)
        w.line(cells[2], cols[3] - 8, baseline, 10, bold, Align.RIGHT)
        w.line(cells[3], cols[4] - 8, baseline, 10, bold, Align.RIGHT)
        shape.draw_line((left, top), (right, top))
    bottom = y + len(lines) * row_height
    shape.draw_line((left, bottom), (right, bottom))
    for x in cols:
        shape.draw_line((x, y), (x, bottom))
    shape.finish(color=BLACK, width=0.6, closePath=False)
    shape.commit()
    return bottom


def _chart_series(current: Indicators, history: list[Indicators]) -> list[Indicators]:
    """The last periods to chart, oldest first, ending with the current one.

    `history` may or may not already end with the current period; both are accepted.
    """
    series = list(history)
    if not series or series[-1].period != current.period:
        series.append(current)
    return series[-CHART_PERIODS:]


def _bar_chart(
    w: PageWriter, box: pymupdf.Rect, title: str, values: list[tuple[str, float | None]]
) -> None:
    """Bars of 0..100 % with their value on top and the period below; the last bar is the
    current period, in a darker colour."""
    w.line(title, box.x0, box.y0 + 10, 10, bold=True)
    plot = pymupdf.Rect(box.x0 + 36, box.y0 + 28, box.x1, box.y1 - 16)
    shape = w.page.new_shape()
    for share in (0.25, 0.5, 0.75, 1.0):
        y = plot.y1 - share * plot.height
        shape.draw_line((plot.x0, y), (plot.x1, y))
    shape.finish(color=GRID, width=0.4, closePath=False)
    for share in (0.0, 0.5, 1.0):
        label = f"{share * 100:.0f} %"
        w.line(label, plot.x0 - 4, plot.y1 - share * plot.height + 2.5, 7, align=Align.RIGHT)

    # A fixed slot width keeps bars the same size in every chart, however short the history.
    slot = plot.width / CHART_PERIODS
    for index, (period, rate) in enumerate(values):
        centre = plot.x0 + slot * (index + 0.5)
        w.line(_short_period(period), centre, plot.y1 + 10, 7, align=Align.CENTER)
        if rate is None:
            w.line("–", centre, plot.y1 - 3, 7, align=Align.CENTER)
            continue
        top = plot.y1 - rate * plot.height
        shape.draw_rect(pymupdf.Rect(centre - slot * 0.3, top, centre + slot * 0.3, plot.y1))
        colour = CURRENT_BAR if index == len(values) - 1 else BAR
        shape.finish(color=None, fill=colour, width=0)
        w.line(format_percent(rate), centre, top - 3, 7, align=Align.CENTER)

    shape.draw_line((plot.x0, plot.y0 - 4), (plot.x0, plot.y1))
    shape.draw_line((plot.x0, plot.y1), (plot.x1, plot.y1))
    shape.finish(color=BLACK, width=0.6, closePath=False)
    shape.commit()


def _summary_page(
    doc: pymupdf.Document, office_name: str, period_label: str, current: Indicators
) -> None:
    page = doc.new_page(width=A4.width, height=A4.height)
    with PageWriter(page) as w:
        y = w.national_header(_header_lines(w, office_name.upper()), MARGIN + 14)
        centre = A4.width / 2
        y += 24
        w.line(TITLE, centre, y, 14, bold=True, align=Align.CENTER)
        y += 18
        w.line(f"Kỳ báo cáo: {period_label}", centre, y, 11, align=Align.CENTER)
        y += 15
        w.line(BASIS, centre, y, 10, align=Align.CENTER)
        y = _draw_table(w, _table_rows(current), y + 16)
        y += 22
        for note in NOTES:
            w.line(note, MARGIN, y, w.fit_size(note, 9, A4.width - 2 * MARGIN))
            y += 13


def _charts_page(doc: pymupdf.Document, current: Indicators, history: list[Indicators]) -> None:
    page = doc.new_page(width=A4.width, height=A4.height)
    series = _chart_series(current, history)
    with PageWriter(page) as w:
        top = MARGIN + 14
        w.line(CHARTS_TITLE, A4.width / 2, top, 13, bold=True, align=Align.CENTER)
        chart_height = (A4.height - MARGIN - top - 12) / len(RATES)
        for index, rate in enumerate(RATES):
            y0 = top + 12 + index * chart_height
            box = pymupdf.Rect(MARGIN, y0, A4.width - MARGIN, y0 + chart_height - 10)
            values = [(ind.period, rate.value(ind)) for ind in series]
            _bar_chart(w, box, rate.label, values)


def indicator_report(
    office_name: str, period_label: str, current: Indicators, history: list[Indicators]
) -> bytes:
    """The A4 report for `current`, charting up to twelve periods of `history` (oldest first)."""
    doc = pymupdf.open()
    _summary_page(doc, office_name, period_label, current)
    _charts_page(doc, current, history)
    doc.set_metadata(
        {
            "title": f"{TITLE} - {period_label}",
            "subject": current.period,
            "author": office_name,
            "creator": "CounterDesk",
            "producer": "CounterDesk",
        }
    )
    doc.subset_fonts()
    return doc.tobytes(garbage=3, deflate=True)
