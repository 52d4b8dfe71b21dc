"""The office's working-day calendar: which days the counter opens, and for how long.

Every `datetime` here is naive office-local wall time (Asia/Ho_Chi_Minh, UTC+7 all year,
no daylight saving). The rest of the desk keeps aware UTC times; convert at the edge with
`office_local` and `office_utc`. Aware datetimes are refused so a UTC time can never be
read as local time and shift a deadline by seven hours.

Holidays and swap days are data: `make_calendar` takes the statutory holidays from the
`holidays` package and the government's yearly notices from a `CalendarOverrides` (loaded
from resources/legal/calendar.toml by counterdesk.calendar_data).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

OFFICE_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


def office_local(moment: datetime) -> datetime:
    """An aware time (e.g. UTC from the store) as naive office-local wall time."""
    if moment.tzinfo is None:
        raise ValueError("office_local needs an aware datetime (with a time zone)")
    return moment.astimezone(OFFICE_TZ).replace(tzinfo=None)


def office_utc(moment: datetime) -> datetime:
    """Naive office-local wall time as an aware UTC time, for storing."""
    return require_office_local(moment).replace(tzinfo=OFFICE_TZ).astimezone(UTC)


def require_office_local(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        raise ValueError(
            f"{moment.isoformat()} carries a time zone; calendar rules take naive "
            "office-local time (convert with office_local)"
        )
    return moment


@dataclass(frozen=True)
class OfficeHours:
    """Opening hours of the counter: a morning and an afternoon session, same every working day.

    The defaults are the usual civil-service hours; provinces set their own, so it is a setting.
    """

    morning_start: time = time(7, 30)
    morning_end: time = time(11, 30)
    afternoon_start: time = time(13, 30)
    afternoon_end: time = time(17, 0)

    def __post_init__(self) -> None:
        if not self.morning_start < self.morning_end <= self.afternoon_start < self.afternoon_end:
            raise ValueError(
                "office hours must run morning start < morning end <= afternoon start "
                f"< afternoon end, got {self.morning_start}-{self.morning_end}, "
                f"{self.afternoon_start}-{self.afternoon_end}"
            )

    def sessions(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The opening periods of `day` as half-open [start, end) intervals, in order."""
        return (
            (datetime.combine(day, self.morning_start), datetime.combine(day, self.morning_end)),
            (
                datetime.combine(day, self.afternoon_start),
                datetime.combine(day, self.afternoon_end),
            ),
        )


@dataclass(frozen=True)
class CalendarOverrides:
    """What the government's yearly holiday notices change on top of the statutory holidays.

    `extra_working_days` are swap days worked to bridge a holiday (ngày làm bù, usually a
    Saturday); `extra_days_off` are the bridged weekdays and any other day granted off.
    `source` names the notices, so a deadline can be justified.
    """

    extra_working_days: frozenset[date]
    extra_days_off: frozenset[date]
    source: str

    def __post_init__(self) -> None:
        both = self.extra_working_days & self.extra_days_off
        if both:
            listed = ", ".join(sorted(d.isoformat() for d in both))
            raise ValueError(f"a day cannot be both an extra working day and a day off: {listed}")


