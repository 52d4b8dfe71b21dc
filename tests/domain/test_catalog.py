import random
from dataclasses import replace
from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.catalog import (
    Procedure,
    TimeLimitKind,
    TimeLimitSpec,
    diff_catalog,
    duplicate_codes,
    format_time_limit,
    parse_time_limit,
    validate_procedure_code,
)
from counterdesk.errors import BadInputError

COPY = Procedure(
    code="2.000815.000.00.00.H55",
    name="Chứng thực bản sao từ bản chính",
    time_limit="same_day_cutoff 15:00 +2",
    fee="2.000 đ/trang (từ trang 3: 1.000 đ/trang), tối đa 200.000 đ/bản",
    legal_basis="Nghị định 23/2015/NĐ-CP",
    effective_from=date(2025, 1, 9),
    field="Chứng thực",
)
E_COPY = replace(COPY, code="2.000815.000.00.00.H55.02", name="Chứng thực bản sao điện tử")
SIGNATURE = replace(
    COPY,
    code="2.000884.000.00.00.H55",
    name="Chứng thực chữ ký",
    time_limit="same_day_cutoff 15:00",
    fee="10.000 đ/trường hợp",
)
CONTRACT = replace(
    COPY,
    code="2.001035.000.00.00.H55",
    name="Chứng thực giao dịch",
    time_limit="working_days 2",
    fee="50.000 đ/hợp đồng, giao dịch",
)


# --- diff -------------------------------------------------------------------------------


def test_identical_catalogs_differ_in_nothing() -> None:
    diff = diff_catalog([COPY, SIGNATURE], [SIGNATURE, COPY])
    assert (diff.added, diff.changed, diff.withdrawn, diff.unchanged) == ((), (), (), 2)


def test_a_new_code_is_added_and_a_missing_one_withdrawn() -> None:
    diff = diff_catalog([COPY, SIGNATURE], [COPY, CONTRACT, E_COPY])
    assert diff.added == (E_COPY, CONTRACT)  # sorted by code
    assert diff.withdrawn == (SIGNATURE,)
    assert diff.unchanged == 1
    assert diff.changed == ()


def test_changed_procedures_name_their_changed_fields_in_record_order() -> None:
    new_fee = replace(SIGNATURE, fee="15.000 đ/trường hợp", effective_from=date(2026, 7, 1))
    new_limit = replace(COPY, time_limit="working_days 1", field=None)
    diff = diff_catalog([COPY, SIGNATURE, CONTRACT], [new_limit, new_fee, CONTRACT])
    assert diff.changed == (
        (COPY, new_limit, ("time_limit", "field")),
        (SIGNATURE, new_fee, ("fee", "effective_from")),
    )
    assert diff.unchanged == 1
    assert diff.added == diff.withdrawn == ()


def test_every_field_but_the_code_is_compared() -> None:
    renamed = replace(COPY, name="Chứng thực bản sao", legal_basis="Nghị định 07/2025/NĐ-CP")
    (change,) = diff_catalog([COPY], [renamed]).changed
    assert change[2] == ("name", "legal_basis")


def test_duplicate_codes_in_either_list_are_refused_with_the_entries() -> None:
    with pytest.raises(BadInputError, match=r"2\.000884\.000\.00\.00\.H55.*incoming.*2, 3"):
        diff_catalog([COPY], [COPY, SIGNATURE, SIGNATURE])
    with pytest.raises(BadInputError, match="current catalog"):
        diff_catalog([COPY, COPY], [COPY])


def test_duplicate_codes_reports_positions_of_each_repeated_code() -> None:
    found = duplicate_codes([COPY, SIGNATURE, COPY, CONTRACT, SIGNATURE, COPY])
    assert found == {COPY.code: (0, 2, 5), SIGNATURE.code: (1, 4)}
    assert duplicate_codes([COPY, SIGNATURE]) == {}


