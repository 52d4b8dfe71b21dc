from datetime import date

import pytest

from counterdesk.domain.vietnamese import document_date, fold, format_vnd, vnd_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng."),
        (5_000, "Năm nghìn đồng."),
        (15_000, "Mười lăm nghìn đồng."),
        (21_000, "Hai mươi mốt nghìn đồng."),
        (105_000, "Một trăm linh năm nghìn đồng."),
        (200_000, "Hai trăm nghìn đồng."),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng."),
        (1_234_567, "Một triệu hai trăm ba mươi bốn nghìn năm trăm sáu mươi bảy đồng."),
        (2_000_000_000, "Hai tỷ đồng."),
    ],
)
def test_amount_in_words(amount: int, words: str) -> None:
    assert vnd_in_words(amount) == words


def test_amount_in_figures_uses_dot_separators() -> None:
    assert format_vnd(200_000) == "200.000 đ"
    assert format_vnd(2_000) == "2.000 đ"


def test_document_date_pads_days_below_ten_and_months_below_three() -> None:
    assert document_date(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert document_date(date(2026, 11, 26)) == "ngày 26 tháng 11 năm 2026"
    assert document_date(date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"


def test_fold_removes_diacritics_including_d_stroke() -> None:
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("ĐÀO") == "dao"
