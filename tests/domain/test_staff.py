"""Per-official figures of a period, from dossier facts with known answers."""

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.indicators import DossierFacts, compute_indicators
from counterdesk.domain.staff import LateDossier, StaffDossier, StaffFigures, staff_figures

OCT_FIRST = date(2026, 10, 1)
OCT_LAST = date(2026, 10, 31)


def dossier(
    code: str,
    received_by: str,
    received_on: date,
    finished_at: datetime | None = None,
    finished_by: str | None = None,
    *,
    due_at: datetime | None = None,
    digitized: bool = False,
    electronic_result: bool = False,
    late_reasons: tuple[str, ...] = (),
) -> StaffDossier:
    """A dossier due at 17:00 on the day it was received unless told otherwise."""
    facts = DossierFacts(
        received_on=received_on,
        finished_at=finished_at,
        due_at=due_at or datetime.combine(received_on, time(17)),
        digitized=digitized,
        electronic_result=electronic_result,
        electronic_copy=False,
        has_fee=False,
        paid_online=False,
        submitted_online=False,
        online_eligible=False,
    )
    return StaffDossier(code, facts, received_by, finished_by, late_reasons)


def october(dossiers: list[StaffDossier], copies: dict[str, int] | None = None) -> dict:
    figures = staff_figures(dossiers, copies or {}, OCT_FIRST, OCT_LAST)
    return {f.username: f for f in figures}


def test_intake_counts_for_the_receiver_and_outcome_for_the_finisher() -> None:
    day = date(2026, 10, 5)
    got = october(
        [
            dossier("A", "lan", day, datetime(2026, 10, 5, 10), "minh", digitized=True),
            dossier("B", "lan", day, digitized=True),  # still open
            dossier("C", "lan", day),
            dossier("D", "minh", day, datetime(2026, 10, 6, 9), "lan", electronic_result=True),
        ]
    )
    assert got == {
        "lan": StaffFigures(
            "lan",
            received=3,
            digitized=2,
            finished=1,
            on_time=0,
            electronic_results=1,
            late=[LateDossier("D", ())],
        ),
        "minh": StaffFigures("minh", received=1, digitized=0, finished=1, on_time=1),
    }
    assert got["lan"].digitized_rate == pytest.approx(2 / 3)
    assert got["lan"].on_time_rate == 0.0
    assert got["minh"].digitized_rate == 0.0
    assert got["minh"].on_time_rate == 1.0


def test_without_a_finisher_the_outcome_goes_to_the_receiver() -> None:
    got = october(
        [dossier("A", "lan", date(2026, 10, 5), datetime(2026, 10, 5, 11), None, digitized=True)]
    )
    assert got == {
        "lan": StaffFigures("lan", received=1, digitized=1, finished=1, on_time=1),
    }


def test_late_dossiers_carry_their_reasons_and_the_due_time_itself_is_on_time() -> None:
    day = date(2026, 10, 5)
    due = datetime(2026, 10, 7, 17, 0)
    got = october(
        [
            dossier("ON", "lan", day, due, "minh", due_at=due),  # at the due time exactly
            dossier(
                "LATE",
                "lan",
                day,
                due + timedelta(seconds=1),
                "minh",
                due_at=due,
                late_reasons=("Chờ xác minh", "Mất điện"),
            ),
            dossier("SILENT", "lan", day, datetime(2026, 10, 9, 8), "minh", due_at=due),
        ]
    )
    minh = got["minh"]
    assert (minh.finished, minh.on_time) == (3, 1)
    assert minh.on_time_rate == pytest.approx(1 / 3)
    assert minh.late == [
        LateDossier("LATE", ("Chờ xác minh", "Mất điện")),
        LateDossier("SILENT", ()),
    ]
    assert got["lan"].late == [] and got["lan"].finished == 0


def test_a_dossier_received_last_month_counts_only_in_this_months_outcome() -> None:
    september = dossier(
        "S", "lan", date(2026, 9, 29), datetime(2026, 10, 2, 9), "minh", digitized=True
    )
    got = october([september])
    assert set(got) == {"minh"}  # lan received nothing in October
    assert (got["minh"].received, got["minh"].finished, len(got["minh"].late)) == (0, 1, 1)
    assert got["minh"].digitized_rate is None
    before = staff_figures([september], {}, date(2026, 9, 1), date(2026, 9, 30))
    assert before == [StaffFigures("lan", received=1, digitized=1)]
    assert before[0].on_time_rate is None


