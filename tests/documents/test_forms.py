"""The one-stop forms: golden lines read back with pdftotext and PyMuPDF, fonts, page flow."""

import subprocess
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pymupdf
import pytest

from counterdesk.documents import forms
from counterdesk.documents.forms import (
    BookEntry,
    ControlStep,
    Extension,
    FormDossier,
    Refusal,
    StopNotice,
    SupplementRequest,
)
from counterdesk.domain.records import Office, Signer
from tests.conftest import require_tool

OFFICE = Office("H38.12", "UBND xã Tân Phú", "Xã Tân Phú", "Tỉnh Đồng Nai")
CHAIR = Signer("Trần Văn Bình", "Chủ tịch")
DOSSIER = FormDossier(
    code="H38.12-260205-0003",
    citizen_name="Nguyễn Thị Ngọc Ánh",
    citizen_id="001190012345",
    citizen_address="Ấp 3, xã Tân Phú",
    procedure_name="Chứng thực bản sao từ bản chính",
    received_at=datetime(2026, 2, 5, 15, 20),
    due_at=datetime(2026, 2, 6, 10, 0),
    documents=("Hộ chiếu (bản chính)", "Giấy khai sinh (bản chính)"),
    receiver_name="Lê Văn Tám",
)
ISSUED = datetime(2026, 2, 6, 9, 0)
HEADER = [
    "TỈNH ĐỒNG NAI",
    "UBND XÃ TÂN PHÚ",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
]
CODE_LINE = "Mã hồ sơ: H38.12-260205-0003"


