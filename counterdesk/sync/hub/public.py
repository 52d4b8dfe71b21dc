"""The hub's public pages: anyone checks a certified copy; a citizen downloads their e-copy.

Plain server-rendered HTML in Vietnamese, no script and nothing loaded from elsewhere: the
client is whatever browser a phone opens from a QR code. No page asks who you are, so no
page shows more than the paper copy itself does, and never the citizen's name or number.

- `GET /v/{office}/{sha256}` (the paper copy's QR when its desk is enrolled): whether the
  office certified an e-copy with that SHA-256 (as certified, or as upgraded later), with
  the office, the book label, the date and the document's title.
- `GET /v/?c=...`: the same from a QR code's text pasted in (`CDQR1|...` or the address).
- `POST /v/upload`: a PDF checked against the certifications. An e-copy upgraded to
  long-term validation still holds the certified file as a prefix (`revision_hashes`).
  The file is only hashed, in memory, and never kept.
- `GET /d/`, `POST /d/`: the code on the receipt downloads the dossier's e-copy. The first
  download returns the dossier: a `dossier_returned` change goes down to its office. Wrong
  codes are limited per client address, in PostgreSQL so every hub process counts them.
"""

import html
import re
import unicodedata
import uuid
from collections.abc import AsyncGenerator, Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, BinaryIO
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from counterdesk.domain import download_codes
from counterdesk.domain.calendar import OFFICE_TZ
from counterdesk.domain.copy_qr import parse_payload, revision_hashes
from counterdesk.errors import BadInputError
from counterdesk.sync.hub import changes
from counterdesk.sync.hub.blobstore import SHA256_PATTERN, FilesystemBlobStore
from counterdesk.sync.hub.db import Connection
from counterdesk.sync.hub.enrolment import OFFICE_CODE_PATTERN
from counterdesk.sync.hub.errors import HubError
from counterdesk.sync.protocol import API

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# The form around the file: field names, the boundary, the hidden office and hash.
FORM_OVERHEAD_BYTES = 64 * 1024
MAX_CODE_FORM_BYTES = 4 * 1024
MAX_PASTED_CODE = 1000
WRONG_CODES_ALLOWED = 5
WRONG_CODES_WINDOW = timedelta(minutes=10)
# Serializes one client's code checks across hub processes (pg_advisory_xact_lock's
# two-key form: this constant, then a hash of the address).
LIMITER_LOCK_CLASS = 0x4344  # "CD"
DOWNLOAD_CHUNK_BYTES = 256 * 1024
PDF_MARK = b"%PDF-"
# An e-copy gains a revision per long-term-validation upgrade: a handful in its life. A file
# with thousands would cost a hash each, for nothing.
END_OF_REVISION = b"%%EOF"
MAX_REVISIONS = 100

Database = Callable[[], Iterator[Connection]]


