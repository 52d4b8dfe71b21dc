"""Loads the yearly calendar overrides shipped in resources/legal/calendar.toml.

Read through the package resource API, like counterdesk.legal_data, so the file is found
from a source checkout, an installed wheel and a frozen build alike.
"""

import tomllib
from datetime import date, time
from functools import cache
from importlib.resources import files
from typing import Any

from counterdesk.domain.calendar import CalendarOverrides, OfficeHours, WorkCalendar, make_calendar
from counterdesk.errors import BadInputError

_FILE = "calendar.toml"


@cache
def load_overrides() -> CalendarOverrides:
    text = (files("counterdesk.resources") / "legal" / _FILE).read_text(encoding="utf-8")
    years = tomllib.loads(text)["year"]
    return CalendarOverrides(
        extra_working_days=frozenset(
            day for entry in years for day in _dates(entry, "extra_working_days")
        ),
        extra_days_off=frozenset(day for entry in years for day in _dates(entry, "extra_days_off")),
        source="; ".join(f"{entry['year']}: {entry['source']}" for entry in years),
    )


def _dates(entry: dict[str, Any], key: str) -> list[date]:
    """The dates listed under `key`, checked to fall in the entry's year: a typo in the year
    of a swap day would otherwise move a deadline without anyone noticing."""
    days: list[date] = entry[key]
    misplaced = [str(day) for day in days if type(day) is not date or day.year != entry["year"]]
    if misplaced:
        raise ValueError(
            f"resources/legal/{_FILE}: {key} of {entry['year']} lists {', '.join(misplaced)}, "
            f"which are not dates in {entry['year']}"
        )
    return days


DEFAULT_HOURS = OfficeHours()


@cache
def office_calendar(
    years: range, hours: OfficeHours = DEFAULT_HOURS, published: CalendarOverrides | None = None
) -> WorkCalendar:
    """The calendar of `years` with the shipped overrides, those the province published
    through the hub since (`published`), and the office's hours."""
    overrides = load_overrides()
    if published is not None:
        overrides = CalendarOverrides(
            extra_working_days=(overrides.extra_working_days | published.extra_working_days)
            - published.extra_days_off,
            extra_days_off=(overrides.extra_days_off | published.extra_days_off)
            - published.extra_working_days,
            source=f"{overrides.source}; {published.source}",
        )
    return make_calendar(years, overrides, hours)


def published_overrides(changes: list[dict[str, Any]]) -> CalendarOverrides | None:
    """The holiday overrides of the hub's `holidays` changes, later ones winning; None when
    there are none. Each: {"extra_days_off": ["YYYY-MM-DD"...], "extra_working_days": [...],
    "source": "the notice"}; BadInputError when a change is malformed."""
    off: set[date] = set()
    working: set[date] = set()
    sources = []
    for data in changes:
        try:
            days_off = {date.fromisoformat(d) for d in data.get("extra_days_off", [])}
            work_days = {date.fromisoformat(d) for d in data.get("extra_working_days", [])}
        except (TypeError, ValueError, AttributeError) as exc:
            raise BadInputError(f"The hub sent holiday days that are not dates ({exc}).") from exc
        off = (off - work_days) | days_off
        working = (working - days_off) | work_days
        sources.append(str(data.get("source") or "hub"))
    if not sources:
        return None
    return CalendarOverrides(frozenset(working), frozenset(off), "; ".join(sources))


def parse_hours(text: str) -> OfficeHours:
    """'07:30-11:30,13:30-17:00' (morning, afternoon) as OfficeHours, or a clear error."""
    try:
        morning, afternoon = (part.split("-") for part in text.replace(" ", "").split(","))
        times = [time.fromisoformat(t) for t in (*morning, *afternoon)]
        return OfficeHours(*times)
    except ValueError as exc:
        raise BadInputError(
            f"Office hours {text!r} are not valid ({exc}); write them as "
            "'07:30-11:30,13:30-17:00' (morning, afternoon)."
        ) from None


def format_hours(hours: OfficeHours) -> str:
    return (
        f"{hours.morning_start:%H:%M}-{hours.morning_end:%H:%M},"
        f"{hours.afternoon_start:%H:%M}-{hours.afternoon_end:%H:%M}"
    )
