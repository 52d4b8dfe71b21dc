"""The `counterdesk` command: a thin shell over the use cases in desk.py.

Contract (stable): `--home DIR` before the subcommand; `--json` anywhere prints exactly
one JSON object on stdout; errors print one line on stderr and exit non-zero, leaving
nothing half-written.
"""

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from counterdesk import __version__
from counterdesk.capture.enhance import MODES
from counterdesk.capture.sources.folder import FolderWatcher
from counterdesk.capture.sources.registry import list_sources, open_source
from counterdesk.demo import demo_home, run_demo_certification
from counterdesk.desk import CertifyRequest, CertifyResult, Desk
from counterdesk.digitizing import DigitizeResult
from counterdesk.domain.fees import CopyMode
from counterdesk.domain.page_warnings import PageWarning
from counterdesk.errors import BadInputError, CounterDeskError
from counterdesk.store.home import default_home

# A handler returns (JSON object, text) to print, or None when it printed as it went.
Handler = Callable[[Desk, argparse.Namespace], tuple[dict[str, Any], str] | None]


WATCH_POLL_SECONDS = 0.5


def _path(p: Path | None) -> str | None:
    return str(p) if p is not None else None


def _init(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    office = desk.init_office(args.office_code, args.office_name, args.commune, args.province)
    result = {"home": str(desk.home.root), "office": {"code": office.code, "name": office.name}}
    return result, f"Office {office.code} ({office.name}) is set up in {desk.home.root}."


def _identity_create_test(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    made = desk.create_test_identity(args.name, args.title)
    result = {
        "p12_path": str(made.p12_path),
        "ca_cert_path": _path(made.ca_cert_path),
        "subject": made.subject,
    }
    return result, f"TEST identity for {made.subject}: {made.p12_path} (CA: {made.ca_cert_path})"


def _secret_from_env(var: str) -> str:
    value = os.environ.get(var)
    if value is None:
        raise BadInputError(f"Environment variable {var} is not set; put the password in it.")
    return value


def _identity_import_p12(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    made = desk.import_pkcs12(args.file, _secret_from_env(args.password_env), args.title)
    result = {"p12_path": str(made.p12_path), "subject": made.subject}
    return result, f"Imported {made.subject}: {made.p12_path}"


def _fee(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    quote = desk.quote_fee(args.pages, args.copies, args.electronic_only)
    lines = [
        {
            "description": line.description,
            "quantity": line.quantity,
            "unit_vnd": line.unit_vnd,
            "amount_vnd": line.amount_vnd,
        }
        for line in quote.lines
    ]
    result = {"amount_vnd": quote.amount_vnd, "lines": lines, "tariff": quote.tariff_id}
    return result, f"{quote.amount_vnd:,} đồng".replace(",", ".")


def _digitized_result(done: DigitizeResult) -> tuple[dict[str, Any], str]:
    def warnings(items: tuple[PageWarning, ...]) -> list[dict[str, str]]:
        return [{"code": w.code, "message": w.message} for w in items]

    result = {
        "document_id": done.document_id,
        "sha256": done.sha256,
        "pdf_path": str(done.pdf_path),
        "pages": [
            {
                "index": p.index,
                "width_px": p.width_px,
                "height_px": p.height_px,
                "dpi": p.dpi,
                "mode": p.mode,
                "bytes": p.bytes,
                "warnings": warnings(p.warnings),
            }
            for p in done.pages
        ],
        "warnings": warnings(done.warnings),
        "text_layer": done.text_layer,
    }
    lines = [f"Document {done.document_id}: {done.pdf_path}"]
    for p in done.pages:
        flags = "".join(f"  [{w.code}] {w.message}" for w in p.warnings)
        lines.append(f"  page {p.index + 1}: {p.mode}, {p.dpi} dpi, {p.bytes // 1024} KB{flags}")
    lines += [f"  [{w.code}] {w.message}" for w in done.warnings]
    return result, "\n".join(lines)


def _scan(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    chosen = [bool(args.files), args.camera is not None, args.source is not None]
    if sum(chosen) != 1:
        raise BadInputError("Give files to scan, or --camera INDEX, or --source ID (one of them).")
    if args.files:
        done = desk.digitize_files(
            [Path(f) for f in args.files], args.mode, args.dossier, args.title
        )
    else:
        source_id = f"camera:{args.camera}" if args.camera is not None else args.source
        source = open_source(source_id, camera_pages=args.pages)
        done = desk.digitize_from(source, args.mode, args.dossier, args.title)
    return _digitized_result(done)


def _watch(desk: Desk, args: argparse.Namespace) -> None:
    """Digitize each finished file appearing in the folder; one line per document."""
    watcher = FolderWatcher(args.folder, desk.watched_file_taken, settle_seconds=args.settle)
    deadline = None if args.timeout is None else time.monotonic() + args.timeout
    taken = 0
    folder_missing = False
    while args.count is None or taken < args.count:
        if deadline is not None and time.monotonic() > deadline:
            break
        try:
            ready = watcher.finished_files()
            folder_missing = False
        except (FileNotFoundError, NotADirectoryError):
            if not folder_missing:
                print(
                    f"counterdesk: the folder {args.folder} is not there (unplugged or "
                    "renamed?); waiting for it to come back.",
                    file=sys.stderr,
                    flush=True,
                )
            folder_missing = True
            ready = []
        for path in ready:
            try:
                result, text = _digitized_result(
                    desk.take_watched_file(path, args.mode, args.dossier)
                )
            except CounterDeskError as exc:
                print(f"counterdesk: {exc.message}", file=sys.stderr, flush=True)
                continue
            print(
                json.dumps({"file": str(path), **result}, ensure_ascii=False)
                if args.json
                else text,
                flush=True,
            )
            taken += 1
            if args.count is not None and taken >= args.count:
                break
        time.sleep(WATCH_POLL_SECONDS)


def _scanners(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    found = list_sources(args.address, probe_cameras=not args.no_cameras)
    result = {"scanners": [{"id": s.id, "kind": s.kind, "name": s.name} for s in found]}
    text = "\n".join(f"{s.id}\t{s.name}" for s in found) or "No scanner or camera found."
    return result, text


def _id_qr(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    card = desk.read_id_card(args.image)
    result = {
        "id_number": card.id_number,
        "old_id_number": card.old_id_number,
        "full_name": card.full_name,
        "date_of_birth": card.date_of_birth.isoformat(),
        "sex": card.sex,
        "address": card.address,
        "issued_on": card.issued_on.isoformat(),
    }
    return result, f"{card.full_name} — {card.id_number}"


def _certify(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    if args.no_electronic:
        mode = CopyMode.PAPER
    elif args.electronic_only:
        mode = CopyMode.ELECTRONIC_ONLY
    else:
        mode = CopyMode.PAPER_AND_ELECTRONIC
    done = desk.certify_copies(
        CertifyRequest(
            files=[Path(f) for f in args.files],
            document_id=args.document_id,
            citizen_name=args.citizen_name,
            citizen_id=args.citizen_id,
            document_title=args.document_title,
            copies=args.copies,
            mode=mode,
        )
    )
    return _certify_result(done)


def _certify_result(done: CertifyResult) -> tuple[dict[str, Any], str]:
    result = {
        "dossier_code": done.dossier_code,
        "certification": {
            "number": done.position.number,
            "volume": done.position.volume,
            "year": done.position.year,
            "symbol": done.symbol,
            "label": done.label,
        },
        "pages": done.pages,
        "copies": done.copies,
        "fee": {"amount_vnd": done.fee_vnd, "receipt_no": done.receipt_no},
        "paper_pdf": _path(done.paper_pdf),
        "electronic_pdf": _path(done.electronic_pdf),
        "receipt_pdf": str(done.receipt_pdf),
    }
    text = "\n".join(
        [
            f"{done.label} — dossier {done.dossier_code}, fee {done.fee_vnd} đ "
            f"(receipt {done.receipt_no})",
            f"paper copy:      {_path(done.paper_pdf) or '-'}",
            f"electronic copy: {_path(done.electronic_pdf) or '-'}",
            f"receipt:         {done.receipt_pdf}",
        ]
    )
    return result, text


def _book_list(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    entries = desk.book_entries(args.year)
    result = {
        "entries": [
            {
                "number": e.number,
                "label": e.label,
                "certified_at": e.certified_at.isoformat(),
                "citizen_name": e.citizen_name,
                "document_title": e.document_title,
                "copies": e.copies,
                "electronic": e.electronic,
                "fee_vnd": e.fee_vnd,
            }
            for e in entries
        ]
    }
    text = "\n".join(
        f"{e.label}  {e.certified_at:%d/%m/%Y %H:%M}  {e.document_title}  x{e.copies}"
        for e in entries
    )
    return result, text or "The book has no entries."


def _verify(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    report = desk.verify_copy(args.file)
    result = {
        "signed": report.signed,
        "intact": report.intact,
        "signer": report.signer,
        "label": report.label,
        "dossier_code": report.dossier_code,
    }
    if not report.signed:
        text = f"{args.file} is not signed."
    elif report.intact:
        text = f"Signed by {report.signer}; unchanged since signing. {report.label or ''}"
    else:
        text = f"Signed by {report.signer}, but CHANGED or damaged after signing."
    return result, text


def _demo(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    result, text = _certify_result(run_demo_certification(desk))
    return result, f"Demo office in {desk.home.root}\n{text}"


def _json_flag(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument(
        "--json", action="store_true", default=default, help="print one JSON object on stdout"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counterdesk",
        description="CounterDesk: certify copies, digitize dossiers, keep the book.",
    )
    parser.add_argument("--version", action="version", version=f"counterdesk {__version__}")
    parser.add_argument(
        "--home", type=Path, help="data folder (default: $COUNTERDESK_HOME or the user data folder)"
    )
    parser.add_argument(
        "--demo", action="store_true", help="use the demo office (its own data folder)"
    )
    _json_flag(parser, False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(group: Any, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = group.add_parser(name, help=help_text, description=help_text)
        _json_flag(sub, argparse.SUPPRESS)
        sub.set_defaults(handler=handler)
        return sub

    init = command(commands, "init", _init, "set up the office in the data folder")
    init.add_argument("--office-code", required=True, help="agency code, e.g. H38.12")
    init.add_argument("--office-name", required=True)
    init.add_argument("--commune")
    init.add_argument("--province")

    identity = commands.add_parser("identity", help="signing identities")
    identity_commands = identity.add_subparsers(
        dest="identity_command", metavar="ACTION", required=True
    )
    test = command(
        identity_commands,
        "create-test",
        _identity_create_test,
        "make a TEST CA and signer for training and tests",
    )
    test.add_argument("--name", required=True, help="signer's full name")
    test.add_argument("--title", default="Phó Chủ tịch", help="signer's title")
    imp = command(
        identity_commands,
        "import-p12",
        _identity_import_p12,
        "import a PKCS#12 (.p12/.pfx) signing identity",
    )
    imp.add_argument("file", type=Path)
    imp.add_argument(
        "--password-env",
        required=True,
        metavar="VAR",
        help="environment variable holding the PKCS#12 password",
    )
    imp.add_argument("--title", help="signer's title (default: from the certificate)")

    fee = command(commands, "fee", _fee, "compute the certification fee")
    fee.add_argument("--pages", type=int, required=True, help="pages of the original")
    fee.add_argument("--copies", type=int, default=1)
    fee.add_argument("--electronic-only", action="store_true")

    certify = command(
        commands, "certify", _certify, "certify copies of one original (paper + electronic)"
    )
    certify.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="scanned pages of the original: JPEG, PNG, TIFF or PDF",
    )
    certify.add_argument(
        "--document-id", type=int, help="a digitized copy (from `scan`) to use as the original"
    )
    certify.add_argument("--citizen-name", required=True)
    certify.add_argument("--citizen-id", required=True)
    certify.add_argument("--document-title", required=True)
    certify.add_argument("--copies", type=int, default=1, help="paper copies")
    modes = certify.add_mutually_exclusive_group()
    modes.add_argument("--no-electronic", action="store_true", help="paper copies only")
    modes.add_argument("--electronic-only", action="store_true", help="electronic copy only")

    book = commands.add_parser("book", help="the certification book")
    book_commands = book.add_subparsers(dest="book_command", metavar="ACTION", required=True)
    book_list = command(book_commands, "list", _book_list, "list book entries")
    book_list.add_argument("--year", type=int)

    scan = command(commands, "scan", _scan, "digitize a document into a searchable PDF/A copy")
    scan.add_argument("files", nargs="*", metavar="FILE", help="images or PDFs, in page order")
    scan.add_argument("--camera", type=int, metavar="INDEX", help="take pages from a camera")
    scan.add_argument("--source", metavar="ID", help="a scanner id from `counterdesk scanners`")
    scan.add_argument(
        "--pages",
        type=int,
        default=1,
        metavar="N",
        help="camera: how many pages to take, one each time a page is held still",
    )
    scan.add_argument("--mode", choices=["auto", *MODES], default="auto")
    scan.add_argument("--dossier", metavar="CODE", help="link the copy to this dossier")
    scan.add_argument("--title", help="document title (default: the first file's name)")

    watch = command(
        commands,
        "watch",
        _watch,
        "digitize each file a scanner saves into a folder (one JSON line each)",
    )
    watch.add_argument("folder", type=Path)
    watch.add_argument("--mode", choices=["auto", *MODES], default="auto")
    watch.add_argument("--dossier", metavar="CODE")
    watch.add_argument(
        "--settle",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="a file is finished when unchanged this long",
    )
    watch.add_argument("--count", type=int, help="stop after this many documents")
    watch.add_argument("--timeout", type=float, metavar="SECONDS", help="stop after this long")

    scanners = command(commands, "scanners", _scanners, "list scanners and cameras")
    scanners.add_argument(
        "--address",
        action="append",
        default=[],
        metavar="HOST",
        help="look for an eSCL (AirScan) scanner at this address",
    )
    scanners.add_argument("--no-cameras", action="store_true", help="do not probe cameras")

    id_qr = command(commands, "id-qr", _id_qr, "read the QR code of a citizen ID card (CCCD)")
    id_qr.add_argument("image", type=Path)

    verify = command(commands, "verify", _verify, "check an electronic copy's signature")
    verify.add_argument("file", type=Path)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None and not args.demo:
        print(
            "The desk window is not available yet; use a command (see --help), "
            "or --demo to certify a sample original in the demo office.",
            file=sys.stderr,
        )
        return 2
    desk = None
    try:
        desk = Desk.open(args.home or (demo_home() if args.demo else default_home()))
        if handler is None:
            # Until the desk window exists, the demo runs one certification headless.
            handler = _demo
        output = handler(desk, args)
    except CounterDeskError as exc:
        print(f"counterdesk: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    finally:
        if desk is not None:
            desk.close()
    if output is None:
        return 0
    result, text = output
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(text)
    return 0