class PageError(HubError):
    """A public request that ends in a page saying why, in Vietnamese."""

    def __init__(
        self, status: int, title: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.headers = headers or {}


def is_page(path: str) -> bool:
    """Whether an answer on `path` is a page for people (anything outside the desks' API)."""
    return path != API and not path.startswith(f"{API}/")


# -- codes ---------------------------------------------------------------------------------


def normalise_download_code(text: str) -> str:
    """A download code as typed or scanned, canonical ('' when it cannot be a code)."""
    return download_codes.normalise(text)


# -- certifications ------------------------------------------------------------------------


@dataclass(frozen=True)
class Certification:
    office_code: str
    office_name: str
    label: str
    certified_at: datetime
    title: str
    signed_sha256: str
    current_sha256: str

    def matches(self, hashes: Collection[str]) -> bool:
        return self.signed_sha256 in hashes or self.current_sha256 in hashes


def find_certification(
    conn: Connection,
    hashes: Collection[str],
    office_code: str | None = None,
    label: str | None = None,
) -> Certification | None:
    """The certification whose e-copy, as certified or as now held, has one of `hashes`."""
    row = conn.execute(
        "SELECT k.office_code, coalesce(o.name, f.name) AS office_name,"
        " b.row ->> 'label' AS label, b.row ->> 'certified_at' AS certified_at,"
        " coalesce(b.row ->> 'document_title', d.row ->> 'title') AS title,"
        " coalesce(d.row ->> 'signed_sha256', d.row ->> 'sha256') AS signed_sha256,"
        " d.row ->> 'sha256' AS current_sha256"
        " FROM records d"
        " JOIN desks k ON k.id = d.desk_id"
        " JOIN offices f ON f.code = k.office_code"
        " JOIN records b ON b.desk_id = d.desk_id AND b.table_name = 'book_entries'"
        "  AND b.row ->> 'dossier_id' = d.row ->> 'dossier_id'"
        " LEFT JOIN LATERAL (SELECT r.row ->> 'name' AS name FROM records r"
        "  WHERE r.desk_id = d.desk_id AND r.table_name = 'office'"
        "  ORDER BY r.row_id LIMIT 1) o ON true"
        " WHERE d.table_name = 'documents' AND d.row ->> 'role' = 'electronic_copy'"
        "  AND (d.row ->> 'signed_sha256' = ANY(%(hashes)s)"
        "   OR d.row ->> 'sha256' = ANY(%(hashes)s))"
        "  AND (%(office)s::text IS NULL OR k.office_code = %(office)s)"
        "  AND (%(label)s::text IS NULL OR b.row ->> 'label' = %(label)s)"
        # A dossier of several acts: the entry of this document first.
        " ORDER BY (b.row ->> 'document_title' = d.row ->> 'title') DESC, b.row_id LIMIT 1",
        {"hashes": list(hashes), "office": office_code, "label": label},
    ).fetchone()
    certified_at = _utc(row["certified_at"]) if row is not None else None
    if row is None or row["label"] is None or certified_at is None:
        return None
    return Certification(
        office_code=row["office_code"],
        office_name=row["office_name"],
        label=row["label"],
        certified_at=certified_at,
        title=row["title"] or "",
        signed_sha256=row["signed_sha256"],
        current_sha256=row["current_sha256"],
    )


# -- downloads -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ecopy:
    """A dossier's e-copy, ready to hand over."""

    desk_id: str
    dossier_id: int
    office_code: str
    dossier_code: str
    sha256: str
    size: int
    file_name: str


class Limited(Exception):
    def __init__(self, until: datetime) -> None:
        super().__init__(f"limited until {until.isoformat()}")
        self.until = until


class WrongCode(Exception):
    pass


class ExpiredCode(Exception):
    def __init__(self, expired_at: datetime) -> None:
        super().__init__(f"expired at {expired_at.isoformat()}")
        self.expired_at = expired_at


class NotYetSynced(Exception):
    pass


def check_download_code(
    conn: Connection, client: str, typed: str, now: datetime
) -> tuple[str, str, int]:
    """(desk id, office code, dossier id) of a valid, unexpired code typed by `client`.

    Limited when the client typed too many wrong codes lately, whatever it types now;
    otherwise WrongCode (counted against the client), ExpiredCode, or NotYetSynced.
    The client's checks run one at a time, so parallel guesses cannot pass the limit.
    """
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (LIMITER_LOCK_CLASS, client))
        since = now - WRONG_CODES_WINDOW
        conn.execute("DELETE FROM download_failures WHERE at <= %s", (since,))
        failures = conn.execute(
            "SELECT count(*) AS n, min(at) AS first FROM download_failures"
            " WHERE client = %s AND at > %s",
            (client, since),
        ).fetchone()
        if failures["n"] >= WRONG_CODES_ALLOWED:
            raise Limited(failures["first"] + WRONG_CODES_WINDOW)
        code = normalise_download_code(typed)
        row = None
        if code:
            row = conn.execute(
                "SELECT c.desk_id, k.office_code, c.row ->> 'dossier_id' AS dossier_id,"
                " c.row ->> 'expires_at' AS expires_at FROM records c"
                " JOIN desks k ON k.id = c.desk_id"
                " WHERE c.table_name = 'download_codes' AND c.row ->> 'code_sha256' = %s"
                " ORDER BY c.updated_at DESC LIMIT 1",
                (download_codes.code_sha256(code),),
            ).fetchone()
        if row is None:
            conn.execute(
                "INSERT INTO download_failures (client, at) VALUES (%s, %s)", (client, now)
            )
    if row is None:
        raise WrongCode()
    expires_at = _utc(row["expires_at"])
    if expires_at is None or expires_at <= now:
        raise ExpiredCode(expires_at or now)
    if not (row["dossier_id"] or "").isdigit():
        raise NotYetSynced()
    return str(row["desk_id"]), row["office_code"], int(row["dossier_id"])


