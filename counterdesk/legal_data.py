"""Loads the versioned legal data files shipped in resources/legal/ and picks the one in force.

Files are read through the package resource API, so they are found the same way from a
source checkout, an installed wheel and a frozen build. Tariff versions the province
published through the hub since are read here too, in the same shape, and stand among the
shipped ones (`tariff_on`).
"""

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from counterdesk.domain.codes import NumberingRules
from counterdesk.domain.fees import Tariff, parse_tariff
from counterdesk.domain.statement import CertificationRules
from counterdesk.domain.versions import in_force, with_published
from counterdesk.errors import BadInputError


def _versions(name: str) -> list[dict[str, Any]]:
    text = (files("counterdesk.resources") / "legal" / name).read_text(encoding="utf-8")
    return tomllib.loads(text)["version"]


@cache
def tariffs() -> tuple[Tariff, ...]:
    """The tariff versions shipped in fees.toml, checked as a published one is."""
    return tuple(parse_tariff(v) for v in _versions("fees.toml"))


def published_tariff(data: object, effective_from: str | None) -> Tariff:
    """The tariff of a hub `tariff` change: one [[version]] of fees.toml as a JSON object,
    whose effective_from may be left out (it is the change's) but not differ from the
    change's. BadInputError when it is malformed."""
    if isinstance(data, dict):
        stated = data.get("effective_from")
        if stated is not None and effective_from is not None and stated != effective_from:
            raise BadInputError(
                f"Tariff {data.get('id', '?')} says it is in force from {stated}, but it was "
                f"published to take effect from {effective_from}; the two must agree."
            )
        data = {"effective_from": effective_from, **data}
    return parse_tariff(data)


@cache
def certification_rules() -> tuple[CertificationRules, ...]:
    return tuple(
        CertificationRules(**{**v, "volume_capacity": v.get("volume_capacity")})
        for v in _versions("certification.toml")
    )


@cache
def numbering_rules() -> tuple[NumberingRules, ...]:
    return tuple(NumberingRules(**v) for v in _versions("numbering.toml"))


def tariff_on(day: date, published: Sequence[Tariff] = ()) -> Tariff:
    """The tariff in force on `day`: the shipped versions and those `published` through
    the hub (oldest first), a published version replacing the one of the same date."""
    return in_force(with_published(tariffs(), published), day)


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
