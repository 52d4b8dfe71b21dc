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
from datetime import time as clock_time
from pathlib import Path

from counterdesk.capture.images import decode_image
from counterdesk.capture.qr import read_qr_texts
from counterdesk.desk import CertifyRequest, Desk
from counterdesk.domain.calendar import OFFICE_TZ
from counterdesk.domain.download_codes import code_sha256
from counterdesk.store.home import DATABASE_NAME
from tests.conftest import CertifyArgs, Cli, require_tool
from tests.e2e.office_clock import OfficeClock
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
        office_today(),
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
    today = office_today()
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


# -- the fee tariff and the procedure catalog, published by the hub -------------------------

COPY = "2.000815.000.00.00.H55"
SIGNATURE = "2.000884.000.00.00.H55"
CONTRACT = "2.001035.000.00.00.H55"
MARRIAGE_EXTRACT = "2.000635.000.00.00.H55"  # not in the shipped catalog


def office_today() -> date:
    return datetime.now(OFFICE_TZ).date()


def on_day(home: Path, day: date) -> Desk:
    """The desk of `home` with its clock at 09:00 office time on `day`."""
    return Desk.open(home, OfficeClock(datetime.combine(day, clock_time(9, 0))))


def tariff(name: str, first_pages_vnd: int, further_pages_vnd: int) -> dict:
    """A tariff version as the hub publishes it: a [[version]] of fees.toml, as JSON."""
    return {
        "id": name,
        "source": "Quyết định của UBND tỉnh về mức thu phí chứng thực (TEST)",
        "tiers": [
            {"first_page": 1, "last_page": 2, "per_page_vnd": first_pages_vnd},
            {"first_page": 3, "per_page_vnd": further_pages_vnd},
        ],
        "max_per_copy_vnd": 250_000,
        "electronic_with_paper_vnd": 0,
        "electronic_only_charged_copies": 1,
        "basis": "Phí chứng thực theo quyết định của UBND tỉnh (TEST).",
    }


def recorded_fees(home: Path) -> list[tuple[str, int]]:
    with closing(sqlite3.connect(home / DATABASE_NAME)) as conn:
        return conn.execute("SELECT tariff_id, amount_vnd FROM fees ORDER BY id").fetchall()


def catalog(office: Cli) -> dict[str, dict]:
    """The catalog in force as `catalog list` prints it, by code."""
    return {p["code"]: p for p in office.ok("catalog", "list")["procedures"]}