def find_ecopy(
    conn: Connection, blob_root: Path, desk_id: str, office_code: str, dossier_id: int
) -> Ecopy:
    """The dossier's e-copy as the hub holds it; NotYetSynced when it does not yet."""
    dossier = conn.execute(
        "SELECT row ->> 'code' AS code FROM records"
        " WHERE desk_id = %s AND table_name = 'dossiers' AND row_id = %s",
        (uuid.UUID(desk_id), dossier_id),
    ).fetchone()
    document = conn.execute(
        "SELECT row ->> 'sha256' AS sha256 FROM records"
        " WHERE desk_id = %s AND table_name = 'documents' AND row ->> 'dossier_id' = %s"
        " AND row ->> 'role' = 'electronic_copy' ORDER BY row_id DESC LIMIT 1",
        (uuid.UUID(desk_id), str(dossier_id)),
    ).fetchone()
    if dossier is None or not dossier["code"] or document is None:
        raise NotYetSynced()
    sha256 = document["sha256"] or ""
    if not SHA256_PATTERN.fullmatch(sha256):
        raise NotYetSynced()
    status = _office_blobs(blob_root, office_code).status(sha256)
    if not status.complete:
        raise NotYetSynced()
    entry = conn.execute(
        "SELECT row ->> 'label' AS label FROM records"
        " WHERE desk_id = %s AND table_name = 'book_entries' AND row ->> 'dossier_id' = %s"
        " ORDER BY row_id LIMIT 1",
        (uuid.UUID(desk_id), str(dossier_id)),
    ).fetchone()
    name = entry["label"] if entry and entry["label"] else dossier["code"]
    return Ecopy(desk_id, dossier_id, office_code, dossier["code"], sha256, status.received, name)


def record_download(conn: Connection, ecopy: Ecopy, now: datetime) -> bool:
    """Note the download; the first one returns the dossier to its office. True if first."""
    key = (uuid.UUID(ecopy.desk_id), ecopy.dossier_id)
    with conn.transaction():
        # The upsert locks the row: of two first downloads at once, one waits and counts 2.
        count = conn.execute(
            "INSERT INTO downloads (desk_id, dossier_id, office_code, dossier_code,"
            " document_sha256, first_at, last_at) VALUES (%s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (desk_id, dossier_id) DO UPDATE SET last_at = EXCLUDED.last_at,"
            " count = downloads.count + 1 RETURNING count",
            (*key, ecopy.office_code, ecopy.dossier_code, ecopy.sha256, now, now),
        ).fetchone()["count"]
        if count > 1:
            return False
        change_seq = changes.publish_change(
            conn,
            "dossier_returned",
            now.astimezone(OFFICE_TZ).date(),
            {
                "dossier_code": ecopy.dossier_code,
                "channel": "electronic",
                "at": now.astimezone(UTC).isoformat(timespec="seconds"),
            },
            ecopy.office_code,
        )
        conn.execute(
            "UPDATE downloads SET change_seq = %s WHERE desk_id = %s AND dossier_id = %s",
            (change_seq, *key),
        )
    return True


def _office_blobs(blob_root: Path, office_code: str) -> FilesystemBlobStore:
    return FilesystemBlobStore(blob_root / office_code)


def _utc(text: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text or "")
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def attachment_name(label: str) -> tuple[str, str]:
    """(ASCII name, UTF-8 name) of the downloaded file, from the book label."""
    text = re.sub(r"[\\/]", "-", label)
    text = re.sub(r'[:*?"<>|\x00-\x1f\x7f]', " ", text)
    text = re.sub(r"\s+", " ", text).strip(" .,-") or "ban-sao-dien-tu"
    unicode_name = f"{text[:150]}.pdf"
    folded = unicodedata.normalize("NFKD", unicode_name.replace("đ", "d").replace("Đ", "D"))
    ascii_name = "".join(ch for ch in folded if ch.isascii() and not unicodedata.combining(ch))
    return ascii_name, unicode_name


