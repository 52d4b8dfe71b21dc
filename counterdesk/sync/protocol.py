"""The sync protocol between a desk and the hub, version 1: what both sides must agree on.

Transport: HTTP(S), JSON bodies (UTF-8), blobs as raw bytes. Every path is under
`/api/v1/`; the public pages (`/v/`, `/d/`) are outside it.

**Identity: signed requests, not mutual TLS.** A desk enrols once with a one-time code
issued by the hub's admin for one office (`POST /api/v1/enrol`, unsigned), giving the
public half of an Ed25519 key it generated and keeps in its data folder. From then on
every request carries the headers below, signed with that key. Why not mutual TLS:
commune links go through provincial proxies and TLS-terminating gateways that would
strip a client certificate, a Windows desk would need a certificate store to manage, and
a signature over the body also covers what TLS does not (a replayed request, a body
changed after a gateway). The hub still sits behind HTTPS for confidentiality.

    POST /api/v1/enrol {"code": "ABCD-EFGH-...", "public_key": hex of the 32 raw bytes,
                        "desk_name": "Quầy 1"}
    → 200 {"desk_id", "office_code", "office_name"}

An unknown code gets 401; a code expired, or used by another key, 403. The same code and
key again get the same answer (a desk that lost it may ask again).

    X-CD-Desk:       the desk id the hub gave at enrolment
    X-CD-Time:       Unix time in seconds (integer), the desk's clock
    X-CD-Nonce:      32 hex digits, random, never reused by the desk
    X-CD-Signature:  base64 of the Ed25519 signature over `signed_text(...)`

The hub refuses (401) a request whose time is more than `MAX_SKEW_SECONDS` off its own
clock (answering its time in `X-CD-Hub-Time`, so the desk can tell the clerk), whose
nonce it has already seen from that desk, whose signature does not verify, or whose desk
is unknown or revoked. The signed path is the path as sent on the request line, with
`?query` when there is one.

**Events.** Every change the desk makes is one outbox event, written in the same SQLite
transaction as the change: a row image of a synced table after the change.

    {"id": UUIDv7, "seq": per-desk sequence 1, 2, 3..., "table": "dossiers",
     "row_id": 17, "row": {...all columns...}, "blobs": ["<sha256>", ...],
     "at": "2026-11-26T08:15:00+00:00"}

`POST /api/v1/events {"events": [...]}` (in seq order, at most `MAX_EVENTS_PER_BATCH`)
→ 200 `{"stored": n_new, "duplicates": n_already_had, "last_seq": highest contiguous
seq the hub holds for this desk, "gaps": [[from, to], ...]}` (inclusive ranges missing
between `last_seq` and the highest seq held). The hub de-duplicates by
event id: sending an event twice changes nothing. An event naming a blob the hub does
not hold complete is refused with 409 `{"missing_blobs": [...]}`: blobs go first. A row
of another office (a dossier code, book entry or document not of the desk's office) is
refused with 403 and nothing of the batch is stored.

**Blobs**, content-addressed by SHA-256, uploaded in chunks that can resume:

- `GET /api/v1/blobs/<sha256>` → `{"received": bytes_held, "complete": bool}`
- `PUT /api/v1/blobs/<sha256>?offset=N&total=T` with a chunk of at most `CHUNK_BYTES`
  → `{"received": ..., "complete": ...}`. An offset other than `received` gets 409 with
  the current `received`. When `received == total` the hub checks the SHA-256 and keeps
  the blob, or discards it and answers 422.

- `POST /api/v1/blobs` with a bundle of small files, each whole (`pack_bundle`): one
  line of JSON `{"files": [{"sha256", "size"}, ...]}`, then the files' bytes one after
  the other, at most `CHUNK_BYTES` of them and `MAX_BUNDLE_FILES` files → `{"complete":
  [sha256...]}`. Each file is checked and kept on its own; when some do not hash to their
  name the answer is 422 with `complete` (those kept) and `refused`. Most scanned copies
  are a few hundred kilobytes: a bundle carries ten of them for the cost of one request.

**Down**: `GET /api/v1/changes?since=N` → `{"changes": [{"seq", "kind", "effective_from",
"data"}], "last": N}`: catalog, tariff, holiday overrides and office settings the hub
publishes for the desk's office, applied by the desk with their effective dates. At
most 500 changes per answer, oldest first; `last` is the seq of the last one listed (or
`since` when none): ask again from it.

`GET /api/v1/state` → `{"desk_id", "office_code", "last_seq", "gaps"}`: where a desk
resumes after a restart or a lost acknowledgement.

Every error answers `{"error": "<a sentence support can act on>", ...}` with the details
above (`missing_blobs`, `received`); a malformed request gets 400, an oversized one 413.
Blobs are held per office: a desk never learns whether another office holds a file.
"""

