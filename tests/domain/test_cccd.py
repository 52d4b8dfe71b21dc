import unicodedata
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.cccd import CitizenCard, parse_cccd_payload
from counterdesk.errors import BadInputError

TODAY = date(2026, 3, 12)
CARD = CitizenCard(
    id_number="001090123456",
    old_id_number="012345678",
    full_name="Nguyễn Thị Ngọc Ánh",
    date_of_birth=date(1990, 1, 1),
    sex="Nữ",
    address="Số 12 ngõ 34 phố Đội Cấn, Phường Ngọc Hà, Thành phố Hà Nội",
    issued_on=date(2021, 4, 15),
)
PAYLOAD = (
    "001090123456|012345678|Nguyễn Thị Ngọc Ánh|01011990|Nữ|"
    "Số 12 ngõ 34 phố Đội Cấn, Phường Ngọc Hà, Thành phố Hà Nội|15042021"
)


def parse(text: str) -> CitizenCard:
    return parse_cccd_payload(text, today=TODAY)


def with_field(payload: str, index: int, value: str) -> str:
    fields = payload.split("|")
    fields[index] = value
    return "|".join(fields)


def test_seven_fields_make_the_card() -> None:
    assert parse(PAYLOAD) == CARD


def test_empty_old_id_field_means_no_old_id() -> None:
    assert parse(with_field(PAYLOAD, 1, "")).old_id_number is None


def test_six_fields_leave_out_the_old_id() -> None:
    fields = PAYLOAD.split("|")
    del fields[1]
    assert parse("|".join(fields)) == replace(CARD, old_id_number=None)


def test_fields_after_the_seventh_are_ignored() -> None:
    assert parse(PAYLOAD + "|Nguyễn Văn Bình|Trần Thị Hoa|01012040") == CARD


def test_fields_after_the_seventh_do_not_excuse_a_bad_seventh() -> None:
    with pytest.raises(BadInputError, match="the date of issue is not a real date"):
        parse(with_field(PAYLOAD, 6, "15132021") + "|Nguyễn Văn Bình|Trần Thị Hoa")


def test_twelve_digit_old_id_is_accepted() -> None:
    assert parse(with_field(PAYLOAD, 1, "001090000001")).old_id_number == "001090000001"


def test_bom_whitespace_and_decomposed_letters_are_cleaned() -> None:
    decomposed = unicodedata.normalize("NFD", PAYLOAD)
    assert decomposed != PAYLOAD
    spaced = decomposed.replace("|", " | ")
    assert parse("\ufeff  " + spaced + "\r\n") == CARD


@pytest.mark.parametrize(
    ("written", "sex"),
    [("Nam", "Nam"), ("NAM", "Nam"), ("nam", "Nam"), ("Nữ", "Nữ"), ("NỮ", "Nữ"), ("nữ", "Nữ")],
)
def test_sex_is_read_in_any_case_and_given_canonically(written: str, sex: str) -> None:
    assert parse(with_field(PAYLOAD, 4, written)).sex == sex


