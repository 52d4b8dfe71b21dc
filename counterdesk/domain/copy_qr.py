"""The QR code on a paper certified copy: whose book, which entry, which electronic twin.

A receiving office holding a paper copy scans this code to check it against the e-copy of
the same act (`counterdesk verify --qr IMAGE`). The payload is UTF-8 text, version 1:

    CDQR1|<office code>|<book label>|<SHA-256 of the e-copy>

    CDQR1|H38.12|Số chứng thực: 1, Quyển số: 01/2026-SCT/BS|9f86d081884c7d65...(64 hex)

- `CDQR` marks a CounterDesk copy code and the number after it is the format version; a
  reader refuses a version it does not know rather than guess at its fields.
- The office code is the agency code the office was set up with; the book label is the
  label exactly as entered in the certification book and printed in the statement,
  Vietnamese included (not transliterated, not re-normalized: it is looked up as is).
- The hash is the SHA-256 of the whole signed e-copy file as certified and handed over,
  64 lowercase hex digits, as `sha256sum` prints it. Upgrades to long-term validation
  (time-stamps, revocation data) append incremental updates: the certified file stays a
  prefix ending at one of the `%%EOF` marks, which `revision_hashes` finds. The e-copy
  itself carries no QR (it cannot contain its own hash): the code goes on the paper copy
  only, which is the e-copy's PDF before signing with the code added. A paper-only act has
  no e-copy, so no code.
- Fields are separated by `|`. A `%` or `|` inside a field is written `%25` or `%7C`, so no
  field can split the payload or forge another field; nothing else is escaped. Control
  characters (line breaks...) are refused in every field.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from counterdesk.errors import BadInputError

MARK = "CDQR"
VERSION = 1
SEPARATOR = "|"
MAX_LABEL = 200

_OFFICE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_SHA256_ANY_CASE = re.compile(r"[0-9a-fA-F]{64}")
_ESCAPED = re.compile(r"(?:[^%]|%25|%7[Cc])*")
_ESCAPE = re.compile(r"%(25|7[Cc])")
_VERSION = re.compile(r"[1-9][0-9]{0,3}")


_END_OF_REVISION = re.compile(rb"%%EOF(\r\n|\r|\n)?")


def revision_hashes(pdf: bytes) -> set[str]:
    """SHA-256 of the file and of each earlier revision (each prefix ending at `%%EOF`,
    with and without its line end), in one pass however many marks a hostile file has."""
    found = {hashlib.sha256(pdf).hexdigest()}
    running = hashlib.sha256()
    done = 0
    for mark in _END_OF_REVISION.finditer(pdf):
        running.update(pdf[done : mark.start() + 5])
        done = mark.start() + 5
        found.add(running.hexdigest())
        if mark.group(1):
            with_end = running.copy()
            with_end.update(mark.group(1))
            found.add(with_end.hexdigest())
    return found


@dataclass(frozen=True)
class CopyQr:
    office: str
    label: str | None  # None in the hub-address form, which names the e-copy by hash only
    ecopy_sha256: str


# The form printed by a desk enrolled with a hub: the address of the hub's public
# verification page for this e-copy, so a phone's camera opens it. Office code and hash
# only: the Vietnamese label, percent-encoded, would make the code too dense to scan.
_VERIFY_URL = re.compile(r"https?://[^\s|]+?/v/([A-Za-z0-9._-]{1,40})/([0-9a-fA-F]{64})/?")


def verify_url(hub_url: str, office_code: str, sha256: str) -> str:
    """The paper copy's QR text when the desk has a hub: its public verification page."""
    if not _OFFICE_CODE.fullmatch(office_code) or not _SHA256.fullmatch(sha256):
        raise ValueError("office code or SHA-256 malformed")
    return f"{hub_url.rstrip('/')}/v/{office_code}/{sha256}"


def _escape(field: str) -> str:
    return field.replace("%", "%25").replace(SEPARATOR, "%7C")


def _unescape(field: str) -> str | None:
    """The field with `%25` and `%7C` decoded; None when it has any other `%`."""
    if not _ESCAPED.fullmatch(field):
        return None
    return _ESCAPE.sub(lambda m: "%" if m.group(1) == "25" else SEPARATOR, field)


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text)


def make_payload(office_code: str, label: str, sha256: str) -> str:
    """The QR text for a paper copy whose e-copy has this SHA-256 (hex).

    Raises ValueError on values CounterDesk never produces: they are bugs, not input.
    """
    if not _OFFICE_CODE.fullmatch(office_code):
        raise ValueError(f"office code {office_code!r} is not an agency code")
    if not label or len(label) > MAX_LABEL or _has_control(label):
        raise ValueError(f"book label {label!r} is empty, too long or has control characters")
    if not _SHA256.fullmatch(sha256):
        raise ValueError(f"{sha256!r} is not a SHA-256 in lowercase hex")
    fields = (f"{MARK}{VERSION}", _escape(office_code), _escape(label), sha256)
    return SEPARATOR.join(fields)


def parse_payload(text: str) -> CopyQr:
    """The office, label and e-copy hash a paper copy's QR code carries.

    Raises BadInputError saying whether the code is not a CounterDesk copy code, is of a
    version this program does not know, or is damaged.
    """
    address = _VERIFY_URL.fullmatch(text.strip())
    if address is not None:
        return CopyQr(office=address.group(1), label=None, ecopy_sha256=address.group(2).lower())
    head, _, rest = text.partition(SEPARATOR)
    if not head.startswith(MARK):
        raise BadInputError(
            "This QR code is not a CounterDesk certified copy's code; scan the small QR code "
            "beside the statement on the last page of the paper copy."
        )
    version = head[len(MARK) :]
    if not _VERSION.fullmatch(version):
        raise _damaged("its version is unreadable")
    if int(version) != VERSION:
        raise BadInputError(
            f"This certified copy's QR code is of format version {int(version)}, which this "
            f"CounterDesk does not know (it reads version {VERSION}); update CounterDesk to "
            "check it."
        )
    fields = rest.split(SEPARATOR) if rest else []
    if len(fields) != 3:
        raise _damaged(f"it has {len(fields) + 1} fields instead of 4")
    office, label = (_unescape(field) for field in fields[:2])
    if office is None or not _OFFICE_CODE.fullmatch(office):
        raise _damaged("its office code is not an agency code")
    if label is None or not label or len(label) > MAX_LABEL or _has_control(label):
        raise _damaged("its book label is empty, too long or malformed")
    if not _SHA256_ANY_CASE.fullmatch(fields[2]):
        raise _damaged("its e-copy hash is not a SHA-256 (64 hex digits)")
    return CopyQr(office=office, label=label, ecopy_sha256=fields[2].lower())


def _damaged(why: str) -> BadInputError:
    return BadInputError(
        f"This certified copy's QR code is damaged or was altered: {why}. Check the paper "
        "copy against its e-copy another way (ask the office that certified it)."
    )
