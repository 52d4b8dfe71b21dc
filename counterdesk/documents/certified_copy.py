"""The certified copy: every page of the original on A4, the statement on the last page.

One PDF serves both results of a certification: printed, it is the paper copy (the
signer signs and seals in the space left under the statement); signed, it is the
electronic copy (the visible signature goes into that same space). So the two copies
carry the same pages and the same statement by construction.
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