@dataclass(frozen=True)
class WorkCalendar:
    """Working days and office hours of one office.

    `years`, when set, is the span the holidays were built for: asking about a day outside it
    raises instead of silently treating an unknown Tết as a working day.
    """

    holidays: frozenset[date]
    overrides: CalendarOverrides
    hours: OfficeHours
    years: range | None = None

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday, minus holidays and extra days off, plus extra working days."""
        if self.years is not None and day.year not in self.years:
            raise ValueError(
                f"the working-day calendar covers {self.years.start}-{self.years.stop - 1}, "
                f"not {day.isoformat()}; build it for the years the deadlines reach"
            )
        if day in self.overrides.extra_working_days:
            return True
        return (
            day.weekday() < _SATURDAY
            and day not in self.holidays
            and day not in self.overrides.extra_days_off
        )

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self.working_day_on_or_after(day + _ONE_DAY)

    def working_day_on_or_after(self, day: date) -> date:
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (`day` itself when `count` is 0).

        `day` need not be a working day: from a Saturday, one working day on is Monday.
        """
        if count < 0:
            raise ValueError(f"cannot add a negative number of working days ({count})")
        for _ in range(count):
            day = self.next_working_day(day)
        return day

    def closing_time(self, day: date) -> datetime:
        if not self.is_working_day(day):
            raise ValueError(f"{day.isoformat()} is not a working day; the office does not open")
        return datetime.combine(day, self.hours.afternoon_end)

    def is_open(self, moment: datetime) -> bool:
        require_office_local(moment)
        if not self.is_working_day(moment.date()):
            return False
        return any(start <= moment < end for start, end in self.hours.sessions(moment.date()))

    def opening_on_or_after(self, moment: datetime) -> datetime:
        """`moment` itself when the office is open, else the start of the next session."""
        require_office_local(moment)
        day = moment.date()
        while True:
            if self.is_working_day(day):
                for start, end in self.hours.sessions(day):
                    if moment < end:
                        return max(start, moment)
            day += _ONE_DAY

    def working_hours_between(self, start: datetime, end: datetime) -> float:
        """Office hours on working days between `start` and `end`; nights, lunch and days off
        count for nothing."""
        require_office_local(start)
        require_office_local(end)
        if end < start:
            raise ValueError(f"{end.isoformat()} is before {start.isoformat()}")
        open_time = timedelta()
        day = start.date()
        while day <= end.date():
            if self.is_working_day(day):
                for session_start, session_end in self.hours.sessions(day):
                    overlap = min(session_end, end) - max(session_start, start)
                    open_time += max(overlap, timedelta())
            day += _ONE_DAY
        return open_time / timedelta(hours=1)

    def minus_working_hours(self, moment: datetime, hours: float) -> datetime:
        """The latest time from which exactly `hours` office hours remain until `moment`."""
        require_office_local(moment)
        if hours < 0:
            raise ValueError(f"cannot go back a negative number of hours ({hours})")
        remaining = timedelta(hours=hours)
        if not remaining:
            return moment
        day = moment.date()
        while True:
            if self.is_working_day(day):
                for session_start, session_end in reversed(self.hours.sessions(day)):
                    usable_end = min(session_end, moment)
                    available = usable_end - session_start
                    if available <= timedelta():
                        continue
                    if remaining <= available:
                        return usable_end - remaining
                    remaining -= available
            day -= _ONE_DAY


def make_calendar(years: range, overrides: CalendarOverrides, hours: OfficeHours) -> WorkCalendar:
    """The calendar of `years` from the `holidays` package plus the yearly `overrides`.

    `holidays.VN` (Labour Code 2019 Art. 112) lists, whatever the weekday: 1 January; the
    five Tết days (the last day of the lunar year to the 4th day of the new one); Hùng Kings'
    day (10/3 lunar); 30 April; 1 May; 2 September with the adjacent 1 or 3 September; and
    from 2026 24 November (Vietnam Cultural Day, chosen by Resolution 80-NQ/TW; the Labour
    Code amendment making it a paid holiday was still pending in early 2026: if it is not in
    force, list that day as an extra working day). Its observed rule adds the day off the law
    grants when a holiday falls on a weekend (a Tết day on a Saturday is replaced by the
    working day before the break, one on a Sunday by the working day after, others by the
    next working day). It also carries a few swap days off from past notices (e.g.
    2026-08-31) but never the Saturdays worked in exchange.

    The weekends inside a Tết break are non-working already, so the override file only adds
    what each year's notices decide beyond that: the Saturdays worked (extra working days),
    the bridged weekdays (extra days off) and any one-off day off.
    """
    holiday_dates = holidays.VN(years=list(years))
    return WorkCalendar(
        holidays=frozenset(holiday_dates.keys()), overrides=overrides, hours=hours, years=years
    )
