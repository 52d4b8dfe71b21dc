"""Loads the versioned legal data files shipped in resources/legal/ and picks the one in force.

Files are read through the package resource API, so they are found the same way from a
source checkout, an installed wheel and a frozen build.
"""

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from counterdesk.domain.codes import NumberingRules
from counterdesk.domain.fees import Tariff, Tier
from counterdesk.domain.statement import CertificationRules
from counterdesk.domain.versions import in_force


def _versions(name: str) -> list[dict[str, Any]]:
    text = files("counterdesk.resources").joinpath("legal", name).read_text(encoding="utf-8")
    return tomllib.loads(text)["version"]


@cache
def tariffs() -> tuple[Tariff, ...]:
    return tuple(
        Tariff(
            id=v["id"],
            effective_from=v["effective_from"],
            source=v["source"],
            tiers=tuple(
                Tier(t["first_page"], t.get("last_page"), t["per_page_vnd"]) for t in v["tiers"]
            ),
            max_per_copy_vnd=v["max_per_copy_vnd"],
            electronic_with_paper_vnd=v["electronic_with_paper_vnd"],
            electronic_only_charged_copies=v["electronic_only_charged_copies"],
            basis=v["basis"],
        )
        for v in _versions("fees.toml")
    )


@cache
def certification_rules() -> tuple[CertificationRules, ...]:
    return tuple(
        CertificationRules(**{**v, "volume_capacity": v.get("volume_capacity")})
        for v in _versions("certification.toml")
    )


@cache
def numbering_rules() -> tuple[NumberingRules, ...]:
    return tuple(NumberingRules(**v) for v in _versions("numbering.toml"))


def tariff_on(day: date) -> Tariff:
    return in_force(tariffs(), day)


def certification_rules_on(day: date) -> CertificationRules:
    return in_force(certification_rules(), day)


def numbering_on(day: date) -> NumberingRules:
    return in_force(numbering_rules(), day)


@dataclass(frozen=True)
class RefusalReasons:
    effective_from: date
    general_basis: str
    reasons: dict[str, tuple[str, str]]  # key -> (text, legal basis)


@cache
def refusal_reasons() -> tuple[RefusalReasons, ...]:
    return tuple(
        RefusalReasons(
            effective_from=v["effective_from"],
            general_basis=v["general_basis"],
            reasons={r["key"]: (r["text"], r["basis"]) for r in v["reason"]},
        )
        for v in _versions("refusal_reasons.toml")
    )


def refusal_on(day: date, reason: str) -> tuple[str, str]:
    """(text, legal basis) of a refusal: a listed reason by its key, or the clerk's text."""
    table = in_force(refusal_reasons(), day)
    return table.reasons.get(reason, (reason, table.general_basis))
