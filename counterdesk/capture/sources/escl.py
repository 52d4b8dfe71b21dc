"""Network scanners over eSCL (AirScan, Mopria Scan): plain HTTP with XML bodies.

The protocol is the Mopria Alliance "eSCL Technical Specification" (version 2.x). Elements
live in two namespaces, PWG semantic model (pwg:) and eSCL (scan:). The exchanges used here:

    GET    /eSCL/ScannerCapabilities   make and model, resolutions, colour modes, Platen/Adf
    GET    /eSCL/ScannerStatus         scanner state and the state of each job
    POST   /eSCL/ScanJobs              scan:ScanSettings -> 201 Created, Location: the job
    GET    <job>/NextDocument          200 one page; 404 no more pages; 503 not ready yet
    DELETE <job>                       cancel the job

Device behaviour the spec leaves open was checked against two clients that run against many
real scanners, sane-airscan (airscan-escl.c) and NAPS2 (NAPS2.Escl/Client/EsclClient.cs):
a page can take many 503 answers at high resolution, 410 Gone means the job was cancelled,
and only the path of the Location header can be trusted (some devices put another host name in it).
"""

import logging
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPConnection, HTTPException, HTTPSConnection
from typing import Literal, get_args
from urllib.parse import urlsplit, urlunsplit

import cv2
import numpy as np

from counterdesk.capture.sources.base import RawPage, SourceInfo
from counterdesk.errors import CaptureError

log = logging.getLogger(__name__)

PWG_NS = "http://www.pwg.org/schemas/2010/12/sm"
SCAN_NS = "http://schemas.hp.com/imaging/escl/2011/05/03"
_NS = {"pwg": PWG_NS, "scan": SCAN_NS}

ColorMode = Literal["RGB24", "Grayscale8", "BlackAndWhite1"]
InputSource = Literal["Platen", "Feeder"]
DocumentFormat = Literal["image/jpeg", "image/png"]

# Scan areas by the names clerks use; command-line scanners share this table.
PAGE_SIZES_MM: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "a5": (148.0, 210.0),
    "letter": (215.9, 279.4),
    "legal": (215.9, 355.6),
}

_MM_PER_INCH = 25.4


@dataclass(frozen=True)
class EsclSettings:
    resolution: int = 300  # dpi, the same across and down
    color_mode: ColorMode = "RGB24"
    input_source: InputSource = "Platen"
    document_format: DocumentFormat = "image/jpeg"
    page_size: str | None = "a4"  # a key of PAGE_SIZES_MM; None lets the scanner pick its area

    def __post_init__(self) -> None:
        if self.resolution <= 0:
            raise ValueError(f"resolution must be positive, not {self.resolution}")
        _check_choice("color_mode", self.color_mode, get_args(ColorMode))
        _check_choice("input_source", self.input_source, get_args(InputSource))
        _check_choice("document_format", self.document_format, get_args(DocumentFormat))
        if self.page_size is not None:
            _check_choice("page_size", self.page_size, tuple(PAGE_SIZES_MM))


@dataclass(frozen=True)
class EsclCapabilities:
    make_and_model: str
    resolutions: tuple[int, ...]  # discrete dpi values, ascending
    color_modes: tuple[str, ...]
    input_sources: tuple[str, ...]  # "Platen", "Feeder"


@dataclass(frozen=True)
class _Reply:
    status: int
    headers: Message
    body: bytes


