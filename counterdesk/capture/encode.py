"""Encoding processed pages compactly for the digitized PDF.

- colour: JPEG, passed through into the PDF unchanged;
- black-and-white: CCITT Group 4, the fax code every PDF reader decodes (about 40 KB
  for a dense A4 page at 300 dpi, where Flate needs 70 KB);
- grey: mixed raster content, as document scanners' "compact PDF" does: the text as a
  300 dpi Group 4 stencil painted black, over a 200 dpi JPEG of everything else
  (pictures, stamps, shading) with the text lifted out. JPEG alone spends 300-400 KB on
  the edges of dense text at 300 dpi.
"""

import io
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from counterdesk.capture.pipeline import ProcessedPage

JPEG_QUALITY = {"color": 65, "gray": 60}
BACKGROUND_SCALE = 2 / 3  # 300 dpi pages get a 200 dpi background
TEXT_LEVEL = 140  # grey darker than this, in thin strokes, is text
STROKE_PX = 9  # wider dark areas (photos, filled shapes) stay in the background


@dataclass(frozen=True)
class EncodedPage:
    data: bytes  # JPEG (colour, or grey background) or Group 4 (black-and-white)
    kind: str  # "jpeg" | "g4" | "mrc"
    width_px: int
    height_px: int
    mask: bytes | None = None  # "mrc": the Group 4 text stencil, at width_px x height_px
    background_px: tuple[int, int] | None = None  # "mrc": the background's (width, height)

    @property
    def size(self) -> int:
        """Bytes the page's images take in the PDF."""
        return len(self.data) + len(self.mask or b"")


def group4(black: np.ndarray) -> bytes:
    """Group 4 (K=-1) coding of a boolean image, True = black, as one strip.

    Decoded with /BlackIs1 true, black comes out as 0 (DeviceGray black, or "paint" for
    a stencil mask).
    """
    buffer = io.BytesIO()
    Image.fromarray(~black).save(buffer, "TIFF", compression="group4", strip_size=2**31 - 1)
    tiff = Image.open(io.BytesIO(buffer.getvalue()))
    (offset,), (length,) = tiff.tag_v2[273], tiff.tag_v2[279]
    return buffer.getvalue()[offset : offset + length]


def _jpeg(image: np.ndarray, quality: int) -> bytes:
    ok, data = cv2.imencode(
        ".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality, cv2.IMWRITE_JPEG_OPTIMIZE, 1]
    )
    if not ok:
        raise ValueError("JPEG encoding failed")
    return data.tobytes()


def split_text(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(text mask at full resolution, background at BACKGROUND_SCALE with the text lifted out).

    Text is dark in thin strokes; dark areas wider than STROKE_PX (photos, filled shapes)
    stay in the background. The work is done at the background's resolution, except the
    mask itself.
    """
    height, width = gray.shape
    small = cv2.resize(
        gray, None, fx=BACKGROUND_SCALE, fy=BACKGROUND_SCALE, interpolation=cv2.INTER_LINEAR
    )
    side = max(3, round(STROKE_PX * BACKGROUND_SCALE))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (side, side))
    dark_small = (small < TEXT_LEVEL).view(np.uint8)
    wide_small = cv2.dilate(cv2.morphologyEx(dark_small, cv2.MORPH_OPEN, kernel), kernel)
    wide = cv2.resize(wide_small, (width, height), interpolation=cv2.INTER_NEAREST)
    text = (gray < TEXT_LEVEL) & (wide == 0)
    text_small = dark_small & (wide_small == 0)
    # Under the text, the background takes the brightest nearby value: paper, mostly.
    lifted = np.where(cv2.dilate(text_small, None) > 0, cv2.dilate(small, kernel), small)
    return text, lifted


def encode_page(page: ProcessedPage) -> EncodedPage:
    height, width = page.image.shape[:2]
    if page.mode == "bw":
        return EncodedPage(group4(page.image < 128), "g4", width, height)
    if page.mode == "color":
        return EncodedPage(_jpeg(page.image, JPEG_QUALITY["color"]), "jpeg", width, height)
    text, lifted = split_text(page.image)
    background = cv2.resize(
        lifted, None, fx=BACKGROUND_SCALE, fy=BACKGROUND_SCALE, interpolation=cv2.INTER_AREA
    )
    return EncodedPage(
        data=_jpeg(background, JPEG_QUALITY["gray"]),
        kind="mrc",
        width_px=width,
        height_px=height,
        mask=group4(text),
        background_px=(background.shape[1], background.shape[0]),
    )


def ocr_image(page: ProcessedPage) -> bytes:
    """A lossless, quickly written PNG of the page for the OCR engine."""
    params = [cv2.IMWRITE_PNG_COMPRESSION, 1]
    if page.mode == "bw":
        params += [cv2.IMWRITE_PNG_BILEVEL, 1]
    image = page.image if page.mode != "color" else cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY)
    ok, png = cv2.imencode(".png", image, params)
    if not ok:
        raise ValueError("PNG encoding failed")
    return png.tobytes()
