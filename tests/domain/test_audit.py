import json
import weakref
from collections.abc import Iterator
from dataclasses import astuple, fields, replace
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.audit import (
    GENESIS,
    AuditEntry,
    chain_hash,
    digest_inputs,
    keyed_inputs,
    next_entry,
    verify_chain,
)

KEY = bytes(range(32))
START = datetime(2026, 11, 26, 1, 30, tzinfo=UTC)
CHAIN_FIELDS = ("prev_hash", "seq", "at", "actor", "role", "action", "subject", "inputs_digest")

json_scalars = st.none() | st.booleans() | st.integers() | st.text()
json_values = st.recursive(
    json_scalars | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
inputs_maps = st.dictionaries(st.text(max_size=12), json_values, max_size=6)

# What a use case records: a clerk, an action on a dossier or a book, and its inputs.
steps = st.tuples(
    st.integers(0, 3_600),
    st.sampled_from(["lan.nguyen", "duc.tran", "admin"]),
    st.sampled_from(["clerk", "leader", "admin"]),
    st.sampled_from(["intake", "certify", "return", "login", "sync"]),
    st.integers(1, 9_999).map(lambda n: f"dossier:H38.12-261126-{n:04d}")
    | st.integers(1, 999).map(lambda n: f"book:2026/{n}"),
    st.dictionaries(
        st.sampled_from(["pages", "copies", "citizen_name", "id_number"]),
        st.integers() | st.text(max_size=12),
        max_size=4,
    ),
)


def build_chain(
    recorded: list[tuple[int, str, str, str, str, dict[str, object]]],
) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    at = START
    for seconds, actor, role, action, subject, inputs in recorded:
        at += timedelta(seconds=seconds)
        prev = entries[-1] if entries else None
        entries.append(
            next_entry(prev, at, actor, role, action, subject, digest_inputs(inputs, KEY))
        )
    return entries


chains = st.lists(steps, min_size=1, max_size=8).map(build_chain)


def simple_chain(length: int) -> list[AuditEntry]:
    return build_chain(
        [
            (60, "lan.nguyen", "clerk", "certify", f"book:2026/{i}", {"copies": i})
            for i in range(length)
        ]
    )


def forged(seq: int) -> AuditEntry:
    return AuditEntry(
        seq, START.isoformat(), "x", "admin", "certify", "book:2026/1", "f" * 64, "e" * 64, "d" * 64
    )


def tampered(entry: AuditEntry, field: str) -> AuditEntry:
    """`entry` with one field changed to a different value of the same type."""
    value = getattr(entry, field)
    if isinstance(value, int):
        return replace(entry, **{field: value + 1})
    if field in ("inputs_digest", "prev_hash", "hash"):
        flipped = "1" if value[-1] == "0" else "0"
        return replace(entry, **{field: value[:-1] + flipped})
    return replace(entry, **{field: value + " "})


def inserted(entries: list[AuditEntry], position: int, extra: AuditEntry) -> list[AuditEntry]:
    """`entries` with `extra` at 1-based `position`."""
    return [*entries[: position - 1], extra, *entries[position - 1 :]]


def report(entries: list[AuditEntry]) -> tuple[bool, int | None]:
    result = verify_chain(iter(entries))
    assert result.entries == len(entries)
    return result.intact, result.first_broken


@given(chains)
def test_a_chain_built_with_next_entry_verifies(entries: list[AuditEntry]) -> None:
    result = verify_chain(entries)
    assert (result.entries, result.intact, result.first_broken) == (len(entries), True, None)
    assert result.head == entries[-1].hash
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].prev_hash == GENESIS
    assert all(a.hash == b.prev_hash for a, b in pairwise(entries))


def test_an_empty_trail_is_intact() -> None:
    result = verify_chain([])
    assert (result.entries, result.intact, result.first_broken, result.head) == (
        0,
        True,
        None,
        GENESIS,
    )


@pytest.mark.parametrize("field", [f.name for f in fields(AuditEntry)])
@given(entries=chains)
def test_editing_any_field_breaks_the_chain_at_that_entry(
    field: str, entries: list[AuditEntry]
) -> None:
    for position in range(1, len(entries) + 1):
        edited = list(entries)
        edited[position - 1] = tampered(entries[position - 1], field)
        assert report(edited) == (False, position)


@given(chains)
def test_deleting_an_entry_breaks_the_chain_where_it_was(entries: list[AuditEntry]) -> None:
    for position in range(1, len(entries)):
        assert report(entries[: position - 1] + entries[position:]) == (False, position)


