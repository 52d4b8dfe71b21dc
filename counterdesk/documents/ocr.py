"""The searchable text layer of a digitized page, from Tesseract's Vietnamese model.

Tesseract renders an invisible-text PDF of the page (`textonly_pdf`), the same route
OCRmyPDF takes; the digitized copy lays it over the page image. Without Tesseract or its
`vie` data the copy is still made, and the caller warns that the text layer is missing.
"""

import functools
import os
import shutil
import subprocess

TESSERACT_ENV = "COUNTERDESK_TESSERACT"  # path to tesseract(.exe) when not on the PATH
LANGUAGE = "vie"
TIMEOUT_SECONDS = 180


@functools.cache
def tesseract() -> str | None:
    """The tesseract executable that has the Vietnamese model, or None."""
    exe = os.environ.get(TESSERACT_ENV) or shutil.which("tesseract")
    if not exe:
        return None
    try:
        listed = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    languages = {line.strip() for line in (listed.stdout + listed.stderr).splitlines()}
    return exe if LANGUAGE in languages else None


def text_layer(image_png: bytes, dpi: int) -> bytes | None:
    """A one-page PDF holding only the page's invisible text, or None if OCR failed."""
    exe = tesseract()
    if exe is None:
        return None
    try:
        done = subprocess.run(
            [
                exe,
                "stdin",
                "stdout",
                "-l",
                LANGUAGE,
                "--dpi",
                str(dpi),
                "-c",
                "textonly_pdf=1",
                "pdf",
            ],
            input=image_png,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
            # One thread per page: the desk stays responsive and pages run in parallel.
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0 or not done.stdout.startswith(b"%PDF"):
        return None
    return done.stdout
