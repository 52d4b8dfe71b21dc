"""Clerk passwords: hashing, the strength rule, and locking an account after failed log-ins.

Stored hashes describe themselves ("scrypt$n$r$p$salt$hash", salt and hash in standard
base64), so the cost can be raised later without a migration: old hashes keep verifying
with the parameters they were made with.

Passwords are normalised to Unicode NFC before hashing: Vietnamese keyboards (Telex, VNI,
the Windows and macOS layouts) can send the same accented letter precomposed or as a base
letter plus combining marks, and a clerk must be able to log in from any desk.
"""

import base64
import binascii
import hashlib
import hmac
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

# scrypt is memory-hard: each guess needs 128 * n * r bytes (16 MiB here), which makes
# guessing on GPUs and ASICs expensive, unlike plain or iterated SHA-256. n=2**14, r=8,
# p=1 are the interactive-login parameters recommended by scrypt's author (and OWASP's
# minimum); one hash takes about 50 ms on a desk PC, by design: unnoticeable at log-in,
# but it caps an offline attacker at about 20 guesses per second per core.
_SCHEME = "scrypt"
_N = 2**14
_R = 8
_P = 1
_SALT_BYTES = 16
_KEY_BYTES = 32

# Upper bounds on the parameters read back from a stored hash, so that a damaged or
# planted row cannot make one log-in attempt take minutes or exhaust memory.
_MAX_N_TIMES_R = 2**18  # 32 MiB of scrypt memory
_MAX_P = 16
_MAX_MEMORY = 64 * 1024 * 1024  # hashlib's own limit; must exceed 128 * n * r

MIN_LENGTH = 10


def hash_password(password: str) -> str:
    """A new self-describing hash of `password`, with a fresh random salt."""
    salt = os.urandom(_SALT_BYTES)
    key = _scrypt(password, salt, _N, _R, _P, _KEY_BYTES)
    return "$".join((_SCHEME, str(_N), str(_R), str(_P), _b64(salt), _b64(key)))


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches `stored`; ValueError when `stored` is not a hash we make."""
    n, r, p, salt, expected = _parse(stored)
    key = _scrypt(password, salt, n, r, p, len(expected))
    return hmac.compare_digest(key, expected)


def password_problems(password: str, username: str) -> list[str]:
    """What is wrong with `password` as a new password for `username`; empty when it is fine.

    The messages never repeat the password: they are shown on screen and may reach logs.
    """
    password = unicodedata.normalize("NFC", password)
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Use at least {MIN_LENGTH} characters; this password has {len(password)}.")
    name = unicodedata.normalize("NFC", username).strip().casefold()
    if name and name in password.casefold():
        problems.append("Do not put your user name in the password.")
    if len({_character_class(c) for c in password}) < 2:
        problems.append(
            "Mix at least two kinds of characters: small letters, capital letters, "
            "digits, symbols or spaces."
        )
    return problems


@dataclass(frozen=True)
class LockoutPolicy:
    """After `max_failures` failed log-ins within `window`, the account locks for `lock_for`."""

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lock_for: timedelta = timedelta(minutes=15)

    def __post_init__(self) -> None:
        if self.max_failures < 1:
            raise ValueError("max_failures must be at least 1")
        if self.window <= timedelta(0) or self.lock_for <= timedelta(0):
            raise ValueError("window and lock_for must be positive durations")


def locked_until(
    failures: Sequence[datetime], now: datetime, policy: LockoutPolicy
) -> datetime | None:
    """When the account unlocks, or None when it is not locked at `now`.

    `failures` are the times of failed log-ins (any order). A lock starts at the failure
    that completes `max_failures` failures at most `window` apart, and lasts
    `lock_for` from then; the latest such lock decides. Looking for bursts, rather than at
    the last `window` before `now`, keeps a lock longer than the window in force to its end.
    The caller may pass only failures newer than `now - window - lock_for`: older ones
    cannot matter.
    """
    ordered = sorted(failures)
    span = policy.max_failures - 1
    lock_starts = [
        ordered[last]
        for last in range(span, len(ordered))
        if ordered[last] - ordered[last - span] <= policy.window
    ]
    if not lock_starts:
        return None
    until = lock_starts[-1] + policy.lock_for
    return until if until > now else None


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    secret = unicodedata.normalize("NFC", password).encode("utf-8")
    return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=_MAX_MEMORY)


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes]:
    """(n, r, p, salt, key) of a stored hash; the message never repeats the stored text."""
    malformed = ValueError(
        "The stored password hash is damaged or not in the form "
        "scrypt$n$r$p$salt$hash; reset this account's password."
    )
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != _SCHEME:
        raise malformed
    try:
        n, r, p = (_positive_int(part) for part in parts[1:4])
        salt, key = (base64.b64decode(part, validate=True) for part in parts[4:6])
    except (ValueError, binascii.Error):
        raise malformed from None
    power_of_two = n > 1 and n & (n - 1) == 0
    if not (power_of_two and n * r <= _MAX_N_TIMES_R and p <= _MAX_P):
        raise malformed
    if len(salt) < _SALT_BYTES or len(key) != _KEY_BYTES:
        raise malformed
    return n, r, p, salt, key


def _positive_int(text: str) -> int:
    """A plain decimal number of at least 1 (no sign, spaces or leading zeros)."""
    if not (text.isascii() and text.isdigit()) or text.startswith("0"):
        raise ValueError(text)
    return int(text)


def _character_class(character: str) -> str:
    if character.isdigit():
        return "digit"
    if character.islower():
        return "lower"
    if character.isupper():
        return "upper"
    return "other"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
