"""The certified copy: every page of the original on A4, the statement on the last page.

One PDF serves both results of a certification: printed, it is the paper copy (the
signer signs and seals in the space left under the statement); signed, it is the
electronic copy (the visible signature goes into that same space). So the two copies
carry the same pages and the same statement by construction.

When the act has an e-copy, the paper copy also carries a small QR code left of the
statement (`with_copy_qr`) with the e-copy's SHA-256, so that a receiving office can check
the paper against its electronic twin. It is added to the copy after the e-copy is signed:
the e-copy is that same PDF without the code (it cannot carry its own hash).
"""

from dataclasses import dataclass
from datetime import datetime

import pymupdf

from counterdesk.documents.layout import A4, MARGIN, Align, PageWriter
from counterdesk.documents.originals import Original
from counterdesk.domain.statement import Statement

STATEMENT_BAND = 215.0  # height reserved at the foot of the last page
SIGNATURE_SPACE = 64.0  # room for a handwritten signature and the seal, or the stamp
_BLOCK_WIDTH = 270.0

# The paper copy's QR code: about 2 cm, at the left margin level with the statement's
# heading, its caption under it; the seal, stamped over the left of the signature, stays
# well to the right of both.
QR_SIDE = 56.7  # 2 cm
QR_CAPTION = "Quét mã để đối chiếu với bản điện tử"
_QR_TOP = 12.0  # below the top of the statement band
_QR_CAPTION_SIZE = 7.5
_SEAL_CLEARANCE = 60.0  # left of the statement block, kept clear for the seal's edge
_SPOT_GAP = 12.0  # between the office's signature box and the signer's

# Keys of the PDF Info dictionary that identify a copy; read back by `copy_metadata`.
LABEL_KEY = "CounterDeskBookLabel"
DOSSIER_KEY = "CounterDeskDossierCode"


@dataclass(frozen=True)
class CopyDetails:
    document_title: str
    label: str
    dossier_code: str
    office_name: str
    made_at: datetime


@dataclass(frozen=True)
class SignatureSpot:
    """Where the visible signature goes: page index, box in PDF user space (bottom-left origin)."""

    page_index: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class CertifiedCopy:
    pdf: bytes
    pages: int
    signature_spot: SignatureSpot

    @property
    def organisation_spot(self) -> SignatureSpot:
        """Where the office's own signature goes on the e-copy: left of the signer's, where
        the seal would be stamped on paper (the e-copy carries no QR code there)."""
        x0, y0, _, y1 = self.signature_spot.box
        return SignatureSpot(
            self.signature_spot.page_index, (round(MARGIN), y0, round(x0 - _SPOT_GAP), y1)
        )


def _page_rect(source: pymupdf.Page) -> pymupdf.Rect:
    landscape = source.rect.width > source.rect.height
    return pymupdf.Rect(0, 0, A4.height, A4.width) if landscape else A4


def _write_statement(writer: PageWriter, statement: Statement) -> SignatureSpot:
    page = writer.page
    width, height = page.rect.width, page.rect.height
    centre = width - MARGIN - _BLOCK_WIDTH / 2
    y = height - STATEMENT_BAND + 18

    def line(text: str, bold: bool = False, size: float = 11, step: float = 15) -> None:
        nonlocal y
        fitted = writer.fit_size(text, size, _BLOCK_WIDTH, bold)
        writer.line(text, centre, y, fitted, bold=bold, align=Align.CENTER)
        y += step

    line(statement.heading, bold=True)
    line(statement.label)
    line(statement.place_date, step=19)
    line(statement.signer_caption, bold=True)
    line(statement.signer_title, bold=True)
    line(statement.signer_hint, size=10, step=4)
    space_top = y
    y += SIGNATURE_SPACE + 16
    line(statement.signer_name, bold=True)
    box = (
        round(centre - _BLOCK_WIDTH / 2),
        round(height - space_top - SIGNATURE_SPACE),
        round(centre + _BLOCK_WIDTH / 2),
        round(height - space_top),
    )
    return SignatureSpot(page_index=page.number, box=box)


