"""A desk's data folder synced to the hub through the real CLI: exactly once, resumable,
and the desk never waits for the link."""

import hashlib
import json
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from counterdesk.capture.images import decode_image
from counterdesk.capture.qr import read_qr_texts
from counterdesk.desk import Desk
from counterdesk.domain.download_codes import code_sha256
from counterdesk.store.home import DATABASE_NAME
from tests.conftest import CertifyArgs, Cli, require_tool
from tests.e2e.test_copy_qr import scan_page
from tests.hub.fixtures import RunningHub


def desk_rows(home: Path) -> dict[tuple[str, int], dict]:
    """Every synced row of the desk, as (table, rowid) -> its latest outbox image."""
    with closing(sqlite3.connect(home / DATABASE_NAME)) as conn:
        rows = conn.execute(
            "SELECT table_name, row_id, row_json FROM outbox o WHERE seq = (SELECT max(seq) "
            "FROM outbox p WHERE p.table_name = o.table_name AND p.row_id = o.row_id)"
        ).fetchall()
    return {(table, row_id): json.loads(row) for table, row_id, row in rows}


def hub_rows(hub: RunningHub) -> dict[tuple[str, int], dict]:
    found = hub.sql("SELECT table_name, row_id, row FROM records")
    return {(r["table_name"], r["row_id"]): r["row"] for r in found}


def enrol(office: Cli, hub: RunningHub) -> dict:
    return office.ok("sync", "enrol", "--hub", hub.url, "--code", hub.issue_code())


def test_a_certification_reaches_the_hub_once_with_its_files(
    office: Cli, hub: RunningHub, scans: list[Path], certify_args: CertifyArgs
) -> None:
    made = office.ok(*certify_args(*scans))
    enrolled = enrol(office, hub)
    assert enrolled["office_code"] == "H38.12"
    before = office.ok("sync", "status")
    assert before["enrolled"] and before["pending_events"] > 0 and before["pending_bytes"] > 0

    report = office.ok("sync", "run")
    assert report["errors"] == []
    assert report["sent_events"] == before["pending_events"]
    assert (report["pending_events"], report["pending_bytes"]) == (0, 0)
    assert hub_rows(hub) == desk_rows(office.home)
    # The e-copy's bytes are on the hub, named by their hash.
    ecopy = Path(made["electronic_pdf"]).read_bytes()
    sha256 = hashlib.sha256(ecopy).hexdigest()
    (stored,) = hub.blob_root.rglob(sha256)
    assert stored.read_bytes() == ecopy

    again = office.ok("sync", "run")
    assert (again["sent_events"], again["sent_bytes"], again["errors"]) == (0, 0, [])
    (count,) = hub.sql("SELECT count(*) AS n FROM events")
    assert count["n"] == before["pending_events"]
    assert office.ok("sync", "status")["last_success_at"] is not None


def test_the_link_down_leaves_everything_pending_and_loses_nothing(
    office: Cli, hub: RunningHub, scans: list[Path], certify_args: CertifyArgs
) -> None:
    enrol(office, hub)
    with closing(sqlite3.connect(office.home / DATABASE_NAME)) as conn:
        conn.execute("UPDATE sync_state SET hub_url = 'http://127.0.0.1:9'")
        conn.commit()
    office.ok(*certify_args(*scans))  # the counter does not wait for the hub
    cut = office.ok("sync", "run")
    assert cut["sent_events"] == 0 and cut["pending_events"] > 0
    assert "cannot be reached" in cut["errors"][0]
    assert office.ok("sync", "status")["last_error"]

    with closing(sqlite3.connect(office.home / DATABASE_NAME)) as conn:
        conn.execute("UPDATE sync_state SET hub_url = ?", [hub.url])
        conn.commit()
    back = office.ok("sync", "run")
    assert back["errors"] == [] and back["pending_events"] == 0
    assert hub_rows(hub) == desk_rows(office.home)


def test_a_code_for_another_office_is_refused(office: Cli, hub: RunningHub) -> None:
    refused = office.run(
        "sync", "enrol", "--hub", hub.url, "--code", hub.issue_code("H55.07", "UBND xã Khác")
    )
    assert refused.returncode == 4
    assert "H55.07" in refused.stderr
    assert office.ok("sync", "status")["enrolled"] is False