# -- routes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadedCopy:
    data: bytes
    office_code: str | None
    sha256: str | None


class _InMemoryParser(MultiPartParser):
    # Starlette spools files above 1 MB to disk: an uploaded copy must never touch it.
    spool_max_size = MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES


async def uploaded_copy(request: Request) -> UploadedCopy:
    """The PDF of the upload form, refused beyond MAX_UPLOAD_BYTES, held in memory only."""
    limit = MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES
    too_large = PageError(
        413,
        "Tệp quá lớn",
        f"Tệp bản sao điện tử để kiểm tra không được lớn hơn {MAX_UPLOAD_BYTES // 1024**2} MB.",
    )
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise too_large

    async def limited() -> AsyncGenerator[bytes, None]:
        size = 0
        async for part in request.stream():
            size += len(part)
            if size > limit:
                raise too_large
            yield part

    try:
        form = await _InMemoryParser(request.headers, limited(), max_files=1, max_fields=4).parse()
    except (MultiPartException, KeyError, ValueError):
        raise _form_error() from None
    try:
        file = form.get("file")
        data = await file.read() if isinstance(file, UploadFile) else b""
    finally:
        await form.close()
    if not data:
        raise _form_error()
    if PDF_MARK not in data[:1024] or data.count(END_OF_REVISION) > MAX_REVISIONS:
        raise PageError(
            400,
            "Không phải bản sao điện tử",
            "Tệp đã chọn không phải một bản sao điện tử. Bản sao điện tử được cấp là một tệp "
            "PDF có chữ ký số: hãy chọn đúng tệp đó.",
        )
    office, sha256 = form.get("office"), form.get("sha256")
    return UploadedCopy(
        data,
        office if isinstance(office, str) and OFFICE_CODE_PATTERN.fullmatch(office) else None,
        sha256 if isinstance(sha256, str) and SHA256_PATTERN.fullmatch(sha256) else None,
    )


def _form_error() -> PageError:
    return PageError(
        400, "Chưa chọn tệp", "Hãy chọn tệp PDF bản sao điện tử rồi bấm “Kiểm tra tệp”."
    )


async def code_form(request: Request) -> str:
    """The code typed in the download form (a small url-encoded form)."""
    body = b""
    async for part in request.stream():
        body += part
        if len(body) > MAX_CODE_FORM_BYTES:
            raise PageError(413, "Mã quá dài", "Mã tải về chỉ có 12 ký tự.")
    values = parse_qs(body.decode("utf-8", "replace"))
    return (values.get("code") or [""])[0]


