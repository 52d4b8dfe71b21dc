"""A small eSCL scanner for tests: capabilities, status, scan jobs and JPEG pages over HTTP.

It listens on 127.0.0.1 only, on an ephemeral port, answers one request per connection, and
shuts itself down after `lifetime` seconds should a test never stop it.
"""

import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import cv2
import numpy as np

from counterdesk.capture.sources.escl import PWG_NS, SCAN_NS

MAKE_AND_MODEL = "CounterDesk Test Scanner X1"

_RESOLUTION = (
    "<scan:DiscreteResolution><scan:XResolution>{0}</scan:XResolution>"
    "<scan:YResolution>{0}</scan:YResolution></scan:DiscreteResolution>"
)


def _input_caps(resolutions: tuple[int, ...]) -> str:
    discrete = "".join(_RESOLUTION.format(dpi) for dpi in resolutions)
    return (
        "<scan:MinWidth>16</scan:MinWidth><scan:MaxWidth>2550</scan:MaxWidth>"
        "<scan:MinHeight>16</scan:MinHeight><scan:MaxHeight>3508</scan:MaxHeight>"
        "<scan:SettingProfiles><scan:SettingProfile>"
        "<scan:ColorModes><scan:ColorMode>BlackAndWhite1</scan:ColorMode>"
        "<scan:ColorMode>Grayscale8</scan:ColorMode><scan:ColorMode>RGB24</scan:ColorMode>"
        "</scan:ColorModes>"
        "<scan:DocumentFormats><pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat>"
        "<pwg:DocumentFormat>application/pdf</pwg:DocumentFormat></scan:DocumentFormats>"
        f"<scan:SupportedResolutions><scan:DiscreteResolutions>{discrete}"
        "</scan:DiscreteResolutions></scan:SupportedResolutions>"
        "</scan:SettingProfile></scan:SettingProfiles>"
    )