def test_a_tariff_published_by_the_hub_sets_the_fees_from_its_day(
    office: Cli, hub: RunningHub, scans: list[Path], certify_args: CertifyArgs, tmp_path: Path
) -> None:
    enrol(office, hub)
    today = office_today()
    tomorrow = today + timedelta(days=1)
    shipped = office.ok("fee", "--pages", "3")
    assert (shipped["tariff"], shipped["amount_vnd"]) == ("TT226-2016", 5_000)
    # The province's admin publishes today's tariff from a file with the hub's command.
    data_file = tmp_path / "tariff.json"
    data_file.write_text(json.dumps(tariff("HUB-TODAY", 3_000, 1_500)), encoding="utf-8")
    published = subprocess.run(
        [sys.executable, "-m", "counterdesk.sync.hub", "publish", "--db", hub.db_url,
         "--kind", "tariff", "--effective-from", str(today), "--data-file", str(data_file),
         "--office", "H38.12", "--json"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert published.returncode == 0, published.stderr
    assert json.loads(published.stdout) == {"seq": 1}
    from_tomorrow = {**tariff("HUB-TOMORROW", 4_000, 2_000), "effective_from": str(tomorrow)}
    hub.publish("tariff", tomorrow, from_tomorrow)  # for every office

    synced = office.ok("sync", "run")
    # Both are taken in at once: tomorrow's stands ready for its day.
    assert (synced["errors"], synced["applied_changes"]) == ([], 2)
    quote = office.ok("fee", "--pages", "3", "--copies", "2")
    assert (quote["tariff"], quote["amount_vnd"]) == ("HUB-TODAY", 2 * (2 * 3_000 + 1_500))
    assert quote["lines"][0]["unit_vnd"] == 7_500
    made = office.ok(*certify_args(*scans))  # a two-page original, one copy
    assert made["fee"]["amount_vnd"] == 6_000
    assert recorded_fees(office.home) == [("HUB-TODAY", 6_000)]
    assert office.ok("sync", "run")["applied_changes"] == 0  # taken in once

    # Tomorrow the desk charges tomorrow's tariff, with no sync in between.
    desk = on_day(office.home, tomorrow)
    try:
        assert desk.quote_fee(3).tariff_id == "HUB-TOMORROW"
        assert desk.quote_fee(3).amount_vnd == 10_000
        done = desk.certify_copies(
            CertifyRequest(
                files=scans,
                citizen_name="Trần Văn Đức",
                citizen_id="001090123456",
                document_title="Giấy khai sinh",
            )
        )
        assert done.fee_vnd == 8_000
    finally:
        desk.close()
    assert recorded_fees(office.home) == [("HUB-TODAY", 6_000), ("HUB-TOMORROW", 8_000)]


def test_a_catalog_published_by_the_hub_replaces_the_catalog_from_its_day(
    office: Cli, hub: RunningHub
) -> None:
    enrol(office, hub)
    today = office_today()
    tomorrow = today + timedelta(days=1)
    shipped = catalog(office)
    assert SIGNATURE in shipped and MARRIAGE_EXTRACT not in shipped
    added = {
        "code": MARRIAGE_EXTRACT,
        "name": "Cấp bản sao trích lục hộ tịch",
        "time_limit": "same_day_cutoff 15:00",
        "fee": "8.000 đ/bản sao trích lục",
        "legal_basis": "Luật Hộ tịch 2014 (Điều 63, 64); Thông tư 85/2019/TT-BTC (TEST)",
        "effective_from": "2026-01-01",
    }
    # Today's list: the signature procedure withdrawn, contracts given three days, one added.
    todays = [
        {**p, "time_limit": "working_days 3"} if p["code"] == CONTRACT else p
        for p in shipped.values()
        if p["code"] != SIGNATURE
    ] + [added]
    hub.publish("catalog", today, {"procedures": todays, "source": "QĐ công bố TTHC (TEST)"})
    # Tomorrow's: the signature procedure back, the one added today withdrawn again.
    tomorrows = list(shipped.values())
    hub.publish("catalog", tomorrow, {"procedures": tomorrows}, "H38.12")

    synced = office.ok("sync", "run")
    assert (synced["errors"], synced["applied_changes"]) == ([], 1)
    listed = catalog(office)
    assert sorted(listed) == sorted([*shipped.keys() - {SIGNATURE}, MARRIAGE_EXTRACT])
    assert listed[CONTRACT]["time_limit"] == "working_days 3"
    assert listed[MARRIAGE_EXTRACT] == {**added, "field": None}
    assert listed[COPY] == shipped[COPY]
    citizen = ("--citizen-name", "Lê Thị Hoa", "--citizen-id", "079190000002")
    received = office.ok("dossier", "receive", "--procedure", MARRIAGE_EXTRACT, *citizen)
    assert received["procedure_code"] == MARRIAGE_EXTRACT
    withdrawn = office.run("dossier", "receive", "--procedure", SIGNATURE, *citizen)
    assert withdrawn.returncode != 0 and f"No procedure {SIGNATURE}" in withdrawn.stderr
    entries = office.ok("audit", "export", "--from", str(today), "--to", str(today),
                        "--format", "csv")  # fmt: skip
    assert "hub.apply" in Path(entries["path"]).read_text(encoding="utf-8-sig")

    desk = on_day(office.home, tomorrow)
    try:
        report = desk.run_sync()
        assert (report.errors, report.applied_changes) == ([], 1)
    finally:
        desk.close()
    assert catalog(office) == shipped


def test_a_malformed_tariff_or_catalog_is_reported_and_changes_nothing(
    office: Cli, hub: RunningHub
) -> None:
    enrol(office, hub)
    today = office_today()
    shipped = catalog(office)
    gap = tariff("HUB-GAP", 3_000, 1_500)
    gap["tiers"][1]["first_page"] = 4
    bad_tariff = hub.publish("tariff", today, gap)
    half_dong = hub.publish(
        "tariff", today, {**tariff("HUB-HALF", 2_500, 1_250), "max_per_copy_vnd": 2.5e5}
    )
    not_an_object = hub.publish("tariff", today, ["HUB-LIST", 3_000])
    broken = [
        {**shipped[COPY], "time_limit": "trong ngày"},
        {k: v for k, v in shipped[CONTRACT].items() if k != "legal_basis"},
    ]
    bad_catalog = hub.publish("catalog", today, {"procedures": broken}, "H38.12")
    nameless = hub.publish("dossier_returned", today, {"channel": "electronic"}, "H38.12")

    refused = office.ok("sync", "run")
    assert refused["applied_changes"] == 0
    errors = refused["errors"]
    assert len(errors) == 5, errors
    assert errors[4] == (
        f"change {nameless} (dossier_returned): it does not name the dossier returned "
        "(dossier_code)"
    )
    assert errors[0].startswith(f"change {bad_tariff} (tariff): Tariff HUB-GAP: tier 2 starts at")
    assert errors[1].startswith(f"change {half_dong} (tariff): Tariff HUB-HALF: max_per_copy_vnd")
    assert errors[2].startswith(f"change {not_an_object} (tariff): its data is")
    assert errors[3].startswith(f"change {bad_catalog} (catalog): The catalog cannot be applied")
    assert "procedure 1, time_limit: Time limit 'trong ngày' cannot be read" in errors[3]
    assert "procedure 2: legal_basis is missing" in errors[3]
    assert office.ok("fee", "--pages", "3")["tariff"] == "TT226-2016"
    assert catalog(office) == shipped

    # Corrected versions, published next, apply; the malformed ones stay unapplied.
    hub.publish("tariff", today, tariff("HUB-FIXED", 3_000, 1_500))
    fixed = [p for code, p in shipped.items() if code != SIGNATURE]
    hub.publish("catalog", today, {"procedures": fixed}, "H38.12")
    synced = office.ok("sync", "run")
    assert synced["applied_changes"] == 2
    assert [error.split(" (")[0] for error in synced["errors"]] == [
        f"change {seq}" for seq in (bad_tariff, half_dong, not_an_object, bad_catalog, nameless)
    ]
    fee = office.ok("fee", "--pages", "3")
    assert (fee["tariff"], fee["amount_vnd"]) == ("HUB-FIXED", 7_500)
    assert sorted(catalog(office)) == sorted(shipped.keys() - {SIGNATURE})


def test_a_stored_file_changed_on_the_desk_is_refused_and_the_others_go(
    office: Cli, hub: RunningHub, scans: list[Path], certify_args: CertifyArgs
) -> None:
    enrol(office, hub)
    office.ok(*certify_args(*scans))
    stored = sorted(p for p in (office.home / "blobs").rglob("*") if p.is_file())
    assert len(stored) >= 3
    damaged = min(stored, key=lambda p: p.stat().st_size)
    kept = damaged.read_bytes()
    damaged.write_bytes(kept[:-1] + bytes([kept[-1] ^ 0xFF]))

    refused = office.ok("sync", "run")
    assert refused["pending_events"] > 0
    assert any("do not hash to their names" in error for error in refused["errors"])
    with closing(sqlite3.connect(office.home / DATABASE_NAME)) as conn:
        confirmed = {sha for (sha,) in conn.execute("SELECT sha256 FROM sync_blobs")}
    assert confirmed == {p.name.split(".")[0] for p in stored} - {damaged.name.split(".")[0]}

    damaged.write_bytes(kept)  # restored from the backup
    synced = office.ok("sync", "run")
    assert synced["errors"] == [] and synced["pending_events"] == 0
    assert hub_rows(hub) == desk_rows(office.home)
