"""eSCL network scanners end to end, against a small eSCL server on loopback."""

import contextlib
import socket
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

from counterdesk.capture.sources.base import SourceInfo
from counterdesk.capture.sources.escl import (
    PWG_NS,
    SCAN_NS,
    EsclCapabilities,
    EsclScanner,
    EsclSettings,
    discover_escl,
    escl_capabilities,
)
from counterdesk.errors import CaptureError
from tests.capture.escl_server import MAKE_AND_MODEL, EsclTestServer, FakeScanner, make_page

NS = {"pwg": PWG_NS, "scan": SCAN_NS}
FAST: dict[str, Any] = {"timeout": 2.0, "page_timeout": 5.0, "busy_pause": 0.01}
FEEDER_GREY = EsclSettings(resolution=200, color_mode="Grayscale8", input_source="Feeder")
PAGE_SIZES = [(620, 877), (600, 850), (580, 820)]

Serve = Callable[[FakeScanner], EsclTestServer]


@pytest.fixture
def serve() -> Iterator[Serve]:
    with contextlib.ExitStack() as stack:
        yield lambda scanner: stack.enter_context(EsclTestServer(scanner))


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers, like a hung scanner."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        yield listener.getsockname()[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def grey_pages() -> list[np.ndarray]:
    return [make_page(n, w, h, grey=True) for n, (w, h) in enumerate(PAGE_SIZES, start=1)]


def only_job_path(scanner: FakeScanner) -> str:
    (job_id,) = scanner.jobs
    return f"/eSCL/ScanJobs/{job_id}"


def test_discovers_a_scanner_from_an_address_or_url(serve: Serve) -> None:
    server = serve(FakeScanner(pages=[]))
    port = server.url.rsplit(":", 1)[1]
    expected = SourceInfo(id=f"escl:{server.url}", kind="escl", name=MAKE_AND_MODEL)

    assert discover_escl(f"127.0.0.1:{port}") == expected
    assert discover_escl(f"{server.url}/eSCL/") == expected


def test_reads_resolutions_colour_modes_and_sources(serve: Serve) -> None:
    server = serve(FakeScanner(pages=[]))

    assert escl_capabilities(server.url) == EsclCapabilities(
        make_and_model=MAKE_AND_MODEL,
        resolutions=(150, 300, 600),
        color_modes=("BlackAndWhite1", "Grayscale8", "RGB24"),
        input_sources=("Platen", "Feeder"),
    )


def test_discovery_returns_none_quickly_where_nothing_listens() -> None:
    started = time.monotonic()

    assert discover_escl(f"127.0.0.1:{free_port()}") is None
    assert time.monotonic() - started < 1.0


def test_discovery_returns_none_for_a_web_server_that_is_not_a_scanner(serve: Serve) -> None:
    server = serve(FakeScanner(pages=[]))

    assert discover_escl(f"{server.url}/printer") is None
    assert server.scanner.requests == ["GET /printer/eSCL/ScannerCapabilities"]


@pytest.mark.parametrize("relative_location", [False, True], ids=["full-url", "path"])
def test_feeder_job_delivers_every_page_in_order(serve: Serve, relative_location: bool) -> None:
    sent = grey_pages()
    server = serve(FakeScanner(pages=sent, relative_location=relative_location))

    pages = list(EsclScanner(server.url, FEEDER_GREY, **FAST).pages())

    assert [page.image.shape for page in pages] == [image.shape for image in sent]
    for page, original in zip(pages, sent, strict=True):
        assert page.image.dtype == np.uint8
        assert np.abs(page.image.astype(int) - original).mean() < 3  # JPEG, quality 95
        assert page.dpi == 200.0
        assert page.is_photo is False
    assert [page.origin for page in pages] == [f"escl:{server.url} page {n}" for n in (1, 2, 3)]
    (received,) = server.scanner.settings_received
    settings = ET.fromstring(received)
    assert settings.findtext("scan:XResolution", namespaces=NS) == "200"
    assert settings.findtext("scan:YResolution", namespaces=NS) == "200"
    assert settings.findtext("scan:ColorMode", namespaces=NS) == "Grayscale8"
    assert settings.findtext("pwg:InputSource", namespaces=NS) == "Feeder"
    assert settings.findtext("pwg:DocumentFormat", namespaces=NS) == "image/jpeg"
    assert server.scanner.deleted == []


def test_colour_page_from_the_glass_keeps_its_colours_and_asks_for_a4(serve: Serve) -> None:
    original = make_page(1, 700, 990)
    original[600:700, 100:300] = (0, 0, 255)  # a red stamp, BGR
    server = serve(FakeScanner(pages=[original]))

    (page,) = EsclScanner(server.url, **FAST).pages()

    assert page.image.shape == original.shape
    assert np.abs(page.image[620:680, 120:280].astype(int) - (0, 0, 255)).max() < 40
    assert page.dpi == 300.0
    settings = ET.fromstring(server.scanner.settings_received[0])
    region = settings.find("pwg:ScanRegions/pwg:ScanRegion", NS)
    assert region is not None
    assert region.findtext("pwg:Width", namespaces=NS) == "2480"  # 210 mm in 1/300 inch
    assert region.findtext("pwg:Height", namespaces=NS) == "3508"  # 297 mm
    assert settings.findtext("scan:ColorMode", namespaces=NS) == "RGB24"
    assert settings.findtext("pwg:InputSource", namespaces=NS) == "Platen"


