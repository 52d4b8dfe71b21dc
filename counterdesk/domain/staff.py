"""Per-official figures of a month: what each person at the counter answers for.

The province holds each official personally accountable for late dossiers, missing
digitization and results not returned electronically (Decision 766/QĐ-TTg; the one-stop
rules of Decree 118/2025/NĐ-CP). A dossier counts for the person who received it in the
intake figures (received, digitized at intake) and for the person who finished it in the
outcome figures (finished, on time, late, electronic result); certified e-copies count for
the signer who issued them. Time conventions are those of domain/indicators.py.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from counterdesk.domain.indicators import DossierFacts


@dataclass(frozen=True)
class StaffDossier:
    code: str
    facts: DossierFacts
    received_by: str
    finished_by: str | None
    late_reasons: tuple[str, ...]  # reasons recorded in late reports, oldest first


@dataclass(frozen=True)
class LateDossier:
    code: str
    reasons: tuple[str, ...]


@dataclass
class StaffFigures:
    username: str
    received: int = 0
    digitized: int = 0
    finished: int = 0
    on_time: int = 0
    late: list[LateDossier] = field(default_factory=list)
    electronic_results: int = 0
    electronic_copies: int = 0

    @property
    def digitized_rate(self) -> float | None:
        return self.digitized / self.received if self.received else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.finished if self.finished else None


def staff_figures(
    dossiers: Iterable[StaffDossier],
    copies_by: Mapping[str, int],
    first_day: date,
    last_day: date,
) -> list[StaffFigures]:
    """Figures per person for first_day..last_day (inclusive), sorted by user name."""
    if last_day < first_day:
        raise ValueError(f"the period ends ({last_day}) before it starts ({first_day})")
    start = datetime.combine(first_day, time.min)
    end = datetime.combine(last_day + timedelta(days=1), time.min)
    people: dict[str, StaffFigures] = {}

    def person(username: str) -> StaffFigures:
        return people.setdefault(username, StaffFigures(username))

    for dossier in dossiers:
        facts = dossier.facts
        if first_day <= facts.received_on <= last_day:
            intake = person(dossier.received_by)
            intake.received += 1
            intake.digitized += facts.digitized
        finished_at = facts.finished_at
        if finished_at is not None and start <= finished_at < end:
            outcome = person(dossier.finished_by or dossier.received_by)
            outcome.finished += 1
            outcome.electronic_results += facts.electronic_result
            if finished_at <= facts.due_at:
                outcome.on_time += 1
            else:
                outcome.late.append(LateDossier(dossier.code, dossier.late_reasons))
    for figures in people.values():
        figures.late.sort(key=lambda late: late.code)
    for username, copies in copies_by.items():
        if copies:
            person(username).electronic_copies += copies
    return sorted(people.values(), key=lambda figures: figures.username)
