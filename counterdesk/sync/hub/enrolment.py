"""Offices, one-time enrolment codes, and the desks enrolled with them.

The hub's administrator issues a code for one office (`counterdesk-hub issue-code`); a
clerk types it at the desk, which enrols with the public half of its key. Codes carry
100 random bits in 20 characters that cannot be misread (no 0/O, 1/I), shown in groups
of four; only their SHA-256 is kept, which is enough at that entropy (nobody can try
2^100 codes against the endpoint).
"""

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from counterdesk.errors import BadInputError
from counterdesk.sync.hub.db import Connection
from counterdesk.sync.hub.errors import NotAuthenticatedError, RefusedError

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_GROUPS = 5
CODE_GROUP_LENGTH = 4
# Office codes name a folder of the blob store, so they stay plain.
OFFICE_CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
MAX_DESK_NAME = 100


@dataclass(frozen=True)
class IssuedCode:
    code: str
    office_code: str
    office_name: str
    expires_at: datetime


@dataclass(frozen=True)
class Enrolment:
    desk_id: str
    office_code: str
    office_name: str


def new_code() -> str:
    chars = [secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LENGTH)]
    groups = [
        "".join(chars[i : i + CODE_GROUP_LENGTH]) for i in range(0, len(chars), CODE_GROUP_LENGTH)
    ]
    return "-".join(groups)


def code_hash(code: str) -> str:
    """The code as kept at rest; case, spaces and dashes as typed do not matter."""
    typed = re.sub(r"[\s-]", "", code).upper()
    return hashlib.sha256(typed.encode()).hexdigest()


def check_office_code(office_code: str) -> str:
    if not OFFICE_CODE_PATTERN.fullmatch(office_code):
        raise BadInputError(
            f"{office_code!r} is not an office code the hub accepts: use letters, digits, "
            "dots, dashes or underscores (at most 40), as in H38.12."
        )
    return office_code


def issue_code(
    conn: Connection, office_code: str, office_name: str, days: int, now: datetime
) -> IssuedCode:
    """A new one-time code for `office_code`, valid `days` days; creates the office."""
    check_office_code(office_code)
    if not office_name.strip():
        raise BadInputError("The office needs a name (--office-name), as on its seal.")
    if days < 1:
        raise BadInputError("An enrolment code must stay valid at least one day (--days).")
    code = new_code()
    expires_at = now + timedelta(days=days)
    with conn.transaction():
        conn.execute(
            "INSERT INTO offices (code, name) VALUES (%s, %s)"
            " ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name",
            (office_code, office_name.strip()),
        )
        conn.execute(
            "INSERT INTO enrol_codes (code_hash, office_code, issued_at, expires_at)"
            " VALUES (%s, %s, %s, %s)",
            (code_hash(code), office_code, now, expires_at),
        )
    return IssuedCode(code, office_code, office_name.strip(), expires_at)


def enrol_desk(
    conn: Connection, code: str, public_key: bytes, desk_name: str, now: datetime
) -> Enrolment:
    """Use `code` to enrol a desk holding `public_key`.

    The same code and key again give back the same desk (the desk may have lost the
    answer); a code used by another key, expired or unknown is refused.
    """
    with conn.transaction():
        issued = conn.execute(
            "SELECT c.office_code, c.expires_at, c.used_at, c.desk_id, o.name AS office_name"
            " FROM enrol_codes c JOIN offices o ON o.code = c.office_code"
            " WHERE c.code_hash = %s FOR UPDATE OF c",
            (code_hash(code),),
        ).fetchone()
        if issued is None:
            raise NotAuthenticatedError(
                "The hub does not know this enrolment code. Check it was typed as issued, "
                "or ask the hub administrator for a new one."
            )
        if issued["used_at"] is not None:
            return _enrolled_again(conn, issued, public_key)
        if issued["expires_at"] <= now:
            raise RefusedError(
                f"This enrolment code expired on {issued['expires_at']:%Y-%m-%d %H:%M} UTC. "
                "Ask the hub administrator for a new one."
            )
        desk_id = uuid.uuid4()
        conn.execute(
            "INSERT INTO desks (id, office_code, name, public_key, enrolled_at)"
            " VALUES (%s, %s, %s, %s, %s)",
            (desk_id, issued["office_code"], desk_name, public_key, now),
        )
        conn.execute(
            "UPDATE enrol_codes SET used_at = %s, desk_id = %s WHERE code_hash = %s",
            (now, desk_id, code_hash(code)),
        )
    return Enrolment(str(desk_id), issued["office_code"], issued["office_name"])


def _enrolled_again(conn: Connection, issued: dict, public_key: bytes) -> Enrolment:
    desk = conn.execute(
        "SELECT id, public_key, revoked_at FROM desks WHERE id = %s", (issued["desk_id"],)
    ).fetchone()
    if desk is None or bytes(desk["public_key"]) != public_key or desk["revoked_at"]:
        raise RefusedError(
            f"This enrolment code was already used on {issued['used_at']:%Y-%m-%d %H:%M} UTC "
            "by another desk. Each code enrols one desk: ask the hub administrator for a "
            "new one."
        )
    return Enrolment(str(desk["id"]), issued["office_code"], issued["office_name"])


def revoke_desk(conn: Connection, desk_id: str, now: datetime) -> bool:
    """Refuse every further request of this desk; False when no such desk is enrolled."""
    try:
        key = uuid.UUID(desk_id)
    except ValueError as exc:
        raise BadInputError(f"{desk_id!r} is not a desk id (a UUID).") from exc
    with conn.transaction():
        row = conn.execute(
            "UPDATE desks SET revoked_at = coalesce(revoked_at, %s) WHERE id = %s RETURNING id",
            (now, key),
        ).fetchone()
    return row is not None