import base64
import hashlib
import json
import re
import secrets
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from counterdesk.domain.synced import SYNCED_TABLES

__all__ = ["SYNCED_TABLES"]

VERSION = 1
API = "/api/v1"
MAX_SKEW_SECONDS = 300
CHUNK_BYTES = 4 * 1024 * 1024
MAX_EVENTS_PER_BATCH = 500
MAX_BUNDLE_FILES = 256
MAX_BUNDLE_BYTES = CHUNK_BYTES + 128 * 1024  # the files and their list

HEADER_DESK = "X-CD-Desk"
HEADER_TIME = "X-CD-Time"
HEADER_NONCE = "X-CD-Nonce"
HEADER_SIGNATURE = "X-CD-Signature"
HEADER_HUB_TIME = "X-CD-Hub-Time"
SHA256_PATTERN = re.compile(r"[0-9a-f]{64}")


def signed_text(method: str, path: str, timestamp: int, nonce: str, body: bytes) -> bytes:
    """What a request's signature covers: method, path with query, time, nonce, body."""
    digest = hashlib.sha256(body).hexdigest()
    return f"CD{VERSION}\n{method.upper()}\n{path}\n{timestamp}\n{nonce}\n{digest}".encode()


def sign_request(
    key: Ed25519PrivateKey, desk_id: str, method: str, path: str, body: bytes
) -> dict[str, str]:
    """The headers of a signed request."""
    timestamp = int(time.time())
    nonce = secrets.token_hex(16)
    signature = key.sign(signed_text(method, path, timestamp, nonce, body))
    return {
        HEADER_DESK: desk_id,
        HEADER_TIME: str(timestamp),
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE: base64.b64encode(signature).decode(),
    }


def signature_valid(
    public_key: bytes, method: str, path: str, timestamp: int, nonce: str, body: bytes, sig: str
) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            base64.b64decode(sig, validate=True), signed_text(method, path, timestamp, nonce, body)
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def pack_bundle(files: list[tuple[str, bytes]]) -> bytes:
    """The body of `POST /blobs`: (sha256, bytes) of small files, each whole."""
    manifest = {"files": [{"sha256": sha256, "size": len(data)} for sha256, data in files]}
    return b"".join([json.dumps(manifest).encode(), b"\n", *(data for _, data in files)])


def unpack_bundle(body: bytes) -> list[tuple[str, bytes]]:
    """The (sha256, bytes) of a bundle's files; ValueError saying what is wrong."""
    head, newline, data = body.partition(b"\n")
    try:
        listed = json.loads(head)["files"] if newline else None
    except (ValueError, TypeError, KeyError):
        listed = None
    if not isinstance(listed, list) or not 1 <= len(listed) <= MAX_BUNDLE_FILES:
        raise ValueError(
            f'it must start with one line {{"files": [...]}} listing 1 to {MAX_BUNDLE_FILES} files'
        )
    files, start = [], 0
    for entry in listed:
        sha256 = entry.get("sha256") if isinstance(entry, dict) else None
        size = entry.get("size") if isinstance(entry, dict) else None
        if not isinstance(sha256, str) or not SHA256_PATTERN.fullmatch(sha256):
            raise ValueError(f"{sha256!r} is not a SHA-256 in lowercase hex")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise ValueError(f"the size of {sha256} is not a whole number of bytes")
        files.append((sha256, data[start : start + size]))
        start += size
    if start != len(data):
        raise ValueError(f"its files list {start} bytes, but {len(data)} follow the list")
    return files
