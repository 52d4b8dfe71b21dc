"""The province's ranking report: the CSV read back as a spreadsheet would, the PDF read
back with poppler (text, fonts, rendered pixels) and its chart's shapes measured."""

import csv
import io
import subprocess
from datetime import date
from pathlib import Path

import pymupdf
import pytest

from counterdesk.documents.ranking_report import (
    CHART_TITLE,
    CSV_HEADER,
    SEGMENTS,
    TITLE,
    format_points,
    ranking_csv,
    ranking_pdf,
)
from counterdesk.domain.indicators import Indicators
from counterdesk.domain.ranking import OfficeMonth, RankedOffice, rank_offices
from tests.conftest import require_tool

NOVEMBER = date(2026, 11, 1)


def indicators(
    received: int,
    finished: int,
    on_time: int,
    digitized: float | None,
    e_result: float | None,
    payment: float | None = None,
) -> Indicators:
    rate = on_time / finished if finished else None
    return Indicators(
        "2026-11", received, finished, on_time, rate, digitized, e_result, payment, None, 2
    )


OFFICES = [
    OfficeMonth("H38.12", "UBND xã Tân Phú", indicators(30, 30, 30, 0.5, 0.25, 0.1)),
    OfficeMonth("H38.15", "UBND xã Phú Lợi", indicators(20, 20, 10, 0.0, 1.0)),
    OfficeMonth("H38.20", '=HYPERLINK("http://x")', indicators(10, 8, 6, 1.0, 0.0)),
    OfficeMonth("H38.21", "@Xã Đăk Ơ", indicators(10, 8, 6, 1.0, 0.0)),  # tied with H38.20
    OfficeMonth("H38.30", "UBND xã Long Hưng", indicators(0, 0, 0, None, None)),
]


@pytest.fixture(scope="module")
def ranked() -> list[RankedOffice]:
    return rank_offices(OFFICES)


