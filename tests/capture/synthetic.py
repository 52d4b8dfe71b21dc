"""Synthetic ground truth and degraded captures for the page-processing tests and benchmark.

Every image is a uint8 BGR numpy array and every generator is deterministic for its seed.
A truth page is a Vietnamese civil document rendered by PyMuPDF with the bundled Noto Serif,
so glyphs are real and OCR can read them. The degraded captures are made from a truth page
the way a counter gets them: a phone photo of the page lying on a table (true perspective,
any of four orientations, uneven light, blur, noise, JPEG), a flatbed scan with a little
skew, a blank sheet, a page cut off by the frame and an underexposed photo. Photos return
where the page's corners landed, so a test can check what the pipeline found.

Conventions: sizes are (width, height) in pixels; a truth page is 300 dpi; a rotation is
clockwise in degrees as the page appears in the photo; a skew is counter-clockwise in
degrees (OpenCV's sense); corners are float32 (4, 2) arrays of (x, y) in the order of the
page's own top-left, top-right, bottom-right and bottom-left.
"""

import statistics
from functools import lru_cache
from typing import Literal

import cv2
import numpy as np
import pymupdf

from counterdesk.documents.fonts import font

Background = Literal["wood", "fabric", "desk"]

TRUTH_DPI = 300
A4_PX = (2480, 3508)
PHOTO_PX = (4000, 3000)
TITLE = "GIẤY KHAI SINH"
# Words every truth page prints at body size or larger, whatever the seed: OCR tests look
# for them. "XÁCNHẬN" is one token that no dictionary or neighbouring text can supply.
KNOWN_WORDS = ("XÁCNHẬN", "Tân Phú", "Nguyễn", "Đức", "Hạnh phúc", "chứng thực")

_A4_PT = (595.28, 841.89)
_INK = (0.08, 0.08, 0.08)  # exactly grey, so a page without a seal has no colour at all
_SEAL_RED = (0.82, 0.1, 0.1)
_MARGIN_PT = 56.0
_SIGNATURE_BLOCK_PT = 122.0  # from the last body line to the signer's name
_PAPER_IN_LIGHT = 0.93  # white paper under room light, before shadows

_NAMES = ("NGUYỄN VĂN ĐỨC", "TRẦN THỊ BÍCH ĐÀO", "LÊ HOÀNG PHÚC", "PHẠM THỊ NGỌC ÁNH")
_MOTHERS = ("Nguyễn Thị Hạnh", "Võ Thị Mỹ Dung", "Đặng Thị Thu Hà", "Huỳnh Thị Lan")
_FATHERS = ("Trần Quốc Bảo", "Lê Văn Đức", "Phạm Minh Tuấn", "Bùi Văn Khải")
_FIXED_LINES = (
    "Quê quán: xã Đức Hòa, tỉnh Tây Ninh",
    "Nơi sinh: Trạm Y tế xã Tân Phú, tỉnh Đồng Nai",
    "Ủy ban nhân dân xã Tân Phú XÁCNHẬN nội dung khai sinh nêu trên là đúng.",
    "Bản sao được chứng thực từ bản chính theo Nghị định 23/2015/NĐ-CP.",
)
_FILLER_LINES = (
    "Dân tộc: Kinh          Quốc tịch: Việt Nam",
    "Nơi đăng ký khai sinh: Ủy ban nhân dân xã Tân Phú, tỉnh Đồng Nai",
    "Giấy tờ tùy thân của người đi khai sinh: Căn cước số 075190012345",
    "Ghi chú: bản sao có giá trị sử dụng thay cho bản chính trong giao dịch.",
    "Nơi cư trú của cha, mẹ: ấp Bình Minh, xã Tân Phú, tỉnh Đồng Nai",
    "Quan hệ với người được khai sinh: mẹ đẻ, cùng hộ khẩu thường trú.",
    "Sổ đăng ký khai sinh số 03, quyển 01/2026, trang 42.",
    "Người thực hiện: công chức tư pháp - hộ tịch xã Tân Phú.",
    "Hồ sơ gồm: tờ khai, giấy chứng sinh, giấy tờ tùy thân của cha mẹ.",
    "Đề nghị cơ quan, tổ chức liên quan tạo điều kiện cho công dân.",
    "Trường hợp có sai sót, công dân liên hệ bộ phận một cửa để điều chỉnh.",
    "Thời hạn giải quyết: trong ngày làm việc, không thu lệ phí.",
    "Người đi khai sinh cam đoan những nội dung khai trên là đúng sự thật.",
    "Lệ phí chứng thực bản sao: 2.000 đồng mỗi trang, thu theo quy định.",
    "Bản chính do Ủy ban nhân dân xã Tân Phú cấp lần đầu.",
    "Thông tin được đối chiếu với Cơ sở dữ liệu quốc gia về dân cư.",
    "Mã hồ sơ trên Cổng dịch vụ công: H38.12-260312-0042.",
    "Số bản sao đã cấp: 02 (hai) bản, giao trực tiếp cho công dân.",
    "Cán bộ tiếp nhận đã kiểm tra đầy đủ thành phần hồ sơ.",
    "Kết quả được trả tại bộ phận tiếp nhận và trả kết quả của xã.",
    "Mọi tẩy xóa, sửa chữa trên bản sao này đều không có giá trị.",
)
_BODY_LINES = 25