def test_waits_while_the_scanner_is_busy(serve: Serve) -> None:
    server = serve(FakeScanner(pages=grey_pages(), busy_on_create=2, busy_on_page=3))

    pages = list(EsclScanner(server.url, FEEDER_GREY, **FAST).pages())

    assert len(pages) == 3
    assert server.scanner.busy_answers == 5
    assert len(server.scanner.settings_received) == 1


def test_scanner_busy_for_too_long_is_an_error(serve: Serve) -> None:
    server = serve(FakeScanner(pages=grey_pages(), busy_on_create=100))
    scanner = EsclScanner(server.url, busy_retries=3, busy_pause=0.01)

    with pytest.raises(CaptureError, match="busy") as error:
        list(scanner.pages())

    assert server.url in error.value.message
    assert server.scanner.busy_answers == 4
    assert server.scanner.jobs == {}


def test_scanner_held_by_another_job_is_an_error(serve: Serve) -> None:
    server = serve(FakeScanner(pages=grey_pages(), conflict_on_create=True))

    with pytest.raises(CaptureError, match="busy") as error:
        list(EsclScanner(server.url, **FAST).pages())

    assert server.url in error.value.message


def test_page_that_never_becomes_ready_is_an_error_and_cancels_the_job(serve: Serve) -> None:
    server = serve(FakeScanner(pages=grey_pages(), busy_on_page=100))
    scanner = EsclScanner(server.url, FEEDER_GREY, busy_retries=2, busy_pause=0.01)

    with pytest.raises(CaptureError, match="busy"):
        list(scanner.pages())

    assert server.scanner.deleted == [only_job_path(server.scanner)]


def test_unreachable_scanner_is_an_error_naming_its_address() -> None:
    address = f"127.0.0.1:{free_port()}"

    with pytest.raises(CaptureError) as error:
        list(EsclScanner(address, **FAST).pages())

    assert f"http://{address}" in error.value.message
    assert "\n" not in error.value.message


def test_scanner_that_never_answers_times_out(silent_port: int) -> None:
    scanner = EsclScanner(f"127.0.0.1:{silent_port}", timeout=0.3)
    started = time.monotonic()

    with pytest.raises(CaptureError, match=r"did not answer within 0\.3 s") as error:
        list(scanner.pages())

    assert f"127.0.0.1:{silent_port}" in error.value.message
    assert time.monotonic() - started < 3


def test_stopping_early_cancels_the_job(serve: Serve) -> None:
    server = serve(FakeScanner(pages=grey_pages()))
    pages = EsclScanner(server.url, FEEDER_GREY, **FAST).pages()

    first = next(pages)
    pages.close()

    assert first.origin.endswith("page 1")
    job_path = only_job_path(server.scanner)
    assert server.scanner.deleted == [job_path]
    assert server.scanner.requests[-1] == f"DELETE {job_path}"


def test_connection_dropped_mid_page_is_an_error_and_cancels_the_job(serve: Serve) -> None:
    server = serve(FakeScanner(pages=grey_pages(), drop_on_page=2))
    received = []

    with pytest.raises(CaptureError) as error:
        for page in EsclScanner(server.url, FEEDER_GREY, **FAST).pages():
            received.append(page)

    assert len(received) == 1
    assert server.url in error.value.message
    assert server.scanner.deleted == [only_job_path(server.scanner)]


@pytest.mark.parametrize("answer", [410, 404], ids=["gone", "not-found-and-status-canceled"])
def test_job_cancelled_at_the_scanner_panel_is_an_error(serve: Serve, answer: int) -> None:
    server = serve(FakeScanner(pages=grey_pages(), cancel_after=1, cancel_answer=answer))
    received = []

    with pytest.raises(CaptureError, match="cancelled") as error:
        for page in EsclScanner(server.url, FEEDER_GREY, **FAST).pages():
            received.append(page)

    assert len(received) == 1
    assert server.url in error.value.message


def test_body_that_is_not_an_image_is_an_error(serve: Serve) -> None:
    server = serve(FakeScanner(pages=grey_pages(), not_images=True))

    with pytest.raises(CaptureError, match="text/html") as error:
        list(EsclScanner(server.url, FEEDER_GREY, **FAST).pages())

    assert "page 1" in error.value.message
    assert server.scanner.deleted == [only_job_path(server.scanner)]


def test_empty_feeder_is_an_error(serve: Serve) -> None:
    server = serve(FakeScanner(pages=[]))

    with pytest.raises(CaptureError, match="in the feeder") as error:
        list(EsclScanner(server.url, FEEDER_GREY, **FAST).pages())

    assert server.url in error.value.message


def test_settings_reject_values_no_scanner_understands() -> None:
    with pytest.raises(ValueError, match="color_mode"):
        EsclSettings(color_mode="Colour")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="page_size"):
        EsclSettings(page_size="a3")