def capabilities_xml(make_and_model: str) -> bytes:
    """A flatbed (150-600 dpi) with a simplex feeder (150-300 dpi), as printers describe it."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<scan:ScannerCapabilities xmlns:scan="{SCAN_NS}" xmlns:pwg="{PWG_NS}">'
        "<pwg:Version>2.63</pwg:Version>"
        f"<pwg:MakeAndModel>{make_and_model}</pwg:MakeAndModel>"
        "<pwg:SerialNumber>CD0001</pwg:SerialNumber>"
        f"<scan:Platen><scan:PlatenInputCaps>{_input_caps((150, 300, 600))}"
        "</scan:PlatenInputCaps></scan:Platen>"
        f"<scan:Adf><scan:AdfSimplexInputCaps>{_input_caps((150, 300))}"
        "</scan:AdfSimplexInputCaps><scan:FeederCapacity>50</scan:FeederCapacity></scan:Adf>"
        "</scan:ScannerCapabilities>"
    ).encode()


def make_page(number: int, width: int, height: int, *, grey: bool = False) -> np.ndarray:
    """A white page with a title bar, `number` black boxes and its page number in text."""
    page = np.full((height, width, 3), 255, np.uint8)
    cv2.rectangle(page, (width // 10, height // 12), (width * 9 // 10, height // 8), (0, 0, 0), -1)
    for box in range(number):
        left = width // 10 + box * (width // 8)
        cv2.rectangle(page, (left, height // 4), (left + width // 12, height // 3), (0, 0, 0), -1)
    cv2.putText(
        page, f"PAGE {number}", (width // 10, height // 2), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 0, 3
    )
    return cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) if grey else page


def encode_jpeg(image: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 95])
    assert ok
    return data.tobytes()


@dataclass
class _Job:
    pages: list[bytes]
    served: int = 0
    state: str = "Processing"


@dataclass
class FakeScanner:
    """What the scanner will do, and a record of what it was asked."""

    pages: list[np.ndarray]
    make_and_model: str = MAKE_AND_MODEL
    busy_on_create: int = 0  # answer 503 to the next this many ScanJobs requests
    conflict_on_create: bool = False  # answer 409: another job holds the scanner
    busy_on_page: int = 0  # answer 503 to the next this many NextDocument requests
    drop_on_page: int | None = None  # cut the connection halfway through this page (1-based)
    cancel_after: int | None = None  # someone cancels at the panel after this many pages...
    cancel_answer: int = 410  # ...answered 410 Gone, or 404 with JobState Canceled in the status
    not_images: bool = False  # pages come back as an HTML error page
    relative_location: bool = False  # Location: /eSCL/ScanJobs/<id> rather than a full URL
    settings_received: list[bytes] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    busy_answers: int = 0
    jobs: dict[str, _Job] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    timeout = 5  # seconds a silent client may hold a handler thread

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: pytest shows failures, not an access log."""

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        scanner = self.server.scanner
        with scanner.lock:
            scanner.requests.append(f"{self.command} {self.path}")
            match (self.command, *self.path.rstrip("/").split("/")[1:]):
                case ("GET", "eSCL", "ScannerCapabilities"):
                    self._send(200, capabilities_xml(scanner.make_and_model), "text/xml")
                case ("GET", "eSCL", "ScannerStatus"):
                    self._send(200, self._status_xml(), "text/xml")
                case ("POST", "eSCL", "ScanJobs"):
                    self._create_job()
                case ("GET", "eSCL", "ScanJobs", job_id, "NextDocument"):
                    self._next_document(job_id)
                case ("DELETE", "eSCL", "ScanJobs", job_id):
                    self._delete_job(job_id)
                case _:
                    self._send(404, b"", "text/plain")

    def _create_job(self) -> None:
        scanner = self.server.scanner
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if scanner.conflict_on_create:
            self._send(409, b"", "text/plain")
            return
        if scanner.busy_on_create > 0:
            scanner.busy_on_create -= 1
            self._send_busy()
            return
        scanner.settings_received.append(body)
        job_id = uuid.uuid4().hex
        scanner.jobs[job_id] = _Job(pages=[encode_jpeg(page) for page in scanner.pages])
        location = f"/eSCL/ScanJobs/{job_id}"
        if not scanner.relative_location:
            host, port = self.server.server_address[:2]
            location = f"http://{host}:{port}{location}"
        self._send(201, b"", "text/plain", {"Location": location})

    def _next_document(self, job_id: str) -> None:
        scanner = self.server.scanner
        job = scanner.jobs.get(job_id)
        if job is None or job.state != "Processing":
            self._send(404, b"", "text/plain")
            return
        if scanner.busy_on_page > 0:
            scanner.busy_on_page -= 1
            self._send_busy()
            return
        if job.served == scanner.cancel_after:
            job.state = "Canceled"
            self._send(scanner.cancel_answer, b"", "text/plain")
            return
        if job.served == len(job.pages):
            job.state = "Completed"
            self._send(404, b"", "text/plain")
            return
        page = job.pages[job.served]
        job.served += 1
        if job.served == scanner.drop_on_page:
            self._send_truncated(page)
        elif scanner.not_images:
            self._send(200, b"<html><body>Scanner error</body></html>", "text/html")
        else:
            self._send(200, page, "image/jpeg")

    def _delete_job(self, job_id: str) -> None:
        scanner = self.server.scanner
        job = scanner.jobs.get(job_id)
        if job is None:
            self._send(404, b"", "text/plain")
            return
        job.state = "Canceled"
        scanner.deleted.append(self.path)
        self._send(200, b"", "text/plain")

    def _status_xml(self) -> bytes:
        jobs = self.server.scanner.jobs
        busy = any(job.state == "Processing" for job in jobs.values())
        infos = "".join(
            "<scan:JobInfo>"
            f"<pwg:JobUri>/eSCL/ScanJobs/{job_id}</pwg:JobUri>"
            f"<pwg:JobUuid>{job_id}</pwg:JobUuid>"
            f"<scan:ImagesCompleted>{job.served}</scan:ImagesCompleted>"
            f"<pwg:JobState>{job.state}</pwg:JobState>"
            "</scan:JobInfo>"
            for job_id, job in jobs.items()
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<scan:ScannerStatus xmlns:scan="{SCAN_NS}" xmlns:pwg="{PWG_NS}">'
            "<pwg:Version>2.63</pwg:Version>"
            f"<pwg:State>{'Processing' if busy else 'Idle'}</pwg:State>"
            "<scan:AdfState>ScannerAdfLoaded</scan:AdfState>"
            f"<scan:Jobs>{infos}</scan:Jobs>"
            "</scan:ScannerStatus>"
        ).encode()

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _send_busy(self) -> None:
        self.server.scanner.busy_answers += 1
        self._send(503, b"", "text/plain", {"Retry-After": "1"})

    def _send_truncated(self, page: bytes) -> None:
        """Announce the whole page, send half, then hang up: a Wi-Fi drop mid-transfer."""
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page[: len(page) // 2])
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, scanner: FakeScanner) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.scanner = scanner


class EsclTestServer:
    """`with EsclTestServer(FakeScanner(pages)) as server:` serves at `server.url`."""

    def __init__(self, scanner: FakeScanner, lifetime: float = 60.0) -> None:
        self.scanner = scanner
        self._server = _Server(scanner)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._deadline = threading.Timer(lifetime, self._server.shutdown)
        self._deadline.daemon = True

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "EsclTestServer":
        self._thread.start()
        self._deadline.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._deadline.cancel()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
