"""Use case: digitize a document at intake, from any capture source to a stored PDF/A copy.

Pages are processed one by one as the source delivers them (a scanner's feeder, a
camera), then their text layers are made in parallel, the PDF assembled, stored
content-addressed and recorded in one transaction. No page is dropped: every doubt is a
warning the clerk sees.
"""

import hashlib
import json
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import sqlite_utils

from counterdesk.capture.encode import EncodedPage, encode_page, ocr_image
from counterdesk.capture.fingerprint import DUPLICATE_DISTANCE, distance, fingerprint
from counterdesk.capture.pipeline import CaptureSettings, ProcessedPage, process_page
from counterdesk.capture.sources.base import RawPage
from counterdesk.documents import ocr
from counterdesk.documents.digitized import DigitizedDetails, PageForPdf, build_digitized_pdf
from counterdesk.documents.pdf_images import pdf_text
from counterdesk.domain.page_warnings import PageWarning, page_warning
from counterdesk.domain.vietnamese import fold
from counterdesk.errors import BadInputError, CaptureError
from counterdesk.store.blobs import Blob
from counterdesk.store.home import Home
from counterdesk.store.journal import Journal
from counterdesk.store.times import stored_time

MAX_PAGES = 500


@dataclass(frozen=True)
class DigitizeRequest:
    pages: Iterable[RawPage]
    title: str
    mode: str = "auto"
    dossier_code: str | None = None
    source: str = "files"
    # Identity of the input (e.g. hash of the files): the same input digitized again
    # returns the earlier document instead of storing a second copy.
    input_sha256: str | None = None
    watched: "WatchedFile | None" = None  # a watched folder's file, remembered as taken


@dataclass(frozen=True)
class WatchedFile:
    path: Path
    size: int
    sha256: str


def record_watched(
    db: sqlite_utils.Database, file: WatchedFile, document_id: int | None, now: datetime
) -> None:
    """Remember a watched folder's file as taken, so it is not taken again after a restart."""
    db.execute(
        "INSERT OR IGNORE INTO watched_files (folder, name, size, sha256, document_id, "
        "taken_at) VALUES (?, ?, ?, ?, ?, ?)",
        [
            str(file.path.parent),
            file.path.name,
            file.size,
            file.sha256,
            document_id,
            stored_time(now),
        ],
    )


@dataclass(frozen=True)
class DigitizedPage:
    index: int
    width_px: int
    height_px: int
    dpi: int
    mode: str
    bytes: int
    warnings: tuple[PageWarning, ...]


@dataclass(frozen=True)
class DigitizeResult:
    document_id: int
    sha256: str
    pdf_path: Path
    pages: tuple[DigitizedPage, ...]
    warnings: tuple[PageWarning, ...]
    text_layer: bool


@dataclass
class _Page:
    processed: ProcessedPage
    encoded: EncodedPage
    fingerprint: str
    warnings: list[PageWarning]
    duplicate_of: int | None = None
    text_layer: bytes | None = None


def _warnings_json(warnings: Iterable[PageWarning]) -> str:
    return json.dumps([asdict(w) for w in warnings], ensure_ascii=False)


def _existing(db: sqlite_utils.Database, home: Home, document_id: int) -> DigitizeResult:
    doc = db["digitized_documents"].get(document_id)
    pages = tuple(
        DigitizedPage(
            index=row["idx"],
            width_px=row["width_px"],
            height_px=row["height_px"],
            dpi=row["dpi"],
            mode=row["mode"],
            bytes=row["bytes"],
            warnings=tuple(PageWarning(**w) for w in json.loads(row["warnings_json"])),
        )
        for row in db.query(
            "SELECT * FROM digitized_pages WHERE document_id = ? ORDER BY idx", [document_id]
        )
    )
    return DigitizeResult(
        document_id=document_id,
        sha256=doc["sha256"],
        pdf_path=home.blobs.path(doc["sha256"], doc["suffix"]),
        pages=pages,
        warnings=tuple(PageWarning(**w) for w in json.loads(doc["warnings_json"])),
        text_layer=bool(doc["text_layer"]),
    )


def _prepare(
    raw_pages: Iterable[RawPage], settings: CaptureSettings
) -> tuple[list[_Page], list[PageWarning]]:
    """Process pages as the source delivers them.

    A source that fails after some pages (camera unplugged, scanner jammed) keeps those
    pages, with a warning; one that fails before any page raises.
    """
    pages: list[_Page] = []
    try:
        for raw in raw_pages:
            if len(pages) == MAX_PAGES:
                raise BadInputError(
                    f"More than {MAX_PAGES} pages in one document; split it into several."
                )
            processed = process_page(raw, settings)
            warnings = list(processed.warnings)
            pages.append(
                _Page(processed, encode_page(processed), fingerprint(processed.image), warnings)
            )
    except CaptureError as exc:
        if not pages:
            raise
        return pages, [page_warning("source_interrupted", reason=exc.message)]
    if not pages:
        raise BadInputError("No pages were captured; nothing was stored.")
    return pages, []


