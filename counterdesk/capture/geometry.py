"""Finding the page in a photo and flattening it to its true shape; deskewing scans.

Page finding works on a small copy (long side 800 px): the page is the largest bright,
low-chroma region, or failing that the largest four-sided contour of edges. Its sides are
then fitted as straight lines and intersected, so the corners are sub-pixel accurate
even where a shadow or a finger rounds a corner.

The true aspect ratio of a rectangle seen in perspective follows from the quadrilateral
and the camera's focal length, itself estimated from the quadrilateral (Zhang & He,
"Whiteboard scanning and image enhancement", Digital Signal Processing 17(2), 2007).
Common paper formats are then snapped to, so an A4 page comes out exactly A4.
"""

import math
from dataclasses import dataclass

import cv2
import numpy as np

from counterdesk.capture.images import shrink, to_gray

DETECT_LONG_SIDE = 800
MIN_PAGE_AREA = 0.12  # of the frame; smaller bright regions are not the page


@dataclass(frozen=True)
class PaperSize:
    name: str
    short_mm: float
    long_mm: float

    @property
    def ratio(self) -> float:
        return self.long_mm / self.short_mm

    tolerance: float  # relative distance of ratios within which a page is taken as this size


# Formats a commune counter sees. A-series ratios (A4, A5, passports) are taken as A4, the
# common case, with a wide tolerance: a few percent of perspective error must not turn an
# A4 page into something else. ID cards must match closely.
PAPER_SIZES = (
    PaperSize("A4", 210.0, 297.0, tolerance=0.08),
    PaperSize("ID-1 card", 53.98, 85.6, tolerance=0.03),
)
TYPICAL_FOCAL = 0.6


@dataclass(frozen=True)
class Quad:
    """Page corners in image pixels: top-left, top-right, bottom-right, bottom-left."""

    points: np.ndarray  # float32, shape (4, 2)

    def touches_border(self, width: int, height: int, margin: float = 0.004) -> bool:
        m = margin * max(width, height)
        xs, ys = self.points[:, 0], self.points[:, 1]
        return bool(
            (xs < m).any()
            or (ys < m).any()
            or (xs > width - 1 - m).any()
            or (ys > height - 1 - m).any()
        )

    def side_lengths(self) -> tuple[float, float, float, float]:
        p = self.points
        return tuple(float(np.linalg.norm(p[(i + 1) % 4] - p[i])) for i in range(4))


def order_corners(points: np.ndarray) -> np.ndarray:
    """Corners in order top-left, top-right, bottom-right, bottom-left (image coordinates)."""
    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise on screen, starting somewhere
    start = int(np.argmin(pts.sum(axis=1)))  # top-left has the smallest x + y
    return np.roll(pts, -start, axis=0)


def _bright_region_mask(small: np.ndarray) -> np.ndarray:
    """Pixels brighter than their surroundings and not strongly coloured: paper.

    Lightness is divided by its large-scale average first, so a page half in shadow
    still stands out from a darker table as a whole.
    """
    lab = cv2.cvtColor(small, cv2.COLOR_BGR2LAB) if small.ndim == 3 else None
    lightness = (lab[:, :, 0] if lab is not None else small).astype(np.float32)
    # A wide blur, computed on a tiny copy: a 100-pixel kernel at full size is slow.
    tiny = cv2.resize(lightness, None, fx=1 / 8, fy=1 / 8, interpolation=cv2.INTER_AREA)
    tiny = cv2.GaussianBlur(tiny, (0, 0), tiny.shape[1] / 8)
    surroundings = cv2.resize(
        tiny, (small.shape[1], small.shape[0]), interpolation=cv2.INTER_LINEAR
    )
    relative = np.clip(lightness / (surroundings + 1) * 128, 0, 255).astype(np.uint8)
    relative = cv2.GaussianBlur(relative, (7, 7), 0)
    _, mask = cv2.threshold(relative, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if lab is not None:
        chroma = np.hypot(
            lab[:, :, 1].astype(np.float32) - 128, lab[:, :, 2].astype(np.float32) - 128
        )
        mask[chroma > 40] = 0  # wood and fabric are bright but coloured
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)  # text inside the page
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)


def _edge_mask(small: np.ndarray) -> np.ndarray:
    gray = to_gray(small)
    edges = cv2.Canny(cv2.GaussianBlur(gray, (5, 5), 0), 40, 120)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    filled = np.zeros_like(edges)
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    cv2.drawContours(filled, contours, -1, 255, thickness=cv2.FILLED)
    return filled


def _largest_region(mask: np.ndarray) -> np.ndarray | None:
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    if cv2.contourArea(contour) < MIN_PAGE_AREA * mask.shape[0] * mask.shape[1]:
        return None
    return contour


