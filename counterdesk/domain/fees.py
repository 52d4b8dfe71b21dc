"""Fee for certifying copies from an original (Circular 226/2016/TT-BTC, Art. 4).

Per copy: each page of the original costs the tier price for its position (2,000 đ for
pages 1-2, 1,000 đ from page 3 in the 2016 tariff), capped per copy. The tariff itself is
data (resources/legal/fees.toml, and versions the province publishes through the hub);
this module checks and applies it.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from enum import Enum

from counterdesk.domain.vietnamese import format_vnd
from counterdesk.errors import BadInputError

# Copies of one original in one act: a bound a clerk cannot reach by mistake.
MAX_COPIES = 1000
# How a fee was paid; "online_portal" counts for the online-payment indicator.
PAYMENT_CHANNELS = ("cash", "bank_transfer", "online_portal")


@dataclass(frozen=True)
class Tier:
    first_page: int
    last_page: int | None
    per_page_vnd: int


@dataclass(frozen=True)
class Tariff:
    id: str
    effective_from: date
    source: str
    tiers: tuple[Tier, ...]
    max_per_copy_vnd: int
    electronic_with_paper_vnd: int
    electronic_only_charged_copies: int
    basis: str


_TARIFF_FIELDS = tuple(f.name for f in fields(Tariff))
_TIER_FIELDS = tuple(f.name for f in fields(Tier))
_FIELD_LIST = ", ".join(_TARIFF_FIELDS)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def parse_tariff(data: object) -> Tariff:
    """A tariff version from its data: a [[version]] of fees.toml, or a tariff the hub
    published, in the same shape (dates as date or "YYYY-MM-DD", amounts whole đồng).

    Checked strictly, since a mistake here reaches every receipt: every field present and
    no other, texts not empty, amounts and counts whole numbers not below zero, tiers from
    page 1 on without gap or overlap and the last one open-ended (no last_page), so that
    every page has its price. BadInputError says what to correct.
    """
    if not isinstance(data, Mapping):
        raise BadInputError(f"A tariff is a table of fields ({_FIELD_LIST}), not {data!r}.")
    name = data.get("id") if isinstance(data.get("id"), str) else "?"
    unknown = [f"'{key}' is not a tariff field" for key in data if key not in _TARIFF_FIELDS]
    missing = [f"{key} is missing" for key in _TARIFF_FIELDS if key not in data]
    if unknown or missing:
        problems = "; ".join(unknown + missing)
        raise BadInputError(f"Tariff {name}: {problems}; the fields are {_FIELD_LIST}.")
    try:
        return Tariff(
            id=_text(data["id"], "id"),
            effective_from=_day(data["effective_from"]),
            source=_text(data["source"], "source"),
            tiers=_tiers(data["tiers"]),
            max_per_copy_vnd=_whole(data["max_per_copy_vnd"], "max_per_copy_vnd"),
            electronic_with_paper_vnd=_whole(
                data["electronic_with_paper_vnd"], "electronic_with_paper_vnd"
            ),
            electronic_only_charged_copies=_whole(
                data["electronic_only_charged_copies"], "electronic_only_charged_copies"
            ),
            basis=_text(data["basis"], "basis"),
        )
    except BadInputError as exc:
        raise BadInputError(f"Tariff {name}: {exc.message}") from None


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BadInputError(f"{what} must be a text that is not empty, not {value!r}")
    return value.strip()


def _whole(value: object, what: str, least: int = 0) -> int:
    # bool is an int to Python, and 2000.0 is no whole number of đồng: both are refused.
    if type(value) is not int or value < least:
        raise BadInputError(f"{what} must be a whole number of at least {least}, not {value!r}")
    return value


def _day(value: object) -> date:
    if type(value) is date:
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass  # well-shaped but impossible, such as 2027-02-30
    raise BadInputError(f"effective_from must be a date written YYYY-MM-DD, not {value!r}")


def _tiers(value: object) -> tuple[Tier, ...]:
    if not isinstance(value, list | tuple) or not value:
        raise BadInputError(
            "tiers must be a list of tiers, each with first_page, per_page_vnd and (but for "
            "the last) last_page"
        )
    tiers: list[Tier] = []
    for number, tier in enumerate(value, 1):
        where = f"tier {number}"
        if not isinstance(tier, Mapping):
            raise BadInputError(f"{where} must be a table of first_page, last_page, per_page_vnd")
        unknown = [key for key in tier if key not in _TIER_FIELDS]
        if unknown:
            raise BadInputError(
                f"{where}: '{unknown[0]}' is not a tier field; the fields are "
                f"{', '.join(_TIER_FIELDS)}"
            )
        expected = 1 if not tiers else (tiers[-1].last_page or 0) + 1
        first = _whole(tier.get("first_page"), f"{where}'s first_page", 1)
        if first != expected:
            raise BadInputError(
                f"{where} starts at page {first}; it must start at page {expected}, "
                + ("the first page" if number == 1 else "right after the tier before it")
            )
        if number == len(value):
            if tier.get("last_page") is not None:
                raise BadInputError(
                    f"{where} is the last one: leave out its last_page, so that every page "
                    "further on has its price"
                )
            last = None
        else:
            last = _whole(tier.get("last_page"), f"{where}'s last_page", first)
        per_page = _whole(tier.get("per_page_vnd"), f"{where}'s per_page_vnd")
        tiers.append(Tier(first, last, per_page))
    return tuple(tiers)


class CopyMode(Enum):
    PAPER = "paper"
    PAPER_AND_ELECTRONIC = "paper+electronic"
    ELECTRONIC_ONLY = "electronic"

    @property
    def paper(self) -> bool:
        return self is not CopyMode.ELECTRONIC_ONLY

    @property
    def electronic(self) -> bool:
        return self is not CopyMode.PAPER


@dataclass(frozen=True)
class FeeLine:
    description: str
    quantity: int
    unit_vnd: int
    amount_vnd: int


@dataclass(frozen=True)
class FeeQuote:
    amount_vnd: int
    lines: tuple[FeeLine, ...]
    tariff_id: str
    basis: str


def fee_per_copy(pages: int, tariff: Tariff) -> int:
    if pages < 1:
        raise ValueError("an original has at least one page")
    total = 0
    for tier in tariff.tiers:
        last = pages if tier.last_page is None else min(pages, tier.last_page)
        if last >= tier.first_page:
            total += (last - tier.first_page + 1) * tier.per_page_vnd
    return min(total, tariff.max_per_copy_vnd)


def quote_fee(pages: int, copies: int, mode: CopyMode, tariff: Tariff) -> FeeQuote:
    """The fee for `copies` paper copies of a `pages`-page original, in `mode`.

    An electronic-only request is charged as `electronic_only_charged_copies` copies
    whatever `copies` says: it yields one file.
    """
    if copies < 1:
        raise ValueError("at least one copy is certified")
    unit = fee_per_copy(pages, tariff)
    capped = unit == tariff.max_per_copy_vnd
    cap_note = f" (mức tối đa {format_vnd(tariff.max_per_copy_vnd)}/bản)" if capped else ""
    if mode is CopyMode.ELECTRONIC_ONLY:
        n = tariff.electronic_only_charged_copies
        lines = [
            FeeLine(
                f"Chứng thực bản sao điện tử từ bản chính, {pages} trang{cap_note}",
                n,
                unit,
                unit * n,
            )
        ]
    else:
        lines = [
            FeeLine(
                f"Chứng thực bản sao từ bản chính, {pages} trang/bản{cap_note}",
                copies,
                unit,
                unit * copies,
            )
        ]
        if mode is CopyMode.PAPER_AND_ELECTRONIC:
            lines.append(
                FeeLine(
                    "Bản sao điện tử cấp cùng bản sao giấy",
                    1,
                    tariff.electronic_with_paper_vnd,
                    tariff.electronic_with_paper_vnd,
                )
            )
    return FeeQuote(
        amount_vnd=sum(line.amount_vnd for line in lines),
        lines=tuple(lines),
        tariff_id=tariff.id,
        basis=tariff.basis,
    )
