import base64
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterdesk.domain.passwords import (
    LockoutPolicy,
    hash_password,
    locked_until,
    password_problems,
    verify_password,
)

# Each hash costs ~50 ms on purpose: few examples, and no per-example deadline.
slow_hashing = settings(max_examples=8, deadline=None)

GOOD = "Tân Phú 2026!"
T0 = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
POLICY = LockoutPolicy()


@slow_hashing
@given(st.text(max_size=40))
def test_a_password_verifies_against_its_own_hash(password: str) -> None:
    assert verify_password(password, hash_password(password))


@slow_hashing
@given(st.text(max_size=40), st.text(max_size=40))
def test_a_different_password_is_refused(password: str, other: str) -> None:
    if unicodedata.normalize("NFC", password) == unicodedata.normalize("NFC", other):
        other += "x"
    assert not verify_password(other, hash_password(password))


def test_hashes_are_self_describing_with_the_chosen_parameters() -> None:
    scheme, n, r, p, salt, key = hash_password(GOOD).split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(base64.b64decode(salt)) == 16
    assert len(base64.b64decode(key)) == 32


def test_the_same_password_gets_a_new_salt_every_time() -> None:
    hashes = [hash_password(GOOD) for _ in range(3)]
    salts = {h.split("$")[4] for h in hashes}
    assert len(salts) == 3
    assert all(verify_password(GOOD, h) for h in hashes)


def test_precomposed_and_combining_accents_are_the_same_password() -> None:
    precomposed = unicodedata.normalize("NFC", "Nguyễn Đức 1990")
    combining = unicodedata.normalize("NFD", precomposed)
    assert precomposed != combining
    assert verify_password(combining, hash_password(precomposed))


def _stored() -> str:
    return "scrypt$16384$8$1$" + "A" * 22 + "==$" + "B" * 43 + "="


def _replace_part(index: int, value: str) -> str:
    parts = _stored().split("$")
    parts[index] = value
    return "$".join(parts)


def test_the_malformed_test_fixtures_start_from_a_well_formed_hash() -> None:
    assert verify_password(GOOD, _stored()) is False


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "scrypt",
        "plaintext-password",
        _stored() + "$extra",
        _stored().rsplit("$", 1)[0],
        _replace_part(0, "bcrypt"),
        _replace_part(0, "SCRYPT"),
        _replace_part(1, "16385"),  # n must be a power of two
        _replace_part(1, "1"),
        _replace_part(1, "0"),
        _replace_part(1, "-16384"),
        _replace_part(1, "016384"),
        _replace_part(1, "１６３８４"),  # full-width digits
        _replace_part(1, "2147483648"),  # a minutes-long, gigabytes-large log-in
        _replace_part(2, "0"),
        _replace_part(2, "x"),
        _replace_part(3, "0"),
        _replace_part(3, "1000"),
        _replace_part(4, ""),
        _replace_part(4, "AAAA"),  # salt shorter than 16 bytes
        _replace_part(4, "not base64!"),
        _replace_part(5, "B" * 42 + "=="),  # 31-byte key: a truncated hash
        _replace_part(5, "B" * 43),  # missing padding
        _replace_part(5, ""),
    ],
)
def test_malformed_stored_hashes_are_refused(stored: str) -> None:
    with pytest.raises(ValueError, match="reset this account's password") as caught:
        verify_password(GOOD, stored)
    if len(stored) > len("scrypt$n$r$p$salt$hash"):
        assert stored not in str(caught.value)


@given(st.text(max_size=80).filter(lambda s: s.count("$") != 5))
def test_text_without_six_parts_is_never_a_hash(stored: str) -> None:
    with pytest.raises(ValueError):
        verify_password(GOOD, stored)


def test_a_good_password_has_no_problems() -> None:
    assert password_problems(GOOD, "lan.nguyen") == []


def test_a_short_password_is_reported_with_its_length() -> None:
    assert password_problems("Ab1!xyz", "lan") == [
        "Use at least 10 characters; this password has 7."
    ]


@pytest.mark.parametrize("password", ["xx-LAN.NGUYEN-2026", "lan.nguyen2026", "2026Lan.Nguyen"])
def test_the_user_name_may_not_be_in_the_password(password: str) -> None:
    assert password_problems(password, "Lan.Nguyen") == [
        "Do not put your user name in the password."
    ]


