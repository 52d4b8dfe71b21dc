"""Fee for certifying copies from an original (Circular 226/2016/TT-BTC, Art. 4).

Per copy: each page of the original costs the tier price for its position (2,000 đ for
pages 1-2, 1,000 đ from page 3 in the 2016 tariff), capped per copy. The tariff itself is
data (resources/legal/fees.toml); this module only applies it.
"""

from dataclasses import dataclass
from datetime import date
from enum import Enum

from counterdesk.domain.vietnamese import format_vnd

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
