"""Picking the version of a legal data file that is in force on a given day, among the
versions shipped with CounterDesk and those the province published through the hub."""

from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar


class Dated(Protocol):
    @property
    def effective_from(self) -> date: ...


D = TypeVar("D", bound=Dated)


def in_force(versions: Sequence[D], day: date) -> D:
    """The latest version whose effective date is on or before `day`."""
    candidates = [v for v in versions if v.effective_from <= day]
    if not candidates:
        raise LookupError(f"no version in force on {day.isoformat()}")
    return max(candidates, key=lambda v: v.effective_from)


def with_published(shipped: Sequence[D], published: Sequence[D]) -> tuple[D, ...]:
    """The shipped versions and the published ones (in the order published), by date: a
    published version replaces the version of the same effective date, shipped or
    published before it; the others stand, each in force until the next one's date."""
    by_day = {version.effective_from: version for version in (*shipped, *published)}
    return tuple(sorted(by_day.values(), key=lambda version: version.effective_from))
