"""Vietnamese wording rules: amounts in figures and words, dates on documents, search folding."""

import unicodedata
from datetime import date

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu")


def format_vnd(amount: int) -> str:
    """200000 -> '200.000 đ' (Vietnamese thousands separator is the dot)."""
    return f"{amount:,}".replace(",", ".") + " đ"


def _below_thousand(n: int, full: bool) -> list[str]:
    """Words for 0 < n < 1000; `full` writes the hundreds even when zero ('không trăm')."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(_DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def number_in_words(n: int) -> str:
    """Cardinal number in Vietnamese words, as written on receipts ('một trăm linh năm')."""
    if n < 0:
        raise ValueError("negative amounts are not written in words")
    if n == 0:
        return "không"
    groups: list[int] = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words: list[str] = []
    # Above "tỷ" the scale words repeat: 10^12 is "nghìn tỷ".
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        words += _below_thousand(group, full=bool(words))
        scale = " ".join(filter(None, [_GROUPS[index % 3], *["tỷ"] * (index // 3)]))
        if scale:
            words.append(scale)
    return " ".join(words)


def vnd_in_words(amount: int) -> str:
    """200000 -> 'Hai trăm nghìn đồng.'"""
    text = number_in_words(amount) + " đồng"
    return text[0].upper() + text[1:] + "."


def document_date(day: date) -> str:
    """'ngày 05 tháng 02 năm 2026'.

    Decree 30/2020/NĐ-CP, Annex I (administrative documents): days below 10 and months
    below 3 are written with a leading zero.
    """
    dd = f"{day.day:02d}"
    mm = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {dd} tháng {mm} năm {day.year}"


def strip_marks(text: str) -> str:
    """Text with Vietnamese diacritics removed, case kept ('Đức' -> 'Duc').

    'đ' is a letter of its own in Unicode, not d plus a mark, so it is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


def fold(text: str) -> str:
    """Lower-case text with diacritics removed, for accent-insensitive matching."""
    return strip_marks(text).casefold()
