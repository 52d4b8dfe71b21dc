"""Driver scanners through their own command-line tools: SANE's scanimage and NAPS2's console.

scanimage (sane-utils, scanimage(1); behaviour checked in sane-backends frontend/scanimage.c):
    -L                      lines like: device `pixma:04A9176D_3EBCC9' is a CANON Canon PIXMA ...
    --device-name, --format=png|tiff, --output-file=FILE for one page
    --batch=FORMAT          one file per feeder page, FORMAT holding %d; the argument is optional,
                            so it needs the "=" form, and --output-file cannot go with it
    --resolution, --mode, --source, -x/-y (scan area in mm) are the device's own options
    When the feeder runs dry sane_start fails with "Document feeder out of documents"; after at
    least one page recent versions exit 0, older ones exit 7 (SANE_STATUS_NO_DOCS).
NAPS2.Console.exe (options in NAPS2.Lib/Automation/AutomatedScanningOptions.cs):
    --listdevices --driver wia|twain|apple|sane|escl    prints one device name a line
    --noprofile --driver D --device NAME (part of the name is enough) --source glass|feeder|duplex
    --dpi N --bitdepth color|gray|bw --pagesize a4 -o FILE: the extension picks the format;
    several pages become FILE1.png, FILE2.png... or one multi-page TIFF.
    NAPS2 prints its messages on standard output; driver errors such as "No pages are in the
    feeder." even come with exit code 0, so a scan is judged by the files it leaves.
The scan runs to the end before the first page is yielded; pages are decoded one at a time.
"""

import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

import cv2
import numpy as np

from counterdesk.capture.sources.base import RawPage, SourceInfo
from counterdesk.capture.sources.escl import PAGE_SIZES_MM
from counterdesk.errors import CaptureError

log = logging.getLogger(__name__)

# Listing probes USB and network backends; some need tens of seconds.
LIST_TIMEOUT = 30.0

# The NAPS2 drivers that reach local scanners on this system; network scanners are
# reached directly through EsclScanner.
if sys.platform == "win32":
    NAPS2_DRIVERS: tuple[str, ...] = ("wia", "twain")
elif sys.platform == "darwin":
    NAPS2_DRIVERS = ("apple",)
else:
    NAPS2_DRIVERS = ("sane",)

# On Windows a console tool started from the desk window would otherwise flash a console.
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)

_SANE_DEVICE = re.compile(r"^device `(?P<device>.+?)' is an? (?P<description>.+)$")
_SCANIMAGE_PROGRESS = re.compile(r"^(Scanning |Scanned page |Batch terminated)")
_IMAGE_SUFFIXES = (".png", ".tif", ".tiff")

FileFormat = Literal["png", "tiff"]
Naps2BitDepth = Literal["color", "gray", "bw"]
Naps2Source = Literal["glass", "feeder", "duplex"]

_FEEDER_EMPTY = "the feeder is empty; load the pages"
# What the tools say (in lower case) -> what the clerk should do.
_ADVICE: tuple[tuple[tuple[str, ...], str], ...] = (
    (("out of documents", "no pages are in the feeder"), _FEEDER_EMPTY),
    (("jammed", "paper jam"), "paper is jammed; clear the feeder"),
    (("cover is open",), "the cover is open; close it"),
    (("busy",), "the scanner is busy; wait until it is idle"),
)
_DEFAULT_ADVICE = "check that the scanner is switched on and connected"


@dataclass(frozen=True)
class ScanimageSettings:
    resolution: int = 300
    mode: str = "Color"  # SANE's standard names are "Color", "Gray" and "Lineart"
    source: str | None = None  # the backend's own name, e.g. "Flatbed" or "ADF"; None: its default
    batch: bool = False  # scan every sheet in the feeder, not one page
    file_format: FileFormat = "png"
    page_size: str | None = "a4"  # a key of PAGE_SIZES_MM; None: the whole scan area
    timeout: float = 300.0  # seconds for the whole scan: a full feeder takes minutes

    def __post_init__(self) -> None:
        _check_common(self.resolution, self.file_format, self.page_size)


@dataclass(frozen=True)
class Naps2Settings:
    resolution: int = 300
    bit_depth: Naps2BitDepth = "color"
    source: Naps2Source = "glass"
    file_format: FileFormat = "png"
    page_size: str | None = "a4"  # a key of PAGE_SIZES_MM; None: the driver's default
    timeout: float = 300.0

    def __post_init__(self) -> None:
        _check_common(self.resolution, self.file_format, self.page_size)
        _check_choice("bit_depth", self.bit_depth, get_args(Naps2BitDepth))
        _check_choice("source", self.source, get_args(Naps2Source))


def list_command_scanners(
    scanimage: str | None = None, naps2: str | None = None
) -> list[SourceInfo]:
    """Scanners the installed tools can see; a tool that is missing or fails adds none."""
    sources: list[SourceInfo] = []
    if (tool := _find_tool(scanimage, "scanimage")) is not None:
        sources += _sane_devices(tool)
    if (tool := _find_naps2(naps2)) is not None:
        for driver in NAPS2_DRIVERS:
            sources += _naps2_devices(tool, driver)
    return sources


