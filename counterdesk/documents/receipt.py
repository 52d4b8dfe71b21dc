"""The fee receipt handed to the citizen with the certified copies.

This is the desk's own acknowledgement of the fee collected, not the State e-receipt
(biên lai điện tử, Decree 11/2020/NĐ-CP and Decree 123/2020/NĐ-CP), which finance
systems issue.
"""

from dataclasses import dataclass
from datetime import date, datetime

import pymupdf

from counterdesk.documents.layout import A4, MARGIN, Align, PageWriter
from counterdesk.domain.fees import FeeQuote
from counterdesk.domain.records import Citizen, Office
from counterdesk.domain.vietnamese import document_date, format_vnd, vnd_in_words

TITLE = "BIÊN NHẬN THU PHÍ CHỨNG THỰC"
CHANNELS = {
    "cash": "Tiền mặt",
    "bank_transfer": "Chuyển khoản",
    "online_portal": "Thanh toán trực tuyến qua Cổng Dịch vụ công",
}


@dataclass(frozen=True)
class ReceiptDetails:
    receipt_no: str
    office: Office
    citizen: Citizen
    dossier_code: str
    document_title: str
    label: str
    quote: FeeQuote
    collected_at: datetime  # office-local time
    payment_channel: str = "cash"
    payment_qr_png: bytes | None = None  # VietQR code for a bank transfer of the total
    download: "EcopyDownload | None" = None  # how the citizen fetches the e-copy online


@dataclass(frozen=True)
class EcopyDownload:
    """The citizen's one-time code for their e-copy, and the QR of the hub's page."""

    code: str
    expires_on: date
    qr_png: bytes | None = None  # None when the desk has no hub yet: the code only


def build_receipt(details: ReceiptDetails) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=A4.width, height=A4.height)
    with PageWriter(page) as w:
        office = details.office
        issuer = [office.province.upper()] if office.province else []
        y = w.national_header([*issuer, office.name.upper()], MARGIN + 14)
        centre = A4.width / 2
        y += 24
        w.line(TITLE, centre, y, 14, bold=True, align=Align.CENTER)
        y += 18
        w.line(f"Số: {details.receipt_no}", centre, y, 11, align=Align.CENTER)
        y += 32

        left = MARGIN + 14
        fields = [
            ("Cơ quan thu:", f"{office.name} (mã {office.code})"),
            ("Người nộp:", details.citizen.full_name),
            ("Số giấy tờ tùy thân:", details.citizen.id_number),
            ("Mã hồ sơ:", details.dossier_code),
            ("Giấy tờ chứng thực:", details.document_title),
            ("Sổ chứng thực:", details.label),
        ]
        for name, value in fields:
            w.line(name, left, y, 11, bold=True)
            w.line(value, left + 130, y, w.fit_size(value, 11, A4.width - MARGIN - left - 130))
            y += 18

        y += 14
        right = A4.width - MARGIN - 14
        cols = (left, right - 200, right - 110, right)
        w.line("Nội dung", cols[0], y, 10, bold=True)
        w.line("Số lượng", cols[1], y, 10, bold=True, align=Align.RIGHT)
        w.line("Đơn giá", cols[2], y, 10, bold=True, align=Align.RIGHT)
        w.line("Thành tiền", cols[3], y, 10, bold=True, align=Align.RIGHT)
        w.rule(left, right, y + 5)
        y += 20
        for item in details.quote.lines:
            w.line(
                item.description, cols[0], y, w.fit_size(item.description, 10, cols[1] - 60 - left)
            )
            w.line(str(item.quantity), cols[1], y, 10, align=Align.RIGHT)
            w.line(format_vnd(item.unit_vnd), cols[2], y, 10, align=Align.RIGHT)
            w.line(format_vnd(item.amount_vnd), cols[3], y, 10, align=Align.RIGHT)
            y += 17
        w.rule(left, right, y - 11)
        y += 4
        w.line("Tổng cộng:", cols[2], y, 11, bold=True, align=Align.RIGHT)
        w.line(format_vnd(details.quote.amount_vnd), cols[3], y, 11, bold=True, align=Align.RIGHT)
        y += 20
        words = f"Bằng chữ: {vnd_in_words(details.quote.amount_vnd)}"
        w.line(words, left, y, w.fit_size(words, 11, right - left))
        y += 18
        basis = f"Căn cứ: {details.quote.basis}"
        w.line(basis, left, y, w.fit_size(basis, 9, right - left))
        y += 16
        channel = CHANNELS.get(details.payment_channel, details.payment_channel)
        w.line(f"Hình thức nộp: {channel}", left, y, 10)
        if details.payment_qr_png:
            size = 96
            box = pymupdf.Rect(left, y + 12, left + size, y + 12 + size)
            page.insert_image(box, stream=details.payment_qr_png)
            w.line("Quét mã VietQR để chuyển khoản", left + size + 10, y + 40, 10)
            w.line("(đúng số tiền và nội dung đã điền sẵn)", left + size + 10, y + 55, 9)
            y += size
        if details.download is not None:
            y += _download_block(w, page, details.download, left, y + 30)

        y += 44
        sign_centre = A4.width - MARGIN - 120
        place = f"{office.place}, {document_date(details.collected_at.date())}"
        w.line(place, sign_centre, y, 11, align=Align.CENTER)
        y += 18
        w.line("Người thu phí", sign_centre, y, 11, bold=True, align=Align.CENTER)
        y += 15
        w.line("(Ký, ghi rõ họ tên)", sign_centre, y, 10, align=Align.CENTER)

    doc.set_metadata(
        {
            "title": f"{TITLE} {details.receipt_no}",
            "subject": details.dossier_code,
            "author": office.name,
            "creator": "CounterDesk",
            "producer": "CounterDesk",
        }
    )
    doc.subset_fonts()
    return doc.tobytes(garbage=3, deflate=True)


def _download_block(
    w: PageWriter, page: pymupdf.Page, download: EcopyDownload, left: float, y: float
) -> float:
    """The e-copy download code (and its QR); returns the height used."""
    w.line("Nhận bản sao điện tử qua mạng:", left, y, 10, bold=True)
    text_left = left
    if download.qr_png is not None:
        size = 80
        box = pymupdf.Rect(left, y + 8, left + size, y + 8 + size)
        page.insert_image(box, stream=download.qr_png)
        text_left = left + size + 10
    w.line(f"Mã nhận: {download.code}", text_left, y + 28, 12, bold=True)
    w.line(
        f"Dùng một lần, đến hết ngày {download.expires_on:%d/%m/%Y}; giữ kín mã này.",
        text_left,
        y + 44,
        9,
    )
    if download.qr_png is not None:
        w.line("Quét mã QR để tải bản sao điện tử có chữ ký số.", text_left, y + 58, 9)
        return 30 + 88
    return 30 + 50
