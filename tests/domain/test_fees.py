import re
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.fees import CopyMode, Tier, fee_per_copy, parse_tariff, quote_fee
from counterdesk.errors import BadInputError
from counterdesk.legal_data import published_tariff, tariff_on, tariffs

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


# -- tariffs as data: the shipped file and the versions the hub publishes -------------------

PUBLISHED = {
    "id": "HUB-2027",
    "effective_from": "2027-01-01",
    "source": "Quyết định của UBND tỉnh (TEST)",
    "tiers": [
        {"first_page": 1, "last_page": 2, "per_page_vnd": 3_000},
        {"first_page": 3, "per_page_vnd": 1_500},
    ],
    "max_per_copy_vnd": 250_000,
    "electronic_with_paper_vnd": 0,
    "electronic_only_charged_copies": 1,
    "basis": "Phí chứng thực theo quyết định của tỉnh (TEST).",
}


def test_a_tariff_in_the_shape_of_fees_toml_is_read_with_its_tiers() -> None:
    tariff = parse_tariff(PUBLISHED)
    assert tariff.effective_from == date(2027, 1, 1)
    assert tariff.tiers == (Tier(1, 2, 3_000), Tier(3, None, 1_500))
    assert fee_per_copy(3, tariff) == 7_500
    assert parse_tariff({**PUBLISHED, "effective_from": date(2027, 1, 1)}) == tariff  # TOML


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"max_per_copy_vnd": 250_000.0}, "max_per_copy_vnd must be a whole number"),
        ({"max_per_copy_vnd": True}, "max_per_copy_vnd must be a whole number"),
        ({"electronic_with_paper_vnd": -1}, "electronic_with_paper_vnd must be a whole number"),
        ({"effective_from": "01/01/2027"}, "effective_from must be a date written YYYY-MM-DD"),
        ({"effective_from": "2027-02-30"}, "effective_from must be a date"),
        ({"basis": "  "}, "basis must be a text that is not empty"),
        ({"id": 7}, "id must be a text"),
        ({"tiers": []}, "tiers must be a list of tiers"),
        ({"tiers": [{"first_page": 1, "per_page_vnd": "2000"}]}, "tier 1's per_page_vnd must"),
        ({"tiers": [{"first_page": 2, "per_page_vnd": 2000}]}, "tier 1 starts at page 2"),
        (
            {"tiers": [{"first_page": 1, "last_page": 2, "per_page_vnd": 2000}]},
            "tier 1 is the last one: leave out its last_page",
        ),
        (
            {
                "tiers": [
                    {"first_page": 1, "last_page": 2, "per_page_vnd": 2000},
                    {"first_page": 4, "per_page_vnd": 1000},
                ]
            },
            "tier 2 starts at page 4; it must start at page 3",
        ),
        (
            {"tiers": [{"first_page": 1, "last_page": 0, "per_page_vnd": 2000}, {}]},
            "tier 1's last_page must be a whole number of at least 1",
        ),
        ({"tiers": [{"first_page": 1, "per_page": 2000}]}, "'per_page' is not a tier field"),
        ({"max_per_copy": 1}, "'max_per_copy' is not a tariff field"),
    ],
)
def test_a_malformed_tariff_is_refused_saying_what_to_correct(change: dict, said: str) -> None:
    with pytest.raises(BadInputError, match=re.escape(said)) as refused:
        parse_tariff({**PUBLISHED, **change})
    assert refused.value.message.startswith("Tariff ")


def test_a_tariff_missing_fields_names_them_all() -> None:
    partial = {k: v for k, v in PUBLISHED.items() if k not in ("basis", "tiers")}
    with pytest.raises(BadInputError, match="tiers is missing; basis is missing"):
        parse_tariff(partial)
    with pytest.raises(BadInputError, match="A tariff is a table of fields"):
        parse_tariff([PUBLISHED])


def test_a_published_tariff_takes_the_date_it_was_published_for() -> None:
    undated = {k: v for k, v in PUBLISHED.items() if k != "effective_from"}
    assert published_tariff(undated, "2027-01-01") == parse_tariff(PUBLISHED)
    assert published_tariff(PUBLISHED, "2027-01-01") == parse_tariff(PUBLISHED)
    with pytest.raises(BadInputError, match="the two must agree"):
        published_tariff(PUBLISHED, "2027-07-01")
    with pytest.raises(BadInputError, match="A tariff is a table"):
        published_tariff("2000 đ/trang", "2027-01-01")


def test_published_tariffs_stand_among_the_shipped_ones_by_date() -> None:
    from_2027 = parse_tariff(PUBLISHED)
    same_day_as_shipped = replace(from_2027, id="HUB-2017", effective_from=date(2017, 1, 1))
    assert tariff_on(date(2026, 12, 31), [from_2027]).id == "TT226-2016"
    assert tariff_on(date(2027, 1, 1), [from_2027]).id == "HUB-2027"
    assert tariff_on(date(2040, 1, 1), [from_2027]).id == "HUB-2027"
    # A version of the same date replaces the shipped one; a later one of that date wins.
    assert tariff_on(date(2020, 1, 1), [same_day_as_shipped]).id == "HUB-2017"
    corrected = replace(from_2027, id="HUB-2027-corrected")
    assert tariff_on(date(2027, 6, 1), [from_2027, corrected]).id == "HUB-2027-corrected"
    assert tariff_on(date(2027, 6, 1)).id == "TT226-2016"  # nothing published


def test_the_shipped_tariff_file_passes_the_same_checks() -> None:
    assert tariffs() == (TARIFF,)
    assert TARIFF.tiers == (Tier(1, 2, 2_000), Tier(3, None, 1_000))
