"""The certification statement (lời chứng) printed on the last page of a certified copy."""

from dataclasses import dataclass
from datetime import date

from counterdesk.domain.vietnamese import document_date


@dataclass(frozen=True)
class CertificationRules:
    id: str
    effective_from: date
    source: str
    book_symbol: str
    label: str
    statement_heading: str
    place_date: str
    signer_caption: str
    signer_hint: str
    volume_capacity: int | None
    signature_reason: str
    organisation_signature_reason: str


@dataclass(frozen=True)
class Statement:
    heading: str
    label: str
    place_date: str
    signer_title: str
    signer_caption: str
    signer_hint: str
    signer_name: str

    def lines(self) -> list[str]:
        """The statement as reading order, for checks and for plain-text output."""
        return [
            self.heading,
            self.label,
            self.place_date,
            self.signer_caption,
            self.signer_title,
            self.signer_hint,
            self.signer_name,
        ]


def make_statement(
    rules: CertificationRules,
    label: str,
    place: str,
    day: date,
    signer_name: str,
    signer_title: str,
) -> Statement:
    return Statement(
        heading=rules.statement_heading,
        label=label,
        place_date=rules.place_date.format(place=place, date=document_date(day)),
        signer_caption=rules.signer_caption,
        signer_title=signer_title.upper(),
        signer_hint=rules.signer_hint,
        signer_name=signer_name,
    )
