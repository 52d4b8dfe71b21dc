"""The hub's HTTP API: every endpoint of `counterdesk.sync.protocol`, as thin handlers.

Endpoints are plain functions (FastAPI runs them on its thread pool) over one pooled
database connection per request. Every endpoint but enrolment depends on `signed_desk`,
so a request that is not signed by an enrolled desk gets 401 before any handler reads data,
and every query a handler makes is scoped to that desk or its office. Blobs are kept in
one store per office, so a desk cannot even learn whether another office holds a file.

Errors answer `{"error": "<what is wrong and what to do>", ...details}`; every answer
carries the hub's clock in `X-CD-Hub-Time`. Outside the API, the public pages of
`public` (checking a certified copy, a citizen's download) need no signature, and their
errors are pages in Vietnamese.
"""

import json
import logging
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import psycopg
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from counterdesk.errors import CounterDeskError
from counterdesk.sync.hub import auth, changes, db, enrolment, events, public
from counterdesk.sync.hub.auth import Desk
from counterdesk.sync.hub.blobstore import (
    BlobHashError,
    BlobOffsetError,
    BlobStore,
    FilesystemBlobStore,
    check_sha256,
)
from counterdesk.sync.hub.errors import (
    BadRequestError,
    ConflictError,
    HashMismatchError,
    HubError,
    TooLargeError,
)
from counterdesk.sync.protocol import (
    API,
    CHUNK_BYTES,
    HEADER_HUB_TIME,
    MAX_BUNDLE_BYTES,
    unpack_bundle,
)

MAX_JSON_BYTES = 16 * 1024 * 1024
MAX_BLOB_BYTES = 2 * 1024**3
ED25519_PUBLIC_KEY_BYTES = 32


