"""Decoding page images safely, and small helpers shared by the processing steps."""

import os

# OpenCV refuses larger images before allocating them (read once, at first decode): a
# decompression bomb gets an error instead of eating the counter PC's memory. An A4 page
# at 1200 dpi is 140 million pixels.
MAX_PIXELS = 200_000_000
os.environ.setdefault("OPENCV_IO_MAX_IMAGE_PIXELS", str(MAX_PIXELS))

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from counterdesk.errors import BadInputError  # noqa: E402


def decode_image(data: bytes, origin: str) -> np.ndarray:
    """Decode an encoded image to 8-bit BGR or grey, honouring EXIF orientation."""
    if not data:
        raise BadInputError(f"{origin} is empty (0 bytes). Scan or copy it again.")
    try:
        image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    except cv2.error as exc:
        raise BadInputError(
            f"{origin} cannot be decoded ({str(exc).strip().splitlines()[-1]}); it may be "
            f"damaged or larger than {MAX_PIXELS // 1_000_000} megapixels."
        ) from exc
    if image is None:
        raise BadInputError(f"{origin} is not a readable image; it may be damaged.")
    return normalise_pixels(image)


def normalise_pixels(image: np.ndarray) -> np.ndarray:
    """8-bit, BGR or grey, no alpha (transparent areas become white paper)."""
    if image.dtype == np.uint16:
        image = (image >> 8).astype(np.uint8)
    elif image.dtype != np.uint8:
        image = cv2.normalize(image, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    if image.ndim == 3 and image.shape[2] == 4:
        alpha = image[:, :, 3:4].astype(np.float32) / 255
        image = (image[:, :, :3] * alpha + 255 * (1 - alpha)).astype(np.uint8)
    elif image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    return image


def to_gray(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image


def shrink(image: np.ndarray, long_side: int) -> tuple[np.ndarray, float]:
    """A copy whose long side is at most `long_side` pixels, and the scale applied."""
    scale = long_side / max(image.shape[:2])
    if scale >= 1:
        return image, 1.0
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return small, scale
