"""The procedure catalog: the administrative procedures (thủ tục hành chính) a counter handles.

A province publishes its list of procedures; an office imports it, compares it with the
catalog it has, and takes in what was added, changed or withdrawn. This module holds the
records and the rules (code shape, time-limit grammar, diff); reading files is elsewhere.

Procedure codes, as shown on provincial public-service portals (dichvucong.<province>.gov.vn):

    2.000815.000.00.00.H55        certification of a copy from the original, Thái Nguyên
    2.000815.000.00.00.H55.02     the same procedure's online service for an electronic copy

    2.000815   the national procedure number (one digit, a dot, six digits)
    .000.00.00 three further groups of digits (3, 2 and 2), all zeros in every code seen
    .H55       the publishing agency: 'H' and two digits for a province
    .02        optional: one online service (mã dịch vụ công) of that procedure

The same procedure has one code per province, so a catalog belongs to one province.

Time limits are stored as a small machine-readable rule, one of:

    same_day_cutoff HH:MM [+N]   done the day it is received, or the next working day when
                                 received after HH:MM; may be extended by up to N working days
    working_days D [+N]          done within D working days of receiving a complete dossier;
                                 may be extended by up to N working days

    e.g. "same_day_cutoff 15:00 +2" (copies: Decree 23/2015/NĐ-CP Art. 7 and 21),
         "same_day_cutoff 15:00" (signatures: Art. 7), "working_days 2" (contracts: Art. 37).

Tokens are separated by spaces; D and N are whole numbers of at least 1, and "+N" is left
out when no extension is allowed. Longer delays agreed in writing with the requester
(Art. 21 and 37) are a case-by-case matter, not part of the rule.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, time
from enum import StrEnum

from counterdesk.errors import BadInputError

# ASCII only: \d would also accept full-width and other Unicode digits.
_CODE = re.compile(r"\d\.\d{6}\.\d{3}\.\d{2}\.\d{2}\.H\d{2}(\.\d{2})?", re.ASCII)
_CODE_EXAMPLE = "2.000815.000.00.00.H55"
_CUTOFF = re.compile(r"(\d{1,2}):(\d{2})", re.ASCII)
_DAYS = re.compile(r"\d+", re.ASCII)
_EXTENSION = re.compile(r"\+(\d+)", re.ASCII)


class TimeLimitKind(StrEnum):
    SAME_DAY_CUTOFF = "same_day_cutoff"
    WORKING_DAYS = "working_days"


@dataclass(frozen=True)
class TimeLimitSpec:
    kind: TimeLimitKind
    cutoff: time | None  # only for SAME_DAY_CUTOFF
    working_days: int  # 0 for SAME_DAY_CUTOFF
    max_extension_days: int  # 0 when no extension is allowed

    def __post_init__(self) -> None:
        same_day = self.kind is TimeLimitKind.SAME_DAY_CUTOFF
        if same_day != (self.cutoff is not None):
            raise ValueError("a cutoff time goes with same_day_cutoff and only with it")
        if same_day != (self.working_days == 0):
            raise ValueError("working_days needs at least one day; same_day_cutoff has none")
        if self.working_days < 0 or self.max_extension_days < 0:
            raise ValueError("day counts cannot be negative")


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    time_limit: str  # the grammar in this module's docstring
    fee: str  # as published, e.g. "10.000 đ/trường hợp"
    legal_basis: str
    effective_from: date
    field: str | None = None  # lĩnh vực, e.g. "Chứng thực"

    def __post_init__(self) -> None:
        validate_procedure_code(self.code)
        parse_time_limit(self.time_limit)
        if not self.name.strip():
            raise BadInputError(f"Procedure {self.code} has no name.")


@dataclass(frozen=True)
class CatalogDiff:
    added: tuple[Procedure, ...]
    changed: tuple[tuple[Procedure, Procedure, tuple[str, ...]], ...]  # old, new, fields
    withdrawn: tuple[Procedure, ...]
    unchanged: int


def validate_procedure_code(code: str) -> str:
    if not _CODE.fullmatch(code):
        raise BadInputError(
            f"'{code}' is not a procedure code. Write it as on the provincial portal, "
            f"e.g. {_CODE_EXAMPLE}, or {_CODE_EXAMPLE}.02 for one of its online services."
        )
    return code


def parse_time_limit(text: str) -> TimeLimitSpec:
    """Reads 'same_day_cutoff 15:00 +2' or 'working_days 5' (grammar in the module docstring)."""
    kind_word, *rest = text.split() or [""]
    if kind_word == TimeLimitKind.SAME_DAY_CUTOFF:
        return _same_day(text, rest)
    if kind_word == TimeLimitKind.WORKING_DAYS:
        return _working_days(text, rest)
    raise _bad_time_limit(text, "it must start with same_day_cutoff or working_days")


def format_time_limit(spec: TimeLimitSpec) -> str:
    """The canonical text of a rule: parse_time_limit(format_time_limit(s)) == s."""
    if spec.cutoff is not None:
        words = [spec.kind.value, spec.cutoff.strftime("%H:%M")]
    else:
        words = [spec.kind.value, str(spec.working_days)]
    if spec.max_extension_days:
        words.append(f"+{spec.max_extension_days}")
    return " ".join(words)


def duplicate_codes(procedures: Iterable[Procedure]) -> dict[str, tuple[int, ...]]:
    """Each code found more than once, with the 0-based positions where it is found."""
    positions: dict[str, list[int]] = {}
    for i, procedure in enumerate(procedures):
        positions.setdefault(procedure.code, []).append(i)
    return {code: tuple(found) for code, found in positions.items() if len(found) > 1}


def diff_catalog(current: Iterable[Procedure], incoming: Iterable[Procedure]) -> CatalogDiff:
    """What taking in `incoming` would change in `current`, matched by procedure code.

    Results are sorted by code, so the order of either list does not matter.
    """
    old = _by_code(current, "current catalog")
    new = _by_code(incoming, "incoming list")
    changed: list[tuple[Procedure, Procedure, tuple[str, ...]]] = []
    for code in sorted(old.keys() & new.keys()):
        names = _changed_fields(old[code], new[code])
        if names:
            changed.append((old[code], new[code], names))
    return CatalogDiff(
        added=tuple(new[code] for code in sorted(new.keys() - old.keys())),
        changed=tuple(changed),
        withdrawn=tuple(old[code] for code in sorted(old.keys() - new.keys())),
        unchanged=len(old.keys() & new.keys()) - len(changed),
    )


def _same_day(text: str, rest: list[str]) -> TimeLimitSpec:
    if not rest:
        raise _bad_time_limit(text, "the cutoff time is missing, e.g. same_day_cutoff 15:00")
    match = _CUTOFF.fullmatch(rest[0])
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise _bad_time_limit(text, f"'{rest[0]}' is not a time of day written HH:MM")
    cutoff = time(int(match[1]), int(match[2]))
    extension = _extension(text, rest[1:])
    return TimeLimitSpec(TimeLimitKind.SAME_DAY_CUTOFF, cutoff, 0, extension)


def _working_days(text: str, rest: list[str]) -> TimeLimitSpec:
    if not rest:
        raise _bad_time_limit(text, "the number of days is missing, e.g. working_days 5")
    days = _count(text, rest[0], "working days")
    extension = _extension(text, rest[1:])
    return TimeLimitSpec(TimeLimitKind.WORKING_DAYS, None, days, extension)


def _extension(text: str, rest: list[str]) -> int:
    if not rest:
        return 0
    match = _EXTENSION.fullmatch(rest[0])
    if match is None:
        raise _bad_time_limit(text, f"'{rest[0]}' should be an extension such as +2")
    if len(rest) > 1:
        raise _bad_time_limit(text, f"'{' '.join(rest[1:])}' is not expected after the extension")
    return _count(text, match[1], "extension days")


def _count(text: str, word: str, what: str) -> int:
    if not _DAYS.fullmatch(word) or int(word) < 1:
        raise _bad_time_limit(text, f"the number of {what} must be a whole number of at least 1")
    return int(word)


def _bad_time_limit(text: str, reason: str) -> BadInputError:
    return BadInputError(
        f"Time limit '{text}' cannot be read: {reason}. Write 'same_day_cutoff 15:00 +2' "
        "(same day, next working day after 15:00, up to 2 more working days) "
        "or 'working_days 5'."
    )


def _by_code(procedures: Iterable[Procedure], what: str) -> dict[str, Procedure]:
    listed = list(procedures)
    repeated = duplicate_codes(listed)
    if repeated:
        code, positions = next(iter(repeated.items()))
        entries = ", ".join(str(i + 1) for i in positions)
        raise BadInputError(
            f"Procedure code {code} is listed more than once in the {what} "
            f"(entries {entries}); keep one entry per code."
        )
    return {procedure.code: procedure for procedure in listed}


def _changed_fields(old: Procedure, new: Procedure) -> tuple[str, ...]:
    return tuple(f.name for f in fields(Procedure) if getattr(old, f.name) != getattr(new, f.name))
