"""scanimage and NAPS2 end to end, with fake tools on PATH that log their arguments."""

import json
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from counterdesk.capture.sources import command
from counterdesk.capture.sources.base import RawPage, SourceInfo
from counterdesk.capture.sources.command import (
    Naps2Scanner,
    Naps2Settings,
    ScanimageScanner,
    ScanimageSettings,
    list_command_scanners,
)
from counterdesk.errors import CaptureError

A4_AT_50_DPI = (585, 413)  # rows, columns: 297 x 210 mm
PIXMA = "pixma:04A9176D_3EBCC9"
BROTHER = "airscan:e0:Brother ADS-2200"

# Shared by both fakes: a page sized from the requested area and dpi, with a black bar
# 10 pixels long per page number so that tests can check the page order.
_FAKE_COMMON = """
import json, os, sys, time
from pathlib import Path

with open(os.environ["FAKE_TOOL_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps([Path(sys.argv[0]).name, *sys.argv[1:]]) + "\\n")
time.sleep(float(os.environ.get("FAKE_SLEEP", "0")))
if "FAKE_EXIT" in os.environ:
    print(os.environ.get("FAKE_STDOUT", ""))
    print(os.environ.get("FAKE_STDERR", ""), file=sys.stderr)
    sys.exit(int(os.environ["FAKE_EXIT"]))

# Imported after the log line, which must be written even when a test kills a slow fake.
import cv2
import numpy as np

SHEETS = int(os.environ.get("FAKE_FEEDER", "3"))


def page(number, width_mm, height_mm, dpi, colour):
    size = (round(height_mm / 25.4 * dpi), round(width_mm / 25.4 * dpi))
    image = np.full((*size, 3), 255, np.uint8)
    image[5:15, : 10 * number] = 0
    return image if colour else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def encode(images, suffix):
    if len(images) > 1:
        ok, data = cv2.imencodemulti(suffix, images)
    else:
        ok, data = cv2.imencode(suffix, images[0])
    assert ok
    return bytes(data)
"""

FAKE_SCANIMAGE = (
    _FAKE_COMMON
    + """
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("-L", "--list-devices", action="store_true")
parser.add_argument("-d", "--device-name")
parser.add_argument("--format", default="pnm")
parser.add_argument("--resolution", type=int, default=75)
parser.add_argument("--mode", default="Color")
parser.add_argument("--source", default="Flatbed")
parser.add_argument("-x", type=float, default=215.9)
parser.add_argument("-y", type=float, default=297.0)
parser.add_argument("-o", "--output-file")
parser.add_argument("-b", "--batch", nargs="?", const="out%d.pnm")
args = parser.parse_args()
if args.list_devices:
    print("device `pixma:04A9176D_3EBCC9' is a CANON Canon PIXMA MG3600 multi-function peripheral")
    print("device `airscan:e0:Brother ADS-2200' is a eSCL Brother ADS-2200 ADF scanner")
    sys.exit(0)
suffix = "." + args.format
feeder = "ADF" in args.source


def scan(number, path):
    image = page(number, args.x, args.y, args.resolution, args.mode == "Color")
    Path(path).write_bytes(encode([image], suffix))


NO_DOCS = "scanimage: sane_start: Document feeder out of documents"
if args.batch:
    sheets = SHEETS if feeder else 1
    for number in range(1, sheets + 1):
        print(f"Scanning page {number}", file=sys.stderr)
        scan(number, args.batch % number)
        print(f"Scanned page {number}. (scanner status = 5)", file=sys.stderr)
    print(NO_DOCS, file=sys.stderr)
    print(f"Batch terminated, {sheets} pages scanned", file=sys.stderr)
    # Before the fix in scanimage, running out of paper failed the whole batch.
    sys.exit(7 if sheets == 0 or "FAKE_OLD_SCANIMAGE" in os.environ else 0)
if feeder and SHEETS == 0:
    print(NO_DOCS, file=sys.stderr)
    sys.exit(7)
scan(1, args.output_file)
"""
)

