"""The indicator report read back with poppler, as a reader's PDF tools would see it."""

import subprocess
from pathlib import Path

import pymupdf
import pytest

from counterdesk.documents.indicator_report import (
    CHARTS_TITLE,
    TITLE,
    format_count,
    format_percent,
    indicator_report,
)
from counterdesk.domain.indicators import Indicators
from tests.conftest import require_tool

OFFICE = "Trung tâm phục vụ hành chính công xã Tân Phú"


def month(period: str, on_time_rate: float | None) -> Indicators:
    return Indicators(period, 1200, 1100, 1000, on_time_rate, 0.8, 0.5, 0.25, 0.1, 3)


CURRENT = Indicators("2026-02", 1234, 1100, 1047, 1047 / 1100, 0.8, 0.5, None, 0.123, 42)
HISTORY = [month(f"2025-{m:02d}", 0.6 + m / 40) for m in range(1, 13)] + [month("2026-01", None)]


def pdftotext(pdf: Path) -> str:
    return subprocess.run(
        [require_tool("pdftotext"), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "indicators.pdf"
    path.write_bytes(indicator_report(OFFICE, "Tháng 02/2026", CURRENT, HISTORY))
    return path


def test_formats_are_vietnamese() -> None:
    assert format_percent(0.952) == "95,2 %"
    assert format_percent(1.0) == "100,0 %"
    assert format_percent(None) == "Không phát sinh"
    assert format_count(12345) == "12.345"


def test_table_has_labels_values_and_points(report: Path) -> None:
    text = pdftotext(report)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TRUNG TÂM PHỤC VỤ HÀNH",
        TITLE,
        "Kỳ báo cáo: Tháng 02/2026",
        "766/QĐ-TTg",
        "Hồ sơ tiếp nhận trong kỳ",
        "1.234",
        "1.047",
        "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn",
        "95,2 %",  # 1047 / 1100
        "19,0 / 20",
        "Tỷ lệ hồ sơ được số hóa khi tiếp nhận",
        "80,0 %",
        "3,2 / 4",
        "Tỷ lệ hồ sơ có kết quả giải quyết điện tử",
        "3,0 / 6",
        "Tỷ lệ hồ sơ thanh toán trực tuyến",
        "Không phát sinh",
        "12,3 %",
        "Bản sao chứng thực điện tử đã cấp",
    ]:
        assert expected in text, expected


def test_charts_show_the_last_twelve_periods(report: Path) -> None:
    with pymupdf.open(report) as doc:
        assert doc.page_count == 2
    charts = pdftotext(report).split(CHARTS_TITLE)[1]
    assert "02/2026" in charts  # the current period closes every chart
    assert "03/2025" in charts
    assert "02/2025" not in charts  # thirteen periods back: dropped
    assert "67,5 %" in charts  # 2025-03: 0.6 + 3/40
    assert "62,5 %" not in charts  # 2025-01
    assert "100 %" in charts


def test_history_ending_with_the_current_period_is_not_doubled(tmp_path: Path) -> None:
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(indicator_report(OFFICE, "Tháng 02/2026", CURRENT, [*HISTORY, CURRENT]))
    charts = pdftotext(pdf).split(CHARTS_TITLE)[1]
    assert charts.count("02/2026") == 5  # one bar per chart


def test_pages_render(report: Path, tmp_path: Path) -> None:
    subprocess.run(
        [require_tool("pdftoppm"), "-r", "60", "-png", str(report), str(tmp_path / "page")],
        check=True,
    )
    assert sorted(p.name for p in tmp_path.glob("page-*.png")) == ["page-1.png", "page-2.png"]


def test_a_first_report_with_nothing_to_rate(tmp_path: Path) -> None:
    empty = Indicators("2026-02", 0, 0, 0, None, None, None, None, None, 0)
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(indicator_report(OFFICE, "Tháng 02/2026", empty, []))
    text = pdftotext(pdf)
    assert text.count("Không phát sinh") == 5
    assert text.split(CHARTS_TITLE)[1].count("02/2026") == 5
