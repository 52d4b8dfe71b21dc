"""The audit trail: who did what to which dossier or book, as a hash chain.

Each entry carries the hash of the one before it, so editing, deleting, inserting or
reordering an entry breaks the chain at that place and `verify_chain` says where. A chain
proves nothing about its own end: whoever can write the database can cut entries off the
tail, or rewrite the tail and recompute every hash after the change. Keep the newest hash
(`ChainReport.head`) somewhere else as well (a printed report, the hub) and compare.

Personal data (Law 91/2025/QH15): a citizen's name or ID number must never be readable in
the trail. The trail records a use case's inputs only as `digest_inputs`, in which every
value has passed through HMAC-SHA256 under the office's secret key; subjects name dossiers
and books by their codes, never by a person.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = "0" * 64

# Names this encoding, so that hashes of a later layout can never collide with these.
_CHAIN_TAG = b"counterdesk.audit.v1"
_MIN_KEY_BYTES = 16
# One text per value: sorted keys, no spaces, no NaN or infinity (they are not JSON).
_CANONICAL = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


@dataclass(frozen=True)
class AuditEntry:
    seq: int  # 1, 2, 3... without gaps
    at: str  # ISO 8601 in UTC, e.g. "2026-11-26T02:15:00.000000+00:00"
    actor: str  # the clerk's user name
    role: str
    action: str
    subject: str  # "dossier:H38.12-261126-0001", "book:2026/12"
    inputs_digest: str  # digest_inputs() of the use case's inputs
    prev_hash: str  # `hash` of the entry before, GENESIS for the first
    hash: str  # chain_hash() of all the fields above


@dataclass(frozen=True)
class ChainReport:
    entries: int  # how many entries were read
    intact: bool
    first_broken: int | None  # 1-based position of the first bad entry
    head: str  # `hash` of the last entry read (GENESIS for none): compare with a kept copy


def keyed_inputs(inputs: Mapping[str, object], key: bytes) -> str:
    """The canonical form that `digest_inputs` hashes: input names with keyed hashes of values.

    Every value, not only the ones known to be personal, is replaced by
    HMAC-SHA256(key, canonical JSON of [name, value]): no list of secret fields to keep up
    to date as use cases change, and nothing in clear ever enters the trail. A plain hash
    would not do: an ID number has few enough possible values to be found by trying them
    all, which needs the key here. The name is hashed along with the value so that two
    inputs with the same value do not show as equal.
    """
    if len(key) < _MIN_KEY_BYTES:
        raise ValueError(f"the office audit key must be at least {_MIN_KEY_BYTES} bytes")
    keyed = {}
    for name, value in inputs.items():
        if not isinstance(name, str):
            raise TypeError(f"input names must be strings, not {type(name).__name__}")
        message = _canonical_json([name, value]).encode("utf-8")
        keyed[name] = hmac.digest(key, message, "sha256").hex()
    return _canonical_json(keyed)


def digest_inputs(inputs: Mapping[str, object], key: bytes) -> str:
    """Hex SHA-256 of `keyed_inputs`: binds an entry to the exact inputs of the use case.

    Whoever holds the office key and the inputs (e.g. the dossier's stored record) can
    recompute it; without the key it reveals nothing. Values must be JSON data (str, int,
    float, bool, None, lists, dicts with string keys); convert dates and the like first.
    """
    return hashlib.sha256(keyed_inputs(inputs, key).encode("utf-8")).hexdigest()


def chain_hash(
    prev_hash: str,
    seq: int,
    at: str,
    actor: str,
    role: str,
    action: str,
    subject: str,
    inputs_digest: str,
) -> str:
    """Hex SHA-256 over the fields, each as UTF-8 preceded by its length (4 bytes, big-endian).

    Length prefixes keep field boundaries unambiguous (("ab", "c") and ("a", "bc") hash
    differently), are simple to reproduce in any language, and are cheaper than JSON.
    """
    digest = hashlib.sha256(_CHAIN_TAG)
    for field in (prev_hash, str(seq), at, actor, role, action, subject, inputs_digest):
        data = field.encode("utf-8")
        digest.update(len(data).to_bytes(4, "big"))
        digest.update(data)
    return digest.hexdigest()


def next_entry(
    prev: AuditEntry | None,
    at: datetime,
    actor: str,
    role: str,
    action: str,
    subject: str,
    inputs_digest: str,
) -> AuditEntry:
    """The entry that follows `prev` (None: the first entry of the trail)."""
    if at.tzinfo is None:
        raise ValueError("audit times must be aware datetimes (in UTC)")
    seq = 1 if prev is None else prev.seq + 1
    prev_hash = GENESIS if prev is None else prev.hash
    at_text = at.astimezone(UTC).isoformat(timespec="microseconds")
    return AuditEntry(
        seq=seq,
        at=at_text,
        actor=actor,
        role=role,
        action=action,
        subject=subject,
        inputs_digest=inputs_digest,
        prev_hash=prev_hash,
        hash=chain_hash(prev_hash, seq, at_text, actor, role, action, subject, inputs_digest),
    )


def verify_chain(entries: Iterable[AuditEntry]) -> ChainReport:
    """Check entries in trail order: numbering, links and hashes, in constant memory.

    The first bad entry is the first whose seq is not the next number, whose prev_hash is
    not the hash of the entry before, or whose hash does not match its fields. After it
    the entries are only counted.
    """
    count = 0
    first_broken = None
    head = GENESIS
    for entry in entries:
        count += 1
        if first_broken is None and not _follows(entry, count, head):
            first_broken = count
        head = entry.hash
    return ChainReport(
        entries=count, intact=first_broken is None, first_broken=first_broken, head=head
    )


def _follows(entry: AuditEntry, expected_seq: int, prev_hash: str) -> bool:
    return (
        entry.seq == expected_seq
        and entry.prev_hash == prev_hash
        and entry.hash
        == chain_hash(
            entry.prev_hash,
            entry.seq,
            entry.at,
            entry.actor,
            entry.role,
            entry.action,
            entry.subject,
            entry.inputs_digest,
        )
    )


def _canonical_json(value: object) -> str:
    return _CANONICAL.encode(value)