def test_sync_killed_at_random_moments_ends_with_exactly_the_desk_records(
    office: Cli, hub: RunningHub, scans: list[Path], certify_args: CertifyArgs
) -> None:
    for n in range(4):
        office.ok(*certify_args(*scans, name=f"Công Dân Số {n}"))
    enrol(office, hub)
    rng = random.Random(9)
    command = [sys.executable, "-m", "counterdesk", "--home", str(office.home), "sync", "run"]
    for _ in range(6):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.6, 1.6))  # the CLI takes about half a second to start
        process.send_signal(signal.SIGKILL)
        process.wait()
    final = office.ok("sync", "run")
    assert final["errors"] == [] and final["pending_events"] == 0
    assert hub_rows(hub) == desk_rows(office.home)
    events = hub.sql("SELECT seq FROM events ORDER BY seq")
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))  # none twice, no gap
    for blob in hub.blob_root.rglob("*"):
        if blob.is_file() and "partial" not in blob.parts:
            assert hashlib.sha256(blob.read_bytes()).hexdigest() == blob.name


def test_an_enrolled_desk_prints_the_hub_address_and_the_citizen_code(
    office: Cli, hub: RunningHub, scans: list[Path], certify_args: CertifyArgs, tmp_path: Path
) -> None:
    enrol(office, hub)
    made = office.ok(*certify_args(*scans))
    sha256 = hashlib.sha256(Path(made["electronic_pdf"]).read_bytes()).hexdigest()

    # The paper copy's QR opens the hub's page for this e-copy; the desk still reads it.
    page = scan_page(Path(made["paper_pdf"]), 2, tmp_path / "statement.png")
    checked = office.ok("verify", "--qr", str(page))
    assert (checked["label"], checked["ecopy_sha256"], checked["verdict"]) == (
        made["certification"]["label"],
        sha256,
        "matches",
    )
    found = read_qr_texts(decode_image(page.read_bytes(), "page"))
    assert f"{hub.url}/v/H38.12/{sha256}" in found

    # The receipt carries the citizen's one-time code; only its hash travels to the hub.
    receipt = pdftotext_all(Path(made["receipt_pdf"]))
    code = re.search(r"Mã nhận: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})", receipt).group(1)
    office.ok("sync", "run")
    (row,) = hub.sql("SELECT row FROM records WHERE table_name = 'download_codes'")
    assert row["row"]["code_sha256"] == code_sha256(code)
    assert code not in json.dumps([r["row"] for r in hub.sql("SELECT row FROM records")])

    # A download on the hub comes down as the dossier returned electronically.
    hub.publish(
        "dossier_returned",
        date.today(),
        {"dossier_code": made["dossier_code"], "channel": "electronic"},
        "H38.12",
    )
    assert office.ok("sync", "run")["errors"] == []
    shown = office.ok("dossier", "show", made["dossier_code"])
    assert (shown["state"], shown["return_channel"]) == ("returned", "electronic")
    assert office.ok("sync", "run")["errors"] == []  # applied once


def pdftotext_all(pdf: Path) -> str:
    tool = require_tool("pdftotext")
    return subprocess.run([tool, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_settings_published_by_the_hub_apply_on_their_day(office: Cli, hub: RunningHub) -> None:
    enrol(office, hub)
    today = date.today()
    # A weekday granted off next month, office hours from today, other hours next year.
    day_off = next(d for d in (today + timedelta(days=30 + n) for n in range(7)) if d.weekday() < 5)
    hub.publish("holidays", today, {"extra_days_off": [day_off.isoformat()],
                "source": "Công văn của UBND tỉnh (TEST)"}, "H38.12")  # fmt: skip
    hub.publish("office", today, {"hours": "07:00-11:00,13:00-16:30"}, "H38.12")
    hub.publish("office", today + timedelta(days=365), {"hours": "08:00-12:00,13:30-17:30"})
    hub.issue_code("H55.07", "UBND xã Khác")
    hub.publish("holidays", today, {"extra_days_off": ["not a day"]}, "H55.07")  # not ours

    assert office.ok("sync", "run")["errors"] == []
    desk = Desk.open(office.home)
    try:
        assert not desk.dossiers.calendar_for(datetime.now(UTC)).is_working_day(day_off)
        hours = desk.home.db.db.execute("SELECT hours FROM office").fetchone()[0]
        assert hours == "07:00-11:00,13:00-16:30"  # next year's waits for its day
        pending = desk.sync.unapplied_changes()
        assert [(c.kind, c.data["hours"]) for c in pending] == [
            ("office", "08:00-12:00,13:30-17:30")
        ]
    finally:
        desk.close()
    entries = office.ok("audit", "export", "--from", str(today), "--to", str(today),
                        "--format", "csv")  # fmt: skip
    assert "hub.apply" in Path(entries["path"]).read_text(encoding="utf-8-sig")
