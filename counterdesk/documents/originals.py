"""Reading the pages of an original: scanned images (JPEG, PNG, TIFF) or PDFs.

Every input becomes a PDF document whose pages are placed, unchanged, on the copy's
pages. Images go through MuPDF's image-to-PDF conversion, which passes JPEG data
through without re-encoding. Files are recognised by their content, not their name.
"""

from dataclasses import dataclass
from pathlib import Path

import pymupdf

from counterdesk.domain.image_header import too_many_pixels
from counterdesk.errors import BadInputError

# How far from the end of a JPEG its end-of-image marker may sit (some cameras append
# trailing bytes); a marker missing from that tail means the file was cut short.
_JPEG_TAIL = 64 * 1024


@dataclass
class Original:
    """One input file of an original, opened as a PDF document."""

    path: Path
    document: pymupdf.Document

    @property
    def pages(self) -> int:
        return self.document.page_count


def _kind(data: bytes) -> str | None:
    head = data[:1024]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if b"%PDF-" in head:
        return "pdf"
    return None


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInputError(f"{path}: no such file. Check the file name.") from None
    except IsADirectoryError:
        raise BadInputError(f"{path} is a folder; give the scanned files inside it.") from None
    except OSError as exc:
        raise BadInputError(f"{path} cannot be read ({exc.strerror}).") from exc
    if not data:
        raise BadInputError(f"{path} is empty (0 bytes). Scan or copy the original again.")
    return data


def _open_as_pdf(path: Path, data: bytes, kind: str) -> pymupdf.Document:
    source = pymupdf.open(stream=data, filetype=kind)
    if kind != "pdf":
        return pymupdf.open("pdf", source.convert_to_pdf())
    if source.needs_pass:
        raise BadInputError(
            f"{path} is protected by a password. Open it with its password and "
            "save or print it without one, or scan the paper original."
        )
    for page in source:
        if page.rotation:
            # show_pdf_page() places a page unrotated; bake the rotation in so the
            # copy looks as the original does in any viewer.
            page.remove_rotation()
    return source


def read_original(path: Path) -> Original:
    """Open one file of an original, or explain what is wrong with it."""
    data = _read_bytes(path)
    kind = _kind(data)
    if kind is None:
        raise BadInputError(
            f"{path} is not a scanned image (JPEG, PNG, TIFF) or a PDF. "
            "Give the scanner's output file."
        )
    if kind == "jpeg" and b"\xff\xd9" not in data[-_JPEG_TAIL:]:
        raise BadInputError(
            f"{path} is an incomplete JPEG (the file was cut short). Scan or copy it again."
        )
    if kind == "png" and (data[12:16] != b"IHDR" or len(data) < 33):
        raise BadInputError(f"{path} is a damaged PNG (no image header). Scan it again.")
    oversized = too_many_pixels(data)
    if oversized is not None:
        raise BadInputError(
            f"{path} is {oversized[0]} x {oversized[1]} pixels, far more than a scanned "
            "page; scan it again at 200-300 dpi."
        )
    try:
        document = _open_as_pdf(path, data, kind)
        if document.page_count == 0:
            raise BadInputError(f"{path} has no pages. Scan the original again.")
        if any(page.rect.is_empty for page in document):
            raise BadInputError(f"{path} has a page with no size; it is damaged.")
    except BadInputError:
        raise
    except Exception as exc:  # MuPDF raises several unrelated types for damaged files
        raise BadInputError(
            f"{path} is damaged and cannot be read as {kind.upper()} ({exc}). "
            "Scan or export the original again."
        ) from exc
    return Original(path=path, document=document)


def read_originals(paths: list[Path]) -> list[Original]:
    if not paths:
        raise BadInputError("No pages given: name the scanned files of the original.")
    return [read_original(p) for p in paths]
