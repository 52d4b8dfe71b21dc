"""Indicators of a period from dossier facts, with counts known by construction."""

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.indicators import (
    DossierFacts,
    Indicators,
    compute_indicators,
    period_name,
    score_points,
)

FEB_FIRST = date(2026, 2, 1)
FEB_LAST = date(2026, 2, 28)


def fact(
    received_on: date,
    finished_at: datetime | None = None,
    due_at: datetime | None = None,
    *,
    digitized: bool = False,
    electronic_result: bool = False,
    electronic_copy: bool = False,
    has_fee: bool = False,
    paid_online: bool = False,
    submitted_online: bool = False,
    online_eligible: bool = False,
) -> DossierFacts:
    """A dossier due at 17:00 two days after it was received unless told otherwise."""
    due = due_at or datetime.combine(received_on + timedelta(days=2), time(17))
    return DossierFacts(
        received_on,
        finished_at,
        due,
        digitized,
        electronic_result,
        electronic_copy,
        has_fee,
        paid_online,
        submitted_online,
        online_eligible,
    )


def february_day(i: int) -> date:
    return date(2026, 2, 1 + i % 27)  # 1..27: day 28 is kept for the "finished in March" group


def generated_month() -> list[DossierFacts]:
    """Five groups whose sizes give every expected figure of test_a_generated_month."""
    facts: list[DossierFacts] = []
    # A: 200 received and finished in February; 180 on time, 20 late.
    for i in range(200):
        received = february_day(i)
        due = datetime.combine(received, time(17))
        finished = due - timedelta(hours=2) if i < 180 else due + timedelta(hours=1)
        facts.append(
            fact(
                received,
                finished,
                due,
                digitized=i < 150,
                electronic_result=i < 100,
                electronic_copy=i < 20,
                has_fee=True,
                paid_online=i < 50,
            )
        )
    # B: 30 received in January, finished on time on 2 February.
    for _ in range(30):
        facts.append(fact(date(2026, 1, 31), datetime(2026, 2, 2, 10), electronic_result=True))
    # C: 40 received in February, not finished; eligible online, 10 submitted online.
    for i in range(40):
        facts.append(fact(february_day(i), online_eligible=True, submitted_online=i < 10))
    # D: 10 received on 28 February, digitised, finished on 2 March.
    for _ in range(10):
        facts.append(fact(FEB_LAST, datetime(2026, 3, 2, 9), digitized=True))
    # E: 50 received and finished in January with every flag set: none may count.
    for _ in range(50):
        january = date(2026, 1, 10)
        facts.append(
            fact(
                january,
                datetime(2026, 1, 11, 9),
                digitized=True,
                electronic_result=True,
                electronic_copy=True,
                has_fee=True,
                paid_online=True,
                submitted_online=True,
                online_eligible=True,
            )
        )
    return facts


def test_a_generated_month() -> None:
    ind = compute_indicators(generated_month(), FEB_FIRST, FEB_LAST)
    assert ind == Indicators(
        period="2026-02",
        received=250,  # A + C + D
        finished=230,  # A + B
        on_time=210,  # 180 of A + B
        on_time_rate=210 / 230,
        digitized_rate=160 / 250,  # 150 of A + D
        electronic_result_rate=130 / 230,  # 100 of A + B
        online_payment_rate=50 / 200,  # A is the only group with a fee
        online_dossier_rate=10 / 40,  # C is the only eligible group
        electronic_copies=20,
    )


def test_nothing_to_rate_gives_none_not_zero() -> None:
    ind = compute_indicators([], FEB_FIRST, FEB_LAST)
    assert (ind.received, ind.finished, ind.on_time, ind.electronic_copies) == (0, 0, 0, 0)
    assert ind.on_time_rate is None
    assert ind.digitized_rate is None
    assert ind.electronic_result_rate is None
    assert ind.online_payment_rate is None
    assert ind.online_dossier_rate is None
    assert score_points(ind) == {}


def test_received_but_unfinished_rates_intake_only() -> None:
    ind = compute_indicators([fact(FEB_FIRST, digitized=True)], FEB_FIRST, FEB_LAST)
    assert ind.digitized_rate == 1.0
    assert ind.on_time_rate is None
    assert ind.online_payment_rate is None  # no financial obligation
    assert ind.online_dossier_rate is None  # not eligible for online submission


