from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.calendar_data import office_calendar
from counterdesk.domain.calendar import CalendarOverrides, OfficeHours, WorkCalendar
from counterdesk.domain.deadlines import (
    CERTIFIED_COPY,
    LateRisk,
    TimeLimitRule,
    due_time,
    extend,
    late_risk,
)

# 2025 too: the margin before an early-January due time reaches back into 2025.
CALENDAR = office_calendar(range(2025, 2028))
HOURS = OfficeHours()
CLOSING = HOURS.afternoon_end
CUTOFF = time(15, 0)

received_2026 = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31, 23))
working_days_2026 = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)).filter(
    CALENDAR.is_working_day
)


def working_days_in(after: date, up_to: date) -> int:
    """Working days d with after < d <= up_to, counted the slow, obvious way."""
    return sum(
        CALENDAR.is_working_day(after + timedelta(days=n))
        for n in range(1, (up_to - after).days + 1)
    )


@given(received_2026)
def test_certified_copies_are_due_at_closing_time_of_a_working_day_after_receipt(
    received: datetime,
) -> None:
    due = due_time(received, CERTIFIED_COPY, CALENDAR)
    assert CALENDAR.is_working_day(due.date())
    assert due.time() == CLOSING
    assert due > received
    # Never later than the working day after the first one the office opens on.
    first_open_day = CALENDAR.opening_on_or_after(received).date()
    assert due.date() in {first_open_day, CALENDAR.next_working_day(first_open_day)}


@given(working_days_2026, st.integers(0, 15 * 60 - 1))
def test_received_before_15h_on_a_working_day_is_due_that_day(day: date, minute: int) -> None:
    received = datetime.combine(day, time()) + timedelta(minutes=minute)
    assert due_time(received, CERTIFIED_COPY, CALENDAR) == datetime.combine(day, CLOSING)


@given(working_days_2026, st.integers(15 * 60, 24 * 60 - 1))
def test_received_from_15h_on_a_working_day_is_due_the_next_working_day(
    day: date, minute: int
) -> None:
    received = datetime.combine(day, time()) + timedelta(minutes=minute)
    next_day = CALENDAR.next_working_day(day)
    assert due_time(received, CERTIFIED_COPY, CALENDAR) == datetime.combine(next_day, CLOSING)


@given(received_2026)
def test_received_on_a_day_off_counts_from_the_next_opening(received: datetime) -> None:
    if not CALENDAR.is_working_day(received.date()):
        next_day = CALENDAR.next_working_day(received.date())
        assert due_time(received, CERTIFIED_COPY, CALENDAR) == datetime.combine(next_day, CLOSING)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Friday after the cutoff: the weekend is skipped.
        (datetime(2026, 11, 27, 15, 30), datetime(2026, 11, 30, 17, 0)),
        (datetime(2026, 11, 27, 14, 59), datetime(2026, 11, 27, 17, 0)),
        (datetime(2026, 11, 27, 15, 0), datetime(2026, 11, 30, 17, 0)),
        # Before opening and at lunch: as if received at the next opening, same day.
        (datetime(2026, 11, 27, 6, 45), datetime(2026, 11, 27, 17, 0)),
        (datetime(2026, 11, 27, 12, 15), datetime(2026, 11, 27, 17, 0)),
        # After closing and on Saturday or Sunday: the next working day.
        (datetime(2026, 11, 27, 18, 0), datetime(2026, 11, 30, 17, 0)),
        (datetime(2026, 11, 28, 10, 0), datetime(2026, 11, 30, 17, 0)),
        (datetime(2026, 11, 29, 16, 0), datetime(2026, 11, 30, 17, 0)),
        # Tết 2026: Friday 13/02 after 15:00 waits until Monday 23/02.
        (datetime(2026, 2, 13, 15, 30), datetime(2026, 2, 23, 17, 0)),
        (datetime(2026, 2, 18, 9, 0), datetime(2026, 2, 23, 17, 0)),
        # New Year 2026: 01/01 and the bridged Friday 02/01 are off.
        (datetime(2026, 1, 1, 9, 0), datetime(2026, 1, 5, 17, 0)),
        # Swap Saturdays are working days: Friday after 15:00 is due on Saturday.
        (datetime(2026, 1, 9, 15, 30), datetime(2026, 1, 10, 17, 0)),
        (datetime(2026, 8, 22, 9, 0), datetime(2026, 8, 22, 17, 0)),
        # National Day 2026: 31/08 (bridged), 01/09 and 02/09 off.
        (datetime(2026, 8, 28, 15, 30), datetime(2026, 9, 3, 17, 0)),
    ],
)
def test_certified_copy_due_times(received: datetime, due: datetime) -> None:
    assert due_time(received, CERTIFIED_COPY, CALENDAR) == due


@given(st.datetimes(min_value=datetime(2026, 2, 13, 15, 0), max_value=datetime(2026, 2, 22, 23)))
def test_tet_2026_pushes_every_deadline_past_the_break(received: datetime) -> None:
    assert due_time(received, CERTIFIED_COPY, CALENDAR) == datetime(2026, 2, 23, 17, 0)


def test_synthetic_swap_days_move_due_times() -> None:
    saturday, monday = date(2026, 3, 7), date(2026, 3, 9)
    calendar = WorkCalendar(
        holidays=frozenset(),
        overrides=CalendarOverrides(frozenset({saturday}), frozenset({monday}), source="test"),
        hours=HOURS,
    )
    assert due_time(datetime(2026, 3, 6, 15, 30), CERTIFIED_COPY, calendar) == datetime(
        2026, 3, 7, 17, 0
    )
    assert due_time(datetime(2026, 3, 7, 15, 30), CERTIFIED_COPY, calendar) == datetime(
        2026, 3, 10, 17, 0
    )


