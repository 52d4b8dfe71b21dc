import hashlib

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from counterdesk.domain.copy_qr import MAX_LABEL, CopyQr, make_payload, parse_payload
from counterdesk.errors import BadInputError

LABEL = "Số chứng thực: 12, Quyển số: 01/2026-SCT/BS"
SHA256 = hashlib.sha256(b"e-copy").hexdigest()
PAYLOAD = f"CDQR1|H38.12|{LABEL}|{SHA256}"

office_codes = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}", fullmatch=True)
labels = st.text(
    st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=MAX_LABEL
) | st.sampled_from([LABEL, "a|b", "%", "%7C|%25", "|", "50% | 7C"])
hashes = st.binary(min_size=1).map(lambda data: hashlib.sha256(data).hexdigest())


def test_the_payload_is_the_documented_text() -> None:
    assert make_payload("H38.12", LABEL, SHA256) == PAYLOAD
    assert parse_payload(PAYLOAD) == CopyQr("H38.12", LABEL, SHA256)


def test_vietnamese_stays_utf8_text_not_escaped() -> None:
    assert "Quyển số" in make_payload("H38.12", LABEL, SHA256)


def test_separator_and_percent_inside_a_field_are_escaped() -> None:
    payload = make_payload("H38.12", "Số 1|2 (50%)", SHA256)
    assert payload == f"CDQR1|H38.12|Số 1%7C2 (50%25)|{SHA256}"
    assert payload.count("|") == 3
    assert parse_payload(payload).label == "Số 1|2 (50%)"


@given(office_codes, labels, hashes)
@example("H38.12", "%7C", SHA256)  # already looks escaped: must come back as typed
def test_round_trip(office: str, label: str, sha256: str) -> None:
    payload = make_payload(office, label, sha256)
    assert payload.count("|") == 3
    assert parse_payload(payload) == CopyQr(office, label, sha256)


@pytest.mark.parametrize(
    ("office", "label", "sha256"),
    [
        ("H38|12", LABEL, SHA256),
        ("", LABEL, SHA256),
        ("H38.12", "", SHA256),
        ("H38.12", "Số 1\nQuyển 2", SHA256),
        ("H38.12", "x" * (MAX_LABEL + 1), SHA256),
        ("H38.12", LABEL, SHA256.upper()),
        ("H38.12", LABEL, SHA256[:-1]),
    ],
)
def test_values_counterdesk_never_makes_are_refused_when_making(
    office: str, label: str, sha256: str
) -> None:
    with pytest.raises(ValueError):
        make_payload(office, label, sha256)


def test_an_upper_case_hash_is_read() -> None:
    assert parse_payload(PAYLOAD.replace(SHA256, SHA256.upper())).ecopy_sha256 == SHA256


@pytest.mark.parametrize(
    "text",
    [
        "",
        "https://example.com/",
        "001090123456|012345678|Nguyễn Thị Ngọc Ánh|01011990|Nữ|Hà Nội|15042021",
        "00020101021238570010A000000727",  # a VietQR payment code
        "cdqr1|H38.12|x|" + SHA256,
    ],
)
def test_other_codes_are_not_ours(text: str) -> None:
    with pytest.raises(BadInputError, match="not a CounterDesk certified copy's code"):
        parse_payload(text)


@pytest.mark.parametrize("version", ["2", "10", "9999"])
def test_unknown_versions_are_named(version: str) -> None:
    with pytest.raises(BadInputError, match=f"format version {version}, which this"):
        parse_payload(PAYLOAD.replace("CDQR1", f"CDQR{version}"))


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("CDQR", "version is unreadable"),
        ("CDQR01|H38.12|x|" + SHA256, "version is unreadable"),
        ("CDQRx|H38.12|x|" + SHA256, "version is unreadable"),
        ("CDQR1", "1 fields instead of 4"),
        ("CDQR1|H38.12|" + LABEL, "3 fields instead of 4"),
        (PAYLOAD + "|extra", "5 fields instead of 4"),
        (f"CDQR1|H38.12|Số 1|2|{SHA256}", "5 fields instead of 4"),
        (f"CDQR1|H38 12|{LABEL}|{SHA256}", "office code"),
        (f"CDQR1||{LABEL}|{SHA256}", "office code"),
        (f"CDQR1|H38%7C12|{LABEL}|{SHA256}", "office code"),
        (f"CDQR1|H38.12||{SHA256}", "book label"),
        (f"CDQR1|H38.12|50%|{SHA256}", "book label"),
        (f"CDQR1|H38.12|%41|{SHA256}", "book label"),
        (f"CDQR1|H38.12|Số 1\r\n|{SHA256}", "book label"),
        (f"CDQR1|H38.12|{'x' * (MAX_LABEL + 1)}|{SHA256}", "book label"),
        (f"CDQR1|H38.12|{LABEL}|{SHA256[:-1]}", "not a SHA-256"),
        (f"CDQR1|H38.12|{LABEL}|{SHA256[:-1]}g", "not a SHA-256"),
        (f"CDQR1|H38.12|{LABEL}|{SHA256} ", "not a SHA-256"),
        (f"CDQR1|H38.12|{LABEL}|", "not a SHA-256"),
    ],
)
def test_damaged_codes_say_what_is_wrong(text: str, why: str) -> None:
    with pytest.raises(BadInputError, match="damaged or was altered") as raised:
        parse_payload(text)
    assert why in raised.value.message


def check_read_or_refused(text: str) -> None:
    try:
        code = parse_payload(text)
    except BadInputError as exc:
        assert exc.message
        return
    # What is accepted is exactly what making the code again gives back.
    assert parse_payload(make_payload(code.office, code.label, code.ecopy_sha256)) == code


@given(st.text())
@example("CDQR1|||")
@example("CDQR1|H38.12|%|" + SHA256)
def test_any_text_is_read_or_refused_with_a_message(text: str) -> None:
    check_read_or_refused(text)


@given(st.lists(st.sampled_from(["CDQR1", "|", "%", "%7C", "%25", "H38.12", "a", SHA256])))
def test_hostile_pieces_are_read_or_refused_with_a_message(pieces: list[str]) -> None:
    check_read_or_refused("".join(pieces))
