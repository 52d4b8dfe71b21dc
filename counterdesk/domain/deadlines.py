"""When a dossier is due, how far it may be extended, and whether it is running late.

Times are naive office-local wall time, like everything in counterdesk.domain.calendar.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Literal

from counterdesk.domain.calendar import WorkCalendar, require_office_local

RuleKind = Literal["same_day_cutoff", "working_days"]


@dataclass(frozen=True)
class TimeLimitRule:
    """The time limit of a procedure.

    "same_day_cutoff": returned the day it is received, or the next working day when
    received at or after `cutoff`. "working_days": returned by closing time of the
    `working_days`-th working day after the day it is received; a `cutoff`, if set, makes
    later requests count as received the next working day.
    """

    kind: RuleKind
    cutoff: time | None
    working_days: int
    max_extension_days: int
    source: str

    def __post_init__(self) -> None:
        if self.kind == "same_day_cutoff":
            if self.cutoff is None or self.working_days != 0:
                raise ValueError("a same-day rule needs a cutoff time and 0 working days")
        elif self.kind == "working_days":
            if self.working_days < 1:
                raise ValueError("a working-days rule needs at least 1 working day")
        else:
            raise ValueError(f"unknown time-limit kind {self.kind!r}")
        if self.max_extension_days < 0:
            raise ValueError("the maximum extension cannot be negative")


CERTIFIED_COPY = TimeLimitRule(
    kind="same_day_cutoff",
    cutoff=time(15, 0),
    working_days=0,
    max_extension_days=2,
    source=(
        "Decree 23/2015/NĐ-CP Art. 7 (same day; next working day when received after 15:00) "
        "and Art. 21 (extension of at most 2 working days)"
    ),
)


def due_time(received: datetime, rule: TimeLimitRule, calendar: WorkCalendar) -> datetime:
    """Closing time of the day the result is due.

    A request handed in when the office is closed (night, lunch, weekend, holiday) counts
    as received when it next opens, so a Saturday request is due Monday.
    """
    received_on = _receiving_day(received, rule, calendar)
    return calendar.closing_time(calendar.add_working_days(received_on, rule.working_days))


def _receiving_day(received: datetime, rule: TimeLimitRule, calendar: WorkCalendar) -> date:
    """The working day a request counts as received on: the day the office next opens, or
    the working day after when that is at or after the rule's cutoff."""
    counted_from = calendar.opening_on_or_after(received)
    if rule.cutoff is not None and counted_from.time() >= rule.cutoff:
        return calendar.next_working_day(counted_from.date())
    return counted_from.date()


def extend(due: datetime, days: int, rule: TimeLimitRule, calendar: WorkCalendar) -> datetime:
    """The due time moved `days` working days later (Decree 23/2015 Art. 21).

    The caller records the reason (many originals, pages or copies, complex content) and
    issues the appointment slip (Circular 01/2020/TT-BTP Art. 2).
    """
    require_office_local(due)
    if days < 1:
        raise ValueError("an extension is at least 1 working day")
    if days > rule.max_extension_days:
        raise ValueError(
            f"an extension of {days} working day(s) is more than the {rule.max_extension_days} "
            f"allowed ({rule.source}); a longer time needs a written agreement with the requester"
        )
    return calendar.closing_time(calendar.add_working_days(due.date(), days))


class LateRisk(Enum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    LATE = "late"
    FINISHED_ON_TIME = "finished_on_time"
    FINISHED_LATE = "finished_late"


_SURELY_ON_TRACK = timedelta(days=30)


def late_risk(
    now: datetime,
    due: datetime,
    finished_at: datetime | None,
    margin_hours: float = 2.0,
    *,
    calendar: WorkCalendar,
) -> LateRisk:
    """Where a dossier stands against its due time.

    The margin counts office hours, not clock hours: with the default hours and margin, a
    dossier due Monday 08:30 is at risk from just after 16:00 the Friday before, when fewer
    than two office hours remain; the weekend in between does not count.
    """
    if finished_at is not None:
        return LateRisk.FINISHED_ON_TIME if finished_at <= due else LateRisk.FINISHED_LATE
    if now > due:
        return LateRisk.LATE
    # No run of days off is that long (Tết is the longest, about nine days), so a due time
    # this far off is on track; the calendar need not cover the years it reaches.
    if due - now > _SURELY_ON_TRACK:
        return LateRisk.ON_TRACK
    if calendar.working_hours_between(now, due) < margin_hours:
        return LateRisk.AT_RISK
    return LateRisk.ON_TRACK
