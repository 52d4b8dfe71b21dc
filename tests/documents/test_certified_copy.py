"""The certified copy's pages and statement, built in-process and read back."""

from datetime import UTC, date, datetime
from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest

from counterdesk.documents.certified_copy import (
    STATEMENT_BAND,
    CopyDetails,
    build_certified_copy,
    copy_metadata,
)
from counterdesk.documents.originals import read_original
from counterdesk.domain.image_header import MAX_PIXELS
from counterdesk.domain.statement import make_statement
from counterdesk.errors import BadInputError
from counterdesk.legal_data import certification_rules_on

RULES = certification_rules_on(date(2026, 11, 26))
LABEL = "Số chứng thực: 7, Quyển số: 02/2026-SCT/BS"
STATEMENT = make_statement(RULES, LABEL, "Xã Tân Phú", date(2026, 2, 5), "Lê Văn Tám", "Chủ tịch")
DETAILS = CopyDetails(
    "Hộ chiếu", LABEL, "H38.12-260205-0003", "UBND xã Tân Phú", datetime(2026, 2, 5, 3, tzinfo=UTC)
)


def text_lines(page: pymupdf.Page) -> list[str]:
    return [line.strip() for line in page.get_text().splitlines() if line.strip()]


def test_statement_on_last_page_only_with_metadata(scans: list[Path]) -> None:
    copy = build_certified_copy([read_original(p) for p in scans], STATEMENT, DETAILS)
    with pymupdf.open("pdf", copy.pdf) as doc:
        assert doc.page_count == copy.pages == 2
        assert LABEL not in doc[0].get_text()
        last = text_lines(doc[1])
        assert last[-7:] == [
            "Chứng thực bản sao đúng với bản chính.",
            LABEL,
            "Xã Tân Phú, ngày 05 tháng 02 năm 2026",
            "Người thực hiện chứng thực",
            "CHỦ TỊCH",
            "(Ký, ghi rõ họ tên và đóng dấu)",
            "Lê Văn Tám",
        ]
        assert doc.metadata["subject"] == LABEL
        # The original's content sits above the statement band; nothing overlaps it.
        images = doc[1].get_image_info()
        assert images and all(
            i["bbox"][3] <= doc[1].rect.height - STATEMENT_BAND + 0.5 for i in images
        )
        x0, y0, x1, y1 = copy.signature_spot.box
        assert copy.signature_spot.page_index == 1
        assert x1 - x0 >= 200 and y1 - y0 >= 60
    assert copy_metadata(copy.pdf) == (LABEL, "H38.12-260205-0003")


def test_rotated_pdf_page_is_copied_as_it_looks(tmp_path: Path) -> None:
    source = pymupdf.open()
    page = source.new_page(width=595, height=842)
    page.insert_text((72, 72), "HOCHIEU", fontsize=24)
    page.set_rotation(90)
    path = tmp_path / "rotated.pdf"
    source.save(path)

    def direction(doc: pymupdf.Document, index: int) -> tuple[float, float]:
        for block in doc[index].get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                if "HOCHIEU" in "".join(span["text"] for span in line["spans"]):
                    return tuple(round(v) for v in line["dir"])
        raise AssertionError("text not found")

    copy = build_certified_copy([read_original(path)], STATEMENT, DETAILS)
    with pymupdf.open("pdf", copy.pdf) as doc, pymupdf.open(path) as original:
        assert doc[0].rect.width > doc[0].rect.height  # landscape, as displayed
        original_dir = direction(original, 0)
        original[0].remove_rotation()
        assert direction(doc, 0) == direction(original, 0) != (1, 0)
        assert original_dir is not None


def test_png_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    side = int(MAX_PIXELS**0.5) + 100
    header = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + side.to_bytes(4, "big") * 2
    path = tmp_path / "bomb.png"
    path.write_bytes(header + b"\x08\x00\x00\x00\x00" + b"\x00" * 100)
    with pytest.raises(BadInputError, match="pixels"):
        read_original(path)


def test_multi_page_tiff_gives_one_page_per_frame(tmp_path: Path, scans: list[Path]) -> None:
    frames = [
        cv2.imdecode(np.frombuffer(p.read_bytes(), np.uint8), cv2.IMREAD_GRAYSCALE) for p in scans
    ]
    path = tmp_path / "scan.tif"
    assert cv2.imwritemulti(str(path), frames)
    original = read_original(path)
    assert original.pages == 2
    copy = build_certified_copy([original], STATEMENT, DETAILS)
    assert copy.pages == 2
