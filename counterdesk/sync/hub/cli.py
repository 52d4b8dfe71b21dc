"""The `counterdesk-hub` command: run the hub and administer it.

    counterdesk-hub serve --db URL [--host 127.0.0.1] [--port 8470] [--blobs DIR]
    counterdesk-hub migrate --db URL
    counterdesk-hub issue-code --db URL --office CODE --office-name NAME [--days 7] [--json]
    counterdesk-hub publish --db URL --kind KIND --effective-from DATE
                            (--data JSON | --data-file FILE) [--office CODE]
    counterdesk-hub revoke --db URL --desk ID
    counterdesk-hub ranking --db URL --month YYYY-MM [--csv FILE] [--pdf FILE] [--json]

`--db` defaults to $COUNTERDESK_HUB_DB, which keeps a password off the process list.
`--json` prints one JSON object on stdout; errors print one line on stderr and exit
non-zero. `run_hub_command` is the same command for `counterdesk hub ...`.
"""

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import platformdirs
import psycopg

from counterdesk.errors import BadInputError, CounterDeskError, SetupError
from counterdesk.sync.hub import changes, db, enrolment

DB_ENV = "COUNTERDESK_HUB_DB"
DEFAULT_PORT = 8470

Output = tuple[dict[str, Any], str]


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    from counterdesk.sync.hub.app import create_app

    with db.connection(args.db) as conn:
        for name in db.migrate(conn):
            print(f"counterdesk-hub: applied {name}", file=sys.stderr)
    blobs = Path(args.blobs) if args.blobs else platformdirs.user_data_path("counterdesk-hub")
    blobs.mkdir(parents=True, exist_ok=True)
    print(f"counterdesk-hub: blobs in {blobs}", file=sys.stderr)
    uvicorn.run(create_app(args.db, blobs), host=args.host, port=args.port, log_level="info")


def _migrate(args: argparse.Namespace) -> Output:
    with db.connection(args.db) as conn:
        applied = db.migrate(conn)
    text = "\n".join(f"applied {name}" for name in applied) or "the schema is up to date"
    return {"applied": applied}, text


def _issue_code(args: argparse.Namespace) -> Output:
    with db.connection(args.db) as conn:
        issued = enrolment.issue_code(
            conn, args.office, args.office_name, args.days, datetime.now(UTC)
        )
    result = {
        "code": issued.code,
        "office_code": issued.office_code,
        "office_name": issued.office_name,
        "expires_at": issued.expires_at.isoformat(timespec="seconds"),
    }
    text = (
        f"{issued.code}\n(one desk of {issued.office_code} {issued.office_name}, valid until "
        f"{issued.expires_at:%Y-%m-%d %H:%M} UTC)"
    )
    return result, text


def _publish(args: argparse.Namespace) -> Output:
    try:
        effective_from = date.fromisoformat(args.effective_from)
    except ValueError:
        raise BadInputError(
            f"--effective-from {args.effective_from!r} is not a date like 2026-01-01."
        ) from None
    if args.data_file is not None:
        given = f"--data-file {args.data_file}"
        try:
            text = args.data_file.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise BadInputError(f"{given} cannot be read: {exc.strerror}.") from None
        except UnicodeDecodeError:
            raise BadInputError(f"{given} is not UTF-8 text.") from None
    else:
        text, given = args.data, "--data"
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BadInputError(f"{given} is not JSON ({exc}).") from None
    with db.connection(args.db) as conn:
        seq = changes.publish_change(conn, args.kind, effective_from, data, args.office)
    return {"seq": seq}, f"published change {seq}"


def _revoke(args: argparse.Namespace) -> Output:
    with db.connection(args.db) as conn:
        if not enrolment.revoke_desk(conn, args.desk, datetime.now(UTC)):
            raise BadInputError(f"The hub has no desk {args.desk}.")
    return {"revoked": args.desk}, f"desk {args.desk} revoked"


def _ranking(args: argparse.Namespace) -> Output:
    # Imported here: it brings PyMuPDF, which serving and the other commands do without.
    from counterdesk.sync.hub import ranking

    result = ranking.run_ranking(args.db, args.month, args.csv, args.pdf)
    return result, ranking.ranking_text(result)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counterdesk-hub", description="The CounterDesk hub: the server desks sync to."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, handler: Callable[..., Any], summary: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=summary)
        sub.set_defaults(handler=handler)
        sub.add_argument(
            "--db",
            default=os.environ.get(DB_ENV),
            help=f"PostgreSQL URL (default: ${DB_ENV})",
        )
        sub.add_argument("--json", action="store_true", help="print one JSON object")
        return sub

    serve = command("serve", _serve, "migrate the database, then serve the hub")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (put HTTPS in front)"
    )
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--blobs", help="folder for uploaded files (default: the user data dir)")

    command("migrate", _migrate, "bring the database schema up to date")

    issue = command("issue-code", _issue_code, "issue a one-time enrolment code for one desk")
    issue.add_argument("--office", required=True, help="office code, as H38.12")
    issue.add_argument("--office-name", required=True, help="office name, as on its seal")
    issue.add_argument("--days", type=int, default=7, help="days the code stays valid")

    publish = command("publish", _publish, "publish a change down to the desks")
    publish.formatter_class = argparse.RawDescriptionHelpFormatter
    publish.epilog = changes.DATA_SHAPES
    publish.add_argument("--kind", required=True, help="catalog, tariff, holidays, office")
    publish.add_argument(
        "--effective-from", required=True, metavar="YYYY-MM-DD", help="first day it applies"
    )
    data = publish.add_mutually_exclusive_group(required=True)
    data.add_argument("--data", metavar="JSON", help="the change's data, as JSON text")
    data.add_argument(
        "--data-file", type=Path, metavar="FILE", help="the change's data, from a JSON file"
    )
    publish.add_argument("--office", help="office code (default: every office)")

    revoke = command("revoke", _revoke, "refuse every further request of a desk")
    revoke.add_argument("--desk", required=True, help="the desk id given at enrolment")

    rank = command(
        "ranking", _ranking, "every office's indicators of a month, ranked (province view)"
    )
    rank.add_argument("--month", required=True, metavar="YYYY-MM")
    rank.add_argument("--csv", type=Path, metavar="FILE", help="also write the ranking as CSV")
    rank.add_argument(
        "--pdf", type=Path, metavar="FILE", help="also write the PDF report with its chart"
    )
    return parser


def run_hub_command(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    try:
        if not args.db:
            raise SetupError(f"Give the hub database with --db URL or ${DB_ENV}.")
        output = args.handler(args)
    except CounterDeskError as exc:
        print(f"counterdesk-hub: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except psycopg.Error as exc:
        print(f"counterdesk-hub: the hub database refused: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    if output is None:
        return 0
    result, text = output
    print(json.dumps(result, ensure_ascii=False) if args.json else text)
    return 0


def main() -> None:
    sys.exit(run_hub_command(sys.argv[1:]))
