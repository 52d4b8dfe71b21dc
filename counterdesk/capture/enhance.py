"""Cleaning a flattened page: even lighting, upright orientation, output modes."""

import cv2
import numpy as np

from counterdesk.capture.images import shrink, to_gray

MODES = ("color", "gray", "bw")


def even_lighting(image: np.ndarray) -> np.ndarray:
    """Divide out the paper's brightness so shadows and gradients become white paper.

    The background is estimated on a 1/8 copy by a max filter wider than any text
    stroke (text is dark, paper is the local maximum), then scaled back up; per channel
    for colour pages, which also removes a colour cast from the lamp.
    """
    height, width = image.shape[:2]
    small, _ = shrink(image, max(8, max(height, width) // 8))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9))
    background = cv2.dilate(small, kernel)
    background = cv2.GaussianBlur(background, (0, 0), 3)
    background = cv2.resize(background, (width, height), interpolation=cv2.INTER_LINEAR)
    return cv2.LUT(cv2.divide(image, background, scale=255), _DOCUMENT_CURVE)


# Tone curve of a scanner's document mode: paper at 85% of its local brightness or more
# becomes pure white (flat areas cost almost nothing in JPEG and look clean), ink is
# deepened a little.
_DOCUMENT_CURVE = np.clip((np.arange(256) - 25) * 255 / (217 - 25), 0, 255).astype(np.uint8)


def _line_profile_sharpness(ink: np.ndarray, axis: int) -> float:
    profile = ink.sum(axis=axis, dtype=np.float64)
    mean = profile.mean()
    return float(profile.var() / (mean * mean)) if mean > 0 else 0.0


def _upside_down(ink: np.ndarray) -> bool | None:
    """Whether horizontal text lines are upside down; None when there is too little text.

    In Vietnamese (and Latin) text more ink stands above the x-height band than below
    it: ascenders, capitals and most diacritics are above, only a few descenders and
    the dot of 'nặng' below.
    """
    profile = ink.sum(axis=1, dtype=np.float64)
    if profile.max() == 0:
        return None
    in_line = profile > 0.05 * profile.max()
    above = below = 0.0
    y, rows = 0, len(profile)
    while y < rows:
        if not in_line[y]:
            y += 1
            continue
        start = y
        while y < rows and in_line[y]:
            y += 1
        band = profile[start:y]
        if len(band) < 4:
            continue
        core = np.nonzero(band >= 0.5 * band.max())[0]
        above += band[: core[0]].sum()
        below += band[core[-1] + 1 :].sum()
    if above + below < 50:
        return None
    return below > above * 1.1


def upright_rotation(image: np.ndarray) -> int:
    """Clockwise quarter turns (0-3) that make the page's text upright."""
    small, _ = shrink(to_gray(image), 1600)
    ink = (small < 128).astype(np.uint8)
    if ink.sum() < 0.001 * ink.size:
        return 0
    vertical = _line_profile_sharpness(ink, axis=0) > 1.2 * _line_profile_sharpness(ink, axis=1)
    turns = 1 if vertical else 0
    if vertical:
        ink = np.rot90(ink, k=-1)  # quarter turn clockwise: lines become horizontal
    upside_down = _upside_down(ink)
    if upside_down:
        turns += 2
    return turns % 4


def apply_rotation(image: np.ndarray, turns: int) -> np.ndarray:
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(image, codes[turns]) if turns % 4 else image


def choose_mode(image: np.ndarray) -> str:
    """Colour when there is colour ink (a red seal must stay red), grey for pictures, else b/w."""
    small = cv2.resize(image, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    # The outer 3% can hold a sliver of table left by flattening: not the page's colour.
    margin_y, margin_x = (max(1, round(0.03 * n)) for n in small.shape[:2])
    small = small[margin_y:-margin_y, margin_x:-margin_x]
    if small.ndim == 3:
        lab = cv2.cvtColor(small, cv2.COLOR_BGR2LAB).astype(np.int16)
        chroma = np.hypot(lab[:, :, 1] - 128, lab[:, :, 2] - 128)
        coloured = (chroma > 30) & (lab[:, :, 0] < 235)
        if coloured.sum() > 0.0008 * coloured.size:
            return "color"
        gray = lab[:, :, 0].astype(np.uint8)
    else:
        gray = small
    midtones = ((gray > 60) & (gray < 190)).sum()
    return "gray" if midtones > 0.08 * gray.size else "bw"


def bw_threshold(gray: np.ndarray) -> int:
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return int(min(max(otsu, 120), 200))


def convert(image: np.ndarray, mode: str) -> np.ndarray:
    """The page in `mode`: BGR for colour, 8-bit grey, or 0/255 grey for black-and-white."""
    if mode == "color":
        return image if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    gray = to_gray(image)
    if mode == "gray":
        return gray
    _, bw = cv2.threshold(gray, bw_threshold(gray), 255, cv2.THRESH_BINARY)
    return bw