FAKE_NAPS2 = (
    _FAKE_COMMON
    + """
import argparse

DEVICES = {
    "wia": ["Canon DR-C225", "HP ScanJet Pro 2500 f1"],
    "twain": ["Canon DR-C225 TWAIN"],
    "sane": ["pixma:04A9176D_3EBCC9"],
}
SIZES = {"a4": (210, 297), "letter": (215.9, 279.4)}
parser = argparse.ArgumentParser()
parser.add_argument("--listdevices", action="store_true")
parser.add_argument("--noprofile", action="store_true")
parser.add_argument("--driver")
parser.add_argument("--device")
parser.add_argument("--source", default="glass")
parser.add_argument("--dpi", type=int, default=200)
parser.add_argument("--bitdepth", default="color")
parser.add_argument("--pagesize", default="letter")
parser.add_argument("-o", "--output")
args = parser.parse_args()
if args.listdevices:
    print("\\n".join(DEVICES.get(args.driver, [])))
    sys.exit(0)
sheets = 1 if args.source == "glass" else SHEETS
if sheets == 0:
    print("No pages are in the feeder.")  # a driver error: NAPS2 still exits 0
    sys.exit(0)
colour = args.bitdepth == "color"
images = [page(n, *SIZES[args.pagesize], args.dpi, colour) for n in range(1, sheets + 1)]
output = Path(args.output)
if output.suffix == ".tiff" or len(images) == 1:
    output.write_bytes(encode(images, output.suffix))
else:
    # Numbered the way NAPS2 documents it (img1.jpg, img2.jpg...), so page10 sorts after page9.
    for number, image in enumerate(images, start=1):
        path = output.with_name(f"{output.stem}{number}{output.suffix}")
        path.write_bytes(encode([image], output.suffix))
"""
)