def test_born_today_and_issued_the_same_day_is_accepted() -> None:
    payload = with_field(with_field(PAYLOAD, 3, "12032026"), 6, "12032026")
    card = parse(payload)
    assert card.date_of_birth == card.issued_on == TODAY


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        pytest.param("", "it holds no text", id="empty"),
        pytest.param(" \ufeff \n", "it holds no text", id="only BOM and spaces"),
        pytest.param(
            "001090123456|Nguyễn Văn A|01011990|Nam|Hà Nội",
            "it has 5 fields instead of 7",
            id="too few fields",
        ),
        pytest.param("https://example.vn", "it has 1 field instead of 7", id="not a card"),
        pytest.param(
            with_field(PAYLOAD, 0, "00109012345"),
            "the ID number has 11 digits instead of 12",
            id="ID too short",
        ),
        pytest.param(
            with_field(PAYLOAD, 0, "0010901234567"),
            "the ID number has 13 digits instead of 12",
            id="ID too long",
        ),
        pytest.param(
            with_field(PAYLOAD, 0, "00109O123456"),
            "the ID number has characters other than digits; it must be 12 digits",
            id="letter in ID",
        ),
        pytest.param(
            with_field(PAYLOAD, 0, "００1090123456"),
            "the ID number has characters other than digits",
            id="full-width digits in ID",
        ),
        pytest.param(with_field(PAYLOAD, 0, ""), "the ID number is missing", id="no ID"),
        pytest.param(
            with_field(PAYLOAD, 1, "01234567"),
            "the old ID number has 8 digits instead of 9 or 12",
            id="old ID length",
        ),
        pytest.param(
            with_field(PAYLOAD, 1, "B1234567"),
            "the old ID number has characters other than digits; it must be 9 or 12 digits",
            id="letter in old ID",
        ),
        pytest.param(with_field(PAYLOAD, 2, " "), "the full name is missing", id="no name"),
        pytest.param(
            with_field(PAYLOAD, 3, "31021990"),
            "the date of birth is not a real date",
            id="31 February",
        ),
        pytest.param(
            with_field(PAYLOAD, 3, "29021990"),
            "the date of birth is not a real date",
            id="29 February in a common year",
        ),
        pytest.param(
            with_field(PAYLOAD, 3, "1990-01-01"),
            "the date of birth is not a date written ddmmyyyy",
            id="ISO date",
        ),
        pytest.param(
            with_field(PAYLOAD, 3, "13032026"),
            "the date of birth is in the future",
            id="born tomorrow",
        ),
        pytest.param(
            with_field(PAYLOAD, 6, "13032026"),
            "the date of issue is in the future",
            id="issued tomorrow",
        ),
        pytest.param(
            with_field(PAYLOAD, 6, "31121989"),
            "the date of issue is before the date of birth",
            id="issued before birth",
        ),
        pytest.param(
            with_field(PAYLOAD, 4, "Male"), "the sex field is neither Nam nor Nữ", id="sex"
        ),
        pytest.param(
            with_field(PAYLOAD, 4, "Nu"), "the sex field is neither Nam nor Nữ", id="sex unaccented"
        ),
        pytest.param(
            with_field(PAYLOAD, 5, ""), "the permanent address is missing", id="no address"
        ),
    ],
)
def test_malformed_payload_is_refused_naming_the_fault(payload: str, reason: str) -> None:
    with pytest.raises(BadInputError) as refused:
        parse(payload)
    message = refused.value.message
    assert f"cannot be used: {reason}" in message
    assert message.endswith("Read the card again, or type its details in by hand.")
    assert "\n" not in message


@pytest.mark.parametrize(
    "payload",
    [
        # Shifted fields put a name where the sex belongs, and the ID where the old one does.
        with_field(PAYLOAD, 4, "Nguyễn Thị Ngọc Ánh"),
        with_field(PAYLOAD, 1, "001090123456X"),
        with_field(PAYLOAD, 0, "001090123456X"),
        with_field(PAYLOAD, 3, "Nguyễn Thị Ngọc Ánh"),
    ],
)
def test_refusals_repeat_no_name_and_no_id_number(payload: str) -> None:
    with pytest.raises(BadInputError) as refused:
        parse(payload)
    message = refused.value.message
    for personal in ("Nguyễn", "001090123456", "012345678", "Đội Cấn"):
        assert personal not in message


# -- any valid card survives formatting and parsing ---------------------------------------

VIETNAMESE_LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
LETTERS = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper()
words = st.text(alphabet=LETTERS, min_size=1, max_size=8)
names = st.lists(words, min_size=1, max_size=5).map(" ".join)
address_words = st.text(alphabet=LETTERS + "0123456789,./-", min_size=1, max_size=10)
addresses = st.lists(address_words, min_size=1, max_size=12).map(" ".join)


def digits(count: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=count, max_size=count)


@st.composite
def cards(draw: st.DrawFn) -> CitizenCard:
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    return CitizenCard(
        id_number=draw(digits(12)),
        old_id_number=draw(st.one_of(st.none(), digits(9), digits(12))),
        full_name=draw(names),
        date_of_birth=born,
        sex=draw(st.sampled_from(["Nam", "Nữ"])),
        address=draw(addresses),
        issued_on=draw(st.dates(min_value=born, max_value=TODAY)),
    )


def format_payload(card: CitizenCard, sex_as: str, layout: str, extra: list[str]) -> str:
    """The payload a card's QR code would carry, in one of the layouts readers give."""
    old_id = [] if layout == "6 fields" else [card.old_id_number or ""]
    more = extra if layout == "more fields" else []
    fields = [
        card.id_number,
        *old_id,
        card.full_name,
        card.date_of_birth.strftime("%d%m%Y"),
        sex_as,
        card.address,
        card.issued_on.strftime("%d%m%Y"),
        *more,
    ]
    return "|".join(fields)


@given(
    card=cards(),
    upper_sex=st.booleans(),
    layout=st.sampled_from(["7 fields", "6 fields", "more fields"]),
    extra=st.lists(names, min_size=1, max_size=4),
)
def test_any_valid_card_formats_and_parses_back_to_itself(
    card: CitizenCard, upper_sex: bool, layout: str, extra: list[str]
) -> None:
    if layout == "6 fields":
        card = replace(card, old_id_number=None)
    sex_as = card.sex.upper() if upper_sex else card.sex
    assert parse(format_payload(card, sex_as, layout, extra)) == card