THREE_DAYS = TimeLimitRule("working_days", None, working_days=3, max_extension_days=0, source="t")


def test_working_days_rule_examples() -> None:
    # Friday 27/11: Monday 30/11, Tuesday 01/12, Wednesday 02/12.
    assert due_time(datetime(2026, 11, 27, 10, 0), THREE_DAYS, CALENDAR) == datetime(
        2026, 12, 2, 17, 0
    )
    # Received on Saturday: counted from Monday.
    assert due_time(datetime(2026, 11, 28, 10, 0), THREE_DAYS, CALENDAR) == datetime(
        2026, 12, 3, 17, 0
    )


@given(received_2026, st.integers(1, 30))
def test_working_days_rule_counts_n_working_days_after_the_receiving_day(
    received: datetime, n: int
) -> None:
    rule = TimeLimitRule("working_days", None, n, max_extension_days=0, source="t")
    due = due_time(received, rule, CALENDAR)
    receiving_day = CALENDAR.opening_on_or_after(received).date()
    assert CALENDAR.is_working_day(due.date())
    assert due.time() == CLOSING
    assert working_days_in(receiving_day, due.date()) == n


def test_aware_receipt_times_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        due_time(datetime(2026, 11, 27, 8, 0, tzinfo=UTC), CERTIFIED_COPY, CALENDAR)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "same_day_cutoff", "cutoff": None, "working_days": 0}, "cutoff"),
        ({"kind": "same_day_cutoff", "cutoff": CUTOFF, "working_days": 1}, "0 working days"),
        ({"kind": "working_days", "cutoff": None, "working_days": 0}, "at least 1"),
        ({"kind": "next_week", "cutoff": None, "working_days": 1}, "unknown"),
    ],
)
def test_inconsistent_rules_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TimeLimitRule(**kwargs, max_extension_days=0, source="t")  # type: ignore[arg-type]


@given(received_2026, st.integers(1, 2))
def test_extensions_of_one_or_two_days_land_on_working_days(received: datetime, days: int) -> None:
    due = due_time(received, CERTIFIED_COPY, CALENDAR)
    extended = extend(due, days, CERTIFIED_COPY, CALENDAR)
    assert CALENDAR.is_working_day(extended.date())
    assert extended.time() == CLOSING
    assert working_days_in(due.date(), extended.date()) == days


def test_extension_examples() -> None:
    friday_before_tet = datetime(2026, 2, 13, 17, 0)
    assert extend(friday_before_tet, 1, CERTIFIED_COPY, CALENDAR) == datetime(2026, 2, 23, 17, 0)
    assert extend(friday_before_tet, 2, CERTIFIED_COPY, CALENDAR) == datetime(2026, 2, 24, 17, 0)


@pytest.mark.parametrize(("days", "message"), [(3, "more than the 2 allowed"), (0, "at least 1")])
def test_extensions_outside_article_21_are_refused(days: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        extend(datetime(2026, 11, 30, 17, 0), days, CERTIFIED_COPY, CALENDAR)


DUE = datetime(2026, 11, 30, 17, 0)  # Monday


@pytest.mark.parametrize(
    ("now", "finished_at", "expected"),
    [
        (datetime(2026, 11, 30, 9, 0), None, LateRisk.ON_TRACK),
        (datetime(2026, 11, 30, 15, 0), None, LateRisk.ON_TRACK),  # exactly 2 h remain
        (datetime(2026, 11, 30, 15, 1), None, LateRisk.AT_RISK),
        (datetime(2026, 11, 30, 16, 59), None, LateRisk.AT_RISK),  # one minute before due
        (DUE, None, LateRisk.AT_RISK),
        (datetime(2026, 11, 30, 17, 1), None, LateRisk.LATE),
        (datetime(2026, 12, 1, 9, 0), datetime(2026, 11, 30, 16, 0), LateRisk.FINISHED_ON_TIME),
        (datetime(2026, 12, 1, 9, 0), DUE, LateRisk.FINISHED_ON_TIME),
        (datetime(2026, 12, 1, 9, 0), datetime(2026, 11, 30, 17, 1), LateRisk.FINISHED_LATE),
    ],
)
def test_late_risk_boundaries(
    now: datetime, finished_at: datetime | None, expected: LateRisk
) -> None:
    assert late_risk(now, DUE, finished_at, calendar=CALENDAR) == expected


def test_the_margin_counts_office_hours_not_the_weekend() -> None:
    monday_morning = datetime(2026, 11, 30, 8, 30)
    assert late_risk(datetime(2026, 11, 27, 16, 0), monday_morning, None, calendar=CALENDAR) == (
        LateRisk.ON_TRACK
    )
    assert late_risk(datetime(2026, 11, 27, 16, 1), monday_morning, None, calendar=CALENDAR) == (
        LateRisk.AT_RISK
    )
    assert late_risk(
        datetime(2026, 11, 27, 16, 1), monday_morning, None, margin_hours=1.0, calendar=CALENDAR
    ) == (LateRisk.ON_TRACK)


@given(
    received_2026,
    st.timedeltas(timedelta(0), timedelta(days=5)),
    st.floats(0, 16, allow_nan=False),
)
def test_at_risk_exactly_after_the_margin_point_before_due(
    received: datetime, elapsed: timedelta, margin: float
) -> None:
    due = due_time(received, CERTIFIED_COPY, CALENDAR)
    now = received + elapsed
    risk = late_risk(now, due, None, margin_hours=margin, calendar=CALENDAR)
    risk_from = CALENDAR.minus_working_hours(due, margin)
    if now > due:
        assert risk is LateRisk.LATE
    elif now > risk_from:
        assert risk is LateRisk.AT_RISK
    else:
        assert risk is LateRisk.ON_TRACK
