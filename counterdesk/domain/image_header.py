"""Reading an image's pixel size from its header, before anything decodes it.

Both the certification originals (PyMuPDF) and capture (OpenCV) refuse decompression
bombs with it: a 400-megapixel PNG of zeros is a few hundred kilobytes on disk.
"""

import struct

# An A4 page at 1200 dpi is 140 million pixels; past this an "image" is an attack or
# a mistake, not a scan.
MAX_PIXELS = 200_000_000

# JPEG start-of-frame markers: SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC).
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 9 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        length = struct.unpack(">H", data[at + 2 : at + 4])[0]
        if marker in _SOF:
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height
        at += 2 + length
    return None


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG or JPEG from its header; None for other or broken headers."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def too_many_pixels(data: bytes) -> tuple[int, int] | None:
    """The header's size when it exceeds MAX_PIXELS, else None."""
    size = image_size(data)
    if size is not None and size[0] * size[1] > MAX_PIXELS:
        return size
    return None