@given(chains)
def test_swapping_an_entry_with_the_next_breaks_the_chain_at_the_first_of_them(
    entries: list[AuditEntry],
) -> None:
    for position in range(1, len(entries)):
        swapped = list(entries)
        swapped[position - 1], swapped[position] = swapped[position], swapped[position - 1]
        assert report(swapped) == (False, position)


@given(chains)
def test_a_made_up_entry_breaks_the_chain_where_it_was_inserted(
    entries: list[AuditEntry],
) -> None:
    for position in range(1, len(entries) + 2):
        made_up = forged(position)
        assert report(inserted(entries, position, made_up)) == (
            False,
            position,
        )


@given(chains)
def test_a_well_forged_insertion_breaks_the_chain_at_the_genuine_entry_after_it(
    entries: list[AuditEntry],
) -> None:
    # A forger who chains the new entry to its predecessor makes it look genuine: the
    # break shows at the next entry, whose seq and prev_hash no longer follow.
    for position in range(1, len(entries) + 1):
        prev = entries[position - 2] if position > 1 else None
        chained = next_entry(prev, START, "admin", "admin", "certify", "book:2026/9", "0" * 64)
        assert report(inserted(entries, position, chained)) == (False, position + 1)


@given(chains)
def test_an_edit_with_its_hash_recomputed_breaks_the_chain_at_the_next_entry(
    entries: list[AuditEntry],
) -> None:
    for position in range(1, len(entries)):
        edited = list(entries)
        changed = replace(entries[position - 1], action="delete")
        edited[position - 1] = replace(
            changed, hash=chain_hash(*(getattr(changed, f) for f in CHAIN_FIELDS))
        )
        assert report(edited) == (False, position + 1)


@given(chains)
def test_cutting_or_rewriting_the_tail_shows_only_in_the_head(
    entries: list[AuditEntry],
) -> None:
    # A chain cannot see its own end: that is what keeping a copy of the head is for.
    kept_head = verify_chain(entries).head
    cut = verify_chain(entries[:-1])
    assert cut.intact and cut.head != kept_head
    rewritten = [*entries[:-1], tampered(entries[-1], "action")]
    rewritten[-1] = replace(
        rewritten[-1], hash=chain_hash(*(getattr(rewritten[-1], f) for f in CHAIN_FIELDS))
    )
    redone = verify_chain(rewritten)
    assert redone.intact and redone.head != kept_head


def test_a_trail_rebuilt_to_start_after_one_is_broken_at_its_first_entry() -> None:
    # Links and hashes all hold; only the numbering shows the missing beginning.
    at = START.isoformat()
    first_hash = chain_hash(GENESIS, 2, at, "admin", "admin", "login", "user:admin", "")
    rebuilt = AuditEntry(2, at, "admin", "admin", "login", "user:admin", "", GENESIS, first_hash)
    assert report([rebuilt, next_entry(rebuilt, START, "a", "b", "c", "d", "")]) == (False, 1)


def test_entries_after_the_first_break_are_still_counted() -> None:
    entries = simple_chain(10)
    entries[2] = tampered(entries[2], "subject")
    entries[6] = tampered(entries[6], "actor")
    result = verify_chain(entries)
    assert (result.entries, result.intact, result.first_broken) == (10, False, 3)


def test_verify_chain_streams_without_keeping_checked_entries() -> None:
    rows = [astuple(e) for e in simple_chain(50)]
    alive: list[weakref.ref[AuditEntry]] = []

    def read_rows() -> Iterator[AuditEntry]:
        for row in rows:
            # The caller holds the previous entry while asking for this one, not older ones.
            assert all(ref() is None for ref in alive[:-1])
            entry = AuditEntry(*row)
            alive.append(weakref.ref(entry))
            yield entry

    assert verify_chain(read_rows()).intact
    assert len(alive) == 50


def test_the_first_entry_follows_the_genesis_hash() -> None:
    first = next_entry(None, START, "lan.nguyen", "clerk", "login", "user:lan.nguyen", "0" * 64)
    assert (first.seq, first.prev_hash) == (1, GENESIS)
    assert first.at == "2026-11-26T01:30:00.000000+00:00"


def test_times_are_recorded_in_utc() -> None:
    office = timezone(timedelta(hours=7))
    local = next_entry(None, datetime(2026, 11, 26, 8, 30, tzinfo=office), "a", "b", "c", "d", "")
    assert local.at == "2026-11-26T01:30:00.000000+00:00"


