"""Use case: find a dossier from what the clerk remembers, and show everything about it.

One query looks at dossier codes (any part of one), citizens (name without accents, or
ID number), document titles (digitized copies and certified documents) and the text of
digitized copies (their OCR layer, migration 0006). Accents are optional everywhere:
"nguyen van duc" finds "Nguyễn Văn Đức". Whatever the clerk types is only ever used as
quoted words, so quotes, stars, NEAR( or minus signs are just characters, never syntax.

The detail of a dossier gathers its timeline, digitized copies, certified documents,
book entry and fee, and checks each electronic copy's signature again.
"""

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

import sqlite_utils

from counterdesk.documents.pdf_images import first_page_png
from counterdesk.domain.vietnamese import fold
from counterdesk.dossiers import Dossiers, DossierView, to_local
from counterdesk.errors import BadInputError, CounterDeskError
from counterdesk.store.home import Home

MAX_QUERY = 200  # characters looked at; nobody types more into a search field
MAX_WORDS = 12
SNIPPET_CHARS = 60  # around the first matched word, each side

# Higher first: a code typed in full beats a name, a name beats a word in a page.
_CODE_EXACT, _CODE_PREFIX, _CODE_PART = 1000.0, 900.0, 800.0
_ID_NUMBER, _CITIZEN, _TITLE, _TEXT = 700.0, 500.0, 400.0, 300.0

_CODE_LIKE = re.compile(r"^[\w.\-/]+$")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "dossier" | "citizen" | "document"
    dossier_code: str | None  # None: a digitized copy not (yet) linked to a dossier
    citizen_name: str | None
    title: str  # the dossier's procedure, or the document's title
    snippet: str | None  # for a match in a copy's text: the words around it, as read
    document_id: int | None  # a digitized copy (digitized_documents.id)
    score: float  # higher is better; only the order means something


# -- searching --------------------------------------------------------------------------


def search(db: sqlite_utils.Database, query: str, limit: int = 50) -> list[SearchHit]:
    """Dossiers, citizens and documents matching `query`, best first, at most `limit`."""
    text = " ".join(unicodedata.normalize("NFC", query[:MAX_QUERY]).split())
    if not text or limit < 1:
        return []
    words = _WORD.findall(fold(text))[:MAX_WORDS]
    hits: list[SearchHit] = []
    if _CODE_LIKE.match(text) and any(ch.isdigit() for ch in text):
        hits += _codes(db, text, limit)
        hits += _id_numbers(db, text, limit)
    if words:
        match = " ".join(f'"{word}"*' for word in words)
        hits += _citizens(db, match, limit)
        hits += _titles(db, match, limit)
        hits += _texts(db, match, words, limit)
    seen: set[tuple] = set()
    unique = []
    for hit in sorted(hits, key=lambda h: -h.score):
        key = (hit.kind, hit.dossier_code, hit.document_id, hit.title)
        if key not in seen:
            seen.add(key)
            unique.append(hit)
    return unique[:limit]


def recent(db: sqlite_utils.Database, limit: int = 50) -> list[SearchHit]:
    """The dossiers received last, newest first: what the screen shows before any query."""
    rows = db.execute(
        "SELECT d.code, c.full_name, d.procedure FROM dossiers d "
        "JOIN citizens c ON c.id = d.citizen_id ORDER BY d.received_at DESC, d.id DESC LIMIT ?",
        [limit],
    )
    return [SearchHit("dossier", code, name, title, None, None, 0.0) for code, name, title in rows]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _relevance(rank: float) -> float:
    """FTS5's bm25 rank (negative, lower is better) as 0..1, higher is better."""
    value = max(-rank, 0.0)
    return value / (1.0 + value)


def _codes(db: sqlite_utils.Database, text: str, limit: int) -> list[SearchHit]:
    rows = db.execute(
        "SELECT d.code, c.full_name, d.procedure FROM dossiers d "
        "JOIN citizens c ON c.id = d.citizen_id "
        "WHERE d.code LIKE ? ESCAPE '\\' ORDER BY d.received_at DESC, d.id DESC LIMIT ?",
        [f"%{_like_escape(text)}%", limit],
    ).fetchall()
    wanted = text.casefold()
    hits = []
    for code, name, procedure in rows:
        folded = code.casefold()
        score = (
            _CODE_EXACT
            if folded == wanted
            else _CODE_PREFIX
            if folded.startswith(wanted)
            else _CODE_PART
        )
        hits.append(SearchHit("dossier", code, name, procedure, None, None, score))
    return hits


def _id_numbers(db: sqlite_utils.Database, text: str, limit: int) -> list[SearchHit]:
    number = text.upper()
    if len(number) < 4:
        return []
    rows = db.execute(
        "SELECT d.code, c.full_name, d.procedure FROM citizens c "
        # A range on the unique index: ID numbers are letters and digits, all below DEL.
        "JOIN dossiers d ON d.citizen_id = c.id WHERE c.id_number >= ? AND c.id_number < ? "
        "ORDER BY d.received_at DESC, d.id DESC LIMIT ?",
        [number, number + "\x7f", limit],
    ).fetchall()
    return [
        SearchHit("citizen", code, name, procedure, None, None, _ID_NUMBER)
        for code, name, procedure in rows
    ]