def truth_document(
    seed: int = 0, text: bool = True, seal: bool = False, landscape: bool = False
) -> pymupdf.Document:
    """The vector original of a truth page: one A4 page, laid out top-heavy.

    The national header and title sit at the top, body lines below them, the signature
    block lower right and the bottom margin is empty, so which way is up is never in doubt.
    """
    rng = np.random.default_rng(seed)
    width, height = _A4_PT[::-1] if landscape else _A4_PT
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    if text:
        writer = pymupdf.TextWriter(page.rect)
        _write_header(writer, width)
        bottom = _write_body(writer, width, height, rng)
        _write_signature_block(writer, page, width, bottom)
        writer.write_text(page, color=_INK)
        if seal:
            _draw_seal(page, (width - _MARGIN_PT - 150, bottom + 62))
    elif seal:
        _draw_seal(page, (width / 2, height / 2))
    return doc


def truth_page(
    seed: int = 0,
    size_px: tuple[int, int] = A4_PX,
    text: bool = True,
    seal: bool = False,
    landscape: bool = False,
) -> np.ndarray:
    """The page as it really is, on white: what a perfect capture would reproduce.

    size_px is the portrait size; landscape=True swaps it.
    """
    return _render_truth(seed, size_px, text, seal, landscape).copy()


@lru_cache(maxsize=8)
def _render_truth(
    seed: int, size_px: tuple[int, int], text: bool, seal: bool, landscape: bool
) -> np.ndarray:
    # Cached because most tests start from the same few pages; callers get copies.
    width, height = (size_px[1], size_px[0]) if landscape else size_px
    page = truth_document(seed, text, seal, landscape)[0]
    matrix = pymupdf.Matrix(width / page.rect.width, height / page.rect.height)
    pix = page.get_pixmap(matrix=matrix, alpha=False)
    rgb = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3)
    image = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    image.flags.writeable = False
    return image


def _line(
    writer: pymupdf.TextWriter,
    text: str,
    x: float,
    y: float,
    size: float,
    bold: bool = False,
    centred: bool = False,
) -> None:
    if centred:
        x -= font(bold).text_length(text, fontsize=size) / 2
    writer.append((x, y), text, font=font(bold), fontsize=size)


