"""The synthetic captures are what they claim to be: right size, deterministic, and the
returned corners and rotations are where the page really is. ssim behaves as SSIM does."""

import cv2
import numpy as np
import pytest

from tests.capture.synthetic import (
    KNOWN_WORDS,
    PHOTO_PX,
    TITLE,
    Background,
    blank_page,
    cut_off_photo,
    dark_photo,
    flatbed_scan_of,
    photo_of,
    ssim,
    truth_document,
    truth_page,
)

# Pages are compared at 150 dpi unless said otherwise: a quarter of the work of 300 dpi.
COMPARE_PX = (1240, 1754)
SMALL_FRAME = (800, 600)
MID_FRAME = (2000, 1500)


def grey(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def flattened(photo: np.ndarray, corners: np.ndarray, size_px: tuple[int, int]) -> np.ndarray:
    """The page cut out of the photo along the given corners, upright."""
    w, h = size_px
    target = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    matrix = cv2.getPerspectiveTransform(np.float32(corners), target)
    return cv2.warpPerspective(photo, matrix, size_px)


def shrunk(image: np.ndarray, size_px: tuple[int, int] = COMPARE_PX) -> np.ndarray:
    return cv2.resize(image, size_px, interpolation=cv2.INTER_AREA)


def edge_lengths(corners: np.ndarray) -> np.ndarray:
    """Top, right, bottom and left edges of the page as it lies in the photo."""
    return np.linalg.norm(corners - np.roll(corners, -1, axis=0), axis=1)


def quad_area(corners: np.ndarray) -> float:
    return float(cv2.contourArea(np.float32(corners)))


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return truth_page()


@pytest.fixture(scope="module")
def small_page() -> np.ndarray:
    """Enough for photos whose geometry, not content, is under test."""
    return truth_page(size_px=(620, 877))


# --- truth pages ---------------------------------------------------------------------


def test_truth_page_is_a4_at_300_dpi_in_either_orientation() -> None:
    portrait, landscape = truth_page(), truth_page(landscape=True)
    assert portrait.shape == (3508, 2480, 3)
    assert landscape.shape == (2480, 3508, 3)
    assert portrait.dtype == np.uint8
    assert truth_page(size_px=(1240, 1754)).shape == (1754, 1240, 3)


def test_truth_page_depends_on_the_seed_only() -> None:
    assert np.array_equal(truth_page(seed=3), truth_page(seed=3))
    assert not np.array_equal(truth_page(seed=3), truth_page(seed=4))


def test_truth_page_copies_are_the_callers_to_change(page: np.ndarray) -> None:
    mine = truth_page()
    mine[:] = 0
    assert np.array_equal(truth_page(), page)


@pytest.mark.parametrize("landscape", [False, True])
def test_truth_text_holds_the_known_words(landscape: bool) -> None:
    text = truth_document(seed=5, landscape=landscape)[0].get_text()
    assert TITLE in text
    for word in KNOWN_WORDS:
        assert word in text


@pytest.mark.parametrize("landscape", [False, True])
def test_truth_page_is_top_heavy_so_upright_is_unambiguous(landscape: bool) -> None:
    ink = grey(truth_page(landscape=landscape)) < 128
    half = ink.shape[0] // 2
    assert ink[:half].sum() > 1.2 * ink[half:].sum()
    rows = np.flatnonzero(ink.any(axis=1)) / ink.shape[0]
    # The header starts high; the bottom margin below the signature is wider.
    assert rows[0] < 0.12
    assert 1 - rows[-1] > rows[0] + 0.05


def test_only_the_seal_brings_colour() -> None:
    sealed = truth_page(seal=True, size_px=COMPARE_PX).astype(np.int16)
    blue, green, red = sealed[..., 0], sealed[..., 1], sealed[..., 2]
    assert ((red - green > 100) & (red - blue > 100)).sum() > 1000
    plain = truth_page(size_px=COMPARE_PX).astype(np.int16)
    assert np.ptp(plain, axis=2).max() == 0


def test_a_page_without_text_is_white() -> None:
    assert truth_page(text=False, size_px=(620, 877)).min() == 255


# --- photos --------------------------------------------------------------------------


def test_photo_is_12_megapixels_and_deterministic(page: np.ndarray) -> None:
    photo, corners = photo_of(page, seed=2)
    assert photo.shape == (3000, 4000, 3)
    assert photo.dtype == np.uint8
    assert corners.shape == (4, 2)
    assert corners.dtype == np.float32
    again, same_corners = photo_of(page, seed=2, size_px=SMALL_FRAME)
    other, other_corners = photo_of(page, seed=3, size_px=SMALL_FRAME)
    small, small_corners = photo_of(page, seed=2, size_px=SMALL_FRAME)
    assert np.array_equal(again, small)
    assert np.array_equal(same_corners, small_corners)
    assert not np.array_equal(small_corners, other_corners)
    assert not np.array_equal(small, other)


@pytest.mark.parametrize(("seed", "rotation"), [(0, 0), (1, 90), (2, 180), (3, 270)])
def test_flattening_along_the_returned_corners_gives_back_the_page(
    page: np.ndarray, seed: int, rotation: int
) -> None:
    # A 3 MP frame (the geometry scales with the frame) compared at 100 dpi, about the
    # page's resolution in it. Without the shadow: SSIM's brightness term would score it.
    photo, corners = photo_of(page, seed=seed, rotation=rotation, shadow=False, size_px=MID_FRAME)
    size = (827, 1169)
    truth = shrunk(page, size)
    assert ssim(truth, flattened(photo, corners, size)) >= 0.9
    # The bar is above what corners off by 2 photo pixels, or turned a quarter, reach.
    nudged = corners + np.float32([2, 2])
    assert ssim(truth, flattened(photo, nudged, size)) < 0.85
    turned = np.roll(corners, 1, axis=0)
    assert ssim(truth, flattened(photo, turned, size)) < 0.85


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_rotation_turns_the_page_clockwise_in_the_photo(
    small_page: np.ndarray, rotation: int
) -> None:
    for seed in range(4):
        _, corners = photo_of(small_page, seed=seed, rotation=rotation, size_px=SMALL_FRAME)
        top_edge = corners[1] - corners[0]
        angle = np.degrees(np.arctan2(top_edge[1], top_edge[0]))
        assert abs((angle - rotation + 180) % 360 - 180) < 25


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_the_page_lies_in_the_frame_seen_in_perspective(
    small_page: np.ndarray, rotation: int
) -> None:
    width, height = SMALL_FRAME
    for seed in range(6):
        _, corners = photo_of(small_page, seed=seed, rotation=rotation, size_px=SMALL_FRAME)
        assert (corners >= 0).all()
        assert (corners[:, 0] <= width).all()
        assert (corners[:, 1] <= height).all()
        share = quad_area(corners) / (width * height)
        # A portrait page in a landscape frame cannot cover more than about 45 %.
        assert (0.5 if rotation in (90, 270) else 0.35) <= share <= 0.8
        # An affine view keeps opposite edges equal; a tilted camera does not.
        top, right, bottom, left = edge_lengths(corners)
        assert max(abs(1 - top / bottom), abs(1 - left / right)) > 0.08
        before, after = (
            corners - np.roll(corners, 1, axis=0),
            np.roll(corners, -1, axis=0) - corners,
        )
        turns = before[:, 0] * after[:, 1] - before[:, 1] * after[:, 0]
        assert (turns > 0).all() or (turns < 0).all()


def test_given_corners_are_used_as_given(page: np.ndarray) -> None:
    corners = np.float32([[100, 50], [500, 80], [520, 560], [90, 540]])
    photo, returned = photo_of(page, corners=corners, size_px=SMALL_FRAME, shadow=False)
    assert np.array_equal(returned, corners)
    assert ssim(shrunk(page, (300, 424)), flattened(photo, corners, (300, 424))) > 0.85


def test_corners_and_rotation_together_are_refused(small_page: np.ndarray) -> None:
    corners = np.float32([[100, 50], [500, 80], [520, 560], [90, 540]])
    with pytest.raises(ValueError, match="orientation"):
        photo_of(small_page, corners=corners, rotation=90)
    with pytest.raises(ValueError, match="rotation"):
        photo_of(small_page, rotation=45)
    with pytest.raises(ValueError, match="background"):
        photo_of(small_page, background="carpet")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("background", "colour"),
    [("wood", "warm"), ("fabric", "cool"), ("desk", "grey")],
)
def test_backgrounds_differ_in_colour_and_carry_texture(
    small_page: np.ndarray, background: Background, colour: str
) -> None:
    photo, _ = photo_of(small_page, background=background, size_px=SMALL_FRAME, shadow=False)
    # The frame's top-left corner is always off the page (3 % margin).
    patch = photo[:15, :15].reshape(-1, 3).astype(float)
    blue, _, red = patch.mean(axis=0)
    expected = {"warm": red > blue + 40, "cool": blue > red + 40, "grey": abs(red - blue) < 15}
    assert expected[colour]
    assert patch.std(axis=0).max() > 2


