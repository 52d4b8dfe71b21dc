"""Communes ranked on one month's service indicators: the province view of the hub.

The rule ranks by a composite: the points a commune earns in the three sub-indicators of
Decision 766/QĐ-TTg that its one-stop counter moves, as dichvucong.gov.vn scores them
(shared/domain/vietnam.md, section 6): documents handled early or on time (group 2, 20
points), dossiers with an electronic result (group 5, 6 points) and digitised dossiers
(group 5, 4 points), 30 points in all. Each is the desk's own estimate,
`domain.indicators.score_points` (rate × maximum: pro-rata is an assumption until the
annex is read), so a commune finds in the ranking the points its monthly report shows. A
sub-indicator with nothing to rate in the month earns nothing.

Equal points are separated by the on-time rate, then the digitised rate (the heavier group
first; no rate counts below 0 %); communes still equal share a rank (1, 2, 2, 4) and are
listed by code. A commune that neither received nor finished a dossier in the month has
nothing to rank: it is listed last, without a rank.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace

from counterdesk.domain.indicators import MAX_POINTS, Indicators, score_points

MAX_COMPOSITE = sum(MAX_POINTS.values())


@dataclass(frozen=True)
class OfficeMonth:
    """One office's indicators of the month."""

    office_code: str
    office_name: str
    indicators: Indicators


@dataclass(frozen=True)
class RankedOffice:
    rank: int | None  # None: nothing received or finished in the month
    office_code: str
    office_name: str
    indicators: Indicators
    points: float  # the composite, 0..MAX_COMPOSITE


def composite_points(ind: Indicators) -> float:
    return sum(score_points(ind).values(), 0.0)


def _standing(office: RankedOffice) -> tuple[float, float, float]:
    """Higher is better; a rate with nothing to rate counts below 0 %."""
    ind = office.indicators

    def rate(value: float | None) -> float:
        return -1.0 if value is None else value

    return office.points, rate(ind.on_time_rate), rate(ind.digitized_rate)


def rank_offices(offices: Iterable[OfficeMonth]) -> list[RankedOffice]:
    """The offices in ranking order, each with its rank and composite points."""
    active: list[RankedOffice] = []
    idle: list[RankedOffice] = []
    for office in sorted(offices, key=lambda o: o.office_code):
        ind = office.indicators
        scored = RankedOffice(
            None, office.office_code, office.office_name, ind, composite_points(ind)
        )
        (active if ind.received or ind.finished else idle).append(scored)
    active.sort(key=_standing, reverse=True)  # stable: equal standings stay by code
    ranked: list[RankedOffice] = []
    for position, office in enumerate(active, start=1):
        tied = ranked and _standing(ranked[-1]) == _standing(office)
        ranked.append(replace(office, rank=ranked[-1].rank if tied else position))
    return [*ranked, *idle]
