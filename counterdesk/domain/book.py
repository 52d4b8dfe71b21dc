"""The certification book (sổ chứng thực): numbers, volumes and the printed label.

Decree 23/2015/NĐ-CP Art. 13(2): the number runs continuously from 1 to the end of the
year; a new volume opened during the year continues the numbering; the first
certification of a new year starts again at 1. Art. 20(3): several copies of one
original certified in one act share one number.
"""

from dataclasses import dataclass

from counterdesk.errors import ClockError


@dataclass(frozen=True)
class BookPosition:
    year: int
    number: int
    volume: int
    entries_in_volume: int


def next_position(
    last: BookPosition | None, year: int, volume_capacity: int | None = None
) -> BookPosition:
    """The position of the next certification made in `year`.

    `last` is the newest entry of the book (any year), `volume_capacity` the number of
    entries a volume holds before the next one opens (None: one volume per year).
    """
    if last is None or last.year < year:
        return BookPosition(year=year, number=1, volume=1, entries_in_volume=1)
    if last.year > year:
        raise ClockError(
            f"The desk clock says {year}, but the book already has entries for {last.year}. "
            "Set the computer's date and time correctly, then try again."
        )
    if volume_capacity is not None and last.entries_in_volume >= volume_capacity:
        return BookPosition(year, last.number + 1, last.volume + 1, 1)
    return BookPosition(year, last.number + 1, last.volume, last.entries_in_volume + 1)


def book_label(template: str, position: BookPosition, symbol: str) -> str:
    """'Số chứng thực: 12, Quyển số: 01/2026-SCT/BS' from the statement template."""
    return template.format(
        number=position.number, volume=position.volume, year=position.year, symbol=symbol
    )
