"""Records the desk keeps: the office, its signer, citizens."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Office:
    code: str  # agency code used in dossier codes, e.g. "H38.12"
    name: str
    commune: str | None = None
    province: str | None = None

    @property
    def place(self) -> str:
        """Where certifications are made, as the statement must say (Decree 23/2015 Art. 10(2))."""
        return self.commune or self.name


@dataclass(frozen=True)
class Signer:
    name: str
    title: str


@dataclass(frozen=True)
class Citizen:
    full_name: str
    id_number: str