def test_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_entry(None, datetime(2026, 11, 26, 8, 30), "a", "b", "c", "d", "")


@given(st.lists(st.text(max_size=6), min_size=7, max_size=7), st.integers(2, 6))
def test_moving_a_field_boundary_changes_the_hash(texts: list[str], left: int) -> None:
    # ("ab", "c") and ("a", "bc") must not hash alike: plain concatenation would.
    original: list[str | int] = [texts[0], 7, *texts[1:]]
    original[left] = f"{original[left]}y"
    moved = list(original)
    moved[left], moved[left + 1] = texts[left - 1], f"y{original[left + 1]}"
    assert chain_hash(*original) != chain_hash(*moved)  # type: ignore[arg-type]


def _distinctive(text: str) -> bool:
    """Too long or too un-hex-like to turn up in a hex digest by chance."""
    return len(text) >= 12 or any(c not in "0123456789abcdef" for c in text)


personal_values = st.one_of(
    st.from_regex(r"0\d{11}", fullmatch=True),  # a CCCD number
    st.sampled_from(["Nguyễn Văn Đức", "Trần Thị Ánh", "Lê Hoàng Nam"]),
    st.text(min_size=1).filter(_distinctive),
)


@given(st.dictionaries(st.text(min_size=1, max_size=12), personal_values, max_size=6))
def test_no_clear_value_reaches_the_digest_or_its_canonical_form(inputs: dict[str, str]) -> None:
    canonical = keyed_inputs(inputs, KEY)
    keyed = json.loads(canonical)
    assert list(keyed) == sorted(inputs)
    for mac in keyed.values():
        assert len(mac) == 64 and set(mac) <= set("0123456789abcdef")
    digest = digest_inputs(inputs, KEY)
    assert len(digest) == 64
    for value in inputs.values():
        for seen in [digest, *keyed.values()]:
            assert value not in seen


def test_the_canonical_form_hides_nested_values_too() -> None:
    inputs = {"citizen": {"name": "Nguyễn Văn Đức", "id_number": "079203001234"}, "pages": 3}
    canonical = keyed_inputs(inputs, KEY)
    assert "Nguyễn" not in canonical and "079203001234" not in canonical
    assert "name" not in canonical and "id_number" not in canonical


@given(inputs_maps)
def test_the_same_inputs_give_the_same_digest_in_any_order(inputs: dict[str, object]) -> None:
    reordered = dict(reversed(list(inputs.items())))
    assert digest_inputs(inputs, KEY) == digest_inputs(reordered, KEY)
    assert keyed_inputs(inputs, KEY) == keyed_inputs(reordered, KEY)


@given(
    st.dictionaries(st.text(max_size=12), json_values, min_size=1, max_size=6),
    st.binary(min_size=16, max_size=64),
)
def test_the_office_key_changes_the_digest(inputs: dict[str, object], other_key: bytes) -> None:
    if other_key != KEY:
        assert digest_inputs(inputs, KEY) != digest_inputs(inputs, other_key)


@given(inputs_maps, st.text(max_size=12), json_values)
def test_changing_one_value_changes_the_digest(
    inputs: dict[str, object], name: str, value: object
) -> None:
    changed = {**inputs, name: value}
    if json.dumps(changed, sort_keys=True) != json.dumps(inputs, sort_keys=True):
        assert digest_inputs(changed, KEY) != digest_inputs(inputs, KEY)


def test_equal_values_under_different_names_do_not_show_as_equal() -> None:
    keyed = json.loads(keyed_inputs({"holder": "079203001234", "requester": "079203001234"}, KEY))
    assert keyed["holder"] != keyed["requester"]
    swapped = {"holder": "B", "requester": "A"}
    assert digest_inputs({"holder": "A", "requester": "B"}, KEY) != digest_inputs(swapped, KEY)


def test_a_short_key_is_refused() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        digest_inputs({"pages": 1}, b"short")


@pytest.mark.parametrize(
    ("inputs", "error"),
    [
        ({"received": datetime(2026, 11, 26, tzinfo=UTC)}, TypeError),
        ({"fee": float("nan")}, ValueError),
        ({1: "one"}, TypeError),
    ],
)
def test_inputs_that_have_no_single_json_form_are_refused(
    inputs: dict[object, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        digest_inputs(inputs, KEY)  # type: ignore[arg-type]
