from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.fees import CopyMode, fee_per_copy, quote_fee
from counterdesk.legal_data import tariff_on

TARIFF = tariff_on(date(2026, 11, 26))


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        (1, 2_000),
        (2, 4_000),
        (3, 5_000),
        (10, 12_000),
        (197, 199_000),
        (198, 200_000),  # first page count that reaches the cap exactly
        (199, 200_000),  # capped
        (5_000, 200_000),
    ],
)
def test_fee_per_copy_follows_circular_226(pages: int, expected: int) -> None:
    assert fee_per_copy(pages, TARIFF) == expected


def test_copies_multiply_and_the_cap_is_per_copy() -> None:
    quote = quote_fee(250, 3, CopyMode.PAPER, TARIFF)
    assert quote.amount_vnd == 600_000
    assert quote.lines[0].unit_vnd == 200_000
    assert "tối đa" in quote.lines[0].description


def test_electronic_copy_with_paper_costs_nothing_extra() -> None:
    paper = quote_fee(3, 2, CopyMode.PAPER, TARIFF)
    both = quote_fee(3, 2, CopyMode.PAPER_AND_ELECTRONIC, TARIFF)
    assert both.amount_vnd == paper.amount_vnd == 10_000
    assert [line.amount_vnd for line in both.lines] == [10_000, 0]


def test_electronic_only_is_charged_as_one_copy_whatever_copies_says() -> None:
    assert quote_fee(3, 1, CopyMode.ELECTRONIC_ONLY, TARIFF).amount_vnd == 5_000
    assert quote_fee(3, 4, CopyMode.ELECTRONIC_ONLY, TARIFF).amount_vnd == 5_000


def test_tariff_in_force_is_picked_by_date() -> None:
    assert TARIFF.id == "TT226-2016"
    with pytest.raises(LookupError):
        tariff_on(date(2016, 12, 31))


@pytest.mark.parametrize("pages", [0, -1])
def test_an_original_has_pages(pages: int) -> None:
    with pytest.raises(ValueError, match="at least one page"):
        fee_per_copy(pages, TARIFF)


@given(st.integers(1, 2_000), st.integers(1, 50))
def test_fee_is_monotonic_capped_and_integer(pages: int, copies: int) -> None:
    one = fee_per_copy(pages, TARIFF)
    assert fee_per_copy(pages + 1, TARIFF) >= one
    assert 2_000 <= one <= 200_000
    total = quote_fee(pages, copies, CopyMode.PAPER_AND_ELECTRONIC, TARIFF).amount_vnd
    assert total == one * copies
    assert isinstance(total, int)