def test_shadow_makes_the_light_uneven_across_the_page(page: np.ndarray) -> None:
    def paper_levels(shadow: bool) -> np.ndarray:
        photo, corners = photo_of(page, seed=1, shadow=shadow, size_px=MID_FRAME)
        flat = grey(flattened(photo, corners, (620, 877))).astype(float)
        blocks = flat[: 13 * 64, : 9 * 64].reshape(13, 64, 9, 64).swapaxes(1, 2)
        return np.percentile(blocks.reshape(13, 9, -1), 90, axis=2)

    lit, shaded = paper_levels(False), paper_levels(True)
    assert lit.max() / lit.min() < 1.1
    assert shaded.max() / shaded.min() > 1.3


def test_blur_softens_and_jpeg_changes_a_little(page: np.ndarray) -> None:
    def sharpness(image: np.ndarray) -> float:
        return float(cv2.Laplacian(grey(image), cv2.CV_64F).var())

    sharp, _ = photo_of(page, size_px=MID_FRAME)
    blurred, _ = photo_of(page, size_px=MID_FRAME, blur_sigma=2.5)
    assert sharpness(blurred) < sharpness(sharp) / 3
    compressed, _ = photo_of(page, size_px=MID_FRAME, jpeg_quality=60)
    difference = np.abs(compressed.astype(int) - sharp.astype(int))
    assert 0 < difference.mean() < 6


