"""A camera or document camera through OpenCV, capturing a page when it is held steady.

The clerk lays a page under the camera; when a page is in view and the picture has not
moved for `steady_seconds`, the frame is taken. The next page is taken only after the
picture has changed (the page was turned or replaced). A video file path works in place
of a device index, which is how the tests drive it.
"""

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import cv2
import numpy as np

from counterdesk.capture.geometry import find_page
from counterdesk.capture.images import shrink, to_gray
from counterdesk.capture.sources.base import RawPage, SourceInfo
from counterdesk.errors import CaptureError

MOTION_THRESHOLD = 6.0  # mean absolute difference (0-255) between successive small frames


@dataclass(frozen=True)
class CameraSettings:
    steady_seconds: float = 0.8
    max_pages: int = 1
    timeout_seconds: float = 60.0
    width: int | None = 3840  # ask the camera for its best resolution; it picks the nearest
    height: int | None = 2160


@dataclass
class CameraSource:
    device: int | str
    settings: CameraSettings = field(default_factory=CameraSettings)

    @property
    def info(self) -> SourceInfo:
        return SourceInfo(f"camera:{self.device}", "camera", f"Camera {self.device}")

    def _open(self) -> tuple[cv2.VideoCapture, bool]:
        live = isinstance(self.device, int)
        capture = cv2.VideoCapture(self.device)
        if not capture.isOpened():
            raise CaptureError(
                f"Camera {self.device} cannot be opened. Check that it is plugged in and not "
                "used by another program, then try again."
            )
        if live and self.settings.width and self.settings.height:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.settings.width)
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.settings.height)
        return capture, live

    def pages(self) -> Iterator[RawPage]:
        capture, live = self._open()
        fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
        started = time.monotonic()
        frame_no = taken = 0
        previous: np.ndarray | None = None
        steady_since: float | None = None
        armed = True  # a new page may be taken (the picture changed since the last one)
        try:
            while taken < self.settings.max_pages:
                ok, frame = capture.read()
                now = time.monotonic() - started if live else frame_no / fps
                if not ok:
                    raise CaptureError(
                        f"Camera {self.device} stopped sending pictures (unplugged?) after "
                        f"{taken} page(s)"
                    )
                frame_no += 1
                small = to_gray(shrink(frame, 320)[0]).astype(np.int16)
                moving = previous is not None and np.abs(small - previous).mean() > MOTION_THRESHOLD
                previous = small
                if moving or steady_since is None:
                    steady_since = now
                    armed = armed or moving
                    continue
                steady = now - steady_since >= self.settings.steady_seconds
                if armed and steady and find_page(frame) is not None:
                    taken += 1
                    armed = False
                    yield RawPage(frame, None, f"camera:{self.device} frame {frame_no}", True)
                if now > self.settings.timeout_seconds:
                    raise CaptureError(
                        f"No steady page seen on camera {self.device} within "
                        f"{self.settings.timeout_seconds:.0f} s; hold the page still in view."
                    )
        finally:
            capture.release()


def list_cameras(max_index: int = 4) -> list[SourceInfo]:
    """Cameras that open at indexes 0..max_index-1."""
    found = []
    for index in range(max_index):
        capture = cv2.VideoCapture(index)
        if capture.isOpened():
            found.append(CameraSource(index).info)
        capture.release()
    return found
