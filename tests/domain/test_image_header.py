import cv2
import numpy as np
import pytest

from counterdesk.domain.image_header import MAX_PIXELS, image_size, too_many_pixels


@pytest.mark.parametrize("extension", [".png", ".jpg"])
@pytest.mark.parametrize(("width", "height"), [(640, 480), (37, 1201)])
def test_size_is_read_from_the_header(extension: str, width: int, height: int) -> None:
    ok, data = cv2.imencode(extension, np.zeros((height, width, 3), np.uint8))
    assert ok
    assert image_size(data.tobytes()) == (width, height)
    assert too_many_pixels(data.tobytes()) is None


def test_progressive_jpeg_and_exif_segments_are_walked() -> None:
    data = cv2.imencode(".jpg", np.zeros((90, 120), np.uint8), [cv2.IMWRITE_JPEG_PROGRESSIVE, 1])[1]
    exif = b"\xff\xe1\x00\x10Exif\x00\x00" + b"\x00" * 8
    data = data.tobytes()
    assert image_size(data[:2] + exif + data[2:]) == (120, 90)


def test_bombs_and_broken_headers() -> None:
    side = int(MAX_PIXELS**0.5) + 1
    bomb = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + side.to_bytes(4, "big") * 2
    assert too_many_pixels(bomb) == (side, side)
    assert image_size(b"\xff\xd8\xff\xe0\x00") is None
    assert image_size(b"GIF89a") is None
