"""Service-quality indicators of a counter for one period (Decision 766/QĐ-TTg of 23/6/2022).

Decision 766/QĐ-TTg approves the national index ("Bộ chỉ số chỉ đạo, điều hành và đánh giá
chất lượng phục vụ người dân, doanh nghiệp trong thực hiện TTHC, dịch vụ công theo thời gian
thực trên môi trường điện tử", 100 points), scored live on dichvucong.gov.vn. The rates below
are the ones a commune counter moves (shared/domain/vietnam.md, section 6). The annex was not
read: the general form of each formula comes from the domain brief and the portal's reporting
fields, and the split of digitisation (over dossiers received) and e-results (over dossiers
finished) matches the columns of a provincial one-stop system's "Số hóa hồ sơ TTHC khi tiếp
nhận / Số hóa kết quả giải quyết" report.

- On-time (group 2, "Tiến độ giải quyết"): dossiers finished in the period on or before their
  due time / dossiers finished in the period (portal fields totalOnTime / totalCompleted).
- Digitised (group 5, SO_HOA_GIAY_TO_GIAI_QUYET): dossiers received in the period that were
  digitised / dossiers received in the period.
- Electronic result (group 5, ORIGINAL_RESULT_AVAILABLE): dossiers finished in the period with
  an electronic result / dossiers finished in the period.
- Online payment (group 4): dossiers received in the period and paid online / those with a
  financial obligation (totalDossierOnlinePaymentSuccess / totalDossierFinancialObligation).
- Online dossiers (group 3): dossiers received in the period and submitted online / those whose
  procedure is eligible for full online submission.

"In the period" means received_on, or the date of finished_at, between first_day and
last_day inclusive, so a dossier received last month and finished this month counts in this
month's finished dossiers.

`dossier_facts` reads the facts off a dossier's stored columns: the desk from its SQLite,
the hub from the row images desks send it, so both count the same dossiers the same way.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from counterdesk.domain.calendar import office_local


@dataclass(frozen=True, slots=True)
class DossierFacts:
    """What the indicators need to know of one dossier; times are naive office-local."""

    received_on: date
    finished_at: datetime | None
    due_at: datetime
    digitized: bool
    electronic_result: bool
    electronic_copy: bool
    has_fee: bool
    paid_online: bool
    submitted_online: bool
    online_eligible: bool


@dataclass(frozen=True)
class Indicators:
    """Counts and rates of one period; rates are fractions 0..1, None when nothing to rate."""

    period: str  # "2026-02" for a calendar month, "2026-02-01..2026-02-14" otherwise
    received: int
    finished: int
    on_time: int
    on_time_rate: float | None
    digitized_rate: float | None
    electronic_result_rate: float | None
    online_payment_rate: float | None
    online_dossier_rate: float | None
    electronic_copies: int  # dossiers finished in the period with an e-certified copy


# The columns of a stored dossier row that `dossier_facts` reads, in its argument order.
DOSSIER_COLUMNS = (
    "received_at",
    "finished_at",
    "due_at",
    "legal_due_at",
    "electronic_result",
    "submitted_online",
    "online_eligible",
)
# The fee payment channel (of domain.fees.PAYMENT_CHANNELS) the online-payment rate counts.
ONLINE_PAYMENT = "online_portal"
# Vietnam has kept UTC+07:00 without daylight saving since 1975; adding it to a UTC time is
# several times cheaper than a time-zone conversion, which counts at a million dossiers.
_OFFICE_OFFSET = timedelta(hours=7)
_UTC_SUFFIX = "+00:00"


def stored_local(stored: str) -> datetime:
    """A stored time (ISO 8601 with its offset, UTC as the store writes it) as naive
    office-local wall time."""
    if stored.endswith(_UTC_SUFFIX) and len(stored) == 19 + len(_UTC_SUFFIX):
        return datetime.fromisoformat(stored[:19]) + _OFFICE_OFFSET
    return office_local(datetime.fromisoformat(stored))


def dossier_facts(
    received_at: str,
    finished_at: str | None,
    due_at: str | None,
    legal_due_at: str | None,
    electronic_result: int,
    submitted_online: int,
    online_eligible: int,
    digitized: bool,
    electronic_copy: bool,
    payment_channel: str | None,
) -> DossierFacts:
    """The facts of one dossier from its stored columns (DOSSIER_COLUMNS: times as stored,
    flags 0/1), whether a digitized document belongs to it, whether a book entry of it
    made an electronic copy, and how its fee was paid (None: no fee, so no financial
    obligation).

    On time is judged by the lawful due time (`legal_due_at`): the new date promised in a
    late report does not make a late dossier on time. Rows older than that column fall
    back on their due time, then on their receipt time.
    """
    return DossierFacts(
        received_on=stored_local(received_at).date(),
        finished_at=stored_local(finished_at) if finished_at else None,
        due_at=stored_local(legal_due_at or due_at or received_at),
        digitized=bool(digitized),
        electronic_result=bool(electronic_result),
        electronic_copy=bool(electronic_copy),
        has_fee=payment_channel is not None,
        paid_online=payment_channel == ONLINE_PAYMENT,
        submitted_online=bool(submitted_online),
        online_eligible=bool(online_eligible),
    )


# Points of the groups the counter moves, as dichvucong.gov.vn scores them (domain brief §6).
MAX_POINTS = {"on_time": 20.0, "electronic_result": 6.0, "digitized": 4.0}


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def period_name(first_day: date, last_day: date) -> str:
    """'2026-02' when the period is exactly one calendar month, else both dates."""
    if first_day == last_day.replace(day=1) and (last_day + timedelta(days=1)).day == 1:
        return f"{first_day:%Y-%m}"
    return f"{first_day.isoformat()}..{last_day.isoformat()}"


def compute_indicators(
    facts: Iterable[DossierFacts], first_day: date, last_day: date
) -> Indicators:
    """The indicators of the period first_day..last_day (inclusive) in a single pass.

    A dossier finished exactly at its due time is on time (the brief's "trước hạn, đúng hạn").
    The loop keeps plain local counters on purpose: a month out of a million dossiers must
    cost well under a second.
    """
    if last_day < first_day:
        raise ValueError(f"the period ends ({last_day}) before it starts ({first_day})")
    start = datetime.combine(first_day, time.min)
    end = datetime.combine(last_day + timedelta(days=1), time.min)
    received = digitized = with_fee = paid_online = eligible = online = 0
    finished = on_time = electronic_result = electronic_copies = 0
    for fact in facts:
        if first_day <= fact.received_on <= last_day:
            received += 1
            digitized += fact.digitized
            if fact.has_fee:
                with_fee += 1
                paid_online += fact.paid_online
            if fact.online_eligible:
                eligible += 1
                online += fact.submitted_online
        finished_at = fact.finished_at
        if finished_at is not None and start <= finished_at < end:
            finished += 1
            on_time += finished_at <= fact.due_at
            electronic_result += fact.electronic_result
            electronic_copies += fact.electronic_copy
    return Indicators(
        period=period_name(first_day, last_day),
        received=received,
        finished=finished,
        on_time=on_time,
        on_time_rate=_rate(on_time, finished),
        digitized_rate=_rate(digitized, received),
        electronic_result_rate=_rate(electronic_result, finished),
        online_payment_rate=_rate(paid_online, with_fee),
        online_dossier_rate=_rate(online, eligible),
        electronic_copies=electronic_copies,
    )


def score_points(ind: Indicators) -> dict[str, float]:
    """Points earned in the sub-indicators the counter influences, keyed as MAX_POINTS.

    ASSUMPTION: points are pro-rata (rate × maximum). Whether Decision 766's annex scores
    pro-rata or by thresholds is unverified (domain brief, open items). A sub-indicator with
    nothing to rate in the period is left out rather than scored 0 or full.
    """
    rates = {
        "on_time": ind.on_time_rate,
        "electronic_result": ind.electronic_result_rate,
        "digitized": ind.digitized_rate,
    }
    return {key: rate * MAX_POINTS[key] for key, rate in rates.items() if rate is not None}