def _quad_from_contour(contour: np.ndarray) -> np.ndarray | None:
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for epsilon in (0.01, 0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, epsilon * perimeter, True)
        if len(approx) == 4:
            return order_corners(approx)
    return None


EDGE_SAMPLES = 48


def _intersect_sides(lines: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray | None:
    """Corners where each side's line (point, direction) meets the previous side's."""
    corners = []
    for i in range(4):
        (p1, d1), (p2, d2) = lines[i - 1], lines[i]
        matrix = np.array([d1, -d2]).T
        if abs(np.linalg.det(matrix)) < 1e-6:
            return None
        t = np.linalg.solve(matrix, p2 - p1)
        corners.append(p1 + t[0] * d1)
    return np.array(corners, dtype=np.float32)


def _edge_offset(gray_profile: np.ndarray) -> float | None:
    """Sub-pixel index of the steepest bright-to-dark step along a profile (inside to out)."""
    smooth = np.convolve(gray_profile, [0.25, 0.5, 0.25], mode="same")
    step = smooth[:-2] - smooth[2:]  # positive where brightness falls going outwards
    i = int(np.argmax(step[1:-1])) + 1
    if step[i] <= 8:
        return None
    left, centre, right = step[i - 1], step[i], step[i + 1]
    denominator = left - 2 * centre + right
    shift = 0.5 * (left - right) / denominator if denominator else 0.0
    return i + 1 + float(np.clip(shift, -0.5, 0.5))


def refine_corners(image: np.ndarray, corners: np.ndarray, reach: float) -> np.ndarray:
    """Move each side onto the page's edge in the full-resolution image, then re-intersect.

    Along every side, brightness profiles are sampled across it (`reach` pixels each
    way); the steepest fall from page to background marks the edge. A line fitted to
    those points (robustly: a finger or a shadow spoils only a few) is the side.
    """
    gray = image if image.ndim == 2 else None
    height, width = image.shape[:2]
    centre = corners.mean(axis=0)
    offsets = np.arange(-reach, reach + 1, dtype=np.float32)
    lines = []
    for i in range(4):
        a, b = corners[i], corners[(i + 1) % 4]
        direction = (b - a) / max(float(np.linalg.norm(b - a)), 1e-6)
        normal = np.array([-direction[1], direction[0]], dtype=np.float32)
        if normal @ (a - centre) < 0:
            normal = -normal  # point outwards
        bases = a + np.linspace(0.1, 0.9, EDGE_SAMPLES)[:, None] * (b - a)
        xy = bases[:, None, :] + offsets[None, :, None] * normal  # samples x offsets x 2
        xs = np.clip(np.round(xy[..., 0]).astype(int), 0, width - 1)
        ys = np.clip(np.round(xy[..., 1]).astype(int), 0, height - 1)
        values = gray[ys, xs] if gray is not None else image[ys, xs].mean(axis=2)
        points = []
        for base, profile in zip(bases, values.astype(np.float32), strict=True):
            found = _edge_offset(profile)
            if found is not None:
                points.append(base + (found - reach) * normal)
        if len(points) < EDGE_SAMPLES // 3:
            return corners
        line = cv2.fitLine(np.array(points, np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((line[2:], line[:2]))
    result = _intersect_sides(lines)
    if result is None:
        return corners
    if np.abs(result - corners).max() > 2 * reach:
        return corners
    return result


def _plausible(corners: np.ndarray, shape: tuple[int, int]) -> bool:
    area = cv2.contourArea(corners)
    if area < MIN_PAGE_AREA * shape[0] * shape[1]:
        return False
    if not cv2.isContourConvex(corners.reshape(-1, 1, 2)):
        return False
    for i in range(4):
        u = corners[i - 1] - corners[i]
        v = corners[(i + 1) % 4] - corners[i]
        cos = float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v) + 1e-9))
        if abs(cos) > 0.7:  # corner angle outside 45..135 degrees
            return False
    return True


def find_page(image: np.ndarray) -> Quad | None:
    """The page's corners in a photo, or None when no page stands out from the background."""
    small, scale = shrink(image, DETECT_LONG_SIDE)
    best = None
    for mask in (_bright_region_mask(small), _edge_mask(small)):
        contour = _largest_region(mask)
        if contour is None:
            continue
        corners = _quad_from_contour(contour)
        if corners is None or not _plausible(corners, small.shape[:2]):
            continue
        area = cv2.contourArea(corners)
        if best is None or area > best[0] * 1.05:
            best = (area, corners)
    if best is None:
        return None
    corners = (best[1] / scale).astype(np.float32)
    return Quad(points=refine_corners(image, corners, reach=max(4.0, 2.5 / scale)))


