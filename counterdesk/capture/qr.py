"""Reading the QR codes on a card photo or scan as UTF-8 text.

OpenCV's ArUco-based QR detector finds the codes: on synthetic photos of cards on textured
tables it read more codes than the classic QRCodeDetector, in about half the time. Attempts
run from cheapest to dearest and stop at the first that reads something.
"""

from collections.abc import Iterator

import cv2
import numpy as np

from counterdesk.capture.images import to_gray
from counterdesk.errors import BadInputError

# The first attempts read a copy whose long side is at most this: decoding a 12-megapixel
# photo at full size takes about half a second, and the code of a card a quarter of the
# frame wide still gets two pixels a module here, enough to find it and read it upright
# from the full image.
_WORK_SIDE = 2000
# A code found but not read is warped upright from the full image to this many pixels a
# side, inside a quiet zone: a dense code (57 modules, version 10) gets 8 pixels a module.
_UPRIGHT_SIDE = 480
_QUIET_ZONE = 60
# Binarising thresholds each pixel against the mean of a block a few modules wide (in
# pixels; the upright copy has 8 to 23 pixels a module): blur and uneven light leave a
# module grey, but still darker or lighter than its neighbourhood. On the work copy the
# threshold sits a little below the mean, so that blank paper stays white: its noise,
# binarised at the mean, becomes speckle that slows the detector tenfold. The upright copy
# is mostly code, where blurred modules sit close to the mean.
_WORK_BLOCK, _WORK_OFFSET = 31, 5
_UPRIGHT_BLOCK, _UPRIGHT_OFFSET = 25, 0


def read_qr_texts(image: np.ndarray) -> list[str]:
    """The text of every QR code on a BGR or grey uint8 image; [] when there is none.

    Raises BadInputError when codes are found but none can be read, or none is UTF-8 text.
    """
    if image.dtype != np.uint8 or image.size == 0 or image.shape[2:] not in ((), (3,)):
        raise ValueError("expected a non-empty uint8 BGR or grey image")
    # A new detector per call: detectors keep the last call's results, so sharing one
    # between capture threads would mix them up.
    detector = cv2.QRCodeDetectorAruco()
    found = False
    for payloads, found_here in _attempts(detector, to_gray(image)):
        if payloads:
            return _as_text(payloads)
        found = found or found_here
    if found:
        raise BadInputError(
            "A QR code was found on this image but could not be read; photograph the card "
            "flat and closer, in even light without glare, or scan it."
        )
    return []


def _attempts(
    detector: cv2.QRCodeDetectorAruco, grey: np.ndarray
) -> Iterator[tuple[list[bytes], bool]]:
    """What each attempt reads, and whether it found a code at all; cheapest first.

    The detector converts colour to grey itself, so the colour original is not tried
    apart from its grey version: that would repeat the same work.
    """
    work, scale = _work_copy(grey)
    yield _read(detector, work, grey, scale)
    yield _read(detector, _binarised(work, _WORK_BLOCK, _WORK_OFFSET), grey, scale)
    if scale < 1:
        # Codes too small to be found on the work copy: a card far from the camera.
        yield _find_and_read_upright(detector, grey)
    else:
        # Small frames (webcams) leave too few pixels a module for the detector.
        upscaled = cv2.resize(grey, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
        yield _read(detector, upscaled, grey, 2.0)


def _work_copy(grey: np.ndarray) -> tuple[np.ndarray, float]:
    scale = _WORK_SIDE / max(grey.shape)
    if scale >= 1:
        return grey, 1.0
    # Area averaging, not subsampling: aliasing merges neighbouring modules.
    return cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), scale


