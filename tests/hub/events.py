"""Outbox events as a desk sends them, for the hub's tests."""

import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any


def event(
    seq: int,
    table: str = "dossiers",
    row_id: int | None = None,
    row: dict[str, Any] | None = None,
    blobs: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "seq": seq,
        "table": table,
        "row_id": seq if row_id is None else row_id,
        "row": row if row is not None else {"id": seq, "state": "received"},
        "blobs": blobs or [],
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def dossier_event(seq: int, office_code: str, row_id: int = 1, state: str = "received") -> dict:
    code = f"{office_code}-261126-{row_id:04d}"
    return event(seq, "dossiers", row_id, {"id": row_id, "code": code, "state": state})


def document_event(seq: int, data: bytes, row_id: int = 1) -> dict[str, Any]:
    sha256 = hashlib.sha256(data).hexdigest()
    row = {"id": row_id, "dossier_id": 1, "role": "electronic_copy", "sha256": sha256}
    return event(seq, "documents", row_id, row, blobs=[sha256])
