"""Quality checks on a captured page. They warn; they never drop a page."""

import cv2
import numpy as np

from counterdesk.capture.images import shrink, to_gray
from counterdesk.domain.page_warnings import PageWarning, page_warning

MIN_DPI = 200  # Circular 02/2019/TT-BNV: digitized documents at 200 dpi or more
BLANK_INK_SHARE = 0.002  # ink pixels / page pixels below which a page is blank
# Mean squared Laplacian next to ink, on the clean page at 1240 px on its long side:
# sharp text gives about 200,000; a photo blurred by 2 px (sigma, at 300 dpi) about
# 50,000, by 4 px about 13,000 (measured on the synthetic photos of the tests).
BLUR_EDGE_ENERGY = 30_000.0
DARK_MEAN = 90  # mean brightness (0-255) of the page before its lighting is evened


def is_dark(page_before_cleaning: np.ndarray) -> bool:
    small, _ = shrink(to_gray(page_before_cleaning), 400)
    return float(small.mean()) < DARK_MEAN


def ink_share(clean_gray: np.ndarray) -> float:
    """Share of pixels clearly darker than paper; faint or blurred writing counts too."""
    small, _ = shrink(clean_gray, 1240)
    return float((small < 200).mean())


def edge_energy(clean_gray: np.ndarray) -> float:
    """Mean squared Laplacian over the pixels next to ink: how crisp the strokes are."""
    small, _ = shrink(clean_gray, 1240)
    laplacian = cv2.Laplacian(small, cv2.CV_32F, ksize=3)
    near_ink = cv2.dilate((small < 160).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    if not near_ink.any():
        return 0.0
    return float(np.square(laplacian[near_ink]).mean())


def check_page(clean_gray: np.ndarray, dark: bool) -> list[PageWarning]:
    """Warnings about the page's content; framing and resolution are judged where known."""
    warnings = []
    blank = ink_share(clean_gray) < BLANK_INK_SHARE
    if blank:
        warnings.append(page_warning("blank"))
    elif edge_energy(clean_gray) < BLUR_EDGE_ENERGY:
        warnings.append(page_warning("blur"))
    if dark:
        warnings.append(page_warning("dark"))
    return warnings
