"""The QR code on a chip-based citizen ID card (CCCD, thẻ căn cước) and the card it describes.

The payload is '|'-separated: ID number | old CMND number | full name | date of birth |
sex | permanent address | date of issue, dates as ddmmyyyy. No official specification is
published; this is the layout public parsers agree on. Some readers leave out the old
number's field altogether (6 fields), and cards issued from July 2024 are reported to add
fields after the date of issue.

Rejections name the field at fault but never repeat the payload, names or ID numbers:
messages reach logs and screens, and the payload is a citizen's personal data. Faulty
dates are repeated as read, so that the clerk can hold them against the card.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from counterdesk.errors import BadInputError

_FIELDS = 7
_ID_DIGITS = (12,)
_OLD_ID_DIGITS = (9, 12)  # the 9-digit CMND, or the 12-digit one that followed it
_DDMMYYYY = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{4})")
_SEXES = {"nam": "Nam", "nữ": "Nữ"}
# A longer value in the sex field means the fields are shifted and may hold a name or an
# address, which a message must not repeat.


@dataclass(frozen=True)
class CitizenCard:
    id_number: str  # 12 digits
    old_id_number: str | None  # the CMND number the card replaced, None when absent
    full_name: str
    date_of_birth: date
    sex: str  # "Nam" or "Nữ"
    address: str  # permanent address as printed: old cards keep pre-2025 place names
    issued_on: date


def parse_cccd_payload(text: str, *, today: date | None = None) -> CitizenCard:
    """The card a QR payload describes; BadInputError naming the first field at fault.

    `today` (default: the desk's local date, which is Vietnam's) bounds the dates: no one
    is born, and no card issued, after it.
    """
    id_number, old_id, full_name, birth, sex, address, issue = _fields(text)
    card = CitizenCard(
        id_number=_id_number(id_number, "ID number", _ID_DIGITS),
        old_id_number=_id_number(old_id, "old ID number", _OLD_ID_DIGITS) if old_id else None,
        full_name=_present(full_name, "full name"),
        date_of_birth=_date(birth, "date of birth"),
        sex=_sex(sex),
        address=_present(address, "permanent address"),
        issued_on=_date(issue, "date of issue"),
    )
    if today is None:
        today = date.today()
    if card.date_of_birth > today:
        raise _rejected("the date of birth is in the future")
    if card.issued_on > today:
        raise _rejected("the date of issue is in the future")
    if card.issued_on < card.date_of_birth:
        raise _rejected("the date of issue is before the date of birth")
    return card


def _fields(text: str) -> list[str]:
    """The seven fields, stripped, with an empty old number where the reader left it out."""
    payload = unicodedata.normalize("NFC", text).strip().lstrip("\ufeff").strip()
    if not payload:
        raise _rejected("it holds no text")
    fields = [field.strip() for field in payload.split("|")]
    if len(fields) < _FIELDS - 1:
        count = f"{len(fields)} field" + ("s" if len(fields) > 1 else "")
        raise _rejected(f"it has {count} instead of 7, so it may not be a citizen ID card's code")
    if len(fields) == _FIELDS - 1:
        fields.insert(1, "")
    # Fields after the date of issue (parents' names, expiry on newer cards) are not used.
    return fields[:_FIELDS]


def _id_number(value: str, what: str, lengths: tuple[int, ...]) -> str:
    expected = " or ".join(map(str, lengths))
    if not value:
        raise _rejected(f"the {what} is missing")
    # [0-9], not isdigit(): other scripts' digits and superscripts are not ID digits.
    if not re.fullmatch(r"[0-9]+", value):
        raise _rejected(
            f"the {what} has characters other than digits; it must be {expected} digits"
        )
    if len(value) not in lengths:
        raise _rejected(f"the {what} has {len(value)} digits instead of {expected}")
    return value


def _date(value: str, what: str) -> date:
    match = _DDMMYYYY.fullmatch(value)
    if match is None:
        raise _rejected(f"the {what} is not a date written ddmmyyyy")
    day, month, year = map(int, match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise _rejected(f"the {what} is not a real date") from None


def _sex(value: str) -> str:
    sex = _SEXES.get(value.casefold())
    if sex is not None:
        return sex
    # Card fields are personal data: messages name the field, never repeat its value.
    raise _rejected("the sex field is neither Nam nor Nữ")


def _present(value: str, what: str) -> str:
    if not value:
        raise _rejected(f"the {what} is missing")
    return value


def _rejected(reason: str) -> BadInputError:
    return BadInputError(
        f"The citizen ID card's QR code cannot be used: {reason}. "
        "Read the card again, or type its details in by hand."
    )
