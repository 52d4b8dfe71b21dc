"""Picking the version of a legal data file that is in force on a given day."""

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
