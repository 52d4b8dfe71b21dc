"""Who sent a request: the signed-request check of `counterdesk.sync.protocol`.

Checks run cheapest first and the nonce is recorded last, once the signature holds, in
its own transaction: a replay is refused even when the first request failed later on.
"""

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from counterdesk.sync.hub.db import Connection
from counterdesk.sync.hub.errors import NotAuthenticatedError
from counterdesk.sync.protocol import (
    HEADER_DESK,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIME,
    MAX_SKEW_SECONDS,
    signature_valid,
)

NONCE_PATTERN = re.compile(r"[0-9a-fA-F]{32}")
# A nonce older than this cannot come back: its signed time would be off by more than
# MAX_SKEW_SECONDS (the time is at most that far from when the nonce was first seen).
NONCE_KEPT = timedelta(seconds=2 * MAX_SKEW_SECONDS)


@dataclass(frozen=True)
class Desk:
    id: str
    office_code: str
    name: str


def authenticate(
    conn: Connection,
    headers: Mapping[str, str],
    method: str,
    path: str,
    body: bytes,
    now: datetime,
) -> Desk:
    """The desk that signed this request, or NotAuthenticatedError saying why not."""
    missing = [
        name
        for name in (HEADER_DESK, HEADER_TIME, HEADER_NONCE, HEADER_SIGNATURE)
        if not headers.get(name)
    ]
    if missing:
        raise NotAuthenticatedError(
            f"This request is not signed (no {', '.join(missing)}). Only enrolled desks may "
            "use the hub: enrol this desk with a code from the hub administrator."
        )
    timestamp = _desk_time(headers[HEADER_TIME], now)
    nonce = headers[HEADER_NONCE]
    if not NONCE_PATTERN.fullmatch(nonce):
        raise NotAuthenticatedError(f"{HEADER_NONCE} must be 32 hexadecimal digits.")
    desk, public_key = _enrolled_desk(conn, headers[HEADER_DESK])
    if not signature_valid(
        public_key, method, path, timestamp, nonce, body, headers[HEADER_SIGNATURE]
    ):
        raise NotAuthenticatedError(
            "The request's signature does not match its content or this desk's key. If a "
            "proxy rewrites requests, let it pass them unchanged; if the desk's data folder "
            "was restored from another computer, enrol it again."
        )
    _record_nonce(conn, desk.id, nonce.lower(), now)
    return desk


def _desk_time(value: str, now: datetime) -> int:
    try:
        timestamp = int(value)
    except ValueError:
        raise NotAuthenticatedError(f"{HEADER_TIME} must be Unix time in seconds.") from None
    skew = timestamp - now.timestamp()
    if abs(skew) > MAX_SKEW_SECONDS:
        desk_time = datetime.fromtimestamp(timestamp, UTC)
        raise NotAuthenticatedError(
            f"The desk's clock ({desk_time:%Y-%m-%d %H:%M} UTC) is {abs(skew) / 60:.0f} "
            f"minutes {'ahead of' if skew > 0 else 'behind'} the hub's ({now:%Y-%m-%d %H:%M} "
            "UTC). Set this computer's date, time and time zone right, then sync again.",
            hub_time=int(now.timestamp()),
        )
    return timestamp


def _enrolled_desk(conn: Connection, desk_id: str) -> tuple[Desk, bytes]:
    try:
        key = uuid.UUID(desk_id)
    except ValueError:
        key = None
    row = None
    if key is not None:
        row = conn.execute(
            "SELECT id, office_code, name, public_key, revoked_at FROM desks WHERE id = %s",
            (key,),
        ).fetchone()
    if row is None:
        raise NotAuthenticatedError(
            "The hub does not know this desk. Enrol it with a code from the hub administrator."
        )
    if row["revoked_at"] is not None:
        raise NotAuthenticatedError(
            f"This desk was revoked at the hub on {row['revoked_at']:%Y-%m-%d}. Ask the hub "
            "administrator for a new enrolment code."
        )
    return Desk(str(row["id"]), row["office_code"], row["name"]), bytes(row["public_key"])


def _record_nonce(conn: Connection, desk_id: str, nonce: str, now: datetime) -> None:
    with conn.transaction():
        conn.execute(
            "DELETE FROM nonces WHERE desk_id = %s AND seen_at < %s",
            (desk_id, now - NONCE_KEPT),
        )
        fresh = conn.execute(
            "INSERT INTO nonces (desk_id, nonce, seen_at) VALUES (%s, %s, %s)"
            " ON CONFLICT DO NOTHING RETURNING nonce",
            (desk_id, nonce, now),
        ).fetchone()
    if fresh is None:
        raise NotAuthenticatedError(
            "The hub already received this exact request (its nonce was used before), so "
            "it was not applied again. If the desk retried, it must sign the retry anew."
        )
