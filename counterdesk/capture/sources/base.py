"""The one small interface every capture source implements."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class SourceInfo:
    """A source as the desk lists it."""

    id: str  # stable id for the CLI and settings, e.g. "escl:http://10.0.0.5", "camera:0"
    kind: str  # "files" | "folder" | "camera" | "escl" | "sane" | "naps2"
    name: str  # human-readable, e.g. the scanner's make and model


@dataclass(frozen=True)
class RawPage:
    """One page image as a source delivered it, before any processing."""

    image: np.ndarray  # uint8, BGR (3 channels) or grey (2-D)
    dpi: float | None  # resolution the source reports, None when unknown (photos)
    origin: str  # where it came from, for messages: "scan.pdf page 2", "camera:0 frame 812"
    # True: a photo (camera, phone), the page must be found and flattened; False: a scan;
    # None: decide from the image (a page standing out from a background is a photo).
    is_photo: bool | None


class Source(Protocol):
    info: SourceInfo

    def pages(self) -> Iterator[RawPage]:
        """Capture and yield pages; raise CaptureError with a clerk-readable message."""
        ...
