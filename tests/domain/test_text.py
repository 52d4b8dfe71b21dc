import unicodedata

import pytest

from counterdesk.domain.text import clean_text
from counterdesk.errors import BadInputError


def test_combining_marks_become_precomposed_and_spaces_collapse():
    typed = unicodedata.normalize("NFD", "  Nguyễn   Thị\tLan ")
    assert clean_text(typed, "name") == "Nguyễn Thị Lan"
    assert clean_text(typed, "name") == unicodedata.normalize("NFC", "Nguyễn Thị Lan")


@pytest.mark.parametrize("value", ["Lan\x00", "Lan\x1b[31m", "Lan\r\nAn"])
def test_control_characters_are_refused(value):
    with pytest.raises(BadInputError, match="control characters"):
        clean_text(value, "name")


def test_empty_and_too_long_are_refused_with_what_to_do():
    with pytest.raises(BadInputError, match="name is empty"):
        clean_text(" \t ", "name")
    with pytest.raises(BadInputError, match="longer than 5"):
        clean_text("Nguyễn", "name", 5)