def _add_text_layers(pages: list[_Page]) -> bool:
    """OCR every page in parallel; True when every page got its text layer."""
    if ocr.tesseract() is None:
        return False
    workers = max(1, min(len(pages), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        layers = list(
            pool.map(lambda p: ocr.text_layer(ocr_image(p.processed), p.processed.dpi), pages)
        )
    for page, layer in zip(pages, layers, strict=True):
        page.text_layer = layer
    return all(layer is not None for layer in layers)


def _mark_duplicates(db: sqlite_utils.Database, pages: list[_Page]) -> None:
    """Link each page to an earlier page that looks the same (stored, or in this batch)."""
    known = [
        (row["id"], row["document_id"], row["idx"], row["fingerprint"])
        for row in db.query("SELECT id, document_id, idx, fingerprint FROM digitized_pages")
    ]
    for n, page in enumerate(pages):
        for page_id, document_id, idx, other in known:
            if distance(page.fingerprint, other) <= DUPLICATE_DISTANCE:
                page.duplicate_of = page_id
                page.warnings.append(page_warning("duplicate", page=idx + 1, document=document_id))
                break
        else:
            for m, earlier in enumerate(pages[:n]):
                if distance(page.fingerprint, earlier.fingerprint) <= DUPLICATE_DISTANCE:
                    page.warnings.append(page_warning("duplicate", page=m + 1, document="này"))
                    break


def _dossier_ids(db: sqlite_utils.Database, code: str | None) -> tuple[int | None, int | None]:
    if code is None:
        return None, None
    rows = list(db.query("SELECT id, citizen_id FROM dossiers WHERE code = ?", [code]))
    if not rows:
        raise BadInputError(f"No dossier has the code {code}; check the code on the receipt.")
    return rows[0]["id"], rows[0]["citizen_id"]


def digitize(journal: Journal, request: DigitizeRequest) -> DigitizeResult:
    journal.require("document.digitize")
    home, db = journal.home, journal.home.db.db
    dossier_id, citizen_id = _dossier_ids(db, request.dossier_code)
    if request.input_sha256:
        rows = list(
            db.query(
                "SELECT id FROM digitized_documents WHERE input_sha256 = ? AND dossier_id IS ? "
                "AND removed_at IS NULL ORDER BY id LIMIT 1",
                [request.input_sha256, dossier_id],
            )
        )
        if rows:
            earlier = _existing(db, home, rows[0]["id"])
            if request.watched is not None:
                _take_duplicate(journal, request.watched, earlier.document_id)
            note = page_warning("duplicate_document", document=rows[0]["id"])
            return DigitizeResult(**{**earlier.__dict__, "warnings": (*earlier.warnings, note)})

    pages, document_warnings = _prepare(request.pages, CaptureSettings(mode=request.mode))
    text_layer = _add_text_layers(pages)
    if not text_layer:
        document_warnings.append(page_warning("no_text_layer"))
    now = journal.clock()
    pdf = build_digitized_pdf(
        [
            PageForPdf(
                p.encoded.data,
                p.encoded.kind,
                p.encoded.width_px,
                p.encoded.height_px,
                p.processed.dpi,
                p.text_layer,
                p.encoded.mask,
            )
            for p in pages
        ],
        DigitizedDetails(request.title, now, request.dossier_code),
    )
    # For search: the copy's words as its OCR layer gives them back (none without one).
    text = pdf_text(pdf) if any(p.text_layer for p in pages) else ""
    written: list[Blob] = []
    try:
        inputs = {
            "title": request.title,
            "dossier": request.dossier_code,
            "input_sha256": request.input_sha256,
            "source": request.source,
        }
        with journal.change("document.digitize", inputs) as change:
            tx = change.db
            _mark_duplicates(tx, pages)
            blob = home.blobs.put(pdf, ".pdf")
            written.append(blob)
            document_id = int(
                tx["digitized_documents"]
                .insert(
                    {
                        "title": request.title,
                        "dossier_id": dossier_id,
                        "citizen_id": citizen_id,
                        "sha256": blob.sha256,
                        "suffix": blob.suffix,
                        "size": blob.size,
                        "pages": len(pages),
                        "text_layer": int(text_layer),
                        "source": request.source,
                        "input_sha256": request.input_sha256,
                        "warnings_json": _warnings_json(document_warnings),
                        "created_at": stored_time(now),
                        "created_by": journal.actor.username,
                    }
                )
                .last_pk
            )
            change.subject = f"document:{document_id}"
            # Search index (migration 0006): title and text folded, so accents are optional.
            tx.execute(
                "INSERT OR REPLACE INTO digitized_fts (rowid, title, body, text) "
                "VALUES (?, ?, ?, ?)",
                [document_id, fold(request.title), fold(text), text],
            )
            if request.watched is not None:
                record_watched(tx, request.watched, document_id, now)
            for index, page in enumerate(pages):
                tx["digitized_pages"].insert(
                    {
                        "document_id": document_id,
                        "idx": index,
                        "fingerprint": page.fingerprint,
                        "width_px": page.encoded.width_px,
                        "height_px": page.encoded.height_px,
                        "dpi": page.processed.dpi,
                        "mode": page.processed.mode,
                        "bytes": page.encoded.size,
                        "warnings_json": _warnings_json(page.warnings),
                        "duplicate_of": page.duplicate_of,
                    }
                )
    except BaseException:
        home.blobs.discard(written)
        raise
    return _existing(db, home, document_id)


def files_identity(paths: list[Path], mode: str) -> str:
    """Hash of the input files' bytes (and the mode asked), identifying a digitization."""
    digest = hashlib.sha256(mode.encode())
    for path in paths:
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except FileNotFoundError:
            raise BadInputError(f"{path}: no such file. Check the file name.") from None
        except IsADirectoryError:
            raise BadInputError(f"{path} is a folder; give the files inside it.") from None
        except OSError as exc:
            raise BadInputError(f"{path} cannot be read ({exc.strerror}).") from exc
    return digest.hexdigest()


def _take_duplicate(journal: Journal, file: WatchedFile, document_id: int) -> None:
    """A watched file whose content was digitized before: remembered, not stored twice."""
    inputs = {"name": file.path.name, "sha256": file.sha256}
    with journal.change("watch.duplicate", inputs) as change:
        change.subject = f"document:{document_id}"
        record_watched(change.db, file, document_id, change.now)