@dataclass
class FakeTools:
    folder: Path
    log: Path

    def calls(self) -> list[list[str]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeTools:
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, source in (("scanimage", FAKE_SCANIMAGE), ("NAPS2.Console", FAKE_NAPS2)):
        path = folder / name
        path.write_text(f"#!{sys.executable}\n{source}", encoding="utf-8")
        path.chmod(0o755)
    log = tmp_path / "calls.jsonl"
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_TOOL_LOG", str(log))
    return FakeTools(folder, log)


@pytest.fixture
def no_tools_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def bar_length(page: RawPage) -> int:
    """The page-number bar the fakes draw: 10 pixels per page number."""
    row = page.image[10] if page.image.ndim == 2 else page.image[10].min(axis=1)
    return int(np.count_nonzero(row < 128))


def test_lists_sane_and_naps2_scanners(tools: FakeTools, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(command, "NAPS2_DRIVERS", ("wia", "twain"))

    assert list_command_scanners() == [
        SourceInfo(f"sane:{PIXMA}", "sane", "CANON Canon PIXMA MG3600 multi-function peripheral"),
        SourceInfo(f"sane:{BROTHER}", "sane", "eSCL Brother ADS-2200 ADF scanner"),
        SourceInfo("naps2:wia:Canon DR-C225", "naps2", "Canon DR-C225 (WIA)"),
        SourceInfo("naps2:wia:HP ScanJet Pro 2500 f1", "naps2", "HP ScanJet Pro 2500 f1 (WIA)"),
        SourceInfo("naps2:twain:Canon DR-C225 TWAIN", "naps2", "Canon DR-C225 TWAIN (TWAIN)"),
    ]
    assert tools.calls() == [
        ["scanimage", "-L"],
        ["NAPS2.Console", "--listdevices", "--driver", "wia"],
        ["NAPS2.Console", "--listdevices", "--driver", "twain"],
    ]


@pytest.mark.usefixtures("no_tools_on_path")
def test_lists_tools_at_configured_paths(tools: FakeTools, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(command, "NAPS2_DRIVERS", ("sane",))

    sources = list_command_scanners(
        scanimage=str(tools.folder / "scanimage"), naps2=str(tools.folder / "NAPS2.Console")
    )

    assert [source.id for source in sources] == [
        f"sane:{PIXMA}",
        f"sane:{BROTHER}",
        f"naps2:sane:{PIXMA}",
    ]


@pytest.mark.usefixtures("no_tools_on_path")
def test_missing_tools_give_no_scanners(tmp_path: Path) -> None:
    assert list_command_scanners() == []
    assert (
        list_command_scanners(
            scanimage=str(tmp_path / "gone" / "scanimage"),
            naps2=str(tmp_path / "gone" / "NAPS2.Console.exe"),
        )
        == []
    )


def test_failing_tools_give_no_scanners(
    tools: FakeTools, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("FAKE_EXIT", "1")
    monkeypatch.setenv("FAKE_STDERR", "scanimage: sane_get_devices() failed: Out of memory")

    with caplog.at_level(logging.DEBUG, logger=command.__name__):
        assert list_command_scanners() == []

    assert "Out of memory" in caplog.text
    assert len(tools.calls()) == 1 + len(command.NAPS2_DRIVERS)


def test_hanging_tools_give_no_scanners_in_bounded_time(
    tools: FakeTools, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(command, "LIST_TIMEOUT", 1.0)
    monkeypatch.setattr(command, "NAPS2_DRIVERS", ("wia",))
    monkeypatch.setenv("FAKE_SLEEP", "30")
    started = time.monotonic()

    assert list_command_scanners() == []
    assert time.monotonic() - started < 10
    assert len(tools.calls()) == 2


def test_scanimage_scans_one_page_from_the_glass(tools: FakeTools) -> None:
    scanner = ScanimageScanner(PIXMA, ScanimageSettings(resolution=50, mode="Gray"))

    (page,) = scanner.pages()

    assert page.image.shape == A4_AT_50_DPI
    assert page.image.dtype == np.uint8
    assert (page.dpi, page.origin, page.is_photo) == (50.0, f"sane:{PIXMA} page 1", False)
    (call,) = tools.calls()
    output = Path(call[-1])
    assert call == [
        "scanimage",
        "--device-name",
        PIXMA,
        "--format",
        "png",
        "--resolution",
        "50",
        "--mode",
        "Gray",
        "-x",
        "210",
        "-y",
        "297",
        "--output-file",
        str(output),
    ]
    assert output.name == "page.png"
    assert not output.parent.exists()  # the temporary folder is gone


@pytest.mark.parametrize("file_format", ["png", "tiff"])
def test_scanimage_scans_every_sheet_in_the_feeder(tools: FakeTools, file_format: str) -> None:
    settings = ScanimageSettings(
        resolution=50, source="ADF", batch=True, file_format=file_format, page_size="a4"
    )

    pages = list(ScanimageScanner(BROTHER, settings).pages())

    assert [page.image.shape for page in pages] == [(*A4_AT_50_DPI, 3)] * 3
    assert [bar_length(page) for page in pages] == [10, 20, 30]
    assert [page.origin for page in pages] == [f"sane:{BROTHER} page {n}" for n in (1, 2, 3)]
    (call,) = tools.calls()
    assert call[:-1] == [
        "scanimage",
        "--device-name",
        BROTHER,
        "--format",
        file_format,
        "--resolution",
        "50",
        "--mode",
        "Color",
        "--source",
        "ADF",
        "-x",
        "210",
        "-y",
        "297",
    ]
    assert call[-1].startswith("--batch=")
    assert call[-1].endswith(f"page-%04d.{file_format}")


def test_scanimage_that_fails_the_batch_when_paper_runs_out_still_gives_the_pages(
    tools: FakeTools, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_OLD_SCANIMAGE", "1")
    settings = ScanimageSettings(resolution=50, source="ADF", batch=True)

    pages = list(ScanimageScanner(BROTHER, settings).pages())

    assert [bar_length(page) for page in pages] == [10, 20, 30]


def test_scanimage_with_an_empty_feeder_says_so(
    tools: FakeTools, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_FEEDER", "0")
    settings = ScanimageSettings(resolution=50, source="ADF", batch=True)

    with pytest.raises(CaptureError, match="feeder is empty") as error:
        list(ScanimageScanner(BROTHER, settings).pages())

    assert BROTHER in error.value.message
    assert "scanimage: sane_start: Document feeder out of documents" in error.value.message
    assert "Batch terminated" not in error.value.message


def test_scanimage_failure_quotes_its_last_error_line(
    tools: FakeTools, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_EXIT", "1")
    monkeypatch.setenv(
        "FAKE_STDERR", f"scanimage: open of device {PIXMA} failed: Error during device I/O"
    )

    with pytest.raises(CaptureError) as error:
        list(ScanimageScanner(PIXMA).pages())

    message = error.value.message
    assert f'"scanimage: open of device {PIXMA} failed: Error during device I/O"' in message
    assert "switched on" in message
    assert "\n" not in message


def test_scanimage_that_hangs_is_stopped(tools: FakeTools, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SLEEP", "30")
    started = time.monotonic()

    with pytest.raises(CaptureError, match=r"did not finish within 0\.5 s") as error:
        list(ScanimageScanner(PIXMA, ScanimageSettings(timeout=0.5)).pages())

    assert PIXMA in error.value.message
    assert time.monotonic() - started < 5


@pytest.mark.usefixtures("no_tools_on_path")
def test_scanning_without_the_tool_says_what_to_install() -> None:
    with pytest.raises(CaptureError, match="scanimage was not found"):
        list(ScanimageScanner(PIXMA).pages())
    with pytest.raises(CaptureError, match=r"NAPS2\.Console\.exe was not found"):
        list(Naps2Scanner("wia", "Canon DR-C225").pages())


@pytest.mark.parametrize("file_format", ["png", "tiff"])
def test_naps2_scans_the_feeder(tools: FakeTools, file_format: str) -> None:
    settings = Naps2Settings(
        resolution=50, bit_depth="gray", source="feeder", file_format=file_format
    )

    pages = list(Naps2Scanner("wia", "Canon DR-C225", settings).pages())

    assert [page.image.shape for page in pages] == [A4_AT_50_DPI] * 3
    assert [bar_length(page) for page in pages] == [10, 20, 30]
    assert [page.origin for page in pages] == [
        f"naps2:wia:Canon DR-C225 page {n}" for n in (1, 2, 3)
    ]
    assert all(page.dpi == 50.0 and not page.is_photo for page in pages)
    (call,) = tools.calls()
    output = Path(call[-1])
    assert call == [
        "NAPS2.Console",
        "--noprofile",
        "--driver",
        "wia",
        "--device",
        "Canon DR-C225",
        "--source",
        "feeder",
        "--dpi",
        "50",
        "--bitdepth",
        "gray",
        "--pagesize",
        "a4",
        "-o",
        str(output),
    ]
    assert output.name == f"page.{file_format}"


def test_naps2_pages_keep_their_order_past_nine(
    tools: FakeTools, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_FEEDER", "11")
    settings = Naps2Settings(resolution=50, source="feeder")

    pages = list(Naps2Scanner("twain", "Canon DR-C225 TWAIN", settings).pages())

    assert [bar_length(page) for page in pages] == [10 * n for n in range(1, 12)]
    assert pages[0].image.shape == (*A4_AT_50_DPI, 3)


def test_naps2_empty_feeder_reported_with_exit_code_0_is_an_error(
    tools: FakeTools, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_FEEDER", "0")

    with pytest.raises(CaptureError, match="feeder is empty") as error:
        list(Naps2Scanner("wia", "Canon DR-C225", Naps2Settings(source="feeder")).pages())

    assert '"No pages are in the feeder."' in error.value.message
    assert "Canon DR-C225" in error.value.message


def test_naps2_failure_quotes_the_message_it_printed(
    tools: FakeTools, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_EXIT", "1")
    monkeypatch.setenv("FAKE_STDOUT", "The selected scanner could not be found.")

    with pytest.raises(CaptureError) as error:
        list(Naps2Scanner("wia", "Canon DR-C225").pages())

    assert '"The selected scanner could not be found."' in error.value.message
    assert "Scanner Canon DR-C225" in error.value.message


def test_settings_reject_values_the_tools_do_not_know() -> None:
    with pytest.raises(ValueError, match="page_size"):
        ScanimageSettings(page_size="a3")
    with pytest.raises(ValueError, match="bit_depth"):
        Naps2Settings(bit_depth="colour")  # type: ignore[arg-type]