def create_app(db_url: str, blob_root: Path) -> FastAPI:
    """The hub over the (migrated) database at `db_url`, keeping blobs under `blob_root`."""
    with db.connection(db_url) as conn:
        db.check_migrated(conn)
    connections = db.pool(db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        access_log = logging.getLogger("uvicorn.access")
        access_log.addFilter(without_page_queries)
        yield
        access_log.removeFilter(without_page_queries)
        connections.close()

    app = FastAPI(
        title="CounterDesk hub", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    app.add_middleware(HubTimeHeader)
    _add_error_handlers(app)

    def database() -> Iterator[db.Connection]:
        with connections.connection() as conn:
            yield conn

    Database = Annotated[db.Connection, Depends(database)]
    Body = Annotated[bytes, Depends(read_body)]

    def signed_desk(request: Request, body: Body, conn: Database) -> Desk:
        return auth.authenticate(
            conn, request.headers, request.method, signed_path(request), body, _now()
        )

    SignedDesk = Annotated[Desk, Depends(signed_desk)]

    def office_blobs(desk: Desk) -> BlobStore:
        return FilesystemBlobStore(blob_root / enrolment.check_office_code(desk.office_code))

    @app.post(f"{API}/enrol")
    def enrol(body: Body, conn: Database) -> dict[str, Any]:
        payload = _json_object(body)
        code, key, name = (payload.get(k) for k in ("code", "public_key", "desk_name"))
        if not isinstance(code, str) or not code.strip():
            raise BadRequestError('Enrolment needs the one-time "code" the hub issued.')
        public_key = _public_key(key)
        name = name.strip() if isinstance(name, str) and name.strip() else "Desk"
        if len(name) > enrolment.MAX_DESK_NAME:
            raise BadRequestError(f"A desk name has at most {enrolment.MAX_DESK_NAME} characters.")
        done = enrolment.enrol_desk(conn, code, public_key, name, _now())
        return {
            "desk_id": done.desk_id,
            "office_code": done.office_code,
            "office_name": done.office_name,
        }

    @app.get(f"{API}/state")
    def state(desk: SignedDesk, conn: Database) -> dict[str, Any]:
        where = events.progress(conn, desk.id)
        return {
            "desk_id": desk.id,
            "office_code": desk.office_code,
            "last_seq": where.last_seq,
            "gaps": where.gaps,
        }

    @app.post(f"{API}/events")
    def post_events(desk: SignedDesk, body: Body, conn: Database) -> dict[str, Any]:
        batch = events.parse_events(_json(body))
        blobs = office_blobs(desk)

        def complete_size(sha256: str) -> int | None:
            status = blobs.status(sha256)
            return status.received if status.complete else None

        result = events.receive_events(conn, desk, batch, complete_size)
        return {
            "stored": result.stored,
            "duplicates": result.duplicates,
            "last_seq": result.progress.last_seq,
            "gaps": result.progress.gaps,
        }

    @app.get(API + "/blobs/{sha256}")
    def blob_status(sha256: str, desk: SignedDesk) -> dict[str, Any]:
        status = office_blobs(desk).status(_sha256(sha256))
        return {"received": status.received, "complete": status.complete}

    @app.put(API + "/blobs/{sha256}")
    def blob_chunk(
        sha256: str, request: Request, desk: SignedDesk, body: Body, conn: Database
    ) -> dict[str, Any]:
        sha256 = _sha256(sha256)
        offset = _int_param(request, "offset")
        total = _int_param(request, "total")
        if total > MAX_BLOB_BYTES:
            raise TooLargeError(
                f"The hub takes files of at most {MAX_BLOB_BYTES // 1024**3} GiB; this one "
                f"has {total} bytes."
            )
        if offset + len(body) > total:
            raise BadRequestError(
                f"This chunk ends at byte {offset + len(body)}, after the file's total of "
                f"{total} bytes."
            )
        try:
            status = office_blobs(desk).append(sha256, offset, body, total)
        except BlobOffsetError as exc:
            raise ConflictError(
                f"The hub holds {exc.received} bytes of this file, not {offset}: send the "
                f"next chunk from offset {exc.received}.",
                received=exc.received,
                complete=False,
            ) from None
        except BlobHashError:
            raise HashMismatchError(
                f"The {total} bytes received do not hash to {sha256}; the hub discarded "
                "them. The file changed during the upload or on the desk's disk: the desk "
                "must check its copy, then upload it again from the start.",
                received=0,
                complete=False,
            ) from None
        if status.complete:
            with conn.transaction():
                events.record_blobs(conn, desk.office_code, {sha256: status.received})
        return {"received": status.received, "complete": status.complete}

    @app.post(API + "/blobs")
    def blob_bundle(desk: SignedDesk, body: Body, conn: Database) -> dict[str, Any]:
        if len(body) > MAX_BUNDLE_BYTES:
            raise TooLargeError(f"A bundle of files carries at most {CHUNK_BYTES} bytes of them.")
        try:
            files = unpack_bundle(body)
        except ValueError as exc:
            raise BadRequestError(f"The bundle of files is malformed: {exc}.") from None
        blobs = office_blobs(desk)
        kept: dict[str, int] = {}
        refused = []
        for sha256, data in files:
            try:
                kept[sha256] = blobs.append(sha256, 0, data, len(data)).received
            except BlobHashError:
                refused.append(sha256)
        if kept:
            with conn.transaction():
                events.record_blobs(conn, desk.office_code, kept)
        if refused:
            raise HashMismatchError(
                f"{len(refused)} file(s) of the bundle do not hash to their names; the hub "
                "discarded them and kept the others. The files changed on the desk's disk: "
                "the desk must check its copies, then send them again.",
                complete=sorted(kept),
                refused=refused,
            )
        return {"complete": sorted(kept)}

    @app.get(f"{API}/changes")
    def get_changes(request: Request, desk: SignedDesk, conn: Database) -> dict[str, Any]:
        since = _int_param(request, "since", default=0)
        found, last = changes.changes_for_office(conn, desk.office_code, since)
        return {"changes": found, "last": last}

    app.include_router(public.pages(database, blob_root))
    return app


async def read_body(request: Request) -> bytes:
    """The raw body (what the signature covers), refused beyond the size a request may have."""
    limit = CHUNK_BYTES if request.method == "PUT" else MAX_JSON_BYTES
    too_large = TooLargeError(
        f"A request to the hub carries at most {limit} bytes"
        + ("; send files in chunks." if request.method == "PUT" else "; send smaller batches.")
    )
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise too_large
    parts, size = [], 0
    try:
        async for part in request.stream():
            size += len(part)
            if size > limit:
                raise too_large
            parts.append(part)
    except ClientDisconnect:  # a link cut mid-request: common on commune lines, no traceback
        raise BadRequestError("The connection was cut mid-request; the desk resends.") from None
    return b"".join(parts)


def without_page_queries(record: logging.LogRecord) -> bool:
    """Keeps the access log's line but drops the query of a public page's address: a QR on
    a receipt brings the citizen's download code there (`/d/?code=...`)."""
    args = record.args
    if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
        path, query_mark, _query = args[2].partition("?")
        if query_mark and public.is_page(path):
            record.args = (*args[:2], f"{path}?…", *args[3:])
    return True


def signed_path(request: Request) -> str:
    """The path as the desk sent it, with its query: what the signature covers."""
    raw_path = request.scope.get("raw_path") or request.url.path.encode()
    path = raw_path.decode("latin-1")
    query = request.scope.get("query_string", b"").decode("latin-1")
    return f"{path}?{query}" if query else path


class HubTimeHeader:
    """Adds the hub's clock to every answer, so a desk can tell the clerk its clock is off."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_time(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append(HEADER_HUB_TIME, str(int(time.time())))
            await send(message)

        await self.app(scope, receive, send_with_time)


def _add_error_handlers(app: FastAPI) -> None:
    def answer(request: Request, status: int, message: str, **details: Any) -> Response:
        if public.is_page(request.url.path):
            return public.generic_error_page(status)
        return JSONResponse({"error": message, **details}, status_code=status)

    @app.exception_handler(HubError)
    def hub_error(request: Request, exc: HubError) -> Response:
        if isinstance(exc, public.PageError):
            return public.error_page(exc.status, exc.title, exc.message, exc.headers)
        return answer(request, exc.status, exc.message, **exc.details)

    @app.exception_handler(CounterDeskError)
    def counterdesk_error(request: Request, exc: CounterDeskError) -> Response:
        # Setup and storage faults of the hub itself, not of the request.
        return answer(request, 503, exc.message)

    @app.exception_handler(psycopg.OperationalError)
    def database_down(request: Request, _exc: psycopg.OperationalError) -> Response:
        return answer(
            request,
            503,
            "The hub cannot reach its database right now. Nothing was lost; try again later.",
        )

    @app.exception_handler(psycopg.DataError)
    def unstorable_value(request: Request, exc: psycopg.DataError) -> Response:
        return answer(request, 400, f"The hub cannot store a value of this request ({exc}).")

    @app.exception_handler(HTTPException)
    def http_error(request: Request, exc: HTTPException) -> Response:
        message = {
            404: "The hub has no such endpoint: check the hub address and the desk's version.",
            405: "This endpoint does not take this method.",
        }.get(exc.status_code, str(exc.detail))
        return answer(request, exc.status_code, message)

    @app.exception_handler(Exception)
    def unexpected(request: Request, _exc: Exception) -> Response:
        # A bug: the desk gets a sentence and retries later; the traceback goes to the log.
        return answer(
            request,
            500,
            "The hub failed on this request; its log has the details. Try again later.",
        )

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return answer(request, 400, f"The request is malformed: {exc.errors()}")


def _now() -> datetime:
    return datetime.now(UTC)


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise BadRequestError("The body must be JSON in UTF-8.") from None


def _json_object(body: bytes) -> dict[str, Any]:
    payload = _json(body)
    if not isinstance(payload, dict):
        raise BadRequestError("The body must be a JSON object.")
    return payload


def _public_key(value: Any) -> bytes:
    try:
        key = bytes.fromhex(value) if isinstance(value, str) else b""
    except ValueError:
        key = b""
    if len(key) != ED25519_PUBLIC_KEY_BYTES:
        raise BadRequestError(
            'Enrolment needs "public_key": the desk\'s Ed25519 public key, 32 raw bytes in hex.'
        )
    return key


def _sha256(value: str) -> str:
    try:
        return check_sha256(value)
    except ValueError:
        raise BadRequestError(
            f"{value!r} is not a file name the hub knows: blobs are named by their SHA-256 "
            "in lowercase hex."
        ) from None


def _int_param(request: Request, name: str, default: int | None = None) -> int:
    value = request.query_params.get(name)
    if value is None and default is not None:
        return default
    if value is None or not (value.isascii() and value.isdigit()):
        raise BadRequestError(f"The query parameter {name} must be a whole number from 0.")
    return int(value)
