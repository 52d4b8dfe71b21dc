"""Baselines for the capture benchmark: what off-the-shelf tools make of the same pages.

- OCRmyPDF 17 with --deskew --clean --clean-final and no OCR: the nearest ready-made
  equivalent of our scan straightening and cleaning (Tesseract finds the skew, unpaper
  cleans). Plain --clean only cleans the copy sent to OCR, so the output would not show it.
  OCR is skipped with --tesseract-timeout 0, not --ocr-engine none: the "none" engine also
  reports a skew of 0, so nothing would be deskewed. --output-type pdf, because PDF/A
  conversion is not part of what we compare.
- OCRmyPDF -O3: the smallest file OCRmyPDF makes of the same cleaned pages. Debian 12 has
  no jbig2enc, so bilevel images are not JBIG2-coded, as on a stock Debian desk.
- img2pdf: lossless wrapping of the images as they are, the size a desk gets by doing
  nothing.

These tools are yardsticks, not dependencies: scripts/bench-setup installs them into .venv
and the Debian packages they call. Times are one run each, in this process, after imports;
the benchmark takes medians.

Check on one synthetic photo and one skewed scan:
    .venv/bin/python -m benchmarks.capture_baselines
"""

import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

try:
    import img2pdf
    import ocrmypdf
except ModuleNotFoundError as missing:
    raise SystemExit(f"{missing.name} is not installed: run scripts/bench-setup") from missing

from tests.capture.synthetic import flatbed_scan_of, photo_of, truth_page


def images_to_pdf(images: list[Path], output_pdf: Path, dpi: float = 300) -> None:
    """One page per image, JPEGs passed through, at a stated dpi.

    Photos carry no dpi, and img2pdf would assume 96: OCRmyPDF rasterises at the dpi the
    PDF implies, so a wrong one would change the work it does.
    """
    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    output_pdf.write_bytes(img2pdf.convert([str(path) for path in images], layout_fun=layout))


def img2pdf_size(images: list[Path]) -> int:
    """Bytes of a PDF that wraps the images losslessly."""
    return len(img2pdf.convert([str(path) for path in images]))


def ocrmypdf_deskew_clean(input_pdf: Path, output_pdf: Path, optimize: int) -> float:
    """Seconds OCRmyPDF takes to deskew and clean every page, without OCR."""
    start = time.perf_counter()
    status = ocrmypdf.ocr(
        input_pdf,
        output_pdf,
        deskew=True,
        clean=True,
        clean_final=True,
        tesseract_timeout=0,
        output_type="pdf",
        optimize=optimize,
        progress_bar=False,
    )
    seconds = time.perf_counter() - start
    if status != ocrmypdf.ExitCode.ok:
        raise RuntimeError(f"OCRmyPDF failed on {input_pdf}: {status.name}")
    return seconds


def ocrmypdf_o3_size(input_pdf: Path, output_pdf: Path) -> int:
    """Bytes of OCRmyPDF's output for the deskew-and-clean run at -O3."""
    ocrmypdf_deskew_clean(input_pdf, output_pdf, optimize=3)
    return output_pdf.stat().st_size


def _report(label: str, image: Path, dpi: float) -> None:
    wrapped = image.with_suffix(".pdf")
    images_to_pdf([image], wrapped, dpi)
    default = ocrmypdf_deskew_clean(wrapped, image.with_suffix(".O1.pdf"), optimize=1)
    start = time.perf_counter()
    smallest = ocrmypdf_o3_size(wrapped, image.with_suffix(".O3.pdf"))
    o3_seconds = time.perf_counter() - start
    print(
        f"{label}: JPEG {image.stat().st_size:,} B, img2pdf {img2pdf_size([image]):,} B; "
        f"OCRmyPDF deskew+clean {default:.1f} s at -O1, {o3_seconds:.1f} s at -O3 "
        f"giving {smallest:,} B"
    )


def main() -> None:
    page = truth_page()
    photo, corners = photo_of(page, seed=0)
    scan = flatbed_scan_of(page, skew_deg=2.0, dpi=300)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # Phones and counter scanners both hand over JPEGs.
        cv2.imwrite(str(folder / "photo.jpg"), photo, [cv2.IMWRITE_JPEG_QUALITY, 90])
        cv2.imwrite(str(folder / "scan.jpg"), scan, [cv2.IMWRITE_JPEG_QUALITY, 90])
        # State the dpi the page has in the photo: its left edge is 297 mm long.
        page_dpi = float(np.linalg.norm(corners[3] - corners[0])) / (297 / 25.4)
        _report("photo 12 MP", folder / "photo.jpg", dpi=page_dpi)
        _report("scan 300 dpi, 2° skew", folder / "scan.jpg", dpi=300)


if __name__ == "__main__":
    main()
