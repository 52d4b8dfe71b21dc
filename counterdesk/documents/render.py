"""Pages of a PDF as pictures, for printing and print preview in the desk window.

Qt prints pictures, not PDFs: each page is rendered at the printer's resolution (300 dpi
for paper, less for a preview on screen) on white, and handed over as PNG with the
page's size in points, so the printer can lay it out on A4 in the right orientation.
"""

from typing import NamedTuple

import pymupdf

from counterdesk.errors import BadInputError

MAX_PAGES = 2000
MAX_PIXELS = 200_000_000  # per page: an A0 poster at 300 dpi is about 140 million


class RenderedPage(NamedTuple):
    png: bytes
    width_pt: float  # as the page is seen, its /Rotate applied
    height_pt: float


def render_pages(pdf: bytes, dpi: int) -> list[RenderedPage]:
    """Every page of `pdf` as a PNG at `dpi` (lowered for a page too large to hold)."""
    if not 10 <= dpi <= 1200:
        raise ValueError(f"dpi {dpi} is outside 10-1200")
    try:
        doc = pymupdf.open(stream=pdf, filetype="pdf")
    except Exception as exc:  # MuPDF raises several unrelated types for damaged files
        raise BadInputError(f"The PDF to print is damaged ({exc}).") from exc
    with doc:
        if doc.needs_pass:
            raise BadInputError("The PDF to print is protected by a password.")
        if not 1 <= doc.page_count <= MAX_PAGES:
            raise BadInputError(
                f"The PDF to print has {doc.page_count} pages; 1 to {MAX_PAGES} can be printed."
            )
        pages = []
        for page in doc:
            rect = page.rect
            scale = dpi / 72
            pixels = rect.width * rect.height * scale * scale
            if pixels > MAX_PIXELS:
                scale *= (MAX_PIXELS / pixels) ** 0.5
            pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
            pages.append(RenderedPage(pix.tobytes("png"), rect.width, rect.height))
        return pages