def _set_metadata(doc: pymupdf.Document, details: CopyDetails) -> None:
    stamp = pymupdf.get_pdf_now()
    doc.set_metadata(
        {
            "title": f"Bản sao chứng thực: {details.document_title}",
            "subject": details.label,
            "keywords": details.dossier_code,
            "author": details.office_name,
            "creator": "CounterDesk",
            "producer": "CounterDesk",
            "creationDate": stamp,
            "modDate": stamp,
        }
    )
    info = doc.xref_get_key(-1, "Info")[1].split()[0]
    doc.xref_set_key(int(info), LABEL_KEY, pymupdf.get_pdf_str(details.label))
    doc.xref_set_key(int(info), DOSSIER_KEY, pymupdf.get_pdf_str(details.dossier_code))


def build_certified_copy(
    originals: list[Original], statement: Statement, details: CopyDetails
) -> CertifiedCopy:
    doc = pymupdf.open()
    sources = [(o.document, i) for o in originals for i in range(o.pages)]
    spot = None
    for n, (source, index) in enumerate(sources):
        rect = _page_rect(source[index])
        page = doc.new_page(width=rect.width, height=rect.height)
        frame = pymupdf.Rect(
            MARGIN / 2, MARGIN / 2, rect.width - MARGIN / 2, rect.height - MARGIN / 2
        )
        if n == len(sources) - 1:
            # Decree 23/2015 Art. 20(3): the statement goes on the last page, so its
            # content is scaled into the space above the statement.
            frame.y1 = rect.height - STATEMENT_BAND
            with PageWriter(page) as writer:
                spot = _write_statement(writer, statement)
        page.show_pdf_page(frame, source, index)
    assert spot is not None
    _set_metadata(doc, details)
    doc.subset_fonts()
    pdf = doc.tobytes(garbage=3, deflate=True)
    return CertifiedCopy(pdf=pdf, pages=len(sources), signature_spot=spot)


def qr_box(page_rect: pymupdf.Rect) -> pymupdf.Rect:
    """Where the paper copy's QR code goes on the statement page (top-left origin)."""
    top = page_rect.height - STATEMENT_BAND + _QR_TOP
    return pymupdf.Rect(MARGIN, top, MARGIN + QR_SIDE, top + QR_SIDE)


def with_copy_qr(copy: CertifiedCopy, qr_png: bytes, caption: str = QR_CAPTION) -> bytes:
    """The paper copy: `copy` with the QR code `qr_png` and its caption on the statement page.

    Everything else is `copy.pdf` unchanged: the same pages, statement and metadata.
    """
    with pymupdf.open("pdf", copy.pdf) as doc:
        page = doc[copy.signature_spot.page_index]
        box = qr_box(page.rect)
        page.insert_image(box, stream=qr_png)
        with PageWriter(page) as writer:
            room = page.rect.width - MARGIN - _BLOCK_WIDTH - _SEAL_CLEARANCE - box.x0
            size = writer.fit_size(caption, _QR_CAPTION_SIZE, room)
            writer.line(caption, box.x0, box.y1 + size + 3, size)
        doc.subset_fonts()
        return doc.tobytes(garbage=3, deflate=True)


def copy_metadata(pdf: bytes) -> tuple[str | None, str | None]:
    """(book label, dossier code) recorded in a copy's Info dictionary, if any."""
    with pymupdf.open("pdf", pdf) as doc:
        kind, ref = doc.xref_get_key(-1, "Info")
        if kind != "xref":
            return None, None
        xref = int(ref.split()[0])
        values = []
        for key in (LABEL_KEY, DOSSIER_KEY):
            kind, value = doc.xref_get_key(xref, key)
            values.append(value if kind == "string" else None)
        return values[0], values[1]
