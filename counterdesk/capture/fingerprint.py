"""Perceptual fingerprints of clean pages, to notice the same page scanned twice.

A 256-bit difference hash of the page at 17 x 16 pixels: insensitive to resolution,
compression and small shifts, sensitive to layout. Two pages of the same printed form
filled for different people can come close, so a match only links and warns; it never
drops a page.
"""

import cv2
import numpy as np

from counterdesk.capture.images import to_gray

HASH_BITS = 256
DUPLICATE_DISTANCE = 10  # differing bits out of 256


def fingerprint(page: np.ndarray) -> str:
    small = cv2.resize(to_gray(page), (17, 16), interpolation=cv2.INTER_AREA).astype(np.int16)
    bits = (small[:, 1:] > small[:, :-1]).flatten()
    return np.packbits(bits).tobytes().hex()


def distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()
