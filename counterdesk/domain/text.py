"""What a clerk types, made fit to store and print.

One rule for every free-text field (names, titles, office data): Unicode NFC, so that
"Nguyễn" typed with combining marks and precomposed compares and prints the same;
runs of white space collapsed; no invisible control characters, which pasting from
other programs brings in and which would end up on a legal form.
"""

import unicodedata

from counterdesk.errors import BadInputError


def clean_text(value: str, what: str, max_length: int = 200) -> str:
    if any(unicodedata.category(ch) == "Cc" for ch in value.replace("\t", " ")):
        raise BadInputError(f"The {what} contains invisible control characters; type it again.")
    text = " ".join(unicodedata.normalize("NFC", value).split())
    if not text:
        raise BadInputError(f"The {what} is empty; type it in full.")
    if len(text) > max_length:
        raise BadInputError(f"The {what} is longer than {max_length} characters; shorten it.")
    return text
