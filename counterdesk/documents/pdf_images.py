"""Page images out of a PDF given as an original: scanned pages are extracted, not re-rendered.

A page that is one full-page image (what scanners write) yields that image's own bytes
and resolution. Any other page is rendered at 300 dpi. Limits keep a hostile PDF from
exhausting the counter PC: pages per file, pixels per image.
"""

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import pymupdf

from counterdesk.errors import BadInputError

MAX_PAGES = 500
MAX_PIXELS = 200_000_000
RENDER_DPI = 300


@dataclass(frozen=True)
class PdfPageImage:
    data: bytes  # an encoded image: JPEG, PNG...
    dpi: float


def _sole_image(page: pymupdf.Page) -> tuple[int, float] | None:
    """(xref, dpi) of the one image covering the page, when the page is just that."""
    images = page.get_images(full=True)
    if len(images) != 1 or page.get_text().strip():
        return None
    xref, _, width, height = images[0][:4]
    boxes = page.get_image_rects(xref)
    if len(boxes) != 1 or boxes[0].get_area() < 0.9 * page.rect.get_area():
        return None
    if width * height > MAX_PIXELS:
        raise BadInputError(f"page {page.number + 1} holds a {width} x {height} pixel image")
    return xref, width / (boxes[0].width / 72)


def pdf_page_images(data: bytes, origin: str) -> Iterator[PdfPageImage]:
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # MuPDF raises several unrelated types for damaged files
        raise BadInputError(f"{origin} is a damaged PDF ({exc}); export or scan it again.") from exc
    if doc.needs_pass:
        raise BadInputError(f"{origin} is protected by a password; remove it or scan the paper.")
    if doc.page_count == 0:
        raise BadInputError(f"{origin} has no pages.")
    if doc.page_count > MAX_PAGES:
        raise BadInputError(
            f"{origin} has {doc.page_count} pages; CounterDesk takes at most {MAX_PAGES} "
            "per file. Split it into smaller files."
        )
    for page in doc:
        try:
            sole = _sole_image(page)
        except BadInputError as exc:
            raise BadInputError(f"{origin}: {exc.message}, too large to be a scan.") from exc
        if sole is not None:
            xref, dpi = sole
            yield PdfPageImage(doc.extract_image(xref)["image"], dpi)
            continue
        dpi = RENDER_DPI
        pixels = page.rect.width * page.rect.height * (dpi / 72) ** 2
        if pixels > MAX_PIXELS:
            dpi = RENDER_DPI * (MAX_PIXELS / pixels) ** 0.5
        yield PdfPageImage(page.get_pixmap(dpi=dpi).tobytes("png"), dpi)


def pdf_page_count(data: bytes) -> int:
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return doc.page_count


def pdf_text(pdf: bytes) -> str:
    """The text of every page (a digitized copy's OCR layer), pages apart by a blank line."""
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        text = "\n\n".join(page.get_text().strip() for page in doc).strip()
    return unicodedata.normalize("NFC", text)


def first_page_png(pdf: bytes, dpi: float) -> bytes:
    """The first page drawn as a PNG at `dpi`, for a thumbnail."""
    try:
        doc = pymupdf.open(stream=pdf, filetype="pdf")
    except Exception as exc:  # MuPDF raises several unrelated types for damaged files
        raise BadInputError(f"The PDF is damaged ({exc}).") from exc
    with doc:
        if doc.needs_pass or doc.page_count == 0:
            raise BadInputError("The PDF has no page that can be shown.")
        return doc[0].get_pixmap(dpi=dpi).tobytes("png")
