import math
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.calendar_data import load_overrides, office_calendar
from counterdesk.domain.calendar import (
    CalendarOverrides,
    OfficeHours,
    WorkCalendar,
    office_local,
    office_utc,
)

# 2025 too: going back in hours from early January reaches the year before.
CALENDAR = office_calendar(range(2025, 2028))
HOURS = OfficeHours()

days_2026 = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31))
moments_2026 = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31, 23))
minutes_2026 = st.builds(
    lambda day, minute: datetime.combine(day, time()) + timedelta(minutes=minute),
    days_2026,
    st.integers(0, 24 * 60 - 1),
)


def synthetic(
    working: set[date] = frozenset(),
    off: set[date] = frozenset(),
    holidays: set[date] = frozenset(),
) -> WorkCalendar:
    return WorkCalendar(
        holidays=frozenset(holidays),
        overrides=CalendarOverrides(frozenset(working), frozenset(off), source="test"),
        hours=HOURS,
    )


def working_days_in(calendar: WorkCalendar, after: date, up_to: date) -> int:
    """Working days d with after < d <= up_to, counted the slow, obvious way."""
    count = 0
    day = after + timedelta(days=1)
    while day <= up_to:
        count += calendar.is_working_day(day)
        day += timedelta(days=1)
    return count


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),  # New Year's Day
        date(2026, 1, 2),  # Friday bridged by Official Letter 12729/VPCP-KGVX
        *(date(2026, 2, d) for d in range(14, 23)),  # the nine-day Tết break
        date(2026, 4, 27),  # Hùng Kings' day falls on Sunday 26/04: Monday off
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 8, 31),  # bridged Monday, Notice 9441/TB-BNV
        date(2026, 9, 1),
        date(2026, 9, 2),
    ],
)
def test_2026_days_off(day: date) -> None:
    assert not CALENDAR.is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 10),  # Saturday worked for 02/01
        date(2026, 8, 22),  # Saturday worked for 31/08
        date(2026, 2, 13),  # Friday before Tết
        date(2026, 2, 23),  # Monday after Tết
        date(2026, 11, 27),
    ],
)
def test_2026_working_days(day: date) -> None:
    assert CALENDAR.is_working_day(day)


def test_the_shipped_overrides_cite_their_notices() -> None:
    overrides = load_overrides()
    assert overrides.extra_working_days == {date(2026, 1, 10), date(2026, 8, 22)}
    assert overrides.extra_days_off == {date(2026, 1, 2), date(2026, 8, 31)}
    assert "9441/TB-BNV" in overrides.source
    assert "12729/VPCP-KGVX" in overrides.source


@given(days_2026)
def test_weekends_are_off_unless_worked_as_a_swap_day(day: date) -> None:
    if day.weekday() >= 5:
        assert CALENDAR.is_working_day(day) == (day in load_overrides().extra_working_days)


@given(
    st.sets(days_2026, max_size=20),
    st.sets(days_2026, max_size=20),
    st.sets(days_2026, max_size=20),
    days_2026,
)
def test_working_day_definition(
    holidays: set[date], working: set[date], off: set[date], day: date
) -> None:
    off -= working
    calendar = synthetic(working, off, holidays)
    weekday_open = day.weekday() < 5 and day not in holidays and day not in off
    assert calendar.is_working_day(day) == (weekday_open or day in working)


def test_a_day_cannot_be_both_worked_and_off() -> None:
    with pytest.raises(ValueError, match="2026-03-07"):
        CalendarOverrides(frozenset({date(2026, 3, 7)}), frozenset({date(2026, 3, 7)}), "x")


def test_synthetic_swap_days_are_honoured() -> None:
    saturday, monday = date(2026, 3, 7), date(2026, 3, 9)
    calendar = synthetic(working={saturday}, off={monday})
    assert calendar.next_working_day(date(2026, 3, 6)) == saturday
    assert calendar.next_working_day(saturday) == date(2026, 3, 10)
    assert calendar.is_open(datetime(2026, 3, 7, 9, 0))
    assert not calendar.is_open(datetime(2026, 3, 9, 9, 0))


