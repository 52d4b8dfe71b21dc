"""The paper copy's QR code: certify through the CLI, print the statement page to an image
as a scan would, and check it back with `verify --qr` against the book and the e-copy."""

import hashlib
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest

from counterdesk.capture.qr import qr_png
from counterdesk.documents.certified_copy import QR_CAPTION
from counterdesk.domain.copy_qr import make_payload
from tests.conftest import CertifyArgs, Cli, require_tool


def scan_page(pdf: Path, page: int, out: Path, dpi: int = 200) -> Path:
    """The page as a scanner at `dpi` would give it, as PNG."""
    pages = ["-f", str(page), "-l", str(page), "-singlefile"]
    tool = require_tool("pdftoppm")
    subprocess.run(
        [tool, "-r", str(dpi), "-png", *pages, str(pdf), str(out.with_suffix(""))], check=True
    )
    return out


def code_image(payload: str, out: Path) -> Path:
    """A QR code of `payload` on a white page, as a photo of someone else's copy would be."""
    code = cv2.imdecode(np.frombuffer(qr_png(payload, module_px=8), np.uint8), 0)
    page = np.full((1200, 900), 255, np.uint8)
    page[400 : 400 + code.shape[0], 300 : 300 + code.shape[1]] = code
    cv2.imwrite(str(out), page)
    return out


def pdftotext(pdf: Path, page: int) -> list[str]:
    tool = require_tool("pdftotext")
    args = [tool, "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout.splitlines()


@pytest.fixture
def certified(office: Cli, scans: list[Path], certify_args: CertifyArgs) -> dict:
    return office.ok(*certify_args(*scans))


def test_scanned_paper_copy_matches_its_e_copy_in_our_book(
    office: Cli, certified: dict, tmp_path: Path
) -> None:
    paper, electronic = Path(certified["paper_pdf"]), Path(certified["electronic_pdf"])
    page = scan_page(paper, 2, tmp_path / "statement-page.png")

    checked = office.ok("verify", "--qr", str(page))

    assert checked == {
        "office": "H38.12",
        "label": certified["certification"]["label"],
        "ecopy_sha256": hashlib.sha256(electronic.read_bytes()).hexdigest(),
        "in_our_book": True,
        "ecopy_found": True,
        "ecopy_matches": None,
        "verdict": "matches",
    }
    text = office.run("verify", "--qr", str(page))
    assert text.returncode == 0
    assert "MATCHES" in text.stdout

    # A phone photo: tilted, a little blurred, lit unevenly, saved as a rough JPEG.
    grey = cv2.imread(str(page), cv2.IMREAD_GRAYSCALE)
    height, width = grey.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), 7, 0.9)
    photo = cv2.warpAffine(grey, turn, (width, height), borderValue=200)
    photo = cv2.GaussianBlur(photo, (5, 5), 1.2) * np.linspace(0.7, 1.0, width)
    cv2.imwrite(str(tmp_path / "photo.jpg"), photo.astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 50])
    assert office.ok("verify", "--qr", str(tmp_path / "photo.jpg")) == checked


