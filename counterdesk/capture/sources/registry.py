"""Listing the capture sources this desk can reach, and opening one by its id."""

from pathlib import Path

from counterdesk.capture.sources.base import Source, SourceInfo
from counterdesk.capture.sources.camera import CameraSettings, CameraSource, list_cameras
from counterdesk.capture.sources.command import (
    Naps2Scanner,
    ScanimageScanner,
    list_command_scanners,
)
from counterdesk.capture.sources.escl import EsclScanner, discover_escl
from counterdesk.errors import BadInputError


def list_sources(escl_addresses: list[str], probe_cameras: bool = True) -> list[SourceInfo]:
    """Driver scanners, cameras, and eSCL scanners answering at the given addresses."""
    found = list_command_scanners()
    if probe_cameras:
        found += list_cameras()
    for address in escl_addresses:
        info = discover_escl(address)
        if info is not None:
            found.append(info)
    return found


def open_source(source_id: str, camera_pages: int = 1) -> Source:
    """A source from its id: escl:URL, sane:DEVICE, naps2:DRIVER:DEVICE, camera:INDEX|FILE.

    A camera takes `camera_pages` pages, one each time a page is held still.
    """
    kind, _, rest = source_id.partition(":")
    if kind == "escl" and rest:
        return EsclScanner(rest)
    if kind == "sane" and rest:
        return ScanimageScanner(rest)
    if kind == "naps2" and ":" in rest:
        driver, _, device = rest.partition(":")
        return Naps2Scanner(driver, device)
    if kind == "camera" and rest:
        device = int(rest) if rest.isdigit() else str(Path(rest))
        return CameraSource(device, CameraSettings(max_pages=camera_pages))
    raise BadInputError(
        f"Unknown source {source_id!r}: use escl:http://ADDRESS, sane:DEVICE, "
        "naps2:DRIVER:DEVICE or camera:INDEX (see `counterdesk scanners`)."
    )
