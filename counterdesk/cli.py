"""The `counterdesk` command: a thin shell over the use cases in desk.py.

Contract (stable): `--home DIR` before the subcommand; `--json` anywhere prints exactly
one JSON object on stdout; errors print one line on stderr and exit non-zero, leaving
nothing half-written.
"""

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from counterdesk import __version__
from counterdesk.demo import demo_home, run_demo_certification
from counterdesk.desk import CertifyRequest, CertifyResult, Desk
from counterdesk.domain.fees import CopyMode
from counterdesk.errors import BadInputError, CounterDeskError
from counterdesk.store.home import default_home

Handler = Callable[[Desk, argparse.Namespace], tuple[dict[str, Any], str]]


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
        nargs="+",
        metavar="FILE",
        help="scanned pages of the original: JPEG, PNG, TIFF or PDF",
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
        result, text = handler(desk, args)
    except CounterDeskError as exc:
        print(f"counterdesk: {exc.message}", file=sys.stderr)
        return exc.exit_code
    finally:
        if desk is not None:
            desk.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(text)
    return 0
