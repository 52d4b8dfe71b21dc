"""Decoding page images safely, and small helpers shared by the processing steps."""

import os

from counterdesk.domain.image_header import MAX_PIXELS, too_many_pixels

# OpenCV refuses larger images before allocating them (read once, at first decode); PNG
# and JPEG headers are also checked here first, for a message that says what is wrong.
os.environ.setdefault("OPENCV_IO_MAX_IMAGE_PIXELS", str(MAX_PIXELS))

# Smaller than this on a side, an image cannot hold a legible page (half an inch at 200 dpi).
MIN_SIDE_PX = 100
# How far from the end a JPEG's end-of-image marker may sit (cameras append trailers).
JPEG_TAIL = 64 * 1024

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from counterdesk.errors import BadInputError  # noqa: E402


def decode_image(data: bytes, origin: str) -> np.ndarray:
    """Decode an encoded image to 8-bit BGR or grey, honouring EXIF orientation."""
    if not data:
        raise BadInputError(f"{origin} is empty (0 bytes). Scan or copy it again.")
    # A cut-short JPEG decodes "successfully" with its missing rows grey: refuse it.
    if data.startswith(b"\xff\xd8") and b"\xff\xd9" not in data[-JPEG_TAIL:]:
        raise BadInputError(
            f"{origin} is an incomplete JPEG (the file was cut short) and cannot be decoded "
            "whole. Scan or copy it again."
        )
    oversized = too_many_pixels(data)
    if oversized is not None:
        raise BadInputError(
            f"{origin} is {oversized[0]} x {oversized[1]} pixels, far more than a scanned page "
            f"(at most {MAX_PIXELS // 1_000_000} megapixels); scan it again at 200-300 dpi."
        )
    try:
        image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    except cv2.error as exc:
        raise BadInputError(
            f"{origin} cannot be decoded ({str(exc).strip().splitlines()[-1]}); it may be "
            f"damaged or larger than {MAX_PIXELS // 1_000_000} megapixels."
        ) from exc
    if image is None:
        raise BadInputError(f"{origin} cannot be decoded as an image; it may be damaged.")
    height, width = image.shape[:2]
    if min(height, width) < MIN_SIDE_PX:
        raise BadInputError(
            f"{origin} is only {width} x {height} pixels, too small to be a page; "
            "scan or photograph the page at 200-300 dpi."
        )
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
    """A copy whose long side is at most `long_side` pixels, and the scale applied.

    Large reductions take every n-th pixel first, then interpolate the rest: a
    12-megapixel photo becomes a detection copy in 2 ms instead of 30 ms by area
    averaging. The copies serve decisions (page outline, orientation, quality), which
    aliasing of fine detail does not sway.
    """
    scale = long_side / max(image.shape[:2])
    if scale >= 1:
        return image, 1.0
    step = int(1 / scale)
    coarse = np.ascontiguousarray(image[::step, ::step]) if step >= 2 else image
    target = (max(1, round(image.shape[1] * scale)), max(1, round(image.shape[0] * scale)))
    return cv2.resize(coarse, target, interpolation=cv2.INTER_LINEAR), scale