class ScanimageScanner:
    """A SANE scanner driven through scanimage."""

    def __init__(
        self,
        device: str,
        settings: ScanimageSettings | None = None,
        *,
        executable: str | None = None,
        name: str | None = None,
    ) -> None:
        self.device = device
        self.settings = settings or ScanimageSettings()
        self.executable = executable
        self.info = SourceInfo(id=f"sane:{device}", kind="sane", name=name or device)

    def pages(self) -> Iterator[RawPage]:
        tool = _find_tool(self.executable, "scanimage")
        if tool is None:
            raise CaptureError(
                "scanimage was not found; install SANE (package sane-utils) "
                "or set the path to scanimage in the settings."
            )
        with tempfile.TemporaryDirectory(prefix="counterdesk-scan-") as folder:
            output = Path(folder)
            result = _run_scan(
                self._arguments(tool, output), "scanimage", self.info.name, self.settings.timeout
            )
            files = _page_files(output)
            feeder_ran_dry = (
                self.settings.batch and bool(files) and _advice(result) == _FEEDER_EMPTY
            )
            if result.returncode != 0 and not feeder_ran_dry:
                raise _failure("scanimage", self.info.name, result)
            yield from _read_pages(files, "scanimage", self.info, self.settings.resolution, result)

    def _arguments(self, tool: str, output: Path) -> list[str]:
        settings = self.settings
        suffix = settings.file_format
        arguments = [
            tool,
            "--device-name",
            self.device,
            "--format",
            settings.file_format,
            "--resolution",
            str(settings.resolution),
            "--mode",
            settings.mode,
        ]
        if settings.source is not None:
            arguments += ["--source", settings.source]
        if settings.page_size is not None:
            width_mm, height_mm = PAGE_SIZES_MM[settings.page_size]
            arguments += ["-x", f"{width_mm:g}", "-y", f"{height_mm:g}"]
        if settings.batch:
            arguments.append(f"--batch={output / f'page-%04d.{suffix}'}")
        else:
            arguments += ["--output-file", str(output / f"page.{suffix}")]
        return arguments


class Naps2Scanner:
    """A WIA, TWAIN, Apple or SANE scanner driven through NAPS2's console."""

    def __init__(
        self,
        driver: str,
        device: str,
        settings: Naps2Settings | None = None,
        *,
        executable: str | None = None,
        name: str | None = None,
    ) -> None:
        self.driver = driver
        self.device = device
        self.settings = settings or Naps2Settings()
        self.executable = executable
        self.info = SourceInfo(id=f"naps2:{driver}:{device}", kind="naps2", name=name or device)

    def pages(self) -> Iterator[RawPage]:
        tool = _find_naps2(self.executable)
        if tool is None:
            raise CaptureError(
                "NAPS2.Console.exe was not found; install NAPS2 "
                "or set the path to NAPS2.Console.exe in the settings."
            )
        with tempfile.TemporaryDirectory(prefix="counterdesk-scan-") as folder:
            output = Path(folder)
            result = _run_scan(
                self._arguments(tool, output), "NAPS2", self.info.name, self.settings.timeout
            )
            if result.returncode != 0:
                raise _failure("NAPS2", self.info.name, result)
            files = _page_files(output)
            yield from _read_pages(files, "NAPS2", self.info, self.settings.resolution, result)

    def _arguments(self, tool: str, output: Path) -> list[str]:
        settings = self.settings
        arguments = [
            tool,
            # Without it the GUI's last-used profile would override what the desk asks for.
            "--noprofile",
            "--driver",
            self.driver,
            "--device",
            self.device,
            "--source",
            settings.source,
            "--dpi",
            str(settings.resolution),
            "--bitdepth",
            settings.bit_depth,
        ]
        if settings.page_size is not None:
            arguments += ["--pagesize", settings.page_size]
        arguments += ["-o", str(output / f"page.{settings.file_format}")]
        return arguments


def _find_tool(configured: str | None, name: str) -> str | None:
    # which() also checks a configured full path, and adds .exe on Windows.
    return shutil.which(configured or name)


def _find_naps2(configured: str | None) -> str | None:
    found = _find_tool(configured, "NAPS2.Console")
    if found is None and configured is None and sys.platform == "win32":
        # The NAPS2 installer does not put its folder on PATH.
        program_files = Path(os.environ.get("PROGRAMFILES", r"C:\Program Files"))
        default = program_files / "NAPS2" / "NAPS2.Console.exe"
        found = str(default) if default.is_file() else None
    return found


def _sane_devices(tool: str) -> list[SourceInfo]:
    output = _listing([tool, "-L"])
    return [
        SourceInfo(id=f"sane:{match['device']}", kind="sane", name=match["description"])
        for line in output.splitlines()
        if (match := _SANE_DEVICE.match(line.strip()))
    ]


