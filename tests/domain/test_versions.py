from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.versions import in_force, with_published


@dataclass(frozen=True)
class Version:
    name: str
    effective_from: date


SHIPPED = (Version("2017", date(2017, 1, 1)), Version("2025", date(2025, 7, 1)))


def test_published_versions_join_the_shipped_ones_in_date_order() -> None:
    published = [Version("hub-2027", date(2027, 1, 1)), Version("hub-2020", date(2020, 1, 1))]
    merged = with_published(SHIPPED, published)
    assert [v.name for v in merged] == ["2017", "hub-2020", "2025", "hub-2027"]
    assert in_force(merged, date(2024, 12, 31)).name == "hub-2020"
    assert in_force(merged, date(2026, 12, 31)).name == "2025"


def test_a_published_version_replaces_the_one_of_its_date_the_latest_published_winning() -> None:
    published = [Version("hub-a", date(2025, 7, 1)), Version("hub-b", date(2025, 7, 1))]
    merged = with_published(SHIPPED, published)
    assert [v.name for v in merged] == ["2017", "hub-b"]
    assert with_published(SHIPPED, []) == SHIPPED


def test_nothing_is_in_force_before_the_first_version() -> None:
    with pytest.raises(LookupError, match="2016-12-31"):
        in_force(with_published(SHIPPED, []), date(2016, 12, 31))


days = st.dates(date(2017, 1, 1), date(2040, 12, 31))


@given(st.lists(days, max_size=8), days)
def test_the_version_in_force_is_the_latest_published_of_the_latest_date(
    published_days: list[date], day: date
) -> None:
    published = [Version(f"hub-{i}", d) for i, d in enumerate(published_days)]
    chosen = in_force(with_published(SHIPPED, published), day)
    candidates = [v for v in (*SHIPPED, *published) if v.effective_from <= day]
    latest = max(v.effective_from for v in candidates)
    same_day = [v for v in candidates if v.effective_from == latest]
    assert chosen == same_day[-1]
