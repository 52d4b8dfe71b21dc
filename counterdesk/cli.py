"""The `counterdesk` command: a thin shell over the use cases in desk.py.

Contract (stable): `--home DIR` before the subcommand; `--json` anywhere prints exactly
one JSON object on stdout; errors print one line on stderr and exit non-zero, leaving
nothing half-written.
"""

import argparse
import dataclasses
import gc
import getpass
import importlib
import json
import logging
import os
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from counterdesk import __version__
from counterdesk.accounts import Account
from counterdesk.calendar_data import format_hours
from counterdesk.capture.enhance import MODES
from counterdesk.capture.sources.folder import FolderWatcher
from counterdesk.capture.sources.registry import list_sources, open_source
from counterdesk.demo import demo_home, reset_demo, run_demo_certification
from counterdesk.desk import CertifyRequest, CertifyResult, Desk
from counterdesk.digitizing import DigitizeResult
from counterdesk.domain.fees import PAYMENT_CHANNELS, CopyMode
from counterdesk.domain.page_warnings import PageWarning
from counterdesk.domain.roles import LOCAL_ACTOR
from counterdesk.dossiers import DossierView
from counterdesk.errors import BadInputError, CounterDeskError, SetupError
from counterdesk.signing.tokens import TokenConfig
from counterdesk.signing.tokens import diagnose as diagnose_token
from counterdesk.store.home import default_home
from counterdesk.sync.client import SyncReport

# A handler returns (JSON object, text) to print, or None when it printed as it went.
Handler = Callable[[Desk, argparse.Namespace], tuple[dict[str, Any], str] | None]


WATCH_POLL_SECONDS = 0.5


def _path(p: Path | None) -> str | None:
    return str(p) if p is not None else None


