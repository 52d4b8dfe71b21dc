"""Dossier codes and receipt numbers, from the templates in resources/legal/numbering.toml."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class NumberingRules:
    id: str
    effective_from: date
    source: str
    dossier_code: str
    receipt_no: str


def dossier_code(rules: NumberingRules, office_code: str, day: date, seq: int) -> str:
    """'H21.65-220914-0011': office, office-local day, sequence restarting daily."""
    return rules.dossier_code.format(office=office_code, yymmdd=day.strftime("%y%m%d"), seq=seq)


def receipt_number(rules: NumberingRules, year: int, seq: int) -> str:
    return rules.receipt_no.format(year=year, seq=seq)