def test_cut_off_photo_has_part_of_the_page_outside_the_frame(page: np.ndarray) -> None:
    width, height = PHOTO_PX
    photo, corners = cut_off_photo(page, seed=4)
    assert photo.shape == (height, width, 3)
    inside = (corners[:, 0] >= 0) & (corners[:, 0] <= width)
    inside &= (corners[:, 1] >= 0) & (corners[:, 1] <= height)
    assert 0 < inside.sum() < 4
    frame = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    visible, _ = cv2.intersectConvexConvex(np.float32(corners), frame)
    assert 0.5 < visible / quad_area(corners) < 0.9


def test_dark_photo_is_the_same_scene_underexposed(page: np.ndarray) -> None:
    normal, corners = photo_of(page, seed=6, size_px=MID_FRAME)
    dark, dark_corners = dark_photo(page, seed=6, size_px=MID_FRAME)
    assert np.array_equal(corners, dark_corners)
    assert grey(dark).mean() < 0.3 * grey(normal).mean()
    assert np.percentile(grey(flattened(dark, corners, (620, 877))), 95) < 80


# --- scans and blank pages -----------------------------------------------------------


def test_flatbed_scan_has_grey_paper_white_lid_and_the_asked_dpi(page: np.ndarray) -> None:
    scan = flatbed_scan_of(page, skew_deg=2.0, dpi=150)
    assert scan.shape == (1754, 1240, 3)
    assert 215 < np.median(grey(scan)) < 245
    assert grey(scan)[:8, :8].mean() > 248  # the lid shows where the skew uncovered it
    assert np.array_equal(scan, flatbed_scan_of(page, skew_deg=2.0, dpi=150))