def test_the_e_copy_is_the_paper_copy_without_the_code(
    office: Cli, certified: dict, tmp_path: Path
) -> None:
    paper, electronic = Path(certified["paper_pdf"]), Path(certified["electronic_pdf"])
    # The e-copy carries no code: its statement page reads as no QR code at all.
    scanned = scan_page(electronic, 2, tmp_path / "e-copy-page.png")
    no_code = office.run("verify", "--qr", str(scanned), "--json")
    assert no_code.returncode == 3
    assert "No QR code could be read" in no_code.stderr
    assert no_code.stdout == ""

    # Same statement, same pages; the paper copy adds the code and its caption only.
    paper_text, e_text = pdftotext(paper, 2), pdftotext(electronic, 2)
    assert QR_CAPTION in paper_text
    assert not any(QR_CAPTION in line for line in e_text)
    for line in ("Chứng thực bản sao đúng với bản chính.", certified["certification"]["label"]):
        assert line in paper_text and line in e_text
    with pymupdf.open(paper) as p, pymupdf.open(electronic) as e:
        assert p.page_count == e.page_count == 2
        assert len(p[1].get_images()) == len(e[1].get_images()) + 1
        assert p[0].get_text() == e[0].get_text()
        assert p.metadata["subject"] == e.metadata["subject"] == certified["certification"]["label"]

    # The paper copy's fonts, the caption's included, are embedded subsets with ToUnicode.
    fonts = subprocess.run(
        [require_tool("pdffonts"), str(paper)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts
    assert all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in fonts), fonts


def test_the_code_stays_clear_of_the_statement_signature_and_seal(certified: dict) -> None:
    paper, electronic = Path(certified["paper_pdf"]), Path(certified["electronic_pdf"])
    with pymupdf.open(paper) as doc, pymupdf.open(electronic) as signed:
        page = doc[1]
        height = page.rect.height
        (signature,) = [w.rect for w in signed[1].widgets()]
        images = sorted(
            (pymupdf.Rect(info["bbox"]) for info in page.get_image_info()),
            key=lambda rect: rect.width * rect.height,
        )
        lines = [
            (pymupdf.Rect(line["bbox"]), "".join(span["text"] for span in line["spans"]))
            for block in page.get_text("dict")["blocks"]
            if block["type"] == 0
            for line in block["lines"]
        ]
    code, copied = images[0], images[-1]
    # About 2 cm square, inside the page margins, below the copied page.
    assert 50 <= code.width <= 65 and abs(code.width - code.height) < 0.5
    assert code.x0 >= 40 and code.y1 <= height - 40
    assert len(images) == 2 and copied.y1 <= code.y0
    caption = [rect for rect, text in lines if text == QR_CAPTION]
    assert len(caption) == 1 and caption[0].y0 >= code.y1 - 1
    statement = [rect for rect, text in lines if rect.y0 > code.y0 - 20 and text != QR_CAPTION]
    assert len(statement) >= 6
    # The seal goes over the left of the signature: keep 2 cm clear left of the statement.
    seal_left = min(*(rect.x0 for rect in statement), signature.x0) - 56
    for rect in (code, caption[0]):
        assert rect.x1 < seal_left, (rect, seal_left)
        assert not rect.intersects(signature)
        assert not any(rect.intersects(other) for other in statement)


def test_other_offices_codes_and_altered_codes(
    office: Cli, certified: dict, tmp_path: Path
) -> None:
    label = certified["certification"]["label"]
    real = hashlib.sha256(Path(certified["electronic_pdf"]).read_bytes()).hexdigest()
    other = hashlib.sha256(b"another e-copy").hexdigest()

    theirs = office.ok(
        "verify",
        "--qr",
        str(code_image(make_payload("H55.07", label, real), tmp_path / "theirs.png")),
    )
    assert theirs == {
        "office": "H55.07",
        "label": label,
        "ecopy_sha256": real,
        "in_our_book": None,
        "ecopy_found": None,
        "ecopy_matches": None,
        "verdict": "not_ours",
    }

    altered = office.ok(
        "verify",
        "--qr",
        str(code_image(make_payload("H38.12", label, other), tmp_path / "altered.png")),
    )
    assert (altered["in_our_book"], altered["ecopy_found"], altered["verdict"]) == (
        True,
        False,
        "no_match",
    )
    assert altered["ecopy_sha256"] == other

    assert ": 1," in label
    unknown = make_payload("H38.12", label.replace(": 1,", ": 999,"), real)
    missing = office.ok("verify", "--qr", str(code_image(unknown, tmp_path / "unknown.png")))
    assert (missing["in_our_book"], missing["ecopy_found"], missing["verdict"]) == (
        False,
        False,
        "no_match",
    )


def test_images_without_our_code_are_refused_clearly(
    office: Cli, scans: list[Path], tmp_path: Path
) -> None:
    cases = [
        (scans[0], "No QR code could be read in"),
        (code_image("https://dichvucong.gov.vn/", tmp_path / "link.png"), "not a CounterDesk"),
        (code_image("CDQR7|H38.12|x|" + "0" * 64, tmp_path / "v7.png"), "format version 7"),
        (code_image("CDQR1|H38.12|x", tmp_path / "cut.png"), "damaged or was altered"),
        (tmp_path / "missing.png", "cannot be read"),
        (tmp_path, "is a folder"),
    ]
    for image, message in cases:
        refused = office.run("verify", "--qr", str(image), "--json")
        assert refused.returncode == 3, (image, refused.stderr)
        assert refused.stdout == ""
        assert message in refused.stderr
        assert refused.stderr.count("\n") == 1, refused.stderr


def test_paper_only_copy_has_no_code(
    office: Cli, scans: list[Path], certify_args: CertifyArgs, tmp_path: Path
) -> None:
    made = office.ok(*certify_args(*scans), "--no-electronic")
    assert made["electronic_pdf"] is None
    paper = Path(made["paper_pdf"])
    assert not any(QR_CAPTION in line for line in pdftotext(paper, 2))
    refused = office.run("verify", "--qr", str(scan_page(paper, 2, tmp_path / "p.png")))
    assert refused.returncode == 3
    assert "No QR code could be read" in refused.stderr


def test_verify_takes_a_file_or_a_qr_image_not_both(office: Cli, certified: dict) -> None:
    assert office.ok("verify", certified["electronic_pdf"])["signed"] is True
    neither = office.run("verify", "--json")
    assert neither.returncode == 2
    both = office.run("verify", certified["electronic_pdf"], "--qr", certified["paper_pdf"])
    assert both.returncode == 2
    assert "not allowed with" in both.stderr