def _naps2_devices(tool: str, driver: str) -> list[SourceInfo]:
    output = _listing([tool, "--listdevices", "--driver", driver])
    return [
        SourceInfo(id=f"naps2:{driver}:{name}", kind="naps2", name=f"{name} ({driver.upper()})")
        for name in map(str.strip, output.splitlines())
        if name
    ]


def _listing(arguments: list[str]) -> str:
    """What a listing command prints; nothing when it fails, since listing must never crash."""
    try:
        result = _run(arguments, LIST_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.debug("listing scanners with %s failed: %s", arguments, exc)
        return ""
    if result.returncode != 0:
        log.debug(
            "listing scanners with %s exited with %d: %s",
            arguments,
            result.returncode,
            _last_message(result),
        )
        return ""
    return result.stdout


def _run(arguments: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        arguments,
        stdin=subprocess.DEVNULL,  # a tool that asks a question must fail, not hang
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
        creationflags=_NO_WINDOW,
    )


def _run_scan(
    arguments: list[str], tool: str, device: str, timeout: float
) -> subprocess.CompletedProcess[str]:
    try:
        return _run(arguments, timeout)
    except subprocess.TimeoutExpired as exc:
        raise CaptureError(
            f"Scanner {device}: {tool} did not finish within {timeout:g} s; check the scanner "
            "for a stuck page or a message on its panel, then scan again."
        ) from exc
    except OSError as exc:
        raise CaptureError(
            f"{tool} could not be started ({exc.strerror or exc}); "
            f"check its path in the settings, then scan again."
        ) from exc


def _page_files(folder: Path) -> list[Path]:
    """Page files in page order: page-0002 before page-0010, page2 before page10."""
    files = [path for path in folder.iterdir() if path.suffix.lower() in _IMAGE_SUFFIXES]
    return sorted(files, key=_natural_key)


def _natural_key(path: Path) -> list[int | str]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


def _read_pages(
    files: list[Path],
    tool: str,
    info: SourceInfo,
    resolution: int,
    result: subprocess.CompletedProcess[str],
) -> Iterator[RawPage]:
    if not files:
        raise _failure(tool, info.name, result)
    number = 0
    for path in files:
        images = _decode_file(path)
        if not images:
            raise CaptureError(
                f"Scanner {info.name}: {tool} wrote {path.name}, which is not a readable image; "
                "scan again, in PNG if it happens twice."
            )
        for image in images:
            number += 1
            yield RawPage(
                image=image,
                dpi=float(resolution),
                origin=f"{info.id} page {number}",
                is_photo=False,
            )


def _decode_file(path: Path) -> list[np.ndarray]:
    """Every page in an image file, decoded from memory: cv2.imread cannot open paths with
    non-ASCII folder names on Windows (a user folder named Nguyễn, say)."""
    data = np.frombuffer(path.read_bytes(), np.uint8)
    if data.size == 0:
        return []
    if path.suffix.lower() in (".tif", ".tiff"):
        ok, images = cv2.imdecodemulti(data, cv2.IMREAD_ANYCOLOR)
        return list(images) if ok else []
    image = cv2.imdecode(data, cv2.IMREAD_ANYCOLOR)
    return [] if image is None else [image]


def _failure(tool: str, device: str, result: subprocess.CompletedProcess[str]) -> CaptureError:
    message = _last_message(result)
    if message:
        said = f'{tool} said: "{message}"'
    elif result.returncode == 0:
        said = f"{tool} finished without a page"
    else:
        said = f"{tool} exited with code {result.returncode}"
    return CaptureError(f"Scanner {device}: {_advice(result)}, then scan again ({said}).")


def _advice(result: subprocess.CompletedProcess[str]) -> str:
    message = _last_message(result).lower()
    for phrases, advice in _ADVICE:
        if any(phrase in message for phrase in phrases):
            return advice
    return _DEFAULT_ADVICE


def _last_message(result: subprocess.CompletedProcess[str]) -> str:
    """The tool's last word: scanimage's last stderr line that is not progress, else NAPS2's
    last stdout line (NAPS2 writes its errors there)."""
    for stream in (result.stderr, result.stdout):
        lines = [line.strip() for line in (stream or "").splitlines()]
        messages = [line for line in lines if line and not _SCANIMAGE_PROGRESS.match(line)]
        if messages:
            return messages[-1]
    return ""


def _check_common(resolution: int, file_format: str, page_size: str | None) -> None:
    if resolution <= 0:
        raise ValueError(f"resolution must be positive, not {resolution}")
    _check_choice("file_format", file_format, get_args(FileFormat))
    if page_size is not None:
        _check_choice("page_size", page_size, tuple(PAGE_SIZES_MM))


def _check_choice(field: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{field} must be one of {', '.join(choices)}, not {value!r}")
