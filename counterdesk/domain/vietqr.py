"""The VietQR code a citizen scans with any banking app to pay the fee by NAPAS 247 transfer.

The text is an EMVCo merchant-presented QR payload (EMV QRCPS), as NAPAS profiles it for
VietQR transfers to an account. Every data object is ID (2 digits) + length (2 digits) +
value:

    00 Payload Format Indicator   "01"
    01 Point of Initiation        "11" static (no amount, reusable), "12" dynamic (one payment)
    38 Merchant Account Info      00 GUID "A000000727" (NAPAS)
                                  01 beneficiary: 00 acquirer BIN (6 digits), 01 account (≤ 19)
                                  02 service code "QRIBFTTA" (transfer to an account)
    53 Transaction Currency       "704" (VND, ISO 4217)
    54 Transaction Amount         whole đồng, dynamic codes only
    58 Country Code               "VN"
    62 Additional Data            08 purpose of transaction (≤ 25 characters)
    63 CRC                        CRC-16/CCITT-FALSE of everything before it, "6304" included

Sources (secondary; the NAPAS VietQR specification itself was not read): the field tables
in the README of github.com/giautm/emvqr-go ("VietQR specification") and the worked example
in github.com/subiz/vietqr's README, whose payload tests/domain/test_vietqr.py reproduces.
"""

import re

from counterdesk.domain.vietnamese import strip_marks
from counterdesk.errors import BadInputError

NAPAS_GUID = "A000000727"
TRANSFER_TO_ACCOUNT = "QRIBFTTA"
VND = "704"
VIETNAM = "VN"
STATIC = "11"
DYNAMIC = "12"

MAX_ACCOUNT = 19
MAX_PURPOSE = 25
MAX_AMOUNT = 10**13 - 1  # EMVCo field 54 holds up to 13 characters

_BIN = re.compile(r"[0-9]{6}")
_ACCOUNT = re.compile(rf"[0-9A-Za-z]{{1,{MAX_ACCOUNT}}}")


def crc16_ccitt(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no xor-out."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = (crc << 1) ^ 0x1021 if crc & 0x8000 else crc << 1
        crc &= 0xFFFF
    return crc


def _tlv(tag: str, value: str) -> str:
    """One EMVCo data object. The length has two digits; the checks on the inputs keep every
    value, field 38 included, well under 99 characters."""
    return f"{tag}{len(value):02d}{value}"


def ascii_purpose(text: str) -> str:
    """The transfer note as banks accept it: Vietnamese diacritics removed, case kept.

    Not lower-cased: a note like "Phi chung thuc H38.12-260205-0003" should read the
    way the clerk typed it.
    """
    return " ".join(strip_marks(text).split())


def _checked_purpose(purpose: str) -> str:
    note = ascii_purpose(purpose)
    if not (note.isascii() and note.isprintable()):
        raise BadInputError(
            f"The transfer note '{purpose}' has characters banks do not accept; "
            "use letters, digits and simple punctuation."
        )
    if len(note) > MAX_PURPOSE:
        raise BadInputError(
            f"The transfer note '{note}' has {len(note)} characters; "
            f"VietQR allows {MAX_PURPOSE}. Shorten it, e.g. keep only the dossier code."
        )
    return note


def _check_account(bank_bin: str, account: str) -> None:
    if not _BIN.fullmatch(bank_bin):
        raise BadInputError(
            f"The bank BIN '{bank_bin}' is not 6 digits; copy it from the NAPAS bank list "
            "in the office settings (e.g. 970415 for VietinBank)."
        )
    if not _ACCOUNT.fullmatch(account):
        raise BadInputError(
            f"The account number '{account}' must be 1 to {MAX_ACCOUNT} letters or digits, "
            "without spaces or dashes; check the office settings."
        )


def vietqr_payload(bank_bin: str, account: str, amount_vnd: int | None, purpose: str) -> str:
    """The text to encode in the QR: a transfer of `amount_vnd` đồng to `account` at `bank_bin`.

    With an amount the code is dynamic (the app fills the amount in); without one it is
    static and the citizen types the amount. An empty purpose leaves field 62 out.
    """
    _check_account(bank_bin, account)
    if amount_vnd is not None and not 0 < amount_vnd <= MAX_AMOUNT:
        raise BadInputError(
            f"The amount to pay must be between 1 and {MAX_AMOUNT} đồng, not {amount_vnd}."
        )
    note = _checked_purpose(purpose)

    beneficiary = _tlv("00", bank_bin) + _tlv("01", account)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", TRANSFER_TO_ACCOUNT)
    fields = [
        _tlv("00", "01"),
        _tlv("01", STATIC if amount_vnd is None else DYNAMIC),
        _tlv("38", merchant),
        _tlv("53", VND),
    ]
    if amount_vnd is not None:
        fields.append(_tlv("54", str(amount_vnd)))
    fields.append(_tlv("58", VIETNAM))
    if note:
        fields.append(_tlv("62", _tlv("08", note)))
    # The CRC covers its own ID and length, so "6304" is appended before computing it.
    body = "".join(fields) + "6304"
    return f"{body}{crc16_ccitt(body.encode('ascii')):04X}"