def pdftotext(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        [require_tool("pdftotext"), "-layout", *pages, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, ranked: list[RankedOffice]) -> Path:
    path = tmp_path_factory.mktemp("ranking") / "xep-hang.pdf"
    path.write_bytes(ranking_pdf(NOVEMBER, ranked))
    return path


def test_the_csv_opens_back_with_every_figure_and_no_formula(ranked: list[RankedOffice]) -> None:
    raw = ranking_csv("2026-11", ranked)
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel on Windows reads UTF-8 only with a BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_HEADER
    table = [dict(zip(CSV_HEADER, row, strict=True)) for row in rows[1:]]
    assert [(r["rank"], r["office_code"]) for r in table] == [
        ("1", "H38.12"),
        ("2", "H38.20"),
        ("2", "H38.21"),
        ("4", "H38.15"),
        ("", "H38.30"),
    ]
    names = [r["office_name"] for r in table]
    assert names[1] == '\'=HYPERLINK("http://x")' and names[2] == "'@Xã Đăk Ơ"
    assert names[0] == "UBND xã Tân Phú"
    for row, office in zip(table, ranked, strict=True):
        ind = office.indicators
        assert row["month"] == "2026-11"
        assert int(row["received"]) == ind.received and int(row["on_time"]) == ind.on_time
        assert float(row["points"]) == office.points
        on_time = float(row["on_time_rate"]) if row["on_time_rate"] else None
        assert on_time == ind.on_time_rate
    idle = table[-1]
    assert (idle["on_time_rate"], idle["digitized_rate"], idle["points"]) == ("", "", "0.0")


def test_the_pdf_reads_as_a_vietnamese_ranking(report: Path, ranked: list[RankedOffice]) -> None:
    text = pdftotext(report)
    assert TITLE in text and "Tháng 11/2026" in text and CHART_TITLE in text
    assert "Quyết định số 766/QĐ-TTg" in text
    table = pdftotext(report, 1)
    lines = [line for line in table.splitlines() if "H38." in line]
    assert [line.split()[:2] for line in lines] == [
        ["1", "H38.12"],
        ["2", "H38.20"],
        ["2", "H38.21"],
        ["4", "H38.15"],
        ["–", "H38.30"],
    ]
    assert "100,0 %" in lines[0] and "50,0 %" in lines[0] and "10,0 %" in lines[0]
    assert format_points(ranked[0].points) in lines[0]  # 20 + 1.5 + 2 = 23,5
    assert "23,5" in lines[0]
    assert "UBND xã Long Hưng" in lines[-1]
    assert "Cách xếp hạng" in table and "không xếp hạng" in table
    chart = pdftotext(report, 2)
    assert "1. UBND xã Tân Phú" in chart and "4. UBND xã Phú Lợi" in chart
    assert "Long Hưng" not in chart  # nothing to rank, nothing to chart
    assert "Trang 2/2" in chart


def test_fonts_are_embedded(report: Path) -> None:
    with pymupdf.open(report) as doc:
        fonts = {font[3]: font[1] for page in doc for font in page.get_fonts()}
    assert fonts and all("Noto Serif" in name for name in fonts)
    assert all(ext != "n/a" for ext in fonts.values())  # "n/a": not embedded


def segment_rects(page: pymupdf.Page, colour: tuple[float, float, float]) -> list[pymupdf.Rect]:
    found = [
        d["rect"]
        for d in page.get_drawings()
        if d.get("fill") and all(abs(a - b) < 0.01 for a, b in zip(d["fill"], colour, strict=True))
    ]
    return sorted(found, key=lambda r: r.y0)


def test_the_chart_stacks_each_office_points_to_scale(
    report: Path, ranked: list[RankedOffice]
) -> None:
    on_time, e_result, digitized = SEGMENTS
    with pymupdf.open(report) as doc:
        page = doc[1]
        legend, *bars = segment_rects(page, on_time.colour)
        e_bars = segment_rects(page, e_result.colour)[1:]
        d_bars = segment_rects(page, digitized.colour)[1:]
    # One on-time bar per ranked office, top to bottom in rank order, from one axis.
    assert len(bars) == 4 and legend.y0 < bars[0].y0
    assert len({round(bar.x0, 2) for bar in bars}) == 1
    scale = bars[0].width / 20  # Tân Phú: all on time, the full 20 points
    expected_on_time = [20.0, 20 * 6 / 8, 20 * 6 / 8, 10.0]
    assert [bar.width / scale for bar in bars] == pytest.approx(expected_on_time)
    # Each office's parts end to end: e-result after on time, digitized after e-result.
    tan_phu_e, phu_loi_e = e_bars
    assert tan_phu_e.x0 == pytest.approx(bars[0].x1) and tan_phu_e.width / scale == pytest.approx(
        1.5
    )
    assert phu_loi_e.width / scale == pytest.approx(6.0) and phu_loi_e.y0 == pytest.approx(
        bars[3].y0
    )
    assert [bar.width / scale for bar in d_bars] == pytest.approx([2.0, 4.0, 4.0])
    assert d_bars[0].x0 == pytest.approx(tan_phu_e.x1)
    assert ranked[0].points == pytest.approx(23.5)


def test_the_rendered_chart_shows_the_bars(report: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "chart"
    subprocess.run(
        [
            require_tool("pdftoppm"),
            "-f",
            "2",
            "-l",
            "2",
            "-r",
            "72",
            "-png",
            str(report),
            str(prefix),
        ],
        check=True,
        capture_output=True,
    )
    (png,) = tmp_path.glob("chart*.png")
    with pymupdf.open(report) as doc:
        _, first_bar, *_ = segment_rects(doc[1], SEGMENTS[0].colour)
    pixels = pymupdf.Pixmap(str(png))
    centre = pixels.pixel(
        int(first_bar.x0 + first_bar.width / 2), int(first_bar.y0 + first_bar.height / 2)
    )
    expected = tuple(round(c * 255) for c in SEGMENTS[0].colour)
    assert all(abs(a - b) <= 3 for a, b in zip(centre, expected, strict=False))


def test_a_province_of_communes_spreads_over_pages(tmp_path: Path) -> None:
    many = [
        OfficeMonth(f"H38.{n:02d}", f"UBND xã Số {n}", indicators(40, 40, 40 - n % 40, 0.5, 0.5))
        for n in range(1, 81)
    ]
    ranked = rank_offices(many)
    path = tmp_path / "tinh.pdf"
    path.write_bytes(ranking_pdf(NOVEMBER, ranked))
    with pymupdf.open(path) as doc:
        pages = doc.page_count
    text = pdftotext(path)
    assert pages >= 5  # table and chart both need more than a page
    assert f"Trang {pages}/{pages}" in text
    for office in ranked:
        # Once in the table, once in the chart.
        assert text.count(f" {office.office_code} ") == 1, office.office_code
        assert f"{office.rank}. {office.office_name}" in text
    table_pages = [pdftotext(path, n) for n in range(1, pages + 1)]
    with_rows = [page for page in table_pages if "H38." in page]
    assert all("Tên đơn vị" in page for page in with_rows)  # the header on every page
    assert text.count("Cách xếp hạng") == 1