@given(days_2026)
def test_next_working_day_is_the_first_one_strictly_after(day: date) -> None:
    following = CALENDAR.next_working_day(day)
    assert following > day
    assert CALENDAR.is_working_day(following)
    assert working_days_in(CALENDAR, day, following) == 1


@given(days_2026)
def test_working_day_on_or_after(day: date) -> None:
    expected = day if CALENDAR.is_working_day(day) else CALENDAR.next_working_day(day)
    assert CALENDAR.working_day_on_or_after(day) == expected


@given(days_2026, st.integers(0, 40), st.integers(0, 40))
def test_add_working_days_counts_working_days_and_composes(day: date, a: int, b: int) -> None:
    later = CALENDAR.add_working_days(day, a)
    assert working_days_in(CALENDAR, day, later) == a
    assert a == 0 or CALENDAR.is_working_day(later)
    assert CALENDAR.add_working_days(day, a + b) == CALENDAR.add_working_days(later, b)


def test_adding_working_days_skips_weekends_and_tet() -> None:
    assert CALENDAR.add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)
    assert CALENDAR.add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 23)
    assert CALENDAR.add_working_days(date(2026, 2, 15), 0) == date(2026, 2, 15)
    with pytest.raises(ValueError, match="negative"):
        CALENDAR.add_working_days(date(2026, 2, 15), -1)


def test_closing_time_is_the_end_of_the_afternoon_on_working_days_only() -> None:
    assert CALENDAR.closing_time(date(2026, 11, 30)) == datetime(2026, 11, 30, 17, 0)
    with pytest.raises(ValueError, match="2026-02-17 is not a working day"):
        CALENDAR.closing_time(date(2026, 2, 17))


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (datetime(2026, 11, 30, 7, 29), False),
        (datetime(2026, 11, 30, 7, 30), True),
        (datetime(2026, 11, 30, 11, 29), True),
        (datetime(2026, 11, 30, 11, 30), False),  # lunch
        (datetime(2026, 11, 30, 13, 29), False),
        (datetime(2026, 11, 30, 13, 30), True),
        (datetime(2026, 11, 30, 16, 59), True),
        (datetime(2026, 11, 30, 17, 0), False),
        (datetime(2026, 11, 28, 9, 0), False),  # Saturday
        (datetime(2026, 2, 17, 9, 0), False),  # Tết
        (datetime(2026, 1, 10, 9, 0), True),  # swap Saturday
    ],
)
def test_is_open(moment: datetime, is_open: bool) -> None:
    assert CALENDAR.is_open(moment) == is_open


@given(minutes_2026)
def test_opening_on_or_after_is_the_first_open_moment(moment: datetime) -> None:
    opening = CALENDAR.opening_on_or_after(moment)
    assert opening >= moment
    assert CALENDAR.is_open(opening)
    assert opening == moment or opening.time() in {HOURS.morning_start, HOURS.afternoon_start}
    assert CALENDAR.working_hours_between(moment, opening) == 0


def test_a_full_day_and_a_full_week_of_office_hours() -> None:
    monday = datetime(2026, 11, 30)
    assert CALENDAR.working_hours_between(monday, monday + timedelta(days=1)) == 7.5
    assert CALENDAR.working_hours_between(monday, monday + timedelta(days=7)) == 37.5
    tet_week = datetime(2026, 2, 16)
    assert CALENDAR.working_hours_between(tet_week, tet_week + timedelta(days=7)) == 0


def test_hours_across_lunch_and_the_night() -> None:
    assert CALENDAR.working_hours_between(
        datetime(2026, 11, 30, 11, 0), datetime(2026, 11, 30, 14, 0)
    ) == pytest.approx(1.0)
    assert CALENDAR.working_hours_between(
        datetime(2026, 11, 27, 16, 0), datetime(2026, 11, 30, 8, 30)
    ) == pytest.approx(2.0)


