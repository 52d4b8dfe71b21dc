import re

from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain import download_codes
from counterdesk.domain.copy_qr import parse_payload, verify_url

SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def test_a_code_is_printed_in_groups_and_read_back_however_typed() -> None:
    code = download_codes.new_code()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}", code)
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert download_codes.normalise(typed) == code.replace("-", "")
    assert download_codes.code_sha256(typed) == download_codes.code_sha256(code)
    assert download_codes.normalise("ABCD-EFGH") == ""  # too short
    assert download_codes.normalise("ABCD-EFGH-JKMU") == ""  # U is not in the alphabet


@given(st.text(max_size=40))
def test_any_typing_normalises_to_a_code_or_nothing(text: str) -> None:
    code = download_codes.normalise(text)
    assert code == "" or (len(code) == 12 and set(code) <= set(download_codes.ALPHABET))


def test_the_hub_address_form_of_the_paper_qr() -> None:
    url = verify_url("https://hub.dongnai.gov.vn/", "H38.12", SHA)
    assert url == f"https://hub.dongnai.gov.vn/v/H38.12/{SHA}"
    parsed = parse_payload(url)
    assert (parsed.office, parsed.label, parsed.ecopy_sha256) == ("H38.12", None, SHA)
    assert parse_payload(f"http://127.0.0.1:8470/v/H38.12/{SHA.upper()}/").ecopy_sha256 == SHA
