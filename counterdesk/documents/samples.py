"""Sample "scanned originals" for the demo office, benchmarks and tests.

A page is laid out as a Vietnamese civil document and rasterised like a flatbed scan
(A4 at the given dpi, slightly off-white paper), then saved as JPEG or PNG with its
resolution recorded so that its physical size is known.
"""

import pymupdf

from counterdesk.documents.layout import A4, MARGIN, Align, PageWriter

SAMPLE_FIELDS = [
    ("Họ, chữ đệm, tên", "NGUYỄN THỊ NGỌC ÁNH"),
    ("Ngày, tháng, năm sinh", "05/02/2019 (Ngày năm tháng hai năm hai nghìn không trăm mười chín)"),
    ("Giới tính", "Nữ"),
    ("Dân tộc", "Kinh"),
    ("Quốc tịch", "Việt Nam"),
    ("Nơi sinh", "Trạm Y tế xã Tân Phú, tỉnh Đồng Nai"),
    ("Quê quán", "Xã Đức Hòa, tỉnh Tây Ninh"),
    ("Số định danh cá nhân", "075319012345"),
    ("Họ, chữ đệm, tên người mẹ", "TRẦN THỊ BÍCH ĐÀO"),
    ("Họ, chữ đệm, tên người cha", "NGUYỄN VĂN ĐỨC"),
]


def sample_page_pdf(title: str, page_number: int, pages: int) -> pymupdf.Document:
    doc = pymupdf.open()
    page = doc.new_page(width=A4.width, height=A4.height)
    page.draw_rect(page.rect, color=None, fill=(0.97, 0.96, 0.93))
    with PageWriter(page) as w:
        y = w.national_header(["ỦY BAN NHÂN DÂN", "XÃ TÂN PHÚ"], MARGIN + 20)
        w.line(title.upper(), A4.width / 2, y + 40, 18, bold=True, align=Align.CENTER)
        w.line(f"Trang {page_number}/{pages}", A4.width / 2, y + 62, 10, align=Align.CENTER)
        y += 110
        for label, value in SAMPLE_FIELDS:
            w.line(f"{label}:", MARGIN + 20, y, 12)
            w.line(value, MARGIN + 210, y, w.fit_size(value, 12, A4.width - MARGIN * 2 - 210))
            y += 26
        page.draw_circle((A4.width - 150, y + 90), 55, color=(0.8, 0.1, 0.1), width=2.5)
        w.line("TM. ỦY BAN NHÂN DÂN", A4.width - 150, y + 30, 11, bold=True, align=Align.CENTER)
    return doc


def sample_scan(
    title: str = "Giấy khai sinh",
    page_number: int = 1,
    pages: int = 1,
    dpi: int = 200,
    image_format: str = "jpeg",
) -> bytes:
    """One page of a sample original as a scanner would save it."""
    doc = sample_page_pdf(title, page_number, pages)
    pix = doc[0].get_pixmap(dpi=dpi)
    pix.set_dpi(dpi, dpi)
    if image_format == "jpeg":
        return pix.tobytes("jpeg", jpg_quality=80)
    return pix.tobytes(image_format)


def sample_original_pdf(title: str = "Giấy khai sinh", pages: int = 2) -> bytes:
    """A born-digital PDF original with real text (not a scan)."""
    out = pymupdf.open()
    for n in range(1, pages + 1):
        out.insert_pdf(sample_page_pdf(title, n, pages))
    out.subset_fonts()
    return out.tobytes(garbage=3, deflate=True)