def _citizens(db: sqlite_utils.Database, match: str, limit: int) -> list[SearchHit]:
    rows = db.execute(
        # The best citizens first, then their dossiers (index dossiers_citizen, 0006).
        "SELECT d.code, c.full_name, d.procedure, f.rank FROM (SELECT rowid, rank "
        "FROM citizens_fts WHERE citizens_fts MATCH ? ORDER BY rank LIMIT ?) f "
        "JOIN citizens c ON c.id = f.rowid JOIN dossiers d ON d.citizen_id = c.id "
        "ORDER BY f.rank, d.received_at DESC, d.id DESC LIMIT ?",
        [match, limit, limit],
    ).fetchall()
    return [
        SearchHit("citizen", code, name, procedure, None, None, _CITIZEN + _relevance(rank))
        for code, name, procedure, rank in rows
    ]


# A digitized copy's dossier and citizen: the dossier's when it has one, else its own.
_COPY_OWNER = (
    "JOIN digitized_documents g ON g.id = f.rowid LEFT JOIN dossiers d ON d.id = g.dossier_id "
    "LEFT JOIN citizens c ON c.id = COALESCE(d.citizen_id, g.citizen_id)"
)


def _titles(db: sqlite_utils.Database, match: str, limit: int) -> list[SearchHit]:
    copies = db.execute(
        f"SELECT g.id, g.title, d.code, c.full_name, f.rank FROM digitized_fts f {_COPY_OWNER} "
        "WHERE digitized_fts MATCH ? AND g.removed_at IS NULL ORDER BY f.rank LIMIT ?",
        [f"title : ({match})", limit],
    ).fetchall()
    certified = db.execute(
        "SELECT b.document_title, d.code, b.citizen_name, f.rank FROM book_titles_fts f "
        "JOIN book_entries b ON b.id = f.rowid JOIN dossiers d ON d.id = b.dossier_id "
        "WHERE book_titles_fts MATCH ? ORDER BY f.rank, b.id DESC LIMIT ?",
        [match, limit],
    ).fetchall()
    return [
        SearchHit("document", code, name, title, None, doc_id, _TITLE + _relevance(rank))
        for doc_id, title, code, name, rank in copies
    ] + [
        SearchHit("document", code, name, title, None, None, _TITLE + _relevance(rank))
        for title, code, name, rank in certified
    ]


def _texts(db: sqlite_utils.Database, match: str, words: list[str], limit: int) -> list[SearchHit]:
    rows = db.execute(
        "SELECT g.id, g.title, d.code, c.full_name, f.text, f.rank FROM digitized_fts f "
        f"{_COPY_OWNER} WHERE digitized_fts MATCH ? AND g.removed_at IS NULL "
        "ORDER BY f.rank LIMIT ?",
        [f"body : ({match})", limit],
    ).fetchall()
    return [
        SearchHit(
            "document", code, name, title, snippet(text, words), doc_id, _TEXT + _relevance(rank)
        )
        for doc_id, title, code, name, text, rank in rows
    ]


def snippet(text: str, words: list[str], width: int = SNIPPET_CHARS) -> str:
    """The words around the first of `words` (folded prefixes) found in `text`, as read.

    Folding keeps the length of Vietnamese text, so a place found in the folded text is
    the same place in the text as read; where it would not be, the folded text is shown.
    """
    text = " ".join(text.split())
    folded = fold(text)
    shown = text if len(folded) == len(text) else folded
    found = [
        m.start()
        for word in words
        if (m := re.search(rf"(?<!\w){re.escape(word)}", folded)) is not None
    ]
    at = min(found, default=0)
    start, end = max(0, at - width), min(len(shown), at + width)
    if start > 0:  # whole words only
        start = shown.find(" ", start, at) + 1 or start
    if end < len(shown) and (space := shown.rfind(" ", at, end)) > at:
        end = space
    return ("…" if start > 0 else "") + shown[start:end].strip() + ("…" if end < len(shown) else "")


# -- the detail of a dossier ------------------------------------------------------------


class _VerifyReport(Protocol):
    signed: bool
    intact: bool | None
    signer: str | None
    label: str | None


class SearchDesk(Protocol):
    """What the detail needs of a Desk (counterdesk.desk sits above this module)."""

    home: Home

    @property
    def dossiers(self) -> Dossiers: ...

    def verify_copy(self, file: Path) -> _VerifyReport: ...


@dataclass(frozen=True)
class SignatureState:
    """An electronic copy's signature, checked when the detail was loaded."""

    signed: bool
    intact: bool | None  # True: valid, unchanged since signing; False: changed after it
    signer: str | None
    problem: str | None = None  # the file could not be read at all