DUE = datetime(2026, 2, 10, 17)


@pytest.mark.parametrize(
    ("finished_at", "on_time"),
    [
        (DUE, True),  # exactly at the due time is "đúng hạn"
        (DUE - timedelta(seconds=1), True),
        (DUE + timedelta(seconds=1), False),
    ],
)
def test_due_time_boundary(finished_at: datetime, on_time: bool) -> None:
    ind = compute_indicators([fact(date(2026, 2, 9), finished_at, DUE)], FEB_FIRST, FEB_LAST)
    assert ind.finished == 1
    assert ind.on_time == int(on_time)


@pytest.mark.parametrize(
    ("finished_at", "counted"),
    [
        (datetime(2026, 1, 31, 23, 59, 59), False),
        (datetime(2026, 2, 1, 0, 0), True),
        (datetime(2026, 2, 28, 23, 59, 59), True),
        (datetime(2026, 3, 1, 0, 0), False),
    ],
)
def test_period_boundary_for_finished(finished_at: datetime, counted: bool) -> None:
    dossier = fact(date(2026, 1, 20), finished_at, datetime(2026, 3, 5, 17))
    assert compute_indicators([dossier], FEB_FIRST, FEB_LAST).finished == int(counted)


def test_received_last_month_finished_this_month_counts_as_finished_only() -> None:
    dossier = fact(date(2026, 1, 31), datetime(2026, 2, 2, 9), digitized=True)
    ind = compute_indicators([dossier], FEB_FIRST, FEB_LAST)
    assert (ind.received, ind.finished, ind.on_time) == (0, 1, 1)
    assert ind.digitized_rate is None


def test_flags_outside_their_denominator_are_ignored() -> None:
    paid_without_fee = fact(FEB_FIRST, paid_online=True)
    online_but_not_eligible = fact(FEB_FIRST, submitted_online=True)
    with_fee = fact(FEB_FIRST, has_fee=True)
    eligible = fact(FEB_FIRST, online_eligible=True)
    ind = compute_indicators(
        [paid_without_fee, online_but_not_eligible, with_fee, eligible], FEB_FIRST, FEB_LAST
    )
    assert ind.online_payment_rate == 0.0
    assert ind.online_dossier_rate == 0.0


def test_period_names() -> None:
    assert period_name(FEB_FIRST, FEB_LAST) == "2026-02"
    assert period_name(date(2024, 2, 1), date(2024, 2, 29)) == "2024-02"
    assert period_name(FEB_FIRST, date(2026, 2, 14)) == "2026-02-01..2026-02-14"
    assert period_name(date(2026, 1, 1), FEB_LAST) == "2026-01-01..2026-02-28"


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        compute_indicators([], FEB_LAST, FEB_FIRST)


def test_points_are_pro_rata_and_skip_unrated_groups() -> None:
    ind = Indicators("2026-02", 10, 20, 19, 0.95, 0.5, None, None, None, 0)
    assert score_points(ind) == pytest.approx({"on_time": 19.0, "digitized": 2.0})


moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 3, 31))
facts_strategy = st.builds(
    DossierFacts,
    received_on=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 3, 31)),
    finished_at=st.none() | moments,
    due_at=moments,
    digitized=st.booleans(),
    electronic_result=st.booleans(),
    electronic_copy=st.booleans(),
    has_fee=st.booleans(),
    paid_online=st.booleans(),
    submitted_online=st.booleans(),
    online_eligible=st.booleans(),
)


@given(st.lists(facts_strategy, max_size=60))
def test_rates_are_fractions_and_counts_consistent(facts: list[DossierFacts]) -> None:
    ind = compute_indicators(facts, FEB_FIRST, FEB_LAST)
    rates = [
        ind.on_time_rate,
        ind.digitized_rate,
        ind.electronic_result_rate,
        ind.online_payment_rate,
        ind.online_dossier_rate,
    ]
    assert all(0.0 <= rate <= 1.0 for rate in rates if rate is not None)
    assert 0 <= ind.on_time <= ind.finished <= len(facts)
    assert 0 <= ind.electronic_copies <= ind.finished
    assert ind.received <= len(facts)
    assert (ind.on_time_rate is None) == (ind.finished == 0)
    assert (ind.digitized_rate is None) == (ind.received == 0)
    points = score_points(ind)
    assert all(0.0 <= value <= 20.0 for value in points.values())
