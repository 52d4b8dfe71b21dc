"""Image and PDF files as a capture source (also what the watched folder feeds)."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import cv2
import numpy as np

from counterdesk.capture.images import decode_image, normalise_pixels
from counterdesk.capture.sources.base import RawPage, SourceInfo
from counterdesk.errors import BadInputError

# (file bytes, origin) -> (encoded page image, dpi) for each page of a PDF. PDFs are read
# by the documents package; capture stays free of PDF code.
PdfReader = Callable[[bytes, str], Iterator[tuple[bytes, float]]]

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".pdf"}


def _is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def _tiff(data: bytes) -> bool:
    return data.startswith((b"II*\x00", b"MM\x00*"))


def _tiff_dpi(data: bytes) -> float | None:
    """XResolution of the first IFD, when the unit is inches or centimetres."""
    little = data.startswith(b"II")
    order = "little" if little else "big"

    def number(offset: int, size: int) -> int:
        return int.from_bytes(data[offset : offset + size], order)

    try:
        ifd = number(4, 4)
        x_resolution, unit = None, 2
        for i in range(number(ifd, 2)):
            entry = ifd + 2 + 12 * i
            tag, value = number(entry, 2), entry + 8
            if tag == 282:  # XResolution, a RATIONAL stored at an offset
                offset = number(value, 4)
                x_resolution = number(offset, 4) / max(1, number(offset + 4, 4))
            elif tag == 296:  # ResolutionUnit: 2 inch, 3 centimetre
                unit = number(value, 2)
    except (IndexError, ValueError):
        return None
    if not x_resolution:
        return None
    return x_resolution * 2.54 if unit == 3 else x_resolution


def _jpeg_dpi(data: bytes) -> float | None:
    """Density from the JFIF APP0 segment, when its unit is inches or centimetres."""
    if data[6:11] != b"JFIF\x00":
        return None
    unit, x_density = data[13], int.from_bytes(data[14:16], "big")
    if unit == 1 and x_density > 1:
        return float(x_density)
    if unit == 2 and x_density > 1:
        return x_density * 2.54
    return None


def _png_dpi(data: bytes) -> float | None:
    at = data.find(b"pHYs", 0, 4096)
    if at < 0 or data[at + 12] != 1:  # unit 1: metre
        return None
    return int.from_bytes(data[at + 4 : at + 8], "big") * 0.0254


def _plausible(dpi: float | None) -> float | None:
    # Cameras and editors write 72 or 96 dpi by default: that says nothing of the page.
    return dpi if dpi is not None and dpi >= 100 else None


def image_dpi(data: bytes) -> float | None:
    """The resolution recorded in a JPEG or PNG, when it is a real scanning resolution."""
    if data.startswith(b"\xff\xd8"):
        return _plausible(_jpeg_dpi(data))
    if data.startswith(b"\x89PNG"):
        return _plausible(_png_dpi(data))
    return None


@dataclass
class FileSource:
    """Pages of image and PDF files, in the order given.

    Whether an image is a photo or a scan is left to the pipeline, which looks at it;
    PDF pages are scans.
    """

    paths: list[Path]
    read_pdf: PdfReader
    info: ClassVar[SourceInfo] = SourceInfo("files", "files", "Image and PDF files")

    @staticmethod
    def _decoded(data: bytes, origin: str, dpi: float | None, photo: bool | None) -> RawPage:
        return RawPage(decode_image(data, origin), dpi, origin, photo)

    def pages(self) -> Iterator[RawPage]:
        for path in self.paths:
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                raise BadInputError(f"{path}: no such file. Check the file name.") from None
            except OSError as exc:
                raise BadInputError(f"{path} cannot be read ({exc.strerror}).") from exc
            if not data:
                raise BadInputError(f"{path} is empty (0 bytes). Scan or copy it again.")
            if _is_pdf(data):
                for n, (image, dpi) in enumerate(self.read_pdf(data, str(path)), start=1):
                    # A PDF page image is a scan unless its resolution says otherwise.
                    yield self._decoded(image, f"{path} page {n}", dpi, photo=False)
            elif _tiff(data):
                yield from self._tiff_pages(data, path)
            else:
                yield self._decoded(data, str(path), image_dpi(data), photo=None)

    def _tiff_pages(self, data: bytes, path: Path) -> Iterator[RawPage]:
        ok, frames = cv2.imdecodemulti(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
        if not ok or not frames:
            raise BadInputError(f"{path} is not a readable TIFF; it may be damaged.")
        dpi = _plausible(_tiff_dpi(data))
        for n, frame in enumerate(frames, start=1):
            yield RawPage(normalise_pixels(frame), dpi, f"{path} page {n}", None)