def _write_header(writer: pymupdf.TextWriter, width: float) -> None:
    left, right = _MARGIN_PT + 95, width - _MARGIN_PT - 135
    _line(writer, "ỦY BAN NHÂN DÂN", left, 60, 11, centred=True)
    _line(writer, "XÃ TÂN PHÚ", left, 75, 11, bold=True, centred=True)
    _line(writer, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", right, 60, 11, bold=True, centred=True)
    _line(writer, "Độc lập - Tự do - Hạnh phúc", right, 75, 12, bold=True, centred=True)
    _line(writer, TITLE, width / 2, 128, 20, bold=True, centred=True)
    _line(writer, "Số: 128/2026/TP-KS", width / 2, 148, 11, centred=True)


def _write_body(
    writer: pymupdf.TextWriter, width: float, height: float, rng: np.random.Generator
) -> float:
    """Writes as many of the body lines as the page holds above the signature; returns y."""
    size, spacing, top = 12.0, 16.5, 182.0
    # Stop where the signature block still ends at 86 % of the height: the empty bottom
    # margin, wider than the top one, is part of what makes the page's top obvious.
    room = int((height * 0.86 - _SIGNATURE_BLOCK_PT - top) // spacing)
    lines = _body_lines(rng)[: min(_BODY_LINES, room)]
    max_width = width - 2 * _MARGIN_PT
    for i, text in enumerate(lines):
        fitted = min(size, size * max_width / font().text_length(text, fontsize=size))
        _line(writer, text, _MARGIN_PT, top + i * spacing, fitted)
    return top + len(lines) * spacing


def _body_lines(rng: np.random.Generator) -> list[str]:
    name = _NAMES[rng.integers(len(_NAMES))]
    day, month, year = rng.integers(1, 29), rng.integers(1, 13), rng.integers(1950, 2026)
    fields = [
        f"Họ, chữ đệm, tên: {name}",
        f"Ngày, tháng, năm sinh: {day:02d}/{month:02d}/{year}",
        f"Giới tính: {'Nam' if rng.integers(2) else 'Nữ'}",
        f"Số định danh cá nhân: 0753{rng.integers(10**7, 10**8)}",
        f"Họ, chữ đệm, tên người mẹ: {_MOTHERS[rng.integers(len(_MOTHERS))]}",
        f"Họ, chữ đệm, tên người cha: {_FATHERS[rng.integers(len(_FATHERS))]}",
        "Người đi khai sinh: Nguyễn Thị Hạnh, mẹ của người được khai sinh",
    ]
    # The known words come first so that a landscape page, which holds fewer lines,
    # still prints them.
    fillers = [_FILLER_LINES[i] for i in rng.permutation(len(_FILLER_LINES))]
    return [*_FIXED_LINES, *fields, *fillers]


def _write_signature_block(
    writer: pymupdf.TextWriter, page: pymupdf.Page, width: float, top: float
) -> None:
    centre = width - _MARGIN_PT - 110
    _line(writer, "Tân Phú, ngày 12 tháng 3 năm 2026", centre, top + 20, 11, centred=True)
    _line(writer, "TM. ỦY BAN NHÂN DÂN", centre, top + 38, 11, bold=True, centred=True)
    _line(writer, "CHỦ TỊCH", centre, top + 52, 11, bold=True, centred=True)
    _line(writer, "Nguyễn Văn Đức", centre, top + _SIGNATURE_BLOCK_PT, 12, bold=True, centred=True)
    _line(writer, "Nơi nhận:", _MARGIN_PT, top + 38, 10, bold=True)
    _line(writer, "- Như trên;", _MARGIN_PT, top + 52, 10)
    _line(writer, "- Lưu: VT, HT.", _MARGIN_PT, top + 66, 10)
    offsets = ((0, 0), (25, -35), (40, 30), (70, -10), (85, -25), (60, 20), (95, 5))
    points = [pymupdf.Point(centre - 45 + dx, top + 95 + dy) for dx, dy in offsets]
    scribble = page.new_shape()
    scribble.draw_bezier(*points[0:4])
    scribble.draw_bezier(*points[3:7])
    scribble.finish(color=_INK, width=1.4)
    scribble.commit()


def _draw_seal(page: pymupdf.Page, centre: tuple[float, float]) -> None:
    x, y = centre
    seal = page.new_shape()
    seal.draw_circle(centre, 44)
    seal.finish(color=_SEAL_RED, width=2.6)
    seal.draw_circle(centre, 33)
    seal.finish(color=_SEAL_RED, width=1.0)
    angles = np.deg2rad(np.arange(10) * 36 - 90)
    radii = np.where(np.arange(10) % 2 == 0, 13.0, 5.5)
    star = [
        pymupdf.Point(x + r * np.cos(a), y + r * np.sin(a))
        for r, a in zip(radii, angles, strict=True)
    ]
    seal.draw_polyline([*star, star[0]])
    seal.finish(color=_SEAL_RED, fill=_SEAL_RED, width=0.5)
    seal.commit()
    writer = pymupdf.TextWriter(page.rect)
    _line(writer, "UBND XÃ TÂN PHÚ", x, y + 24, 6.5, bold=True, centred=True)
    writer.write_text(page, color=_SEAL_RED)


def photo_of(
    page: np.ndarray,
    seed: int = 0,
    corners: np.ndarray | None = None,
    rotation: int = 0,
    background: Background = "wood",
    shadow: bool = True,
    blur_sigma: float = 0.0,
    size_px: tuple[int, int] = PHOTO_PX,
    jpeg_quality: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """A phone photo of `page` lying on a table, and where the page's corners landed.

    Without `corners` the seed places the page: seen from a tilted camera (one end
    narrower than the other), rotated by `rotation`, covering 50-80 % of the frame where
    the page's shape allows (a portrait page in a landscape frame tops out near 45 %).
    Given `corners` (in the order of the page's own corners) fix the orientation too, so
    `rotation` must then stay 0.
    """
    if corners is not None and rotation != 0:
        raise ValueError("corners already fix the page's orientation; leave rotation at 0")
    rngs = _PhotoRngs(seed)
    if corners is None:
        corners = _seeded_corners(rngs.corners, _size_of(page), size_px, rotation)
    corners = np.asarray(corners, np.float32)
    photo = _render_photo(page, corners, rngs, background, shadow, blur_sigma, size_px)
    return _finish(photo, rngs.noise, 2.5, jpeg_quality), corners


def cut_off_photo(
    page: np.ndarray,
    seed: int = 0,
    background: Background = "wood",
    size_px: tuple[int, int] = PHOTO_PX,
) -> tuple[np.ndarray, np.ndarray]:
    """A photo in which 15-35 % of the page's width or height lies beyond one frame edge."""
    rngs = _PhotoRngs(seed)
    corners = _seeded_corners(rngs.corners, _size_of(page), size_px, rotation=0)
    corners = _push_past_edge(corners, size_px, rngs.corners)
    photo = _render_photo(page, corners, rngs, background, True, 0.0, size_px)
    return _finish(photo, rngs.noise, 2.5, None), corners


def dark_photo(
    page: np.ndarray,
    seed: int = 0,
    background: Background = "wood",
    exposure: float = 0.22,
    size_px: tuple[int, int] = PHOTO_PX,
) -> tuple[np.ndarray, np.ndarray]:
    """An underexposed photo: the scene of photo_of(page, seed) at `exposure` of the light.

    The sensor noise stays the same in absolute terms, as it does when a phone boosts gain
    in a dim room, so the page comes out dark and noisy.
    """
    rngs = _PhotoRngs(seed)
    corners = _seeded_corners(rngs.corners, _size_of(page), size_px, rotation=0)
    photo = _render_photo(page, corners, rngs, background, True, 0.0, size_px)
    dimmed = cv2.convertScaleAbs(photo, alpha=exposure)
    return _finish(dimmed, rngs.noise, 4.0, None), corners


class _PhotoRngs:
    """One stream per step, so that changing one step leaves the others' draws alone."""

    def __init__(self, seed: int) -> None:
        self.corners, self.background, self.light, self.noise = np.random.default_rng(seed).spawn(4)


def _size_of(image: np.ndarray) -> tuple[int, int]:
    return image.shape[1], image.shape[0]


def _seeded_corners(
    rng: np.random.Generator,
    page_px: tuple[int, int],
    frame_px: tuple[int, int],
    rotation: int,
) -> np.ndarray:
    """Where a page lands when photographed by a tilted pinhole camera."""
    if rotation not in (0, 90, 180, 270):
        raise ValueError(f"rotation must be 0, 90, 180 or 270, not {rotation}")
    turns = rotation // 90
    seen_w, seen_h = page_px if turns % 2 == 0 else page_px[::-1]
    seen = _tilted_view(rng, seen_w / seen_h)
    frame_w, frame_h = frame_px
    margin = 0.03 * min(frame_w, frame_h)
    scale = np.sqrt(rng.uniform(0.5, 0.8) * frame_w * frame_h / _area(seen))
    span = seen.max(axis=0) - seen.min(axis=0)
    scale = min(scale, (frame_w - 2 * margin) / span[0], (frame_h - 2 * margin) / span[1])
    seen = (seen - seen.min(axis=0)) * scale
    slack = np.array([frame_w, frame_h]) - 2 * margin - span * scale
    seen += margin + rng.uniform(0, 1, 2) * slack
    # A page turned clockwise by k quarter turns shows its own corner i where the
    # upright page would show corner i + k.
    return np.roll(seen, -turns, axis=0).astype(np.float32)


def _tilted_view(rng: np.random.Generator, aspect: float) -> np.ndarray:
    """Corners of an aspect:1 rectangle as a camera tilted 15-30 degrees sees them."""
    flat = np.array(
        [[-aspect / 2, -0.5, 0], [aspect / 2, -0.5, 0], [aspect / 2, 0.5, 0], [-aspect / 2, 0.5, 0]]
    )
    pitch = rng.choice([-1, 1]) * rng.uniform(15, 30)
    yaw, roll = rng.uniform(-10, 10), rng.uniform(-8, 8)
    tilted = flat @ _rotation_matrix(pitch, yaw, roll).T
    depth = tilted[:, 2] + 1.6  # camera about 1.6 page heights away, as at a counter
    return tilted[:, :2] / depth[:, None]


def _rotation_matrix(pitch: float, yaw: float, roll: float) -> np.ndarray:
    x, y, z = np.deg2rad([pitch, yaw, roll])
    about_x = np.array([[1, 0, 0], [0, np.cos(x), -np.sin(x)], [0, np.sin(x), np.cos(x)]])
    about_y = np.array([[np.cos(y), 0, np.sin(y)], [0, 1, 0], [-np.sin(y), 0, np.cos(y)]])
    about_z = np.array([[np.cos(z), -np.sin(z), 0], [np.sin(z), np.cos(z), 0], [0, 0, 1]])
    return about_z @ about_y @ about_x


def _area(quad: np.ndarray) -> float:
    x, y = quad[:, 0], quad[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2)


def _push_past_edge(
    corners: np.ndarray, frame_px: tuple[int, int], rng: np.random.Generator
) -> np.ndarray:
    low, high = corners.min(axis=0), corners.max(axis=0)
    axis = int(rng.integers(2))
    beyond = rng.uniform(0.15, 0.35) * (high[axis] - low[axis])
    shifted = corners.copy()
    if rng.integers(2):
        shifted[:, axis] += frame_px[axis] + beyond - high[axis]
    else:
        shifted[:, axis] -= low[axis] + beyond
    return shifted


def _render_photo(
    page: np.ndarray,
    corners: np.ndarray,
    rngs: _PhotoRngs,
    background: Background,
    shadow: bool,
    blur_sigma: float,
    size_px: tuple[int, int],
) -> np.ndarray:
    """The scene as the lens delivers it, before the sensor adds noise.

    Built with OpenCV on uint8 images: numpy arithmetic on 12-megapixel float images
    took seconds per photo.
    """
    table = _background(background, size_px, rngs.background)
    paper = _warped_page(page, corners, size_px)
    coverage = _page_mask(corners, size_px)
    scene = cv2.blendLinear(table, paper, 1 - coverage, coverage)
    if shadow:
        light = cv2.convertScaleAbs(_lighting(size_px, rngs.light), alpha=255)
        scene = cv2.multiply(scene, cv2.merge([light] * 3), scale=1 / 255)
    if blur_sigma > 0:
        scene = cv2.GaussianBlur(scene, (0, 0), blur_sigma)
    return scene


def _warped_page(page: np.ndarray, corners: np.ndarray, size_px: tuple[int, int]) -> np.ndarray:
    # Shrink with area averaging first: warpPerspective alone would alias the glyphs
    # when the page lands smaller in the photo than it is in the truth.
    page_w, page_h = _size_of(page)
    edges = np.linalg.norm(corners - np.roll(corners, -1, axis=0), axis=1)
    shrink = min(1.0, max(edges[[0, 2]].max() / page_w, edges[[1, 3]].max() / page_h))
    if shrink < 1.0:
        page = cv2.resize(page, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
    paper = cv2.convertScaleAbs(page, alpha=_PAPER_IN_LIGHT)
    h, w = paper.shape[:2]
    source = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    matrix = cv2.getPerspectiveTransform(source, np.float32(corners))
    return cv2.warpPerspective(paper, matrix, size_px, flags=cv2.INTER_LINEAR)


def _page_mask(corners: np.ndarray, size_px: tuple[int, int]) -> np.ndarray:
    """1 on the page, 0 off it, anti-aliased along the edges (float32)."""
    mask = np.zeros(size_px[::-1], np.uint8)
    subpixel = 4
    points = np.round(corners * (1 << subpixel)).astype(np.int32)
    cv2.fillConvexPoly(mask, points, 255, cv2.LINE_AA, subpixel)
    return mask.astype(np.float32) * np.float32(1 / 255)


def _smooth_noise(rng: np.random.Generator, size_px: tuple[int, int], cell: float) -> np.ndarray:
    """Noise of spread about 1 that varies over about `cell` pixels, float32 at size_px."""
    w, h = size_px
    coarse = rng.standard_normal((round(h / cell) + 2, round(w / cell) + 2), dtype=np.float32)
    return cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC)


def _coloured(shade: np.ndarray, bgr: tuple[float, float, float]) -> np.ndarray:
    """A uint8 BGR image from a float shade around 1 and the colour it scales."""
    return cv2.merge([cv2.convertScaleAbs(shade, alpha=channel) for channel in bgr])


def _background(kind: Background, size_px: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    if kind == "wood":
        return _wood(size_px, rng)
    if kind == "fabric":
        return _fabric(size_px, rng)
    if kind == "desk":
        return _desk(size_px, rng)
    raise ValueError(f"unknown background {kind!r}")


def _wood(size_px: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    # Grain: bands along x whose phase wanders, plus fine streaks stretched along the grain.
    half = (size_px[0] // 2, size_px[1] // 2)
    y = np.arange(half[1], dtype=np.float32)[:, None]
    wander = cv2.resize(_smooth_noise(rng, (half[0] // 4, half[1]), 150), half) * np.float32(4)
    bands = np.sin(y / np.float32(rng.uniform(9, 14)) + wander)
    streaks = cv2.resize(_smooth_noise(rng, (half[0] // 16, half[1]), 2), half)
    shade = 0.73 + 0.11 * bands + 0.06 * streaks
    return _coloured(cv2.resize(shade, size_px), (60.0, 110.0, 165.0))


def _fabric(size_px: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    # A plain weave: crossing threads a few pixels apart, with uneven dye.
    w, h = size_px
    frequency = np.float32(2 * np.pi / rng.uniform(5, 8))
    across = np.sin(np.arange(w, dtype=np.float32) * frequency)
    down = np.sin(np.arange(h, dtype=np.float32) * frequency)
    shade = 0.7 + 0.08 * np.outer(down, across) + 0.05 * _smooth_noise(rng, size_px, 90)
    return _coloured(shade, (150.0, 95.0, 70.0))


def _desk(size_px: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    # Grey laminate: close in brightness to paper, the hard case for finding edges.
    shade = 0.72 + 0.02 * _smooth_noise(rng, size_px, 300) + 0.01 * _smooth_noise(rng, size_px, 6)
    return _coloured(shade, (200.0, 205.0, 205.0))


def _lighting(size_px: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Relative light, float32 at most 1: a gradient from the window, the phone's shadow."""
    w, h = size_px
    x, y = np.meshgrid(np.linspace(-1, 1, w // 16), np.linspace(-1, 1, h // 16))
    direction = rng.uniform(0, 2 * np.pi)
    gradient = 1 - 0.15 * (1 + np.cos(direction) * x + np.sin(direction) * y) / 2
    shadow_angle = rng.uniform(0, 2 * np.pi)
    distance = np.cos(shadow_angle) * x + np.sin(shadow_angle) * y - rng.uniform(0.1, 0.5)
    shadow = 1 - rng.uniform(0.3, 0.45) / (1 + np.exp(-distance / 0.08))
    return cv2.resize((gradient * shadow).astype(np.float32), size_px)


def _finish(
    scene: np.ndarray, rng: np.random.Generator, noise_sigma: float, jpeg_quality: int | None
) -> np.ndarray:
    """What the sensor and the phone's encoder make of the scene (uint8 in, uint8 out)."""
    # Gaussian noise through a table of its 256 quantiles: random bytes plus a lookup
    # cost a third of drawing 36 million normal floats.
    quantiles = statistics.NormalDist(0, noise_sigma).inv_cdf
    table = np.array([round(quantiles((i + 0.5) / 256)) for i in range(256)], np.int16)
    uniform = np.frombuffer(rng.bytes(scene.size), np.uint8).reshape(scene.shape)
    photo = cv2.add(scene, cv2.LUT(uniform, table), dtype=cv2.CV_8U)
    if jpeg_quality is not None:
        _, encoded = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality])
        photo = cv2.imdecode(encoded, cv2.IMREAD_COLOR)
    return photo


def flatbed_scan_of(
    page: np.ndarray, skew_deg: float = 0.0, dpi: int = TRUTH_DPI, seed: int = 0
) -> np.ndarray:
    """The page as a flatbed scanner returns it at `dpi`: slightly grey, a little skewed.

    The lid is white, so the corners uncovered by the skew come out whiter than the paper.
    """
    rng = np.random.default_rng(seed)
    scale = dpi / TRUTH_DPI
    if scale != 1:
        page = cv2.resize(page, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    grey = rng.uniform(0.9, 0.94)
    paper = cv2.multiply(page, (0.97 * grey, 0.99 * grey, grey, 0))
    h, w = paper.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), skew_deg, 1.0)
    skewed = cv2.warpAffine(paper, turn, (w, h), borderValue=(255, 255, 255))
    return _finish(skewed, rng, 1.5, None)


def blank_page(seed: int = 0, dpi: int = TRUTH_DPI) -> np.ndarray:
    """A scan of an empty A4 sheet: paper grain, uneven fibres and a faint speck or two."""
    rng = np.random.default_rng(seed)
    size = (round(A4_PX[0] * dpi / TRUTH_DPI), round(A4_PX[1] * dpi / TRUTH_DPI))
    grain = 1 + 0.008 * _smooth_noise(rng, size, 40) + 0.005 * _smooth_noise(rng, size, 3)
    paper = _coloured(grain, (229.0, 234.0, 236.0))
    for _ in range(rng.integers(1, 3)):
        centre = (int(rng.integers(size[0])), int(rng.integers(size[1])))
        radius = max(1, round(rng.uniform(1.5, 3) * dpi / TRUTH_DPI))
        cv2.circle(paper, centre, radius, (180, 180, 180), -1, cv2.LINE_AA)
    return _finish(paper, rng, 1.5, None)


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Mean structural similarity of two images (Wang, Bovik, Sheikh, Simoncelli 2004).

    Compared in grey; b is resized to a's size first. Gaussian 11x11 window, sigma 1.5,
    C1 = (0.01 * 255)^2, C2 = (0.03 * 255)^2, averaged over the positions where the whole
    window lies inside the image, as in the paper's reference code. Unlike that code it
    does not downsample large images first, as scikit-image's default does not either.
    """
    first = _grey(a)
    second = _grey(b)
    if second.shape != first.shape:
        second = cv2.resize(second, first.shape[::-1], interpolation=cv2.INTER_AREA)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2

    def local_mean(image: np.ndarray) -> np.ndarray:
        return cv2.GaussianBlur(image, (11, 11), 1.5)

    mean_a, mean_b = local_mean(first), local_mean(second)
    var_a = local_mean(first * first) - mean_a**2
    var_b = local_mean(second * second) - mean_b**2
    covariance = local_mean(first * second) - mean_a * mean_b
    index = ((2 * mean_a * mean_b + c1) * (2 * covariance + c2)) / (
        (mean_a**2 + mean_b**2 + c1) * (var_a + var_b + c2)
    )
    return float(index[5:-5, 5:-5].mean())


def _grey(image: np.ndarray) -> np.ndarray:
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    # float64: local variances are differences of squares near 65025, where float32
    # loses the fourth decimal of the index.
    return image.astype(np.float64)