def test_flatbed_skew_is_counter_clockwise_by_the_given_angle(page: np.ndarray) -> None:
    skew = 2.0
    scan = flatbed_scan_of(page, skew_deg=skew, dpi=150)
    h, w = scan.shape[:2]
    back = cv2.getRotationMatrix2D((w / 2, h / 2), -skew, 1.0)
    straightened = cv2.warpAffine(scan, back, (w, h), borderValue=(255, 255, 255))
    truth = shrunk(page)
    assert ssim(truth, straightened) >= 0.9
    assert ssim(truth, scan) < 0.8
    assert ssim(truth, flatbed_scan_of(page, dpi=150)) >= 0.9


def test_blank_page_has_paper_texture_and_almost_no_ink() -> None:
    blank = blank_page(seed=1)
    assert blank.shape == (3508, 2480, 3)
    assert np.array_equal(blank, blank_page(seed=1))
    luminance = grey(blank)
    assert (luminance < 128).sum() == 0
    assert 0 < (luminance < 200).sum() < 1e-4 * luminance.size  # a faint speck or two
    assert luminance.std() > 1
    assert blank_page(dpi=150).shape == (1754, 1240, 3)


# --- ssim ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def patch(page: np.ndarray) -> np.ndarray:
    """A text-rich 400x400 crop of the truth page."""
    return grey(shrunk(page))[380:780, 80:480]


def test_ssim_of_an_image_with_itself_is_one(patch: np.ndarray) -> None:
    assert ssim(patch, patch) == pytest.approx(1.0, abs=1e-6)


def test_ssim_of_flat_images_is_the_luminance_term_alone() -> None:
    # With no local variance the contrast-structure term is C2/C2 = 1, so SSIM reduces to
    # (2 x y + C1) / (x^2 + y^2 + C1) exactly (Wang et al. 2004, eq. 13).
    c1 = (0.01 * 255) ** 2
    first, second = np.full((64, 64), 100, np.uint8), np.full((64, 64), 140, np.uint8)
    expected = (2 * 100 * 140 + c1) / (100**2 + 140**2 + c1)
    assert ssim(first, second) == pytest.approx(expected, abs=1e-6)


def test_ssim_falls_steadily_with_blur_and_with_noise(patch: np.ndarray) -> None:
    blurred = [ssim(patch, cv2.GaussianBlur(patch, (0, 0), s)) for s in (0.5, 1, 2, 4)]
    assert blurred == sorted(blurred, reverse=True)
    assert len(set(blurred)) == 4
    assert blurred[0] < 1
    rng = np.random.default_rng(0)
    noise = rng.standard_normal(patch.shape)
    noisy = [ssim(patch, np.clip(patch + s * noise, 0, 255).astype(np.uint8)) for s in (2, 8, 32)]
    assert noisy == sorted(noisy, reverse=True)
    assert len(set(noisy)) == 3


def test_ssim_is_symmetric_and_negative_for_an_inverted_image(patch: np.ndarray) -> None:
    blurred = cv2.GaussianBlur(patch, (0, 0), 1.5)
    assert ssim(patch, blurred) == pytest.approx(ssim(blurred, patch), abs=1e-6)
    assert ssim(patch, 255 - patch) < 0


def test_ssim_reads_colour_as_grey_and_resizes_the_second_image(patch: np.ndarray) -> None:
    colour = cv2.cvtColor(patch, cv2.COLOR_GRAY2BGR)
    assert ssim(colour, patch) == pytest.approx(1.0, abs=1e-6)
    doubled = cv2.resize(patch, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    assert ssim(patch, doubled) > 0.95
