"""From a raw page image to a clean, upright page at a known resolution, with warnings.

Photos: find the page, flatten it to its true aspect ratio at `photo_dpi` of its paper
size. Scans: keep the scanner's resolution (capped at `max_dpi`, raised to the legal
minimum) and level the text lines. Then even out the lighting, turn the page upright,
check its quality and convert it to the output mode.

Decisions (orientation, mode, blank, blur, dark) are taken on a small preview of the
flattened page (1240 pixels on its long side: 106 dpi for A4); the full-resolution page
is rendered once, directly in the chosen colour space. That keeps a 12-megapixel photo
well under the per-page time budget.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np

from counterdesk.capture import enhance, geometry, quality
from counterdesk.capture.images import to_gray
from counterdesk.capture.sources.base import RawPage
from counterdesk.domain.page_warnings import PageWarning, page_warning

MM_PER_INCH = 25.4
A4_LONG_INCHES = 297 / MM_PER_INCH
PREVIEW_LONG_SIDE = 1240

# render(scale, gray) -> the flattened, levelled page at `scale` of its output size
Renderer = Callable[[float, bool], np.ndarray]
# (width, height) of the output page in pixels
Size = tuple[float, float]


@dataclass(frozen=True)
class CaptureSettings:
    mode: str = "auto"  # "auto" | "color" | "gray" | "bw"
    photo_dpi: int = 300
    max_dpi: int = 300
    min_dpi: int = quality.MIN_DPI


@dataclass
class ProcessedPage:
    image: np.ndarray  # BGR (colour), or 2-D uint8 (grey; black-and-white is 0/255)
    mode: str
    dpi: int
    warnings: list[PageWarning]
    rotation_turns: int  # clockwise quarter turns applied to make it upright
    timings_ms: dict[str, float] = field(default_factory=dict)


class _Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = (now - self._last) * 1000
        self._last = now


def _photo_renderer(
    raw: RawPage,
    quad: geometry.Quad | None,
    settings: CaptureSettings,
    warnings: list[PageWarning],
) -> tuple[Renderer, int, Size]:
    image = raw.image
    height, width = image.shape[:2]
    if quad is None:
        warnings.append(page_warning("page_not_found"))
        corners = [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]]
        quad = geometry.Quad(np.array(corners, dtype=np.float32))
    elif quad.touches_border(width, height):
        warnings.append(page_warning("cut_off"))
    aspect = geometry.page_aspect(quad, width, height)
    width_mm, height_mm = geometry.physical_size_mm(aspect)
    seen_dpi = max(quad.side_lengths()) / (max(width_mm, height_mm) / MM_PER_INCH)
    if seen_dpi < settings.min_dpi:
        warnings.append(page_warning("low_resolution", dpi=round(seen_dpi)))
    dpi = settings.photo_dpi
    size = (width_mm / MM_PER_INCH * dpi, height_mm / MM_PER_INCH * dpi)

    def render(scale: float, gray: bool) -> np.ndarray:
        source = to_gray(image) if gray else image
        target = (round(size[0] * scale), round(size[1] * scale))
        return geometry.flatten(source, quad, target)

    return render, dpi, size


def _scan_renderer(
    raw: RawPage, settings: CaptureSettings, warnings: list[PageWarning]
) -> tuple[Renderer, int, Size]:
    image = raw.image
    source_dpi = raw.dpi or max(image.shape[:2]) / A4_LONG_INCHES
    if source_dpi < settings.min_dpi:
        warnings.append(page_warning("low_resolution", dpi=round(source_dpi)))
    dpi = round(min(max(source_dpi, settings.min_dpi), settings.max_dpi))
    angle = geometry.levelling_angle(to_gray(image))

    def render(scale: float, gray: bool) -> np.ndarray:
        source = to_gray(image) if gray else image
        factor = dpi / source_dpi * scale
        if abs(factor - 1) > 0.01:
            interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
            source = cv2.resize(source, None, fx=factor, fy=factor, interpolation=interpolation)
        return geometry.rotate(source, angle) if abs(angle) >= 0.2 else source

    factor = dpi / source_dpi
    return render, dpi, (image.shape[1] * factor, image.shape[0] * factor)


def _looks_like_photo(image: np.ndarray, quad: geometry.Quad | None) -> bool:
    """A page standing out from a background is a photo; a page filling the frame, a scan."""
    if quad is None:
        return False
    height, width = image.shape[:2]
    return cv2.contourArea(quad.points) < 0.9 * width * height


def process_page(raw: RawPage, settings: CaptureSettings = CaptureSettings()) -> ProcessedPage:
    timer = _Timer()
    warnings: list[PageWarning] = []
    quad = geometry.find_page(raw.image) if raw.is_photo is not False else None
    photo = raw.is_photo if raw.is_photo is not None else _looks_like_photo(raw.image, quad)
    if photo:
        render, dpi, size = _photo_renderer(raw, quad, settings, warnings)
    else:
        render, dpi, size = _scan_renderer(raw, settings, warnings)
    timer.lap("find")

    preview = render(min(1.0, PREVIEW_LONG_SIDE / max(size)), raw.image.ndim == 2)
    clean_preview = enhance.even_lighting(preview)
    turns = enhance.upright_rotation(clean_preview)
    mode = enhance.choose_mode(clean_preview) if settings.mode == "auto" else settings.mode
    warnings += quality.check_page(to_gray(clean_preview), dark=quality.is_dark(preview))
    timer.lap("preview")

    page = render(1.0, mode != "color")
    timer.lap("flatten")
    page = enhance.apply_rotation(enhance.even_lighting(page), turns)
    timer.lap("lighting")
    output = enhance.convert(page, mode)
    timer.lap("convert")
    return ProcessedPage(output, mode, dpi, warnings, turns, timer.timings)