PROVINCES = st.sampled_from(["H55", "H38", "H01"])
NUMBERS = st.sampled_from(["2.000815", "2.000884", "2.001035", "2.000913"])


@st.composite
def procedures(draw: st.DrawFn) -> Procedure:
    code = f"{draw(NUMBERS)}.000.00.00.{draw(PROVINCES)}" + draw(st.sampled_from(["", ".02"]))
    return Procedure(
        code=code,
        name=draw(st.sampled_from(["Chứng thực bản sao", "Chứng thực chữ ký"])),
        time_limit=draw(st.sampled_from(["working_days 2", "same_day_cutoff 15:00 +2"])),
        fee=draw(st.sampled_from(["10.000 đ", "Không"])),
        legal_basis="Nghị định 23/2015/NĐ-CP",
        effective_from=draw(st.sampled_from([date(2025, 1, 9), date(2025, 7, 1)])),
        field=draw(st.sampled_from([None, "Chứng thực"])),
    )


def catalogs() -> st.SearchStrategy[list[Procedure]]:
    return st.lists(procedures(), unique_by=lambda p: p.code, max_size=12)


@given(catalogs(), catalogs(), st.randoms())
def test_diff_does_not_depend_on_order(
    current: list[Procedure], incoming: list[Procedure], rng: random.Random
) -> None:
    shuffled_current, shuffled_incoming = current[:], incoming[:]
    rng.shuffle(shuffled_current)
    rng.shuffle(shuffled_incoming)
    assert diff_catalog(shuffled_current, shuffled_incoming) == diff_catalog(current, incoming)


@given(catalogs(), catalogs())
def test_diff_accounts_for_every_procedure_once(
    current: list[Procedure], incoming: list[Procedure]
) -> None:
    diff = diff_catalog(current, incoming)
    kept = diff.unchanged + len(diff.changed)
    assert len(diff.added) + kept == len(incoming)
    assert len(diff.withdrawn) + kept == len(current)
    assert all(old.code == new.code and names for old, new, names in diff.changed)
    old_codes = {p.code for p in current}
    assert all(p.code not in old_codes for p in diff.added)


@given(catalogs())
def test_a_catalog_differs_from_itself_in_nothing(catalog: list[Procedure]) -> None:
    assert diff_catalog(catalog, catalog).unchanged == len(catalog)


# --- time-limit grammar -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "same_day_cutoff 15:00 +2",
            TimeLimitSpec(TimeLimitKind.SAME_DAY_CUTOFF, time(15, 0), 0, 2),
        ),
        ("same_day_cutoff 15:00", TimeLimitSpec(TimeLimitKind.SAME_DAY_CUTOFF, time(15), 0, 0)),
        ("same_day_cutoff 9:30", TimeLimitSpec(TimeLimitKind.SAME_DAY_CUTOFF, time(9, 30), 0, 0)),
        ("working_days 5", TimeLimitSpec(TimeLimitKind.WORKING_DAYS, None, 5, 0)),
        ("working_days 2 +3", TimeLimitSpec(TimeLimitKind.WORKING_DAYS, None, 2, 3)),
        ("  working_days   7  ", TimeLimitSpec(TimeLimitKind.WORKING_DAYS, None, 7, 0)),
    ],
)
def test_valid_time_limits_are_read(text: str, expected: TimeLimitSpec) -> None:
    assert parse_time_limit(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "must start with"),
        ("ngay trong ngày", "must start with"),
        ("Working_days 5", "must start with"),
        ("same_day_cutoff", "cutoff time is missing"),
        ("same_day_cutoff 24:00", "not a time of day"),
        ("same_day_cutoff 15:60", "not a time of day"),
        ("same_day_cutoff 15h", "not a time of day"),
        ("working_days", "number of days is missing"),
        ("working_days 0", "at least 1"),
        ("working_days -1", "at least 1"),
        ("working_days 2.5", "at least 1"),
        ("working_days ５", "at least 1"),  # full-width digit
        ("working_days 2 3", "should be an extension"),
        ("working_days 2 +0", "at least 1"),
        ("same_day_cutoff 15:00 +2 +1", "not expected after the extension"),
    ],
)
def test_invalid_time_limits_say_why_and_show_the_grammar(text: str, reason: str) -> None:
    with pytest.raises(BadInputError) as raised:
        parse_time_limit(text)
    assert reason in raised.value.message
    assert "same_day_cutoff 15:00 +2" in raised.value.message
    assert f"'{text}'" in raised.value.message