@dataclass(frozen=True)
class DigitizedCopy:
    id: int
    title: str
    pages: int
    text_layer: bool
    warnings: tuple[str, ...]  # the clerk's messages, document's then pages'
    created_at: datetime  # office-local
    path: Path
    removed_at: datetime | None  # office-local; the PDF is gone (retention)


@dataclass(frozen=True)
class CertifiedDocument:
    id: int
    role: str  # "paper_copy" | "electronic_copy" | "receipt"
    title: str
    pages: int
    path: Path
    signature: SignatureState | None  # electronic copies only


@dataclass(frozen=True)
class BookEntryInfo:
    label: str
    number: int
    year: int
    signer_name: str
    signer_title: str
    certified_at: datetime  # office-local
    copies: int
    pages: int


@dataclass(frozen=True)
class FeeInfo:
    amount_vnd: int
    receipt_no: str
    channel: str  # "cash" | "bank_transfer" | "online_portal"
    collected_at: datetime  # office-local


@dataclass(frozen=True)
class DossierDetail:
    dossier: DossierView  # with its events, oldest first
    digitized: tuple[DigitizedCopy, ...]
    certified: tuple[CertifiedDocument, ...]
    book_entry: BookEntryInfo | None
    fee: FeeInfo | None


def dossier_detail(desk: SearchDesk, code: str) -> DossierDetail:
    """Everything about one dossier; e-copies' signatures are checked on the spot."""
    code = code.strip()
    view = desk.dossiers.show(code)
    db = desk.dossiers.db
    (dossier_id,) = db.execute("SELECT id FROM dossiers WHERE code = ?", [code]).fetchone()
    digitized = tuple(
        _digitized_copy(desk.home, db, row)
        for row in db.query(
            "SELECT * FROM digitized_documents WHERE dossier_id = ? ORDER BY id", [dossier_id]
        )
    )
    certified = []
    for row in db.query(
        "SELECT id, role, title, pages, sha256, suffix FROM documents WHERE dossier_id = ? "
        "ORDER BY id",
        [dossier_id],
    ):
        path = desk.home.blobs.path(row["sha256"], row["suffix"])
        signature = _signature(desk, path) if row["role"] == "electronic_copy" else None
        certified.append(
            CertifiedDocument(row["id"], row["role"], row["title"], row["pages"], path, signature)
        )
    entry = next(
        iter(
            db.query(
                "SELECT label, number, year, signer_name, signer_title, certified_at, copies, "
                "pages FROM book_entries WHERE dossier_id = ? ORDER BY id DESC LIMIT 1",
                [dossier_id],
            )
        ),
        None,
    )
    fee = next(
        iter(
            db.query(
                "SELECT amount_vnd, receipt_no, payment_channel, collected_at FROM fees "
                "WHERE dossier_id = ? ORDER BY id DESC LIMIT 1",
                [dossier_id],
            )
        ),
        None,
    )
    return DossierDetail(
        dossier=view,
        digitized=digitized,
        certified=tuple(certified),
        book_entry=BookEntryInfo(**{**entry, "certified_at": to_local(entry["certified_at"])})
        if entry
        else None,
        fee=FeeInfo(
            fee["amount_vnd"],
            fee["receipt_no"],
            fee["payment_channel"],
            to_local(fee["collected_at"]),
        )
        if fee
        else None,
    )


def digitized_copy(desk: SearchDesk, document_id: int) -> DigitizedCopy:
    """One digitized copy, for a hit that belongs to no dossier yet."""
    db = desk.dossiers.db
    rows = list(db.query("SELECT * FROM digitized_documents WHERE id = ?", [document_id]))
    if not rows:
        raise BadInputError(f"No digitized document has the id {document_id}.")
    return _digitized_copy(desk.home, db, rows[0])


def _digitized_copy(home: Home, db: sqlite_utils.Database, row: dict) -> DigitizedCopy:
    warnings = [w["message"] for w in json.loads(row["warnings_json"])]
    for idx, page_warnings in db.execute(
        "SELECT idx, warnings_json FROM digitized_pages WHERE document_id = ? ORDER BY idx",
        [row["id"]],
    ):
        warnings += [f"{idx + 1}: {w['message']}" for w in json.loads(page_warnings)]
    return DigitizedCopy(
        id=row["id"],
        title=row["title"],
        pages=row["pages"],
        text_layer=bool(row["text_layer"]),
        warnings=tuple(warnings),
        created_at=to_local(row["created_at"]),
        path=home.blobs.path(row["sha256"], row["suffix"]),
        removed_at=to_local(row["removed_at"]) if row["removed_at"] else None,
    )


def _signature(desk: SearchDesk, path: Path) -> SignatureState:
    try:
        report = desk.verify_copy(path)
    except CounterDeskError as exc:
        return SignatureState(False, None, None, exc.message)
    return SignatureState(report.signed, report.intact, report.signer)


def thumbnail(path: Path, dpi: float = 20) -> bytes | None:
    """The first page of a stored PDF as a small PNG; None when it cannot be drawn."""
    try:
        return first_page_png(path.read_bytes(), dpi)
    except (OSError, CounterDeskError, RuntimeError, ValueError):
        return None
