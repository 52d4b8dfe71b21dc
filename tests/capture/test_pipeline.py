"""Page processing on synthetic photos and scans whose truth is known."""

import cv2
import numpy as np
import pytest

from counterdesk.capture import enhance, geometry
from counterdesk.capture.pipeline import CaptureSettings, process_page
from counterdesk.capture.sources.base import RawPage
from tests.capture.synthetic import (
    blank_page,
    cut_off_photo,
    dark_photo,
    flatbed_scan_of,
    photo_of,
    ssim,
    truth_page,
)

A4_RATIO = 297 / 210


@pytest.fixture(scope="module")
def truth() -> np.ndarray:
    return truth_page(seed=0)


@pytest.fixture(scope="module")
def sealed() -> np.ndarray:
    return truth_page(seed=1, seal=True)


def grey(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def codes(page) -> set[str]:
    return {w.code for w in page.warnings}


@pytest.mark.parametrize(
    ("seed", "rotation", "background"),
    [(0, 0, "wood"), (1, 90, "fabric"), (2, 180, "desk"), (3, 270, "wood"), (5, 0, "fabric")],
)
def test_photo_comes_out_flat_upright_and_true_to_the_page(
    truth: np.ndarray, seed: int, rotation: int, background: str
) -> None:
    photo, _ = photo_of(truth, seed=seed, rotation=rotation, background=background)
    page = process_page(RawPage(photo, None, "photo", None))
    height, width = page.image.shape[:2]
    assert abs((height / width) / A4_RATIO - 1) < 0.02
    assert page.dpi == 300 and (width, height) == (2480, 3508)
    similarity = ssim(grey(truth), grey(page.image))
    assert similarity >= 0.8
    # Upright, not merely similar: the page turned half-way round matches far worse.
    assert similarity > ssim(grey(truth), np.rot90(grey(page.image), 2)) + 0.1
    assert not codes(page) & {"blank", "blur", "dark", "cut_off", "page_not_found"}


def test_page_corners_are_found_within_two_pixels(truth: np.ndarray) -> None:
    for seed in range(4):
        photo, corners = photo_of(truth, seed=seed)
        quad = geometry.find_page(photo)
        assert quad is not None
        errors = [np.linalg.norm(corners - p, axis=1).min() for p in quad.points]
        assert max(errors) < 2.0, errors


@pytest.mark.parametrize("skew", [-3.0, 1.5, 4.0])
def test_flatbed_scan_is_levelled(truth: np.ndarray, skew: float) -> None:
    scan = flatbed_scan_of(truth, skew_deg=skew)
    page = process_page(RawPage(scan, 300, "scan", False), CaptureSettings(mode="gray"))
    assert abs(geometry.levelling_angle(grey(page.image))) < 0.3
    assert ssim(grey(truth), page.image) >= 0.8


def test_scan_without_a_resolution_is_recognised_as_a_scan(truth: np.ndarray) -> None:
    page = process_page(RawPage(flatbed_scan_of(truth, 2.0), None, "scan", None))
    assert "page_not_found" not in codes(page)
    assert ssim(grey(truth), grey(page.image)) >= 0.8


def test_blank_page_is_flagged_not_dropped() -> None:
    page = process_page(RawPage(blank_page(), 300, "blank", False))
    assert "blank" in codes(page)
    assert page.image.size > 0


def test_blurred_photo_is_flagged(truth: np.ndarray) -> None:
    sharp = process_page(RawPage(photo_of(truth, seed=4)[0], None, "sharp", True))
    blurred = process_page(RawPage(photo_of(truth, seed=4, blur_sigma=4.0)[0], None, "b", True))
    assert "blur" not in codes(sharp)
    assert "blur" in codes(blurred)
    assert "blank" not in codes(blurred)


def test_dark_photo_is_flagged_and_still_cleaned(truth: np.ndarray) -> None:
    page = process_page(RawPage(dark_photo(truth)[0], None, "dark", True))
    assert "dark" in codes(page)
    assert ssim(grey(truth), grey(page.image)) >= 0.8


def test_cut_off_page_is_flagged(truth: np.ndarray) -> None:
    page = process_page(RawPage(cut_off_photo(truth, seed=2)[0], None, "cut", True))
    assert "cut_off" in codes(page)


def test_low_resolution_is_flagged(truth: np.ndarray) -> None:
    photo, _ = photo_of(truth, seed=0, size_px=(1600, 1200))
    page = process_page(RawPage(photo, None, "small photo", True))
    assert "low_resolution" in codes(page)
    scan = cv2.resize(truth, None, fx=0.4, fy=0.4, interpolation=cv2.INTER_AREA)
    page = process_page(RawPage(scan, 120, "120 dpi scan", False))
    assert "low_resolution" in codes(page)
    assert page.dpi == 200  # raised to the legal minimum


def test_automatic_mode_keeps_a_red_seal_in_colour(truth: np.ndarray, sealed: np.ndarray) -> None:
    assert process_page(RawPage(photo_of(sealed, seed=1)[0], None, "seal", True)).mode == "color"
    assert process_page(RawPage(photo_of(truth, seed=1)[0], None, "text", True)).mode == "bw"


def test_modes_give_the_right_pixels(truth: np.ndarray) -> None:
    scan = flatbed_scan_of(truth)
    for mode, channels in (("color", 3), ("gray", 1)):
        page = process_page(RawPage(scan, 300, "scan", False), CaptureSettings(mode=mode))
        assert (page.image.ndim == 3) == (channels == 3)
    bw = process_page(RawPage(scan, 300, "scan", False), CaptureSettings(mode="bw")).image
    assert set(np.unique(bw)) <= {0, 255}


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_upright_rotation_undoes_quarter_turns(truth: np.ndarray, turns: int) -> None:
    turned = np.rot90(grey(truth), k=-turns)  # clockwise
    assert (turns + enhance.upright_rotation(turned)) % 4 == 0


def test_even_lighting_removes_a_shadow(truth: np.ndarray) -> None:
    shade = np.linspace(0.45, 1.0, truth.shape[1], dtype=np.float32)[None, :, None]
    shadowed = (truth * shade).astype(np.uint8)
    clean = enhance.even_lighting(shadowed)
    assert ssim(grey(truth), grey(clean)) > ssim(grey(truth), grey(shadowed)) + 0.05
    paper = grey(clean)[grey(truth) == 255]
    assert np.percentile(paper, 5) >= 240  # the shaded side is white paper again