@st.composite
def time_limits(draw: st.DrawFn) -> TimeLimitSpec:
    extension = draw(st.integers(min_value=0, max_value=30))
    if draw(st.booleans()):
        cutoff = draw(st.times()).replace(second=0, microsecond=0)
        return TimeLimitSpec(TimeLimitKind.SAME_DAY_CUTOFF, cutoff, 0, extension)
    days = draw(st.integers(min_value=1, max_value=365))
    return TimeLimitSpec(TimeLimitKind.WORKING_DAYS, None, days, extension)


@given(time_limits())
def test_time_limits_round_trip_through_their_text(spec: TimeLimitSpec) -> None:
    text = format_time_limit(spec)
    assert parse_time_limit(text) == spec
    assert format_time_limit(parse_time_limit(text)) == text


def test_canonical_text_writes_two_digit_hours_and_leaves_out_no_extension() -> None:
    assert format_time_limit(parse_time_limit("same_day_cutoff 9:05 +2")) == (
        "same_day_cutoff 09:05 +2"
    )
    assert format_time_limit(parse_time_limit("working_days 5")) == "working_days 5"


@pytest.mark.parametrize(
    ("kind", "cutoff", "days"),
    [
        (TimeLimitKind.SAME_DAY_CUTOFF, None, 0),
        (TimeLimitKind.SAME_DAY_CUTOFF, time(15), 2),
        (TimeLimitKind.WORKING_DAYS, time(15), 2),
        (TimeLimitKind.WORKING_DAYS, None, 0),
    ],
)
def test_inconsistent_specs_cannot_be_built(
    kind: TimeLimitKind, cutoff: time | None, days: int
) -> None:
    with pytest.raises(ValueError):
        TimeLimitSpec(kind, cutoff, days, 0)


# --- procedure codes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "2.000815.000.00.00.H55",
        "2.000815.000.00.00.H55.02",
        "2.000884.000.00.00.H55.01",
        "1.001193.000.00.00.H38",
    ],
)
def test_portal_codes_are_accepted(code: str) -> None:
    assert validate_procedure_code(code) == code


@pytest.mark.parametrize(
    "code",
    [
        "",
        "2.000815",  # the national number alone names no province
        "2.000815.000.00.00",
        "2.000815.000.00.00.h55",
        "2.000815.000.00.00.H5",
        "2.000815.000.00.00.H55.2",
        "2.000815.000.00.00.H55.02.01",
        "2.00815.000.00.00.H55",
        " 2.000815.000.00.00.H55",
        "2.000815.000.00.00.H５５",  # full-width digits
        "2-000815-000-00-00-H55",
    ],
)
def test_malformed_codes_are_refused_with_an_example(code: str) -> None:
    with pytest.raises(BadInputError, match=r"e\.g\. 2\.000815\.000\.00\.00\.H55"):
        validate_procedure_code(code)


def test_a_procedure_cannot_be_built_with_a_bad_code_time_limit_or_name() -> None:
    with pytest.raises(BadInputError, match="not a procedure code"):
        replace(COPY, code="2.000815")
    with pytest.raises(BadInputError, match="Time limit"):
        replace(COPY, time_limit="trong ngày")
    with pytest.raises(BadInputError, match="no name"):
        replace(COPY, name="  ")
