"""Digitizing through the CLI: `scan`, `watch`, cameras, eSCL scanners, `certify --document-id`."""

import json
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import cv2
import numpy as np
import pymupdf
import pytest

from counterdesk.store.home import DATABASE_NAME
from tests.capture.escl_server import EsclTestServer, FakeScanner
from tests.capture.synthetic import KNOWN_WORDS, blank_page, photo_of, truth_page
from tests.capture.test_qr import PAYLOADS, card_image, qr_image
from tests.conftest import CertifyArgs, Cli, require_tool

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Phone photos (JPEG, as phones save them) of synthetic pages, and a blank scan."""
    folder = tmp_path_factory.mktemp("photos")
    page = truth_page(seed=0)
    made = {
        "page": photo_of(page, seed=0)[0],
        "page_again": photo_of(page, seed=3, background="fabric")[0],
        "sideways": photo_of(truth_page(seed=2), seed=1, rotation=90)[0],
        "blank": blank_page(),
    }
    paths = {}
    for name, image in made.items():
        path = folder / f"{name}.jpg"
        cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, 90])
        paths[name] = path
    return paths


def pdftotext(path: Path) -> str:
    return subprocess.run(
        [require_tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def blob_count(home: Path) -> int:
    return sum(1 for p in (home / "blobs").rglob("*.pdf"))


def test_scan_makes_a_searchable_pdfa_copy(cli: Cli, photos: dict[str, Path]) -> None:
    require_tool("tesseract")
    out = cli.ok(
        "scan",
        str(photos["page"]),
        str(photos["sideways"]),
        str(photos["blank"]),
        "--title",
        "Giấy khai sinh",
    )
    assert isinstance(out["document_id"], int)
    pdf = Path(out["pdf_path"])
    assert pdf.is_file() and pdf.stem == out["sha256"]
    assert [p["index"] for p in out["pages"]] == [0, 1, 2]
    for page in out["pages"]:
        assert page["dpi"] >= 200
        assert page["mode"] in ("color", "gray", "bw")
        assert page["bytes"] > 0
        assert all(set(w) == {"code", "message"} for w in page["warnings"])
    assert [w["code"] for w in out["pages"][2]["warnings"]] == ["blank"]  # kept, flagged
    assert out["text_layer"] is True

    with pymupdf.open(pdf) as doc:
        assert doc.page_count == 3
        for info, page in zip(out["pages"], doc, strict=True):
            # every page at its physical size: pixels / dpi = points / 72
            assert page.rect.width == pytest.approx(info["width_px"] / info["dpi"] * 72, rel=1e-3)
        xmp = doc.get_xml_metadata()
        assert "<pdfaid:part>2</pdfaid:part>" in xmp
        assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
        intents = doc.xref_get_key(doc.pdf_catalog(), "OutputIntents")
        assert intents[0] == "array"
        assert not doc.is_encrypted
    text = pdftotext(pdf)
    assert any(word in text for word in KNOWN_WORDS), text[:500]
    fonts = subprocess.run(
        [require_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(" yes " in row for row in fonts)  # embedded


def test_same_files_twice_are_linked_not_stored_twice(cli: Cli, photos: dict[str, Path]) -> None:
    first = cli.ok("scan", str(photos["page"]), "--mode", "bw")
    stored = blob_count(cli.home)
    again = cli.ok("scan", str(photos["page"]), "--mode", "bw")
    assert again["document_id"] == first["document_id"]
    assert again["sha256"] == first["sha256"]
    assert "duplicate" in [w["code"] for w in again["warnings"]]
    assert blob_count(cli.home) == stored

    # Another photo of the same page: stored (never dropped on a guess), but linked.
    rescan = cli.ok("scan", str(photos["page_again"]), "--mode", "bw")
    assert rescan["document_id"] != first["document_id"]
    (page,) = rescan["pages"]
    duplicate = [w for w in page["warnings"] if w["code"] == "duplicate"]
    assert duplicate and str(first["document_id"]) in duplicate[0]["message"]


def test_black_and_white_and_grey_pages_are_compact(cli: Cli, photos: dict[str, Path]) -> None:
    bw = cli.ok("scan", str(photos["page"]), "--mode", "bw")["pages"][0]
    grey = cli.ok("scan", str(photos["page"]), "--mode", "gray")["pages"][0]
    assert bw["dpi"] == grey["dpi"] == 300
    assert bw["bytes"] <= 50_000
    assert grey["bytes"] <= 150_000


def test_scan_links_to_a_dossier_and_certify_uses_the_digitized_copy(
    office: Cli, photos: dict[str, Path], scans: list[Path], certify_args: CertifyArgs
) -> None:
    certified = office.ok(*certify_args(*scans))
    code = certified["dossier_code"]
    digitized = office.ok("scan", str(photos["page"]), "--dossier", code, "--mode", "bw")
    with sqlite3.connect(office.home / DATABASE_NAME) as db:
        dossier_id, citizen_id = db.execute(
            "SELECT d.id, d.citizen_id FROM dossiers d WHERE d.code = ?", [code]
        ).fetchone()
        row = db.execute(
            "SELECT dossier_id, citizen_id FROM digitized_documents WHERE id = ?",
            [digitized["document_id"]],
        ).fetchone()
    assert row == (dossier_id, citizen_id)

    args = certify_args()
    out = office.ok(*args, "--document-id", str(digitized["document_id"]))
    assert out["pages"] == 1
    assert out["certification"]["number"] == 2
    unknown = office.run("scan", str(photos["page"]), "--dossier", "H38.12-000000-9999")
    assert unknown.returncode != 0 and "H38.12-000000-9999" in unknown.stderr
    missing = office.run(*args, "--document-id", "999")
    assert missing.returncode != 0 and "999" in missing.stderr


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("empty.jpg", b"", "empty"),
        ("cut.jpg", None, "decoded"),
        # 20,000 x 20,000 pixels: past our 200-megapixel limit, under OpenCV's own.
        (
            "bomb.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
            + (20_000).to_bytes(4, "big") * 2
            + b"\x08\x00\x00\x00\x00"
            + b"\x00" * 64,
            "pixels",
        ),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    cli: Cli,
    photos: dict[str, Path],
    tmp_path: Path,
    name: str,
    content: bytes | None,
    needle: str,
) -> None:
    bad = tmp_path / name
    bad.write_bytes(photos["page"].read_bytes()[:5000] if content is None else content)
    result = cli.run("scan", str(photos["page"]), str(bad), "--json")
    assert result.returncode != 0
    assert str(bad) in result.stderr and needle in result.stderr
    assert result.stdout == ""
    assert blob_count(cli.home) == 0


def test_pdf_with_too_many_pages_is_refused(cli: Cli, tmp_path: Path) -> None:
    doc = pymupdf.open()
    for _ in range(501):
        doc.new_page()
    big = tmp_path / "huge.pdf"
    doc.save(big)
    result = cli.run("scan", str(big))
    assert result.returncode != 0 and "501 pages" in result.stderr


def test_scanned_pdf_images_are_extracted_not_rerendered(cli: Cli, tmp_path: Path) -> None:
    page = truth_page(seed=4)
    jpeg = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 85])[1]
    doc = pymupdf.open()
    sheet = doc.new_page(width=595.28, height=841.89)
    sheet.insert_image(sheet.rect, stream=jpeg.tobytes())
    pdf = tmp_path / "scanner.pdf"
    doc.save(pdf)
    out = cli.ok("scan", str(pdf), "--mode", "gray")
    assert out["pages"][0]["dpi"] == 300  # the embedded image's own resolution
    assert out["pages"][0]["width_px"] == 2480


def _write_slowly(path: Path, data: bytes) -> None:
    with path.open("wb") as f:
        for start in range(0, len(data), len(data) // 4):
            f.write(data[start : start + len(data) // 4])
            f.flush()
            time.sleep(0.4)


def test_watched_folder_takes_finished_files_in_order_once(
    cli: Cli, photos: dict[str, Path], tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "first.jpg").write_bytes(photos["page"].read_bytes())
    (inbox / "notes.txt").write_text("not a scan")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "counterdesk",
            "--home",
            str(cli.home),
            "watch",
            str(inbox),
            "--settle",
            "0.8",
            "--count",
            "3",
            "--timeout",
            "90",
            "--mode",
            "bw",
            "--json",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(1.5)
        # A scanner still writing: must not be taken half-written.
        writer = threading.Thread(
            target=_write_slowly, args=(inbox / "second.jpg", photos["blank"].read_bytes())
        )
        writer.start()
        writer.join()
        # The folder disappears for a while (USB stick pulled) and comes back.
        inbox.rename(tmp_path / "away")
        time.sleep(6)  # longer than taking in a file, so the watcher polls meanwhile
        (tmp_path / "away").rename(inbox)
        (inbox / "third.jpg").write_bytes(photos["sideways"].read_bytes())
        out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [Path(line["file"]).name for line in lines] == ["first.jpg", "second.jpg", "third.jpg"]
    assert [w["code"] for w in lines[1]["pages"][0]["warnings"]] == ["blank"]
    assert "not there" in err
    # Restarted, the watcher takes nothing twice.
    again = cli.run("watch", str(inbox), "--settle", "0.3", "--timeout", "3", "--json")
    assert again.returncode == 0 and again.stdout == ""


def _video(path: Path, frames: list[np.ndarray], fps: float = 10.0) -> None:
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    assert writer.isOpened()
    for frame in frames:
        writer.write(frame)
    writer.release()


def test_camera_takes_the_page_once_it_is_held_still(cli: Cli, tmp_path: Path) -> None:
    page = truth_page(seed=0)
    still, _ = photo_of(page, seed=0, size_px=(1920, 1440))
    moving = [photo_of(page, seed=s, size_px=(1920, 1440))[0] for s in range(6, 12)]
    video = tmp_path / "camera.avi"
    _video(video, moving + [still] * 20)
    out = cli.ok("scan", "--source", f"camera:{video}", "--mode", "bw")
    (taken,) = out["pages"]
    assert taken["width_px"] == 2480 and taken["height_px"] == 3508

    # Unplugged before the second page: the first is kept, with a warning.
    two = cli.ok("scan", "--source", f"camera:{video}", "--pages", "2", "--mode", "bw")
    assert len(two["pages"]) == 1
    assert "source_interrupted" in [w["code"] for w in two["warnings"]]

    nothing = tmp_path / "empty.avi"
    _video(nothing, moving)
    result = cli.run("scan", "--source", f"camera:{nothing}")
    assert result.returncode != 0 and "stopped sending" in result.stderr
    gone = cli.run("scan", "--camera", "7")
    assert gone.returncode != 0 and "Camera 7" in gone.stderr


def test_escl_scanner_end_to_end(cli: Cli) -> None:
    scanner = FakeScanner(pages=[truth_page(seed=s) for s in (0, 1)])
    with EsclTestServer(scanner) as server:
        found = cli.ok("scanners", "--address", server.url, "--no-cameras")["scanners"]
        escl = [s for s in found if s["kind"] == "escl"]
        assert len(escl) == 1
        out = cli.ok("scan", "--source", escl[0]["id"], "--mode", "bw")
    assert len(out["pages"]) == 2
    assert all(p["dpi"] == 300 for p in out["pages"])


def test_id_card_qr_fills_the_citizen(cli: Cli, tmp_path: Path) -> None:
    payload = PAYLOADS["with old ID"]
    card = card_image(payload)
    photo, _ = photo_of(card, seed=2, size_px=(3000, 2000))
    path = tmp_path / "cccd.jpg"
    cv2.imwrite(str(path), photo, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert cli.ok("id-qr", str(path)) == {
        "id_number": "001090123456",
        "old_id_number": "012345678",
        "full_name": "Nguyễn Thị Ngọc Ánh",
        "date_of_birth": "1990-01-01",
        "sex": "Nữ",
        "address": "Số 12 ngõ 34 phố Đội Cấn, Phường Ngọc Hà, Thành phố Hà Nội",
        "issued_on": "2021-04-15",
    }
    no_code = tmp_path / "page.jpg"
    cv2.imwrite(str(no_code), truth_page(seed=0))
    result = cli.run("id-qr", str(no_code), "--json")
    assert result.returncode != 0 and "No QR code" in result.stderr and result.stdout == ""
    bad = tmp_path / "bad.png"
    cv2.imwrite(
        str(bad),
        cv2.resize(
            qr_image("001090123456||Ai Đó|31021990|Nam|X|01012020"),
            None,
            fx=8,
            fy=8,
            interpolation=cv2.INTER_NEAREST,
        ),
    )
    result = cli.run("id-qr", str(bad))
    assert result.returncode != 0 and "date of birth is not a real date" in result.stderr
    assert "31021990" not in result.stderr  # personal data is never repeated in messages


def test_tesseract_reads_vietnamese_from_a_clean_page(cli: Cli, tmp_path: Path) -> None:
    require_tool("tesseract")
    scan = tmp_path / "clean.png"
    cv2.imwrite(str(scan), truth_page(seed=6))
    out = cli.ok("scan", str(scan), "--mode", "gray")
    assert out["text_layer"] is True
    text = pdftotext(Path(out["pdf_path"]))
    found = [word for word in KNOWN_WORDS if word in text]
    assert len(found) >= 3, (found, text[:300])
    assert "Tân Phú" in text


def test_the_same_files_digitized_for_another_dossier_are_linked_to_it(
    office: Cli, scans: list[Path]
) -> None:
    codes = [
        office.ok(
            "dossier",
            "receive",
            "--procedure",
            "2.000815.000.00.00.H55",
            "--citizen-name",
            "Lý Thị Hoa",
            "--citizen-id",
            f"07919000002{n}",
        )["code"]
        for n in (1, 2)
    ]
    first = office.ok("scan", str(scans[0]), "--dossier", codes[0])
    again = office.ok("scan", str(scans[0]), "--dossier", codes[0])
    other = office.ok("scan", str(scans[0]), "--dossier", codes[1])
    assert again["document_id"] == first["document_id"]  # nothing stored twice
    assert other["document_id"] != first["document_id"]  # the second dossier has its copy
    assert (
        office.ok(
            "indicators", "--month", datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%Y-%m")
        )["digitized_rate"]
        == 1.0
    )