def pdftotext_lines(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        [require_tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


def page_lines(page: pymupdf.Page) -> list[str]:
    return [line.strip() for line in page.get_text().splitlines() if line.strip()]


def joined_text(pdf: bytes) -> str:
    """All text as one line, for sentences that wrap."""
    with pymupdf.open("pdf", pdf) as doc:
        return " ".join(line for page in doc for line in page_lines(page))


def assert_lines(pdf: bytes, expected: list[str], tmp_path: Path) -> None:
    """Each expected line appears whole in both extractions (order within a page may differ)."""
    with pymupdf.open("pdf", pdf) as doc:
        mupdf = [line for page in doc for line in page_lines(page)]
    poppler = pdftotext_lines(pdf, tmp_path)
    for line in expected:
        assert line in mupdf, line
        assert line in poppler, line


def assert_inside_margins(pdf: bytes) -> None:
    with pymupdf.open("pdf", pdf) as doc:
        for page in doc:
            inner = pymupdf.Rect(30, 20, page.rect.width - 30, page.rect.height - 15)
            for block in page.get_text("dict")["blocks"]:
                assert pymupdf.Rect(block["bbox"]) in inner, block["bbox"]


def test_receipt_shows_the_return_hour_and_day(tmp_path: Path) -> None:
    pdf = forms.receipt_and_appointment(OFFICE, DOSSIER)
    assert_lines(
        pdf,
        [
            *HEADER,
            "Xã Tân Phú, ngày 05 tháng 02 năm 2026",
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            CODE_LINE,
            "UBND xã Tân Phú tiếp nhận hồ sơ của: Nguyễn Thị Ngọc Ánh",
            "Địa chỉ: Ấp 3, xã Tân Phú",
            "(1) Hộ chiếu (bản chính)",
            "(2) Giấy khai sinh (bản chính)",
            "2. Thời gian nhận hồ sơ: 15 giờ 20 phút, ngày 05 tháng 02 năm 2026",
            "3. Thời gian trả kết quả giải quyết hồ sơ: 10 giờ 00 phút, ngày 06 tháng 02 năm 2026",
            "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            "Lê Văn Tám",
        ],
        tmp_path,
    )
    with pymupdf.open("pdf", pdf) as doc:
        assert doc.page_count == 1
        assert doc.metadata["subject"] == DOSSIER.code
    assert_inside_margins(pdf)


def test_address_line_is_left_out_when_unknown(tmp_path: Path) -> None:
    dossier = FormDossier(**{**DOSSIER.__dict__, "citizen_address": None})
    lines = pdftotext_lines(forms.receipt_and_appointment(OFFICE, dossier), tmp_path)
    assert not [line for line in lines if line.startswith("Địa chỉ")]


def test_supplement_request_lists_items_and_reason(tmp_path: Path) -> None:
    request = SupplementRequest(
        ("Bản chính Giấy khai sinh còn rõ chữ",), "Bản chính bị nhòe.", ISSUED
    )
    assert_lines(
        forms.supplement_request(OFFICE, DOSSIER, request),
        [
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            CODE_LINE,
            "Xã Tân Phú, ngày 06 tháng 02 năm 2026",
            "(1) Bản chính Giấy khai sinh còn rõ chữ",
            "Lý do: Bản chính bị nhòe.",
            "NGƯỜI HƯỚNG DẪN",
        ],
        tmp_path,
    )


def test_refusal_states_the_legal_basis_and_reason(tmp_path: Path) -> None:
    decision = Refusal("Điều 22 Nghị định 23/2015/NĐ-CP", "Bản chính bị hư hỏng.", ISSUED)
    assert_lines(
        forms.refusal(OFFICE, DOSSIER, decision),
        [
            "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            CODE_LINE,
            "Bản chính bị hư hỏng.",
            "Xin thông báo để Ông/Bà được biết và thực hiện./.",
            "Nguyễn Thị Ngọc Ánh",
        ],
        tmp_path,
    )


def test_apology_gives_the_new_return_time(tmp_path: Path) -> None:
    extension = Extension("Cần xác minh.", datetime(2026, 2, 9, 16, 0), ISSUED, CHAIR)
    pdf = forms.apology_and_extension(OFFICE, DOSSIER, extension)
    assert_lines(
        pdf,
        [
            "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
            CODE_LINE,
            "Kính gửi: Nguyễn Thị Ngọc Ánh",
            "Thời gian hẹn trả kết quả giải quyết hồ sơ: "
            "10 giờ 00 phút, ngày 06 tháng 02 năm 2026.",
            "CHỦ TỊCH",
            "(Ký, ghi rõ họ tên và đóng dấu)",
            "Trần Văn Bình",
        ],
        tmp_path,
    )
    # The sentence with the new time wraps; read it as one paragraph.
    assert "sẽ được trả vào: 16 giờ 00 phút, ngày 09 tháng 02 năm 2026." in joined_text(pdf)


def test_stop_notice_gives_the_reason(tmp_path: Path) -> None:
    notice = StopNotice("Người yêu cầu rút hồ sơ.", ISSUED, CHAIR)
    pdf = forms.stop_notice(OFFICE, DOSSIER, notice)
    assert_lines(pdf, ["THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", CODE_LINE, "Trần Văn Bình"], tmp_path)
    assert "dừng giải quyết hồ sơ nêu trên. Lý do: Người yêu cầu rút hồ sơ." in joined_text(pdf)


def test_control_sheet_has_a_row_per_step(tmp_path: Path) -> None:
    steps = (
        ControlStep("Tư pháp", "Phạm Thị Hoa", DOSSIER.received_at, ISSUED, "Đúng hạn"),
        ControlStep("Chủ tịch ký", "Trần Văn Bình", ISSUED, DOSSIER.due_at, ""),
    )
    assert_lines(
        forms.control_sheet(OFFICE, DOSSIER, steps),
        [
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            CODE_LINE,
            "Thời gian hẹn trả kết quả: 10 giờ 00 phút, ngày 06 tháng 02 năm 2026",
            "Phạm Thị Hoa",
            "Đúng hạn",
            "Trần Văn Bình",
        ],
        tmp_path,
    )


def book_entries(count: int) -> list[BookEntry]:
    return [
        BookEntry(
            code=f"H38.12-260205-{n:04d}",
            citizen_name="Hoàng Thị Thu Hương",
            citizen_address=None if n % 5 == 0 else "Ấp 3, xã Tân Phú",
            procedure_name="Chứng thực bản sao từ bản chính giấy tờ do cơ quan Việt Nam cấp",
            received_at=datetime(2026, 2, 5, 8, 30),
            due_at=datetime(2026, 2, 5, 16, 0),
            returned_at=datetime(2026, 2, 5, 15, 0) if n % 2 else None,
        )
        for n in range(1, count + 1)
    ]


def test_tracking_book_repeats_headers_and_numbers_pages(tmp_path: Path) -> None:
    pdf = forms.tracking_book(OFFICE, date(2026, 2, 1), date(2026, 2, 28), book_entries(60))
    assert_lines(
        pdf,
        ["SỔ THEO DÕI HỒ SƠ", "Từ ngày 01 tháng 02 năm 2026 đến ngày 28 tháng 02 năm 2026"],
        tmp_path,
    )
    with pymupdf.open("pdf", pdf) as doc:
        pages = doc.page_count
        assert pages >= 3
        codes: list[str] = []
        for index, page in enumerate(doc):
            assert page.rect.width > page.rect.height  # landscape
            lines = page_lines(page)
            assert {"TT", "Mã hồ sơ", "Tên thủ tục hành chính", "Địa chỉ"} <= set(lines)
            assert f"Trang {index + 1}/{pages}" in lines
            codes += [line for line in lines if line.startswith("H38.12-")]
    assert codes == [f"H38.12-260205-{n:04d}" for n in range(1, 61)]
    assert_inside_margins(pdf)


def test_long_values_wrap_or_shrink_inside_the_page() -> None:
    office = Office("H38.12", "Trung tâm Phục vụ hành chính công xã Tân Phú Đông Bắc", "Xã Tân Phú")
    dossier = FormDossier(
        **{
            **DOSSIER.__dict__,
            "citizen_name": "Tôn Nữ Hoàng Thị Phương Thảo Nguyên Khánh Linh Ngọc Bích",
            "citizen_address": "Số_nhà_123/45/6_đường_Nguyễn_Thị_Minh_Khai_phường_Bến_Nghé_TP.HCM",
            "documents": tuple(f"Giấy tờ số {n} có tên rất dài để kiểm tra" for n in range(40)),
        }
    )
    pdf = forms.receipt_and_appointment(office, dossier)
    with pymupdf.open("pdf", pdf) as doc:
        assert doc.page_count == 2  # forty documents run onto a second page
        assert "Trang 2/2" in page_lines(doc[1])
    assert_inside_margins(pdf)


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: forms.receipt_and_appointment(OFFICE, DOSSIER), id="01"),
        pytest.param(
            lambda: forms.tracking_book(OFFICE, date(2026, 2, 1), date(2026, 2, 28), []), id="07"
        ),
    ],
)
def test_fonts_are_embedded(build: Callable[[], bytes], tmp_path: Path) -> None:
    path = tmp_path / "form.pdf"
    path.write_bytes(build())
    out = subprocess.run(
        [require_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    rows = out.splitlines()[2:]
    assert rows
    # Columns: name, type, encoding, emb, sub, uni, object, ID (type may hold spaces).
    assert all(row.split()[-5] == "yes" for row in rows), out
