import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.book import BookPosition, book_label, next_position
from counterdesk.errors import ClockError

LABEL = "Số chứng thực: {number}, Quyển số: {volume:02d}/{year}-{symbol}"


def test_first_certification_ever_is_number_one_of_volume_one() -> None:
    assert next_position(None, 2026) == BookPosition(2026, 1, 1, 1)


def test_numbers_continue_across_a_volume_change() -> None:
    last = BookPosition(2026, 300, 1, 300)
    first_of_new_volume = next_position(last, 2026, volume_capacity=300)
    assert first_of_new_volume == BookPosition(2026, 301, 2, 1)
    assert next_position(first_of_new_volume, 2026, 300) == BookPosition(2026, 302, 2, 2)


def test_a_new_year_restarts_at_one() -> None:
    last = BookPosition(2026, 4_512, 3, 12)
    assert next_position(last, 2027, volume_capacity=300) == BookPosition(2027, 1, 1, 1)


def test_clock_set_back_a_year_is_refused() -> None:
    with pytest.raises(ClockError, match="2025"):
        next_position(BookPosition(2026, 5, 1, 5), 2025)


def test_label_follows_the_template() -> None:
    label = book_label(LABEL, BookPosition(2026, 12, 1, 12), "SCT/BS")
    assert label == "Số chứng thực: 12, Quyển số: 01/2026-SCT/BS"


@given(
    st.lists(st.sampled_from([2026, 2027, 2028]), min_size=1, max_size=300).map(sorted),
    st.integers(1, 40),
)
def test_numbers_are_gap_free_within_each_year(years: list[int], capacity: int) -> None:
    last = None
    seen: dict[int, list[int]] = {}
    for year in years:
        last = next_position(last, year, capacity)
        seen.setdefault(year, []).append(last.number)
        assert 1 <= last.entries_in_volume <= capacity
    for numbers in seen.values():
        assert numbers == list(range(1, len(numbers) + 1))