def escl_base_url(address: str) -> str:
    """ "10.0.0.5", "10.0.0.5:8080" or "http://host:port/eSCL" -> "http://host[:port]"."""
    text = address.strip().rstrip("/")
    if "://" not in text:
        text = f"http://{text}"
    parts = urlsplit(text)
    try:
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port that is not a number, or out of range
        valid = False
    if not valid:
        raise CaptureError(
            f"'{address}' is not a scanner address; type it like 192.168.1.20 or 192.168.1.20:8080."
        )
    path = parts.path
    if path.lower().endswith("/escl"):
        path = path[: -len("/escl")]
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def escl_capabilities(address: str, timeout: float = 3.0) -> EsclCapabilities:
    """What the eSCL scanner at `address` can do; CaptureError when none answers there."""
    base = escl_base_url(address)
    reply = _request(base, "GET", f"{base}/eSCL/ScannerCapabilities", timeout)
    if reply.status != 200:
        raise CaptureError(
            f"The device at {base} answers but is not an eSCL scanner (HTTP {reply.status}); "
            "check the address."
        )
    try:
        root = ET.fromstring(reply.body)
    except ET.ParseError as exc:
        raise CaptureError(
            f"The device at {base} sent unreadable scanner capabilities ({exc}); "
            "check the address or restart the scanner."
        ) from exc
    if root.tag != f"{{{SCAN_NS}}}ScannerCapabilities":
        raise CaptureError(f"The device at {base} is not an eSCL scanner; check the address.")
    return _parse_capabilities(root, fallback_name=base)


def discover_escl(address: str, timeout: float = 3.0) -> SourceInfo | None:
    """The eSCL scanner at `address`, None when nothing (or no scanner) answers there.

    Raises CaptureError only for text that cannot be an address."""
    base = escl_base_url(address)
    try:
        capabilities = escl_capabilities(base, timeout)
    except CaptureError as exc:
        log.debug("no eSCL scanner at %s: %s", base, exc.message)
        return None
    return SourceInfo(id=f"escl:{base}", kind="escl", name=capabilities.make_and_model)