@given(
    moments_2026,
    st.timedeltas(timedelta(0), timedelta(days=20)),
    st.timedeltas(timedelta(0), timedelta(days=20)),
)
def test_working_hours_are_additive(start: datetime, first: timedelta, second: timedelta) -> None:
    middle, end = start + first, start + first + second
    whole = CALENDAR.working_hours_between(start, end)
    parts = CALENDAR.working_hours_between(start, middle) + CALENDAR.working_hours_between(
        middle, end
    )
    assert math.isclose(whole, parts, abs_tol=1e-9)
    assert 0 <= whole <= (end - start) / timedelta(hours=1)


@given(minutes_2026, st.integers(0, 3 * 24 * 60))
def test_working_hours_count_exactly_the_open_minutes(start: datetime, minutes: int) -> None:
    open_minutes = sum(CALENDAR.is_open(start + timedelta(minutes=m)) for m in range(minutes))
    hours = CALENDAR.working_hours_between(start, start + timedelta(minutes=minutes))
    assert hours * 60 == pytest.approx(open_minutes)


def test_working_hours_refuse_a_backwards_interval() -> None:
    with pytest.raises(ValueError, match="before"):
        CALENDAR.working_hours_between(datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 8))


@given(moments_2026, st.integers(0, 60 * 60 * 8 * 30))
def test_minus_working_hours_goes_back_exactly_that_many_office_hours(
    moment: datetime, seconds: int
) -> None:
    hours = seconds / 3600
    earlier = CALENDAR.minus_working_hours(moment, hours)
    assert earlier <= moment
    assert CALENDAR.working_hours_between(earlier, moment) == pytest.approx(hours, abs=1e-6)
    if hours:
        # Latest such time: a moment later (still before `moment`) leaves fewer hours.
        later = min(earlier + timedelta(seconds=1), moment)
        assert CALENDAR.working_hours_between(later, moment) < hours


@pytest.mark.parametrize(
    ("moment", "hours", "expected"),
    [
        (datetime(2026, 12, 1, 9, 30), 2, datetime(2026, 12, 1, 7, 30)),
        (datetime(2026, 12, 1, 7, 30), 2, datetime(2026, 11, 30, 15, 0)),
        (datetime(2026, 12, 1, 14, 0), 1, datetime(2026, 12, 1, 11, 0)),  # across lunch
        (datetime(2026, 2, 23, 8, 30), 2, datetime(2026, 2, 13, 16, 0)),  # across Tết
        (datetime(2026, 12, 1, 20, 0), 0, datetime(2026, 12, 1, 20, 0)),
    ],
)
def test_minus_working_hours_examples(moment: datetime, hours: float, expected: datetime) -> None:
    assert CALENDAR.minus_working_hours(moment, hours) == expected


def test_office_hours_must_be_in_order() -> None:
    with pytest.raises(ValueError, match="office hours"):
        OfficeHours(morning_start=time(12, 0))
    assert OfficeHours(morning_end=time(12, 0), afternoon_start=time(12, 0)).afternoon_end == time(
        17, 0
    )


def test_custom_office_hours_move_closing_time() -> None:
    hours = OfficeHours(time(8, 0), time(12, 0), time(13, 0), time(16, 30))
    calendar = WorkCalendar(CALENDAR.holidays, CALENDAR.overrides, hours)
    assert calendar.closing_time(date(2026, 11, 30)) == datetime(2026, 11, 30, 16, 30)
    assert calendar.working_hours_between(datetime(2026, 11, 30), datetime(2026, 12, 1)) == 7.5


def test_days_outside_the_built_years_are_refused() -> None:
    calendar = office_calendar(range(2026, 2027))
    with pytest.raises(ValueError, match="covers 2026-2026, not 2027-01-04"):
        calendar.is_working_day(date(2027, 1, 4))
    with pytest.raises(ValueError, match="not 2027-01-01"):
        calendar.add_working_days(date(2026, 12, 31), 1)


def test_aware_times_are_refused_and_converted_at_the_edge() -> None:
    utc = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="time zone"):
        CALENDAR.is_open(utc)
    local = office_local(utc)
    assert local == datetime(2026, 11, 30, 8, 0)
    assert CALENDAR.is_open(local)
    assert office_utc(local) == utc
    with pytest.raises(ValueError, match="aware"):
        office_local(local)
