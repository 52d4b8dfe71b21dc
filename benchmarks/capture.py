"""Benchmark: 12-megapixel photo -> flattened 300 dpi page -> PDF, against OCRmyPDF and img2pdf.

Targets (issue #4), on one core, same synthetic photos, same run:
- our image pipeline (no OCR) <= 120 ms per page, >= 100x faster than OCRmyPDF's
  --deskew --clean path (without OCR);
- black-and-white pages <= 50 KB and grey pages <= 150 KB at 300 dpi, each no larger than
  OCRmyPDF -O3's output for the same photo.

Run: scripts/bench-setup && .venv/bin/python -m benchmarks.capture [--photos N] [--no-ocrmypdf]
"""

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import cv2

from counterdesk.capture.encode import encode_page
from counterdesk.capture.images import decode_image
from counterdesk.capture.pipeline import CaptureSettings, process_page
from counterdesk.capture.sources.base import RawPage
from counterdesk.documents.digitized import DigitizedDetails, PageForPdf, build_digitized_pdf
from tests.capture.synthetic import photo_of, truth_page

BACKGROUNDS = ("wood", "fabric", "desk")


def our_page(jpeg: bytes, mode: str) -> tuple[dict[str, float], int]:
    """Stage timings (ms) and the page's bytes in the PDF."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    image = decode_image(jpeg, "photo")
    timings["decode"] = (time.perf_counter() - start) * 1000
    page = process_page(RawPage(image, None, "photo", True), CaptureSettings(mode=mode))
    timings.update(page.timings_ms)
    mark = time.perf_counter()
    encoded = encode_page(page)
    timings["encode"] = (time.perf_counter() - mark) * 1000
    mark = time.perf_counter()
    build_digitized_pdf(
        [
            PageForPdf(
                encoded.data,
                encoded.kind,
                encoded.width_px,
                encoded.height_px,
                page.dpi,
                None,
                encoded.mask,
            )
        ],
        DigitizedDetails("benchmark", datetime.now(UTC), None),
    )
    timings["pdf"] = (time.perf_counter() - mark) * 1000
    timings["total without decode"] = (time.perf_counter() - start) * 1000 - timings["decode"]
    return timings, encoded.size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-ocrmypdf", action="store_true")
    args = parser.parse_args()
    cv2.setNumThreads(1)  # the target is per page on one core

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        photos = []
        for n in range(args.photos):
            photo, _ = photo_of(truth_page(seed=n), seed=n, background=BACKGROUNDS[n % 3])
            path = folder / f"photo-{n}.jpg"
            cv2.imwrite(str(path), photo, [cv2.IMWRITE_JPEG_QUALITY, 90])
            photos.append(path)

        sizes: dict[str, list[int]] = {"bw": [], "gray": []}
        stages: dict[str, list[float]] = {}
        for path in photos:
            jpeg = path.read_bytes()
            our_page(jpeg, "bw")  # warm-up
            for mode in ("bw", "gray"):
                for _ in range(args.runs):
                    timings, size = our_page(jpeg, mode)
                    for stage, ms in timings.items():
                        stages.setdefault(f"{mode}: {stage}", []).append(ms)
                sizes[mode].append(size)

        print(f"{len(photos)} synthetic 12 MP photos (4000 x 3000 JPEG), one OpenCV thread")
        for stage, values in stages.items():
            print(f"  {stage:<32} median {statistics.median(values):7.1f} ms")
        ours_ms = statistics.median(
            stages["bw: total without decode"] + stages["gray: total without decode"]
        )
        for mode, values in sizes.items():
            print(f"  {mode} page bytes: {', '.join(f'{v // 1024} KB' for v in values)}")

        if args.no_ocrmypdf:
            return
        from benchmarks.capture_baselines import (
            images_to_pdf,
            img2pdf_size,
            ocrmypdf_deskew_clean,
        )

        deskew_clean, o3_sizes, wrap_sizes = [], [], []
        for path in photos:
            wrapped = folder / f"{path.stem}.pdf"
            images_to_pdf([path], wrapped, dpi=220)
            deskew_clean.append(ocrmypdf_deskew_clean(wrapped, folder / "o1.pdf", optimize=1))
            ocrmypdf_deskew_clean(wrapped, folder / "o3.pdf", optimize=3)
            o3_sizes.append((folder / "o3.pdf").stat().st_size)
            wrap_sizes.append(img2pdf_size([path]))
        base_ms = statistics.median(deskew_clean) * 1000
        print(f"  OCRmyPDF --deskew --clean (no OCR): median {base_ms:.0f} ms per page")
        print(f"  OCRmyPDF -O3 page bytes: {', '.join(f'{v // 1024} KB' for v in o3_sizes)}")
        print(f"  img2pdf page bytes: {', '.join(f'{v // 1024} KB' for v in wrap_sizes)}")
        print(
            f"ours {ours_ms:.0f} ms/page (target <= 120): "
            f"{'met' if ours_ms <= 120 else 'NOT met'}; "
            f"{base_ms / ours_ms:.0f}x faster than OCRmyPDF (target >= 100x): "
            f"{'met' if base_ms / ours_ms >= 100 else 'NOT met'}"
        )
        bw_ok = all(b <= min(50 * 1024, o) for b, o in zip(sizes["bw"], o3_sizes, strict=True))
        gray_ok = all(g <= min(150 * 1024, o) for g, o in zip(sizes["gray"], o3_sizes, strict=True))
        print(
            f"sizes: b/w <= 50 KB and <= -O3: {'met' if bw_ok else 'NOT met'}; "
            f"grey <= 150 KB and <= -O3: {'met' if gray_ok else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