def pages(database: Database, blob_root: Path) -> APIRouter:
    """The public pages, over the hub's database and its blob store."""
    router = APIRouter()
    Db = Annotated[Connection, Depends(database)]

    @router.get("/v/", response_class=HTMLResponse)
    def verify_form(conn: Db, c: str = "") -> HTMLResponse:
        pasted = c.strip()
        if not pasted:
            return _page("Kiểm tra bản sao chứng thực", _paste_form() + _upload_form())
        if len(pasted) > MAX_PASTED_CODE:
            raise _unreadable_code()
        try:
            code = parse_payload(pasted)
        except BadInputError:
            raise _unreadable_code() from None
        found = find_certification(conn, {code.ecopy_sha256}, code.office, code.label)
        return _certification_page(found)

    @router.get("/v/{office_code}/{sha256}", response_class=HTMLResponse)
    def verify(office_code: str, sha256: str, conn: Db) -> HTMLResponse:
        sha256 = sha256.lower()
        found = None
        if OFFICE_CODE_PATTERN.fullmatch(office_code) and SHA256_PATTERN.fullmatch(sha256):
            found = find_certification(conn, {sha256}, office_code)
        return _certification_page(found)

    @router.post("/v/upload", response_class=HTMLResponse)
    def verify_upload(
        upload: Annotated[UploadedCopy, Depends(uploaded_copy)], conn: Db
    ) -> HTMLResponse:
        hashes = revision_hashes(upload.data)
        if upload.sha256 is not None:
            expected = find_certification(conn, {upload.sha256}, upload.office_code)
            if expected is not None:
                return _upload_page(expected, expected.matches(hashes))
        found = find_certification(conn, hashes)
        if found is None:
            return _not_found_page()
        return _upload_page(found, True)

    @router.get("/d/", response_class=HTMLResponse)
    def download_form(code: str = "") -> HTMLResponse:
        return _page("Tải bản sao điện tử", _download_form(code[:40]), private=True)

    @router.post("/d/")
    def download(
        request: Request, typed: Annotated[str, Depends(code_form)], conn: Db
    ) -> StreamingResponse:
        now = datetime.now(UTC)
        client = request.client.host if request.client else "unknown"
        try:
            desk_id, office_code, dossier_id = check_download_code(conn, client, typed, now)
            ecopy = find_ecopy(conn, blob_root, desk_id, office_code, dossier_id)
        except Limited as exc:
            raise _limited_error(exc.until, now) from None
        except WrongCode:
            raise PageError(
                404,
                "Mã không đúng",
                "Không có hồ sơ nào với mã này. Hãy xem lại mã in trên giấy biên nhận "
                "(12 ký tự, ví dụ ABCD-EFGH-JKMN) và nhập lại.",
            ) from None
        except ExpiredCode as exc:
            raise PageError(
                410,
                "Mã đã hết hạn",
                f"Mã tải về này đã hết hạn ngày {_local_date(exc.expired_at)}. Hãy liên hệ "
                "bộ phận tiếp nhận và trả kết quả nơi bạn đã nộp hồ sơ.",
            ) from None
        except NotYetSynced:
            raise PageError(
                409,
                "Bản sao điện tử chưa sẵn sàng",
                "Mã đúng, nhưng bản sao điện tử của hồ sơ này chưa được chuyển lên hệ thống. "
                "Hãy thử lại sau ít phút; nếu vẫn chưa được, liên hệ nơi bạn đã nộp hồ sơ.",
            ) from None
        blob = _office_blobs(blob_root, office_code).open(ecopy.sha256)
        try:
            record_download(conn, ecopy, now)
        except Exception:
            blob.close()
            raise
        ascii_name, unicode_name = attachment_name(ecopy.file_name)
        return StreamingResponse(
            _chunks(blob),
            media_type="application/pdf",
            headers={
                "Content-Disposition": (
                    f'attachment; filename="{ascii_name}"; '
                    f"filename*=UTF-8''{quote(unicode_name, safe='')}"
                ),
                "Content-Length": str(ecopy.size),
                "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    return router


def _chunks(blob: BinaryIO) -> Iterator[bytes]:
    with blob:
        yield from iter(lambda: blob.read(DOWNLOAD_CHUNK_BYTES), b"")


def _unreadable_code() -> PageError:
    return PageError(
        400,
        "Mã không đọc được",
        "Nội dung này không phải mã QR của bản sao chứng thực, hoặc mã đã bị hỏng hay bị sửa. "
        "Hãy quét lại mã QR in cạnh lời chứng ở trang cuối của bản sao giấy.",
    )


def _limited_error(until: datetime, now: datetime) -> PageError:
    # Shown to the minute: the next one, so a try at the time shown is let through.
    local = (until + timedelta(minutes=1)).astimezone(OFFICE_TZ)
    return PageError(
        429,
        "Tạm dừng do nhập sai nhiều lần",
        f"Đã có {WRONG_CODES_ALLOWED} lần nhập sai mã trong "
        f"{int(WRONG_CODES_WINDOW.total_seconds() // 60)} phút từ địa chỉ của bạn. "
        f"Hãy thử lại sau {local:%H:%M} ngày {local:%d/%m/%Y} (giờ Việt Nam).",
        headers={"Retry-After": str(max(1, int((until - now).total_seconds()) + 1))},
    )


def _local_date(moment: datetime) -> str:
    return f"{moment.astimezone(OFFICE_TZ):%d/%m/%Y}"


# -- HTML ----------------------------------------------------------------------------------

_STYLE = """
*{box-sizing:border-box}
body{margin:0;background:#f3f4f6;color:#1f2328;line-height:1.5;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif}
header{background:#a50e0e;color:#fff;padding:.8rem 1rem}
header p{max-width:40rem;margin:0 auto;font-weight:600}
main{max-width:40rem;margin:0 auto;padding:0 1rem 1rem}
section{background:#fff;border-radius:.5rem;padding:1rem;margin:1rem 0;
box-shadow:0 1px 2px rgba(0,0,0,.12)}
h1{font-size:1.35rem;margin:.2rem 0 .6rem}
h2{font-size:1.1rem;margin:0 0 .5rem}
.ok h1,.ok h2{color:#0b6b2f}.bad h1{color:#b3261e}
.ok{border-left:.4rem solid #0b6b2f}.bad{border-left:.4rem solid #b3261e}
dl{margin:0}dt{color:#57606a;font-size:.9rem}dd{margin:0 0 .6rem;font-weight:600}
.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem;
word-break:break-all;font-weight:400}
label{display:block;margin:.3rem 0}
input[type=text],textarea{width:100%;padding:.55rem;font:inherit;border:1px solid #8c959f;
border-radius:.35rem}
input[type=file]{width:100%;margin:.3rem 0}
button{font:inherit;margin-top:.6rem;padding:.6rem 1.2rem;border:0;border-radius:.35rem;
background:#0b57d0;color:#fff;font-weight:600}
.note{color:#57606a;font-size:.9rem}
footer{max-width:40rem;margin:0 auto;padding:0 1rem 2rem;font-size:.9rem}
footer a{color:#0b57d0;margin-right:1rem}
"""

_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _page(
    title: str,
    body: str,
    status: int = 200,
    private: bool = False,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    e = html.escape
    document = (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        "<header><p>Tra cứu bản sao chứng thực</p></header>\n"
        f"<main>\n{body}\n</main>\n"
        '<footer><a href="/v/">Kiểm tra bản sao</a><a href="/d/">Tải bản sao điện tử</a>'
        "</footer>\n</body>\n</html>\n"
    )
    answer_headers = dict(_SECURITY_HEADERS)
    answer_headers["Cache-Control"] = "no-store" if private else "no-cache"
    answer_headers.update(headers or {})
    return HTMLResponse(document, status_code=status, headers=answer_headers)


def error_page(
    status: int, title: str, message: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    """A page saying what went wrong and what to do."""
    body = f'<section class="bad"><h1>{html.escape(title)}</h1><p>{html.escape(message)}</p>'
    body += "</section>"
    return _page(title, body, status, private=True, headers=headers)


GENERIC_ERRORS = {
    400: ("Yêu cầu không hợp lệ", "Trang này không nhận yêu cầu như vậy. Hãy thử lại từ đầu."),
    404: ("Không có trang này", "Địa chỉ này không có trên hệ thống. Hãy kiểm tra lại địa chỉ."),
    405: ("Yêu cầu không hợp lệ", "Trang này không nhận yêu cầu như vậy. Hãy thử lại từ đầu."),
    413: ("Dữ liệu quá lớn", "Dữ liệu gửi lên quá lớn."),
    503: (
        "Hệ thống tạm thời gián đoạn",
        "Hệ thống đang tạm thời không truy cập được dữ liệu. Hãy thử lại sau ít phút.",
    ),
}
SERVER_FAULT = ("Hệ thống gặp lỗi", "Hệ thống gặp lỗi khi xử lý yêu cầu này. Hãy thử lại sau.")


def generic_error_page(status: int) -> HTMLResponse:
    """The page for a fault with no message for people (unknown page, database down...)."""
    title, message = GENERIC_ERRORS.get(status, SERVER_FAULT)
    return error_page(status, title, message)


def _certification_page(found: Certification | None) -> HTMLResponse:
    if found is None:
        return _not_found_page()
    return _page("Đã cấp: bản sao chứng thực", _issued_section(found) + _upload_form(found))


def _issued_section(found: Certification, heading: str = "h1") -> str:
    e = html.escape
    return (
        f'<section class="ok">\n<{heading}>Đã cấp</{heading}>\n'
        "<p>Cơ quan dưới đây đã chứng thực và cấp bản sao điện tử này.</p>\n<dl>\n"
        f"<dt>Cơ quan chứng thực</dt><dd>{e(found.office_name)} ({e(found.office_code)})</dd>\n"
        f"<dt>Số, quyển sổ chứng thực</dt><dd>{e(found.label)}</dd>\n"
        f"<dt>Ngày chứng thực</dt><dd>{_local_date(found.certified_at)}</dd>\n"
        f"<dt>Giấy tờ được chứng thực</dt><dd>{e(found.title)}</dd>\n"
        "<dt>Mã SHA-256 của bản sao điện tử</dt>"
        f'<dd class="hash">{e(found.signed_sha256)}</dd>\n'
        "</dl>\n</section>\n"
    )


def _upload_page(found: Certification, match: bool) -> HTMLResponse:
    if match:
        title = "Tệp khớp với bản đã cấp"
        verdict = (
            f'<section class="ok">\n<h1>{title}</h1>\n<p>Tệp bạn chọn đúng là bản sao điện '
            "tử đã được chứng thực, không bị sửa đổi (có thể đã được bổ sung dữ liệu để kiểm "
            "tra chữ ký lâu dài).</p>\n</section>\n"
        )
    else:
        title = "Tệp KHÔNG khớp"
        verdict = (
            f'<section class="bad">\n<h1>{title}</h1>\n<p>Tệp bạn chọn không phải bản sao '
            "điện tử của chứng thực dưới đây, hoặc đã bị sửa đổi sau khi chứng thực. Đừng "
            "dùng tệp này thay cho bản sao chứng thực.</p>\n</section>\n"
        )
    body = verdict + _issued_section(found, heading="h2") + _upload_form(found)
    return _page(title, body)


def _not_found_page() -> HTMLResponse:
    body = (
        '<section class="bad"><h1>Không tìm thấy</h1>\n'
        "<p>Hệ thống không có bản sao chứng thực nào khớp với mã hoặc tệp này. Bản sao có "
        "thể chưa được chuyển lên hệ thống, mã có thể bị sai, hoặc tệp đã bị sửa đổi. Hãy "
        "hỏi cơ quan đã chứng thực.</p></section>\n"
    )
    return _page("Không tìm thấy", body + _paste_form() + _upload_form(), status=404)


def _paste_form() -> str:
    return (
        "<section>\n<h2>Tra cứu bằng nội dung mã QR</h2>\n"
        '<form method="get" action="/v/">\n'
        '<label for="c">Dán nội dung mã QR in trên bản sao giấy:</label>\n'
        '<textarea id="c" name="c" rows="3" required '
        'placeholder="CDQR1|..."></textarea>\n'
        '<button type="submit">Tra cứu</button>\n</form>\n</section>\n'
    )


def _upload_form(expected: Certification | None = None) -> str:
    hidden = ""
    if expected is not None:
        hidden = (
            f'<input type="hidden" name="office" value="{html.escape(expected.office_code)}">\n'
            f'<input type="hidden" name="sha256" value="{html.escape(expected.signed_sha256)}">\n'
        )
    return (
        "<section>\n<h2>Đối chiếu tệp bản sao điện tử</h2>\n"
        '<form method="post" action="/v/upload" enctype="multipart/form-data">\n'
        f"{hidden}"
        '<label for="file">Chọn tệp PDF bản sao điện tử bạn nhận được:</label>\n'
        '<input type="file" id="file" name="file" accept="application/pdf,.pdf" required>\n'
        '<button type="submit">Kiểm tra tệp</button>\n</form>\n'
        f'<p class="note">Tệp tối đa {MAX_UPLOAD_BYTES // 1024**2} MB. Tệp chỉ được dùng để '
        "tính mã kiểm tra và không được lưu lại.</p>\n</section>\n"
    )


def _download_form(code: str) -> str:
    return (
        '<section>\n<h1>Tải bản sao điện tử</h1>\n<form method="post" action="/d/">\n'
        '<label for="code">Nhập mã tải về in trên giấy biên nhận:</label>\n'
        f'<input type="text" id="code" name="code" value="{html.escape(code)}" required '
        'autocomplete="off" autocapitalize="characters" spellcheck="false" '
        'placeholder="ABCD-EFGH-JKMN">\n'
        '<button type="submit">Tải về</button>\n</form>\n'
        f'<p class="note">Mã dùng được đến ngày hết hạn in trên biên nhận. Nhập sai '
        f"{WRONG_CODES_ALLOWED} lần, bạn phải chờ "
        f"{int(WRONG_CODES_WINDOW.total_seconds() // 60)} phút.</p>\n</section>\n"
    )