@pytest.mark.parametrize("password", ["abcdefghijk", "ABCDEFGHIJK", "01234567890", "!@#$%^&*()_"])
def test_a_single_kind_of_character_is_not_enough(password: str) -> None:
    assert password_problems(password, "lan") == [
        "Mix at least two kinds of characters: small letters, capital letters, "
        "digits, symbols or spaces."
    ]


def test_vietnamese_letters_count_as_small_and_capital_letters() -> None:
    assert password_problems("đườnglàngĐẸP", "lan") == []


def test_every_problem_is_reported_at_once() -> None:
    assert len(password_problems("lan", "lan")) == 3


@pytest.mark.parametrize("password", ["Zq", "zqzqzqzqzqzqzq", "lan-Zq-lan"])
def test_problems_never_repeat_the_password(password: str) -> None:
    problems = password_problems(password, "lan")
    assert problems
    assert all(password not in problem for problem in problems)


@given(st.text(max_size=30), st.text(max_size=10))
def test_a_password_passes_exactly_when_it_meets_the_three_rules(
    password: str, username: str
) -> None:
    typed = unicodedata.normalize("NFC", password)
    name = unicodedata.normalize("NFC", username).strip().casefold()
    kinds = {
        "digit" if c.isdigit() else "lower" if c.islower() else "upper" if c.isupper() else "other"
        for c in typed
    }
    acceptable = len(typed) >= 10 and not (name and name in typed.casefold()) and len(kinds) >= 2
    assert (password_problems(password, username) == []) == acceptable


def _minutes(*offsets: float) -> list[datetime]:
    return [T0 + timedelta(minutes=m) for m in offsets]


def test_four_failures_do_not_lock() -> None:
    assert locked_until(_minutes(0, 1, 2, 3), T0 + timedelta(minutes=4), POLICY) is None


def test_five_failures_within_the_window_lock_from_the_last_one() -> None:
    failures = _minutes(0, 1, 2, 3, 4)
    expected = T0 + timedelta(minutes=4) + POLICY.lock_for
    assert locked_until(failures, T0 + timedelta(minutes=4), POLICY) == expected
    assert locked_until(failures, expected - timedelta(microseconds=1), POLICY) == expected
    assert locked_until(failures, expected, POLICY) is None


def test_failures_older_than_the_window_are_ignored() -> None:
    failures = _minutes(0, 5, 10, 14, 15.01)  # the first is more than 15 minutes before
    assert locked_until(failures, T0 + timedelta(minutes=15.01), POLICY) is None
    assert locked_until(_minutes(0, 5, 10, 14, 15), T0 + timedelta(minutes=15), POLICY) == (
        T0 + timedelta(minutes=30)
    )


def test_failures_are_taken_in_any_order() -> None:
    failures = _minutes(4, 0, 3, 1, 2)
    assert locked_until(failures, T0 + timedelta(minutes=5), POLICY) == T0 + timedelta(minutes=19)


def test_a_lock_longer_than_the_window_lasts_to_its_end() -> None:
    policy = LockoutPolicy(max_failures=3, window=timedelta(minutes=5), lock_for=timedelta(hours=1))
    now = T0 + timedelta(minutes=40)
    assert locked_until(_minutes(0, 1, 2), now, policy) == T0 + timedelta(minutes=62)


@given(
    st.lists(st.integers(0, 120 * 60), max_size=12),
    st.integers(0, 150 * 60),
)
def test_lockout_matches_a_brute_force_reading_of_the_rule(seconds: list[int], at: int) -> None:
    failures = [T0 + timedelta(seconds=s) for s in seconds]
    now = T0 + timedelta(seconds=at)
    # Every failure that, with the four before it, makes 5 within 15 minutes starts a lock.
    starts = [
        f
        for f in failures
        if sum(1 for g in failures if f - POLICY.window <= g <= f) >= POLICY.max_failures
    ]
    ends = [s + POLICY.lock_for for s in starts if s + POLICY.lock_for > now]
    assert locked_until(failures, now, POLICY) == (max(ends) if ends else None)


@pytest.mark.parametrize(
    "arguments",
    [
        {"max_failures": 0},
        {"window": timedelta(0)},
        {"lock_for": timedelta(minutes=-1)},
    ],
)
def test_a_policy_that_could_never_work_is_refused(arguments: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        LockoutPolicy(**arguments)
