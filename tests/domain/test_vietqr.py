"""VietQR payloads: CRC, a published example, field layout read back, input checks."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.vietqr import ascii_purpose, crc16_ccitt, vietqr_payload
from counterdesk.errors import BadInputError

# The example in the README of github.com/subiz/vietqr: 120,000 đ to account 0011001932418
# at BIN 970415 with the note "ủng hộ lũ lụt".
PUBLISHED = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
    "530370454061200005802VN62170813ung ho lu lut6304C15C"
)


def decode(payload: str) -> dict[str, str]:
    """EMVCo ID-length-value objects; fails unless the text is consumed exactly."""
    fields: dict[str, str] = {}
    pos = 0
    while pos < len(payload):
        tag, length = payload[pos : pos + 2], int(payload[pos + 2 : pos + 4])
        value = payload[pos + 4 : pos + 4 + length]
        assert len(value) == length, f"field {tag} is cut short"
        assert tag not in fields, f"field {tag} appears twice"
        fields[tag] = value
        pos += 4 + length
    return fields


@pytest.mark.parametrize(
    ("data", "crc"),
    [
        (b"123456789", 0x29B1),  # the check value of CRC-16/CCITT-FALSE
        (b"", 0xFFFF),
        (b"A", 0xB915),
    ],
)
def test_crc16_known_vectors(data: bytes, crc: int) -> None:
    assert crc16_ccitt(data) == crc


def test_published_example_is_reproduced() -> None:
    assert vietqr_payload("970415", "0011001932418", 120_000, "ủng hộ lũ lụt") == PUBLISHED


def test_dynamic_payload_reads_back() -> None:
    payload = vietqr_payload("970436", "0123456789", 25_000, "Phí chứng thực H38-0003")
    root = decode(payload)
    assert list(root) == ["00", "01", "38", "53", "54", "58", "62", "63"]
    assert root["00"] == "01"
    assert root["01"] == "12"
    assert root["53"] == "704"
    assert root["54"] == "25000"
    assert root["58"] == "VN"
    merchant = decode(root["38"])
    assert merchant == {
        "00": "A000000727",
        "01": "00069704360110" + "0123456789",
        "02": "QRIBFTTA",
    }
    assert decode(merchant["01"]) == {"00": "970436", "01": "0123456789"}
    assert decode(root["62"]) == {"08": "Phi chung thuc H38-0003"}
    assert root["63"] == f"{crc16_ccitt(payload[:-4].encode()):04X}"


def test_static_payload_has_no_amount_and_no_empty_note() -> None:
    root = decode(vietqr_payload("970415", "0011001932418", None, ""))
    assert root["01"] == "11"
    assert "54" not in root
    assert "62" not in root


def test_purpose_loses_diacritics_and_keeps_case() -> None:
    assert ascii_purpose("Đóng phí  Chứng thực ") == "Dong phi Chung thuc"
    assert ascii_purpose("ƯỚC Ở Ỹ ỷ") == "UOC O Y y"


@pytest.mark.parametrize(
    ("bank_bin", "account", "amount", "purpose", "message"),
    [
        ("97041", "0011001932418", 1000, "", "BIN"),
        ("97041A", "0011001932418", 1000, "", "BIN"),
        ("970415", "0011 001932418", 1000, "", "account number"),
        ("970415", "1" * 20, 1000, "", "account number"),
        ("970415", "", 1000, "", "account number"),
        ("970415", "0011001932418", 0, "", "amount"),
        ("970415", "0011001932418", -5, "", "amount"),
        ("970415", "0011001932418", 10**13, "", "amount"),
        ("970415", "0011001932418", 1000, "x" * 26, "26 characters"),
        ("970415", "0011001932418", 1000, "Phí 5 €", "characters banks do not accept"),
        ("970415", "0011001932418", 1000, "a\tb\x00", "characters banks do not accept"),
    ],
)
def test_bad_inputs_are_refused_with_a_reason(
    bank_bin: str, account: str, amount: int, purpose: str, message: str
) -> None:
    with pytest.raises(BadInputError, match=message):
        vietqr_payload(bank_bin, account, amount, purpose)


def test_longest_fields_are_accepted() -> None:
    root = decode(vietqr_payload("970415", "A" * 19, 10**13 - 1, "y" * 25))
    assert len(root["54"]) == 13
    assert decode(root["62"])["08"] == "y" * 25


@given(
    bank_bin=st.from_regex(r"[0-9]{6}", fullmatch=True),
    account=st.from_regex(r"[0-9A-Za-z]{1,19}", fullmatch=True),
    amount=st.none() | st.integers(min_value=1, max_value=10**13 - 1),
    purpose=st.text(alphabet=st.sampled_from("abcĐđàáạăằẫ ÂÊÔƠƯ0123456789-."), max_size=25),
)
def test_any_valid_input_round_trips(
    bank_bin: str, account: str, amount: int | None, purpose: str
) -> None:
    payload = vietqr_payload(bank_bin, account, amount, purpose)
    root = decode(payload)
    assert decode(decode(root["38"])["01"]) == {"00": bank_bin, "01": account}
    assert root.get("54") == (None if amount is None else str(amount))
    assert root["01"] == ("11" if amount is None else "12")
    note = ascii_purpose(purpose)
    assert decode(root.get("62", "")).get("08", "") == note
    assert int(root["63"], 16) == crc16_ccitt(payload[:-4].encode())
