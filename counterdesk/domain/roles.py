"""Who may do what at the desk: three roles, and the role each state-changing action needs.

- clerk: receives, digitizes, prints and returns dossiers (the one-stop counter's staff);
- signer: certifies and signs; the person named in the certification statement
  (Chủ tịch/Phó Chủ tịch UBND xã, Decree 23/2015 Art. 5);
- admin: office settings, accounts, signing identities, the procedure catalog, retention.

An account may hold several roles (a small commune's clerk is often also its admin). Reading
(lists, reports, verification) needs an active account of any role.
"""

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"
    SIGNER = "signer"
    ADMIN = "admin"


ALL_ROLES = frozenset(Role)

# None: any signed-in user may do it to their own account.
PERMISSIONS: dict[str, Role | None] = {
    "office.init": Role.ADMIN,
    "office.set_hours": Role.ADMIN,
    "office.set_bank": Role.ADMIN,
    "office.set_retention": Role.ADMIN,
    "office.set_signing": Role.ADMIN,
    "sync.enrol": Role.ADMIN,
    # Settings the province published through the hub, applied by whoever syncs.
    "hub.apply": None,
    "identity.create_test": Role.ADMIN,
    "identity.import": Role.ADMIN,
    "catalog.import": Role.ADMIN,
    "user.add": Role.ADMIN,
    "user.reset_password": Role.ADMIN,
    "user.deactivate": Role.ADMIN,
    "user.change_password": None,
    "user.locked": None,
    "retention.apply": Role.ADMIN,
    "certify": Role.SIGNER,
    "book.close": Role.SIGNER,
    # Adds time-stamps and revocation data to e-copies already signed: no new signature.
    "signing.upgrade": None,
    "document.digitize": Role.CLERK,
    "watch.reject": Role.CLERK,
    "watch.duplicate": Role.CLERK,
    "dossier.receive": Role.CLERK,
    "dossier.advance": Role.CLERK,
    "dossier.supplement": Role.CLERK,
    "dossier.resume": Role.CLERK,
    "dossier.refuse": Role.CLERK,
    "dossier.stop": Role.CLERK,
    "dossier.return": Role.CLERK,
    "dossier.extend": Role.CLERK,
    "dossier.late_report": Role.CLERK,
}


@dataclass(frozen=True)
class Actor:
    """The person acting at the desk, as recorded in the audit trail."""

    username: str
    full_name: str
    roles: frozenset[Role]


# A desk without accounts (as `init` leaves it) is a single-person desk: it acts as this
# built-in user, which holds every role, until the first account is added.
LOCAL_ACTOR = Actor("local", "Người dùng duy nhất của bàn", ALL_ROLES)


def acting_role(actor: Actor, action: str) -> Role | None:
    """The role under which `actor` may perform `action`, or None when not allowed.

    KeyError for an action missing from PERMISSIONS: every action must be listed.
    """
    needed = PERMISSIONS[action]
    if needed is None:
        return min(actor.roles) if actor.roles else None
    return needed if needed in actor.roles else None


def parse_roles(text: str) -> frozenset[Role]:
    """'clerk,admin' -> {CLERK, ADMIN}; ValueError naming an unknown role."""
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    if not names:
        raise ValueError("Give at least one role: clerk, signer or admin.")
    unknown = [name for name in names if name not in Role.__members__.values()]
    if unknown:
        raise ValueError(f"Unknown role {unknown[0]!r}: use clerk, signer or admin.")
    return frozenset(Role(name) for name in names)


def format_roles(roles: frozenset[Role]) -> str:
    return ",".join(sorted(roles))