def test_electronic_copies_count_for_their_signer() -> None:
    got = october(
        [dossier("A", "lan", date(2026, 10, 5), datetime(2026, 10, 5, 9), "binh")],
        {"binh": 4, "an": 2, "nobody": 0},
    )
    assert got["binh"].electronic_copies == 4 and got["binh"].finished == 1
    assert got["an"] == StaffFigures("an", electronic_copies=2)
    assert "nobody" not in got  # a zero count does not make a person appear
    assert got["lan"].electronic_copies == 0


def test_the_period_includes_its_first_and_last_day_and_nothing_outside() -> None:
    start = datetime.combine(OCT_FIRST, time.min)
    end = datetime.combine(date(2026, 11, 1), time.min)
    got = october(
        [
            dossier("R0", "in", OCT_FIRST),
            dossier("R1", "in", OCT_LAST),
            dossier("X0", "out", date(2026, 9, 30)),
            dossier("X1", "out", date(2026, 11, 1)),
            dossier("F0", "x", date(2026, 9, 1), start, "first", due_at=end),
            dossier(
                "F1", "x", date(2026, 9, 1), end - timedelta(microseconds=1), "last", due_at=end
            ),
            dossier("G0", "x", date(2026, 9, 1), start - timedelta(microseconds=1), "out"),
            dossier("G1", "x", date(2026, 9, 1), end, "out"),
        ]
    )
    assert got["in"].received == 2
    assert (got["first"].finished, got["first"].on_time) == (1, 1)
    assert (got["last"].finished, got["last"].on_time) == (1, 1)
    assert set(got) == {"in", "first", "last"}


def test_one_day_period_and_a_period_that_ends_before_it_starts() -> None:
    day = date(2026, 10, 5)
    one = staff_figures([dossier("A", "lan", day)], {}, day, day)
    assert one == [StaffFigures("lan", received=1)]
    with pytest.raises(ValueError, match="before it starts"):
        staff_figures([], {}, day, day - timedelta(days=1))
    assert staff_figures([], {}, day, day) == []


def test_people_come_out_sorted_by_user_name() -> None:
    day = date(2026, 10, 5)
    names = ["tam", "an", "minh", "binh", "lan"]
    got = staff_figures(
        [dossier(f"D{n}", name, day) for n, name in enumerate(names)],
        {"zoe": 1, "aa": 1},
        OCT_FIRST,
        OCT_LAST,
    )
    assert [f.username for f in got] == ["aa", "an", "binh", "lan", "minh", "tam", "zoe"]


PEOPLE = st.sampled_from(["an", "binh", "lan"])


@st.composite
def staff_dossiers(draw: st.DrawFn) -> StaffDossier:
    received_on = OCT_FIRST + timedelta(days=draw(st.integers(-10, 40)))
    finished_at = draw(
        st.none()
        | st.builds(
            lambda days, minutes: (
                datetime.combine(received_on, time(7)) + timedelta(days, 0, 0, 0, minutes)
            ),
            st.integers(0, 20),
            st.integers(0, 600),
        )
    )
    return dossier(
        draw(st.text("ABC", min_size=1, max_size=3)),
        draw(PEOPLE),
        received_on,
        finished_at,
        draw(st.none() | PEOPLE),
        due_at=datetime.combine(received_on + timedelta(days=draw(st.integers(0, 5))), time(17)),
        digitized=draw(st.booleans()),
        electronic_result=draw(st.booleans()),
    )


@given(st.lists(staff_dossiers(), max_size=30))
def test_the_people_add_up_to_the_office(dossiers: list[StaffDossier]) -> None:
    """Every dossier is counted once for intake and once for outcome: the figures of all
    officials add up to the office's indicators of the same period."""
    people = staff_figures(dossiers, {}, OCT_FIRST, OCT_LAST)
    office = compute_indicators((d.facts for d in dossiers), OCT_FIRST, OCT_LAST)
    assert sum(p.received for p in people) == office.received
    assert sum(p.finished for p in people) == office.finished
    assert sum(p.on_time for p in people) == office.on_time
    assert sum(p.on_time + len(p.late) for p in people) == office.finished
    digitized = sum(p.digitized for p in people)
    assert office.digitized_rate == (digitized / office.received if office.received else None)
    results = sum(p.electronic_results for p in people)
    assert office.electronic_result_rate == (results / office.finished if office.finished else None)