class EsclScanner:
    """One scan job per `pages()` call on a network scanner that speaks eSCL."""

    def __init__(
        self,
        address: str,
        settings: EsclSettings | None = None,
        *,
        name: str | None = None,
        timeout: float = 10.0,
        page_timeout: float = 120.0,
        busy_retries: int = 20,
        busy_pause: float = 0.25,
    ) -> None:
        self.base_url = escl_base_url(address)
        self.settings = settings or EsclSettings()
        self.info = SourceInfo(id=f"escl:{self.base_url}", kind="escl", name=name or self.base_url)
        self.timeout = timeout
        # Many scanners hold NextDocument open until the page has gone through the feeder.
        self.page_timeout = page_timeout
        self.busy_retries = busy_retries
        self.busy_pause = busy_pause

    def pages(self) -> Iterator[RawPage]:
        job_url = self._create_job()
        completed = False
        try:
            yield from self._job_pages(job_url)
            completed = True
        finally:
            if not completed:
                # The consumer stopped early or the job failed: free the scanner for the next scan.
                self._cancel(job_url)

    def _create_job(self) -> str:
        body = scan_settings_xml(self.settings)
        reply = self._until_not_busy(
            lambda: _request(
                self.base_url, "POST", f"{self.base_url}/eSCL/ScanJobs", self.timeout, body
            )
        )
        if reply.status in (409, 503):
            raise CaptureError(
                f"The scanner at {self.base_url} is busy with another job or someone at its panel; "
                "wait until it is idle, then scan again."
            )
        if reply.status != 201:
            raise CaptureError(
                f"The scanner at {self.base_url} refused the scan (HTTP {reply.status}); check "
                f"that it supports {self.settings.resolution} dpi, {self.settings.color_mode} "
                f"and {self.settings.input_source}, then scan again."
            )
        location = reply.headers.get("Location", "")
        job_path = urlsplit(location).path.rstrip("/")
        if not job_path:
            raise CaptureError(
                f"The scanner at {self.base_url} accepted the scan but did not say where to fetch "
                "the pages; restart the scanner and scan again."
            )
        base = urlsplit(self.base_url)
        return urlunsplit((base.scheme, base.netloc, job_path, "", ""))

    def _job_pages(self, job_url: str) -> Iterator[RawPage]:
        number = 0
        while (reply := self._next_document(job_url)) is not None:
            number += 1
            yield RawPage(
                image=self._decode(reply, number),
                dpi=float(self.settings.resolution),
                origin=f"{self.info.id} page {number}",
                is_photo=False,
            )
        if number == 0:
            place = "in the feeder" if self.settings.input_source == "Feeder" else "on the glass"
            raise CaptureError(
                f"The scanner at {self.base_url} sent no page; put the document {place} "
                "and scan again."
            )

    def _next_document(self, job_url: str) -> _Reply | None:
        reply = self._until_not_busy(
            lambda: _request(self.base_url, "GET", f"{job_url}/NextDocument", self.page_timeout)
        )
        if reply.status == 200:
            return reply
        if reply.status == 410:
            raise self._cancelled_error()
        if reply.status == 404:
            # 404 ends every job; only the scanner's status tells a finished job from a stopped one.
            state = self._job_state(job_url)
            if state == "Canceled":
                raise self._cancelled_error()
            if state == "Aborted":
                raise CaptureError(
                    f"The scanner at {self.base_url} stopped the scan; check for a paper jam, "
                    "an open cover or an empty feeder, then scan again."
                )
            return None
        if reply.status == 503:
            raise CaptureError(
                f"The scanner at {self.base_url} stayed busy and sent no page; wait until it is "
                "idle, then scan again."
            )
        raise CaptureError(
            f"The scanner at {self.base_url} failed to send a page (HTTP {reply.status}); "
            "restart the scanner and scan again."
        )

    def _until_not_busy(self, send: Callable[[], _Reply]) -> _Reply:
        """Repeat `send` while the scanner answers 503, pausing a little longer each time."""
        reply = send()
        for attempt in range(self.busy_retries):
            if reply.status != 503:
                break
            time.sleep(min(self.busy_pause * 2**attempt, 2.0))
            reply = send()
        return reply

    def _job_state(self, job_url: str) -> str | None:
        """The pwg:JobState the scanner reports for the job, None when it says nothing usable."""
        try:
            reply = _request(
                self.base_url, "GET", f"{self.base_url}/eSCL/ScannerStatus", self.timeout
            )
            root = ET.fromstring(reply.body) if reply.status == 200 else None
        except (CaptureError, ET.ParseError) as exc:
            log.debug("no usable status from %s: %s", self.base_url, exc)
            return None
        if root is None:
            return None
        job_path = urlsplit(job_url).path.rstrip("/")
        for info in root.iterfind("scan:Jobs/scan:JobInfo", _NS):
            uri = info.findtext("pwg:JobUri", "", _NS).strip()
            if urlsplit(uri).path.rstrip("/") == job_path:
                return info.findtext("pwg:JobState", "", _NS).strip() or None
        return None

    def _cancel(self, job_url: str) -> None:
        try:
            _request(self.base_url, "DELETE", job_url, self.timeout)
        except CaptureError as exc:
            # Best effort: the scanner drops abandoned jobs by itself after a while.
            log.debug("could not cancel %s: %s", job_url, exc.message)

    def _cancelled_error(self) -> CaptureError:
        return CaptureError(
            f"The scan was cancelled at the scanner at {self.base_url}; scan again when ready."
        )

    def _decode(self, reply: _Reply, number: int) -> np.ndarray:
        image = (
            cv2.imdecode(np.frombuffer(reply.body, np.uint8), cv2.IMREAD_ANYCOLOR)
            if reply.body
            else None
        )
        if image is None:
            kind = reply.headers.get("Content-Type") or "unknown data"
            raise CaptureError(
                f"The scanner at {self.base_url} sent page {number} as {kind}, not a readable "
                f"image; set its document format to {self.settings.document_format} and scan again."
            )
        return image