def _diagonals_crossing(corners: np.ndarray) -> np.ndarray:
    """Where the quadrilateral's diagonals cross: the image of the page's centre."""
    tl, tr, br, bl = corners.astype(np.float64)
    d1, d2 = br - tl, bl - tr
    t = np.linalg.solve(np.array([d1, -d2]).T, tr - tl)[0]
    return tl + t * d1


def _zhang_aspect(corners: np.ndarray, width: int, height: int) -> float:
    """Width/height of the real rectangle seen as `corners`.

    The principal point is taken where the camera was aimed: the page's centre, where the
    diagonals cross (the same as the photo's centre for an uncropped photo of a centred
    page; right also for a cropped photo or a page off to one side of a document camera).
    When the quadrilateral does not pin the focal length down (a page tilted about one
    axis only has a vanishing point at infinity), a phone's typical focal length is used:
    26 mm in 35 mm terms, 0.6 of the image diagonal.
    """
    centre = _diagonals_crossing(corners)
    tl, tr, br, bl = (np.append(p - centre, 1.0) for p in corners.astype(np.float64))
    m1, m2, m3, m4 = tl, tr, bl, br
    k2 = np.dot(np.cross(m1, m4), m3) / np.dot(np.cross(m2, m4), m3)
    k3 = np.dot(np.cross(m1, m4), m2) / np.dot(np.cross(m3, m4), m2)
    n2 = k2 * m2 - m1
    n3 = k3 * m3 - m1
    diagonal = math.hypot(width, height)
    f2 = (TYPICAL_FOCAL * diagonal) ** 2
    if abs(n2[2] * n3[2]) > 1e-6:
        estimated = -(n2[0] * n3[0] + n2[1] * n3[1]) / (n2[2] * n3[2])
        if (0.3 * diagonal) ** 2 < estimated < (3 * diagonal) ** 2:
            f2 = estimated
    num = (n2[0] ** 2 + n2[1] ** 2) / f2 + n2[2] ** 2
    den = (n3[0] ** 2 + n3[1] ** 2) / f2 + n3[2] ** 2
    return math.sqrt(num / den)


def page_aspect(quad: Quad, width: int, height: int) -> float:
    """Width/height of the page seen in `quad` (photo of `width` x `height` pixels)."""
    return snap_to_paper(_zhang_aspect(quad.points, width, height))[0]


def snap_to_paper(aspect: float) -> tuple[float, PaperSize | None]:
    """Snap a width/height ratio to a known paper format when it is within tolerance."""
    portrait = aspect < 1
    long_ratio = 1 / aspect if portrait else aspect
    for paper in PAPER_SIZES:
        if abs(long_ratio / paper.ratio - 1) <= paper.tolerance:
            return (1 / paper.ratio if portrait else paper.ratio), paper
    return aspect, None


def physical_size_mm(aspect: float) -> tuple[float, float]:
    """(width, height) in mm for a page of this ratio: its paper format, else A4's long side."""
    _, paper = snap_to_paper(aspect)
    long_mm, short_mm = (
        (paper.long_mm, paper.short_mm) if paper else (297.0, 297.0 / max(aspect, 1 / aspect))
    )
    return (short_mm, long_mm) if aspect < 1 else (long_mm, short_mm)


def flatten(image: np.ndarray, quad: Quad, size_px: tuple[int, int]) -> np.ndarray:
    """Warp the page inside `quad` to an upright rectangle of `size_px` (width, height)."""
    width, height = size_px
    target = np.array(
        [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32
    )
    matrix = cv2.getPerspectiveTransform(quad.points, target)
    return cv2.warpPerspective(
        image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


def levelling_angle(gray: np.ndarray, max_degrees: float = 8.0) -> float:
    """The rotation (degrees, counter-clockwise) that levels the text lines of a scan.

    Found by projection profiles: the rotation that makes the rows of ink most uneven
    (sharp lines, clean gaps) is the one that levels the text.
    """
    small, _ = shrink(gray, DETECT_LONG_SIDE)
    ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    if cv2.countNonZero(ink) < 0.002 * ink.size:
        return 0.0
    centre = (ink.shape[1] / 2, ink.shape[0] / 2)

    def score(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rotated = cv2.warpAffine(ink, matrix, (ink.shape[1], ink.shape[0]), flags=cv2.INTER_NEAREST)
        profile = rotated.sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(profile)).sum())

    best = max(np.arange(-max_degrees, max_degrees + 0.01, 0.5), key=score)
    fine = np.arange(best - 0.5, best + 0.51, 0.1)
    return float(max(fine, key=score))


def rotate(image: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate by `degrees` counter-clockwise about the centre, filling with the edge colour."""
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(
        image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