def _init(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    office = desk.init_office(args.office_code, args.office_name, args.commune, args.province)
    result = {"home": str(desk.home.root), "office": {"code": office.code, "name": office.name}}
    return result, f"Office {office.code} ({office.name}) is set up in {desk.home.root}."


def _purpose(args: argparse.Namespace) -> str:
    return "organisation" if args.organisation else "signer"


def _identity_create_test(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    made = desk.create_test_identity(args.name, args.title, _purpose(args))
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
    password = _secret_from_env(args.password_env)
    made = desk.import_pkcs12(args.file, password, args.title, _purpose(args))
    result = {"p12_path": str(made.p12_path), "subject": made.subject}
    return result, f"Imported {made.subject}: {made.p12_path}"


def _identity_add_pkcs11(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    config = TokenConfig(args.module, args.token, cert_id=args.cert_id)
    added = desk.add_token_identity(config, args.title, _purpose(args))
    return added, f"Token “{added['token']}”: {added['signer']} ({added['title']}) will sign."


def _identity_list(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    found = desk.identities()
    lines = [
        f"{'*' if i['active'] else ' '} {i['purpose']:<12} {i['kind']:<7} {i['signer']} — "
        f"{i['title']}"
        f"{' (TEST)' if i['test'] else ''}{' on “' + i['token'] + '”' if i['token'] else ''}"
        f", valid until {i['not_after'][:10]}"
        for i in found
    ]
    return {"identities": found}, "\n".join(lines) or "No signing identity yet."


def _identity_diagnose(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    pin = _secret_from_env(args.pin_env) if args.pin_env else None
    report = diagnose_token(args.module, token_label=args.token, pin=pin)
    return report, json.dumps(report, ensure_ascii=False, indent=2)


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
            payment_channel=args.payment,
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


def _month(text: str) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in text.split("-"))
    except ValueError:
        raise BadInputError(
            f"{text!r} is not a month; write it as YYYY-MM, e.g. 2026-11."
        ) from None
    return year, month


def _book_export(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    year, month = _month(args.month)
    done = desk.export_book_month(year, month)
    result = {
        "month": args.month,
        "entries": done.entries,
        "pages": done.pages,
        "pdf_path": str(done.pdf_path),
    }
    return result, f"{done.entries} entries, {done.pages} pages: {done.pdf_path}"


def _book_close(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    done = desk.close_book(args.year)
    result = {
        "year": done.year,
        "entries": done.entries,
        "first_number": done.first_number,
        "last_number": done.last_number,
        "pdf_path": str(done.pdf_path),
    }
    return result, f"The {done.year} book is closed with {done.entries} entries: {done.pdf_path}"


def _local_text(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M") if moment else None


def _dossier_json(view: DossierView) -> dict[str, Any]:
    result = {
        "code": view.code,
        "state": view.state,
        "procedure_code": view.procedure_code,
        "procedure_name": view.procedure_name,
        "citizen_name": view.citizen_name,
        "received_at": _local_text(view.received_at),
        "due_at": _local_text(view.due_at),
        "finished_at": _local_text(view.finished_at),
        "returned_at": _local_text(view.returned_at),
        "return_channel": view.return_channel,
        "risk": view.risk,
    }
    if view.events:
        result["events"] = [
            {
                "at": _local_text(e.at),
                "actor": e.actor,
                "action": e.action,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "reason": e.reason,
            }
            for e in view.events
        ]
    return result


def _dossier_line(view: DossierView) -> str:
    due = view.due_at.strftime("%H:%M %d/%m/%Y") if view.due_at else "-"
    return f"{view.code}  {view.state:<20} due {due}  {view.risk:<16} {view.citizen_name}"


def _dossier_receive(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    view, slip = desk.receive_dossier(
        args.procedure,
        args.citizen_name,
        args.citizen_id,
        args.online,
        args.online_eligible,
        args.document or [],
    )
    return {**_dossier_json(view), "form_pdf": str(slip)}, f"{_dossier_line(view)}\n{slip}"


def _dossier_action(action: str) -> Handler:
    def handle(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
        view, form = desk.move_dossier(
            args.code, action, getattr(args, "reason", None), getattr(args, "channel", None)
        )
        result = _dossier_json(view)
        if form is not None:
            result["form_pdf"] = str(form)
        return result, _dossier_line(view) + (f"\n{form}" if form else "")

    return handle


def _dossier_extend(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    view = desk.dossiers.extend(args.code, args.days, args.reason)
    return _dossier_json(view), _dossier_line(view)


def _dossier_list(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    views = desk.dossiers.list_dossiers(args.state, args.limit)
    return (
        {"dossiers": [_dossier_json(v) for v in views]},
        "\n".join(_dossier_line(v) for v in views) or "No dossiers.",
    )


def _dossier_show(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    view = desk.dossiers.show(args.code)
    result = _dossier_json(view)
    if args.control_sheet:
        result["form_pdf"] = str(desk.control_sheet(args.code))
    lines = [_dossier_line(view)] + [
        f"  {_local_text(e.at)}  {e.action:<12} {e.from_state or '-'} -> {e.to_state}"
        f"  {e.reason or ''}"
        for e in view.events
    ]
    return result, "\n".join(lines)


def _dossier_book(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    year, month = _month(args.month)
    count, pdf = desk.tracking_book(year, month)
    return {"month": args.month, "dossiers": count, "form_pdf": str(pdf)}, str(pdf)


def _late(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    items = desk.dossiers.late(args.margin_hours)
    result = {
        "dossiers": [
            {
                **_dossier_json(i.dossier),
                "working_hours_left": i.working_hours_left,
                "reason": i.reason,
                "remedy": i.remedy,
                "new_due_at": _local_text(i.new_due_at),
            }
            for i in items
        ]
    }
    text = "\n".join(f"{_dossier_line(i.dossier)}  {i.working_hours_left:+.1f} h" for i in items)
    return result, text or "No dossier is late or at risk."


def _late_report(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    try:
        new_due = datetime.strptime(args.new_due, "%Y-%m-%d %H:%M")
    except ValueError:
        raise BadInputError(
            f"{args.new_due!r}: write the new date as 'YYYY-MM-DD HH:MM'."
        ) from None
    view, letter = desk.report_late(args.code, args.reason, args.remedy, new_due)
    return {**_dossier_json(view), "form_pdf": str(letter)}, f"{_dossier_line(view)}\n{letter}"


def _catalog_import(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    diff = desk.dossiers.import_catalog(args.file, apply=args.apply)
    result = {
        "applied": args.apply,
        "added": [p.code for p in diff.added],
        "changed": [{"code": new.code, "fields": list(fields)} for _, new, fields in diff.changed],
        "withdrawn": [p.code for p in diff.withdrawn],
        "unchanged": diff.unchanged,
    }
    verb = "Applied" if args.apply else "Would apply (add --apply)"
    text = (
        f"{verb}: {len(diff.added)} added, {len(diff.changed)} changed, "
        f"{len(diff.withdrawn)} withdrawn, {diff.unchanged} unchanged"
    )
    return result, text


def _catalog_list(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    procedures = desk.dossiers.procedures()
    result = {
        "procedures": [
            {**dataclasses.asdict(p), "effective_from": p.effective_from.isoformat()}
            for p in procedures
        ]
    }
    return result, "\n".join(f"{p.code}  {p.name}  ({p.time_limit})" for p in procedures)


def _indicators(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    year, month = _month(args.month)
    ind, report = desk.indicators(year, month, with_report=args.report)
    result: dict[str, Any] = dataclasses.asdict(ind)
    if report is not None:
        result["report_pdf"] = str(report)
    return result, json.dumps(result, ensure_ascii=False, indent=1)


def _citizens(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    found = desk.dossiers.search_citizens(args.query)
    return (
        {"citizens": [{"full_name": c["full_name"], "id_number": c["id_number"]} for c in found]},
        "\n".join(f"{c['full_name']}  {c['id_number']}" for c in found) or "Nobody found.",
    )


def _office_hours(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    text = format_hours(desk.dossiers.set_hours(args.hours))
    return {"hours": text}, f"Office hours: {text}"


def _office_bank(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    desk.set_bank_account(args.bin, args.account, args.name)
    result = {"bank_bin": args.bin, "bank_account": args.account, "bank_account_name": args.name}
    return result, "Receipts will carry a VietQR code for transfers to this account."


_ECOPY_VERDICTS = {
    True: " The e-copy file given IS the one this code names.",
    False: " The e-copy file given is NOT the one this code names.",
}
_QR_VERDICTS = {
    "matches": "MATCHES: in our book, with an e-copy of this SHA-256.",
    "no_match": "NO MATCH: not in our book, or its e-copy has another SHA-256.",
    "not_ours": "Not ours: certified by office {office}; ask that office to check it.",
}


def _verify(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    if args.qr is not None:
        checked = desk.verify_qr(args.qr, args.ecopy)
        verdict = _QR_VERDICTS[str(checked["verdict"])].format(office=checked["office"])
        if checked["ecopy_matches"] is not None:
            verdict += _ECOPY_VERDICTS[bool(checked["ecopy_matches"])]
        return checked, f"{checked['label']} ({checked['office']}): {verdict}"
    if args.ecopy is not None:
        raise BadInputError("--ecopy goes with --qr IMAGE: the paper copy to check it against.")
    result = desk.verify_copy_report(args.file, allow_fetching=not args.offline)
    verdict = {"valid": "VALID", "invalid": "INVALID", "indeterminate": "NOT CONFIRMED"}
    reasons = " ".join(str(r) for r in result["reasons"])
    return result, f"{verdict[str(result['verdict'])]}: {reasons}".strip()


def _sync_enrol(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    enrolled = desk.enrol_with_hub(args.hub, args.code, args.name or socket.gethostname())
    return enrolled, f"Enrolled with {enrolled['hub']} as desk {enrolled['desk_id']}."


def _sync_text(report: SyncReport) -> str:
    text = (
        f"Sent {report.sent_events} events ({report.sent_bytes:,} bytes); pending "
        f"{report.pending_events} events ({report.pending_bytes:,} bytes)."
    )
    if report.applied_changes:
        text += f" Applied {report.applied_changes} change(s) published by the hub."
    return "\n".join([text, *report.errors])


def _sync_run(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    if not args.watch:
        report = desk.run_sync()
        return report.as_json(), _sync_text(report)
    stop = threading.Event()
    try:
        desk.sync.run_forever(
            stop, lambda report: print(_sync_text(report), flush=True), desk.run_sync
        )
    except KeyboardInterrupt:
        stop.set()
    return desk.sync.status(), "Stopped."


def _sync_status(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    status = desk.sync.status()
    if not status["enrolled"]:
        return status, "Not enrolled with a hub."
    text = (
        f"Hub {status['hub']} (desk {status['desk_id']}); last sync "
        f"{status['last_success_at'] or 'never'}; pending {status['pending_events']} events "
        f"({status['pending_bytes']:,} bytes)"
    )
    if status["last_error"]:
        text += f"\nLast error: {status['last_error']}"
    return status, text


def _signing_settings(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    current = desk.signatures.settings()
    if args.tsa is not None or args.no_tsa or args.revocation is not None:
        tsa_url = None if args.no_tsa else (args.tsa or current.tsa_url)
        revocation = current.check_revocation
        if args.revocation is not None:
            revocation = args.revocation == "on"
        current = desk.signatures.set_settings(tsa_url, revocation)
    result = {
        "tsa_url": current.tsa_url,
        "check_revocation": current.check_revocation,
        "pending_upgrades": desk.signatures.pending(),
    }
    text = (
        f"Time-stamping service: {current.tsa_url or 'none (copies signed at B-B)'}\n"
        f"Revocation checked before signing: {'yes' if current.check_revocation else 'no'}\n"
        f"E-copies waiting for long-term validation: {result['pending_upgrades']}"
    )
    return result, text


def _signing_upgrade(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    report = desk.signatures.upgrade()
    result = {
        "upgraded": report.upgraded,
        "pending": report.pending,
        "failed": len(report.failed),
        "failures": [{"label": f.label, "reason": f.reason} for f in report.failed],
    }
    lines = [f"Upgraded to B-LTA: {report.upgraded}. Still pending: {report.pending}."]
    lines += [f"FAILED {f.label}: {f.reason}" for f in report.failed]
    return result, "\n".join(lines)


def _account_json(account: Account) -> dict[str, Any]:
    return {
        "username": account.username,
        "full_name": account.full_name,
        "roles": sorted(account.roles),
        "active": account.active,
        "locked_until": account.locked_until.isoformat() if account.locked_until else None,
    }


def _new_password(args: argparse.Namespace) -> str:
    if args.new_password_env:
        return _secret_from_env(args.new_password_env)
    if not sys.stdin.isatty():
        raise BadInputError(
            "Give the new password in an environment variable: --new-password-env VAR."
        )
    first = getpass.getpass("New password: ")
    if getpass.getpass("Repeat the new password: ") != first:
        raise BadInputError("The two passwords differ; nothing was changed.")
    return first


def _user_add(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    account = desk.accounts.add(args.username, args.full_name, args.role, _new_password(args))
    roles = ", ".join(sorted(account.roles))
    return _account_json(account), f"Account {account.username} ({roles}) added."


def _user_list(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    accounts = desk.accounts.list()
    lines = [
        f"{a.username:<20} {a.full_name:<30} {','.join(sorted(a.roles)):<20} "
        f"{'active' if a.active else 'deactivated'}{'  LOCKED' if a.locked_until else ''}"
        for a in accounts
    ]
    return {"users": [_account_json(a) for a in accounts]}, "\n".join(lines) or "No accounts yet."


def _user_passwd(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    desk.accounts.set_password(args.username, _new_password(args))
    return {"username": args.username, "changed": True}, f"Password of {args.username} changed."


def _user_deactivate(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    account = desk.accounts.deactivate(args.username)
    return _account_json(account), f"Account {account.username} deactivated; its history is kept."


def _audit_verify(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    report = desk.verify_audit()
    result = {
        "entries": report.entries,
        "intact": report.intact,
        "first_broken": report.first_broken,
        "head": report.head,
    }
    if report.intact:
        text = f"{report.entries} entries, chain intact. Newest hash: {report.head}"
    else:
        text = (
            f"{report.entries} entries: the trail was ALTERED at entry {report.first_broken} "
            "(changed, removed or reordered). Keep this data folder as it is and tell the leader."
        )
    return result, text


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInputError(f"{text!r} is not a date; write it as YYYY-MM-DD.") from None


def _audit_export(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    done = desk.export_audit(_day(args.date_from), _day(args.date_to), args.format)
    result = {
        "entries": done.entries,
        "signed": done.signed,
        "path": str(done.path),
        "format": args.format,
    }
    signed = "signed" if done.signed else "not signed (no signing identity)"
    return result, f"{done.entries} entries, {signed}: {done.path}"


def _report_staff(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    year, month = _month(args.month)
    names = {a.username: a.full_name for a in desk.accounts.list()}
    names.setdefault(LOCAL_ACTOR.username, LOCAL_ACTOR.full_name)
    people = [
        {
            "username": f.username,
            "full_name": names.get(f.username, f.username),
            "received": f.received,
            "digitized": f.digitized,
            "digitized_rate": f.digitized_rate,
            "finished": f.finished,
            "on_time": f.on_time,
            "on_time_rate": f.on_time_rate,
            "late": len(f.late),
            "late_dossiers": [{"code": d.code, "reasons": list(d.reasons)} for d in f.late],
            "electronic_results": f.electronic_results,
            "electronic_copies": f.electronic_copies,
        }
        for f in desk.dossiers.staff_report(year, month)
    ]
    lines = [
        f"{p['full_name']} ({p['username']}): received {p['received']}, digitized "
        f"{p['digitized']}, finished {p['finished']} ({p['on_time']} on time, {p['late']} late), "
        f"e-copies {p['electronic_copies']}"
        for p in people
    ]
    return {"month": args.month, "staff": people}, "\n".join(
        lines
    ) or "Nothing recorded this month."


def _office_retention(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    years = desk.set_retention(args.years)
    return {
        "retention_years": years
    }, f"Digitized copies of closed dossiers are kept {years} years."


def _retention_apply(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    done = desk.apply_retention()
    result = {
        "retention_years": done.years,
        "removed": len(done.documents),
        "documents": list(done.documents),
        "bytes_freed": done.bytes_freed,
    }
    if done.years is None:
        return (
            result,
            "No retention period is set (office set-retention --years N); nothing removed.",
        )
    return (
        result,
        f"Removed {len(done.documents)} digitized copies ({done.bytes_freed // 1024} KB).",
    )


def _demo_certify(desk: Desk, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    result, text = _certify_result(run_demo_certification(desk))
    return result, f"Demo office in {desk.home.root}\n{text}"


def _demo_reset(desk: Desk, args: argparse.Namespace) -> None:
    """Never called: main() resets the demo before any data folder is opened."""


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
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PNG",
        help="window: save a picture of it once loaded, then close (docs, smoke tests)",
    )
    parser.add_argument(
        "--screen",
        choices=["today", "intake", "certify", "search", "settings", "verify"],
        help="window: the screen to open on",
    )
    parser.add_argument(
        "--quit-after",
        type=float,
        metavar="SECONDS",
        help="window: close it this long after it has loaded (smoke tests, start-up timing; "
        "with --json, prints when it painted and loaded)",
    )
    parser.add_argument(
        "--user", metavar="NAME", help="who is acting (required once the office has accounts)"
    )
    parser.add_argument(
        "--pin-env",
        dest="token_pin_env",
        metavar="VAR",
        help="environment variable holding the signing token's PIN (else it is asked for)",
    )
    parser.add_argument(
        "--password-env",
        dest="user_password_env",
        metavar="VAR",
        help="environment variable holding --user's password (else it is asked for)",
    )
    _json_flag(parser, False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(group: Any, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = group.add_parser(name, help=help_text, description=help_text)
        _json_flag(sub, argparse.SUPPRESS)
        sub.set_defaults(handler=handler)
        return sub

    command(commands, "demo-certify", _demo_certify, "certify a sample original (with --demo)")
    command(commands, "demo-reset", _demo_reset, "start the demo office afresh (with --demo)")
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
    _organisation_flag(test)
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
    _organisation_flag(imp)

    add_token = command(
        identity_commands,
        "add-pkcs11",
        _identity_add_pkcs11,
        "register the signer's USB token (PKCS#11); its PIN is asked each session",
    )
    add_token.add_argument("--module", required=True, metavar="LIB", help="the token's driver")
    add_token.add_argument("--token", metavar="LABEL", help="the token's label")
    add_token.add_argument("--cert-id", metavar="HEX", help="the certificate's CKA_ID")
    add_token.add_argument("--title", help="signer's title (default: from the certificate)")
    _organisation_flag(add_token)
    command(identity_commands, "list", _identity_list, "the office's signing identities")
    diagnose = command(
        identity_commands,
        "diagnose",
        _identity_diagnose,
        "what a token driver sees: slots, tokens, certificates, key pairing (for support)",
    )
    diagnose.add_argument("--module", required=True, metavar="LIB")
    diagnose.add_argument("--token", metavar="LABEL")
    diagnose.add_argument("--pin-env", metavar="VAR", help="also pair private keys (PIN)")

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
    certify.add_argument(
        "--payment",
        choices=PAYMENT_CHANNELS,
        default="cash",
        help="how the fee was paid",
    )
    modes = certify.add_mutually_exclusive_group()
    modes.add_argument("--no-electronic", action="store_true", help="paper copies only")
    modes.add_argument("--electronic-only", action="store_true", help="electronic copy only")

    book = commands.add_parser("book", help="the certification book")
    book_commands = book.add_subparsers(dest="book_command", metavar="ACTION", required=True)
    book_list = command(book_commands, "list", _book_list, "list book entries")
    book_list.add_argument("--year", type=int)
    book_export = command(
        book_commands, "export", _book_export, "print a month of the book, to bind (PDF)"
    )
    book_export.add_argument("--month", required=True, metavar="YYYY-MM")
    book_close = command(
        book_commands,
        "close",
        _book_close,
        "close a year's book with its count (PDF to sign and seal)",
    )
    book_close.add_argument("--year", type=int, required=True)

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

    dossier = commands.add_parser("dossier", help="dossiers at the one-stop counter")
    dossier_commands = dossier.add_subparsers(
        dest="dossier_command", metavar="ACTION", required=True
    )
    receive = command(
        dossier_commands,
        "receive",
        _dossier_receive,
        "receive a dossier; prints the receipt and appointment slip",
    )
    receive.add_argument("--procedure", required=True, metavar="CODE")
    receive.add_argument("--citizen-name", required=True)
    receive.add_argument("--citizen-id", required=True)
    receive.add_argument(
        "--document", action="append", metavar="NAME", help="a document handed in (repeat)"
    )
    receive.add_argument("--online", action="store_true", help="submitted on the portal")
    receive.add_argument(
        "--online-eligible", action="store_true", help="the procedure can be done fully online"
    )
    for name, action, needs_reason, help_text in (
        ("advance", "advance", False, "received -> in progress -> finished"),
        ("supplement", "supplement", True, "ask for a supplement; prints the request"),
        ("resume", "resume", False, "the supplement arrived"),
        ("refuse", "refuse", True, "refuse with a legal reason; prints the refusal"),
        ("stop", "stop", True, "stop processing; prints the notice"),
        ("return", "return", False, "hand the result over"),
    ):
        sub = command(dossier_commands, name, _dossier_action(action), help_text)
        sub.add_argument("code")
        if needs_reason:
            sub.add_argument(
                "--reason",
                required=True,
                help="the reason; for refuse, a key of resources/legal/refusal_reasons.toml "
                "(altered, damaged, secret, unlawful, not_legalised, self_made) or text",
            )
        if name == "return":
            sub.add_argument("--channel", required=True, choices=["paper", "electronic", "both"])
    ext = command(
        dossier_commands,
        "extend",
        _dossier_extend,
        "extend the due time by working days (with the reason)",
    )
    ext.add_argument("code")
    ext.add_argument("--days", type=int, required=True)
    ext.add_argument("--reason", required=True)
    dossier_list = command(dossier_commands, "list", _dossier_list, "list dossiers by due time")
    dossier_list.add_argument("--state")
    dossier_list.add_argument("--limit", type=int, default=200)
    tracking = command(
        dossier_commands,
        "book",
        _dossier_book,
        "the dossier tracking book (Mẫu 07) of a month, as PDF",
    )
    tracking.add_argument("--month", required=True, metavar="YYYY-MM")
    show = command(dossier_commands, "show", _dossier_show, "a dossier with its history")
    show.add_argument("code")
    show.add_argument(
        "--control-sheet", action="store_true", help="also print the dossier control sheet (PDF)"
    )

    late = command(commands, "late", _late, "dossiers late or at risk of being late")
    late.add_argument("--margin-hours", type=float, default=2.0)
    late_commands = late.add_subparsers(dest="late_command", metavar="ACTION")
    report = command(
        late_commands,
        "report",
        _late_report,
        "record reason, remedy and new date; prints the apology letter",
    )
    report.add_argument("code")
    report.add_argument("--reason", required=True)
    report.add_argument("--remedy", required=True)
    report.add_argument("--new-due", required=True, metavar="'YYYY-MM-DD HH:MM'")

    catalog = commands.add_parser("catalog", help="the procedure catalog")
    catalog_commands = catalog.add_subparsers(
        dest="catalog_command", metavar="ACTION", required=True
    )
    imp_cat = command(
        catalog_commands,
        "import",
        _catalog_import,
        "compare a published procedure list (CSV/XLSX) with the catalog",
    )
    imp_cat.add_argument("file", type=Path)
    imp_cat.add_argument("--apply", action="store_true", help="apply the changes")
    command(catalog_commands, "list", _catalog_list, "the procedures of the catalog in force")

    indicators = command(commands, "indicators", _indicators, "the service indicators of a month")
    indicators.add_argument("--month", required=True, metavar="YYYY-MM")
    indicators.add_argument("--report", action="store_true", help="also make the PDF report")

    citizens = command(commands, "citizens", _citizens, "find citizens by name (accents optional)")
    citizens.add_argument("query")

    office = commands.add_parser("office", help="office settings")
    office_commands = office.add_subparsers(dest="office_command", metavar="ACTION", required=True)
    hours = command(
        office_commands,
        "set-hours",
        _office_hours,
        "the counter's opening hours, used for due times and late risk",
    )
    hours.add_argument("hours", metavar="'07:30-11:30,13:30-17:00'")
    bank = command(
        office_commands,
        "set-bank",
        _office_bank,
        "the account fees can be transferred to (VietQR on receipts)",
    )
    bank.add_argument("--bin", required=True, help="the bank's 6-digit NAPAS BIN")
    bank.add_argument("--account", required=True)
    bank.add_argument("--name", required=True, help="account holder's name")

    verify = command(
        commands,
        "verify",
        _verify,
        "check an electronic copy's signature, or a paper copy's QR code against our book",
    )
    verify_what = verify.add_mutually_exclusive_group(required=True)
    verify_what.add_argument("file", nargs="?", type=Path, help="the e-copy PDF")
    verify_what.add_argument(
        "--qr", type=Path, metavar="IMAGE", help="a scan or photo of a paper copy's last page"
    )
    verify.add_argument(
        "--ecopy",
        type=Path,
        metavar="FILE",
        help="with --qr: also check that this e-copy PDF is the one the code names",
    )
    verify.add_argument(
        "--offline",
        action="store_true",
        help="do not ask OCSP responders or CRL servers (revocation stays unconfirmed)",
    )

    retention_set = command(
        office_commands,
        "set-retention",
        _office_retention,
        "years digitized copies of closed dossiers are kept",
    )
    retention_set.add_argument("--years", type=int, required=True)
    retention_cmd = commands.add_parser("retention", help="personal data retention")
    retention_commands = retention_cmd.add_subparsers(
        dest="retention_command", metavar="ACTION", required=True
    )
    command(
        retention_commands,
        "apply",
        _retention_apply,
        "remove digitized copies of dossiers closed longer than the retention period",
    )

    user = commands.add_parser("user", help="the office's accounts")
    user_commands = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = command(user_commands, "add", _user_add, "add an account (the first must be an admin)")
    add.add_argument("username")
    add.add_argument("--full-name", required=True)
    add.add_argument("--role", required=True, help="clerk, signer, admin, or several: clerk,admin")
    passwd = command(
        user_commands, "passwd", _user_passwd, "change your password, or (admin) reset another's"
    )
    passwd.add_argument("username")
    deactivate = command(
        user_commands, "deactivate", _user_deactivate, "deactivate an account (history is kept)"
    )
    deactivate.add_argument("username")
    for sub in (add, passwd):
        sub.add_argument(
            "--new-password-env", metavar="VAR", help="environment variable with the new password"
        )
    command(user_commands, "list", _user_list, "list the accounts")

    audit = commands.add_parser("audit", help="the audit trail")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    command(audit_commands, "verify", _audit_verify, "check the audit trail's hash chain")
    export = command(
        audit_commands, "export", _audit_export, "the trail of a period for inspectors (PDF/CSV)"
    )
    export.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD")
    export.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD")
    export.add_argument("--format", choices=["pdf", "csv"], default="pdf")

    sync_cmd = commands.add_parser("sync", help="send this desk's records to the hub")
    sync_commands = sync_cmd.add_subparsers(dest="sync_command", metavar="ACTION", required=True)
    enrol = command(sync_commands, "enrol", _sync_enrol, "enrol this desk with a hub")
    enrol.add_argument("--hub", required=True, metavar="URL", help="the hub's address")
    enrol.add_argument("--code", required=True, help="the one-time code from the hub's admin")
    enrol.add_argument("--name", help="this desk's name as the hub shows it")
    run = command(sync_commands, "run", _sync_run, "send what is unsent, pull what flows down")
    run.add_argument(
        "--watch", action="store_true", help="keep running, retrying with backoff, until stopped"
    )
    command(sync_commands, "status", _sync_status, "enrolment, last sync, what is pending")

    signing_cmd = commands.add_parser("signing", help="time-stamps and long-term validation")
    signing_commands = signing_cmd.add_subparsers(
        dest="signing_command", metavar="ACTION", required=True
    )
    settings = command(
        signing_commands,
        "settings",
        _signing_settings,
        "show or set the time-stamping service and revocation checking",
    )
    tsa = settings.add_mutually_exclusive_group()
    tsa.add_argument("--tsa", metavar="URL", help="the RFC 3161 time-stamping service")
    tsa.add_argument("--no-tsa", action="store_true", help="sign without time-stamps (B-B)")
    settings.add_argument(
        "--revocation",
        choices=("on", "off"),
        help="check certificates with their CA's OCSP responder or CRL before signing",
    )
    command(
        signing_commands,
        "upgrade",
        _signing_upgrade,
        "bring e-copies signed offline to long-term validation (B-LTA) now",
    )

    report_cmd = commands.add_parser("report", help="reports")
    report_commands = report_cmd.add_subparsers(
        dest="report_command", metavar="ACTION", required=True
    )
    staff = command(report_commands, "staff", _report_staff, "each official's figures of a month")
    staff.add_argument("--month", required=True, metavar="YYYY-MM")
    return parser


def _organisation_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--organisation",
        action="store_true",
        help="the office's own certificate: its signature goes over the signer's on e-copies",
    )


def _token_pin(args: argparse.Namespace) -> Callable[[str], str] | None:
    """Where the desk gets a token's PIN when it first needs it (never stored or logged)."""
    if args.token_pin_env:
        return lambda _label: _secret_from_env(args.token_pin_env)
    if sys.stdin.isatty():
        return lambda label: getpass.getpass(f"PIN of the token “{label}”: ")
    return None


def _user_password(args: argparse.Namespace) -> str | None:
    if args.user is None:
        return None
    if args.user_password_env:
        return _secret_from_env(args.user_password_env)
    if sys.stdin.isatty():
        return getpass.getpass(f"Password of {args.user}: ")
    return None


def _open_window(home: Path, args: argparse.Namespace) -> int:
    try:
        from counterdesk.ui.app import run_desk  # Qt is loaded only for the window
    except ImportError as exc:
        print(
            f"counterdesk: the desk window cannot start ({exc}); install the desk with its "
            "window (pip install 'counterdesk[ui]'), or use a command (see --help).",
            file=sys.stderr,
        )
        return 4
    run = run_desk(
        home,
        demo=args.demo,
        screenshot=args.screenshot,
        screen=args.screen,
        quit_after=args.quit_after,
    )
    unattended = args.screenshot is not None or args.quit_after is not None
    if unattended and args.json and run.exit_code == 0:
        # Wall-clock times (seconds since the epoch), comparable with the caller's clock.
        print(json.dumps({"first_paint_at": run.first_paint_at, "loaded_at": run.loaded_at}))
    return run.exit_code


def _reset_demo(args: argparse.Namespace) -> int:
    if not args.demo or args.home is not None:
        print("counterdesk: demo-reset only resets the demo office: use --demo.", file=sys.stderr)
        return 2
    reset_demo()
    print(json.dumps({"reset": str(demo_home())}) if args.json else "The demo office is reset.")
    return 0


def _record_crash(home: Path | None) -> Path:
    """Append the current traceback to the data folder's error log; returns its path."""
    folder = (home or default_home()) / "logs"
    log = folder / "errors.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as f:
            f.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n")
            f.write(traceback.format_exc())
    except OSError:
        traceback.print_exc()
    return log


def _hub(argv: list[str]) -> int:
    """`counterdesk hub ...` is `counterdesk-hub ...`: the server lives in its own package,
    with its own dependencies (the `hub` extra), loaded only here."""
    try:
        hub_cli = importlib.import_module("counterdesk.sync.hub.cli")
    except ImportError as exc:
        print(
            f"counterdesk: the hub is not installed here ({exc.name} is missing); install "
            'CounterDesk with its hub extra: pip install "counterdesk[hub]".',
            file=sys.stderr,
        )
        return SetupError.exit_code
    return hub_cli.run_hub_command(argv)


def main(argv: Sequence[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    if given[:1] == ["hub"]:
        return _hub(given[1:])
    return _desk_main(argv)


def _desk_main(argv: Sequence[str] | None) -> int:
    # Start-up objects (modules, classes, tables) live as long as the process: frozen, the
    # collector stops rescanning them, which removes its pauses of tens of milliseconds.
    gc.freeze()
    # pyHanko logs every path it could not validate with a traceback; the verdict and its
    # reasons are what the clerk reads.
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).addHandler(logging.NullHandler())
        logging.getLogger(name).propagate = False
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    home = args.home or (demo_home() if args.demo else default_home())
    if handler is None or handler is _demo_reset:
        return _open_window(home, args) if handler is None else _reset_demo(args)
    desk = None
    try:
        desk = Desk.open(home)
        desk.sign_in(args.user, _user_password(args))
        desk.signatures.token_pin = _token_pin(args)
        output = handler(desk, args)
    except CounterDeskError as exc:
        print(f"counterdesk: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception:  # a bug: the clerk gets one line, support gets the traceback
        log = _record_crash(args.home)
        print(
            f"counterdesk: an unexpected error stopped the command; nothing half-done was "
            f"recorded. Please send {log} to support.",
            file=sys.stderr,
        )
        return 1
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