def scan_settings_xml(settings: EsclSettings) -> bytes:
    """The scan:ScanSettings body of a ScanJobs request, elements in the spec's order."""
    region = ""
    if settings.page_size is not None:
        width_mm, height_mm = PAGE_SIZES_MM[settings.page_size]
        region = (
            "  <pwg:ScanRegions>\n"
            "    <pwg:ScanRegion>\n"
            "      <pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>\n"
            "      <pwg:XOffset>0</pwg:XOffset>\n"
            "      <pwg:YOffset>0</pwg:YOffset>\n"
            f"      <pwg:Width>{_three_hundredths(width_mm)}</pwg:Width>\n"
            f"      <pwg:Height>{_three_hundredths(height_mm)}</pwg:Height>\n"
            "    </pwg:ScanRegion>\n"
            "  </pwg:ScanRegions>\n"
        )
    duplex = "  <scan:Duplex>false</scan:Duplex>\n" if settings.input_source == "Feeder" else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<scan:ScanSettings xmlns:scan="{SCAN_NS}" xmlns:pwg="{PWG_NS}">\n'
        "  <pwg:Version>2.0</pwg:Version>\n"
        f"{region}"
        f"  <pwg:InputSource>{settings.input_source}</pwg:InputSource>\n"
        f"  <scan:ColorMode>{settings.color_mode}</scan:ColorMode>\n"
        f"  <pwg:DocumentFormat>{settings.document_format}</pwg:DocumentFormat>\n"
        f"  <scan:XResolution>{settings.resolution}</scan:XResolution>\n"
        f"  <scan:YResolution>{settings.resolution}</scan:YResolution>\n"
        f"{duplex}"
        "</scan:ScanSettings>\n"
    ).encode()


def _parse_capabilities(root: ET.Element, fallback_name: str) -> EsclCapabilities:
    name = (
        root.findtext("pwg:MakeAndModel", "", _NS).strip()
        or root.findtext("pwg:ModelName", "", _NS).strip()
        or fallback_name
    )
    resolutions = {
        int(text)
        for element in root.iterfind(".//scan:DiscreteResolution/scan:XResolution", _NS)
        if (text := (element.text or "").strip()).isdigit()
    }
    color_modes: list[str] = []
    for element in root.iterfind(".//scan:ColorModes/scan:ColorMode", _NS):
        mode = (element.text or "").strip()
        if mode and mode not in color_modes:
            color_modes.append(mode)
    sources = [
        source
        for source, tag in (("Platen", "scan:Platen"), ("Feeder", "scan:Adf"))
        if root.find(tag, _NS) is not None
    ]
    return EsclCapabilities(
        make_and_model=name,
        resolutions=tuple(sorted(resolutions)),
        color_modes=tuple(color_modes),
        input_sources=tuple(sources),
    )


def _request(base: str, method: str, url: str, timeout: float, body: bytes | None = None) -> _Reply:
    """One HTTP exchange on a fresh connection: some scanners mishandle kept-alive ones."""
    parts = urlsplit(url)
    connection_class = HTTPSConnection if parts.scheme == "https" else HTTPConnection
    connection = connection_class(parts.netloc, timeout=timeout)
    headers = {"Content-Type": "text/xml"} if body is not None else {}
    try:
        connection.request(method, parts.path or "/", body=body, headers=headers)
        response = connection.getresponse()
        return _Reply(response.status, response.headers, response.read())
    except TimeoutError as exc:
        raise CaptureError(
            f"The scanner at {base} did not answer within {timeout:g} s; check that it is switched "
            "on and connected to the office network, then try again."
        ) from exc
    except (OSError, HTTPException) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise CaptureError(
            f"Cannot reach the scanner at {base} ({reason}); check that it is switched on "
            "and connected to the office network, then try again."
        ) from exc
    finally:
        connection.close()


def _three_hundredths(mm: float) -> int:
    return round(mm / _MM_PER_INCH * 300)


def _check_choice(field: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{field} must be one of {', '.join(choices)}, not {value!r}")