def _read(
    detector: cv2.QRCodeDetectorAruco, view: np.ndarray, grey: np.ndarray, scale: float
) -> tuple[list[bytes], bool]:
    """Codes read on `view` (`grey` resized by `scale`) or, for those only found there,
    read upright from `grey`; and whether `view` showed any code."""
    found, payloads, quads = _detect_and_decode(detector, view)
    if not found:
        return [], False
    read = [payload for payload in payloads if payload]
    unread = [
        np.float32(quad) / scale
        for payload, quad in zip(payloads, quads, strict=True)
        if not payload
    ]
    read += [payload for quad in unread for payload in _read_upright(detector, grey, quad)]
    return read, True


def _find_and_read_upright(
    detector: cv2.QRCodeDetectorAruco, grey: np.ndarray
) -> tuple[list[bytes], bool]:
    """Codes found on the full image, each read upright; and whether any was found.

    Finding alone on a 12-megapixel photo takes half the time of finding and decoding.
    """
    found, quads = detector.detectMulti(grey)
    if not found:
        return [], False
    return [payload for quad in quads for payload in _read_upright(detector, grey, quad)], True


def _read_upright(
    detector: cv2.QRCodeDetectorAruco, grey: np.ndarray, quad: np.ndarray
) -> list[bytes]:
    """Read one found code again, warped upright from the full-resolution image."""
    near, far = _QUIET_ZONE, _QUIET_ZONE + _UPRIGHT_SIDE
    square = np.float32([[near, near], [far, near], [far, far], [near, far]])
    warp = cv2.getPerspectiveTransform(quad, square)
    size = _UPRIGHT_SIDE + 2 * _QUIET_ZONE
    upright = cv2.warpPerspective(
        grey, warp, (size, size), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    for view in (upright, _binarised(upright, _UPRIGHT_BLOCK, _UPRIGHT_OFFSET)):
        found, payloads, _ = _detect_and_decode(detector, view)
        read = [payload for payload in payloads if payload] if found else []
        if read:
            return read
    return []


def _binarised(grey: np.ndarray, block: int, offset: int) -> np.ndarray:
    return cv2.adaptiveThreshold(
        grey, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, offset
    )


def _as_text(payloads: list[bytes]) -> list[str]:
    """The payloads that are UTF-8 text, in the order found.

    Other codes are left out rather than decoded by guesswork: a citizen ID card's code is
    UTF-8, and a guessed encoding could turn one name into another.
    """
    texts = []
    for payload in payloads:
        try:
            texts.append(payload.decode("utf-8"))
        except UnicodeDecodeError:
            continue
    if not texts:
        raise BadInputError(
            "The QR code on this image is not UTF-8 text, so it is not a citizen ID card's "
            "code; photograph or scan the QR code on the card itself."
        )
    return texts


def qr_png(text: str, module_px: int = 6) -> bytes:
    """A QR code for `text` as a PNG, to print: black on white, with OpenCV's 2-module border.

    The standard asks for a 4-module quiet zone; the white paper around the image gives the
    rest, and a narrower border leaves bigger modules in the same printed box.
    """
    code = cv2.QRCodeEncoder.create().encode(text)
    code = cv2.resize(code, None, fx=module_px, fy=module_px, interpolation=cv2.INTER_NEAREST)
    ok, png = cv2.imencode(".png", code)
    if not ok:
        raise ValueError("PNG encoding failed")
    return png.tobytes()


def _detect_and_decode(
    detector: cv2.QRCodeDetectorAruco, view: np.ndarray
) -> tuple[bool, list[bytes], list]:
    """OpenCV's detect-and-decode; a code its decoder chokes on counts as found but unread.

    OpenCV 5 raises cv2.error on some valid codes (UTF-8 ones made by zxing-cpp, a common
    encoder); that must not stop the reading of a card or a copy with a clear message.
    """
    try:
        found, payloads, quads, _ = detector.detectAndDecodeBytesMulti(view)
    except cv2.error:
        found, quads = detector.detectMulti(view)
        return bool(found), [b"" for _ in (quads if found else ())], list(quads) if found else []
    return found, list(payloads), list(quads) if found else []
