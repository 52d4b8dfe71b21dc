"""The province view: the hub's indicators of each office equal the desk's own, ranked.

Real desks (data folders made and worked through the CLI, with an office clock for the
dossiers that must be late) sync to the real hub; the hub's figures are checked against
`counterdesk indicators --month --json` of each desk, then the ranking, its CSV and PDF.
The rule itself and the hub's reading of row images are checked on small cases first.
"""

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from counterdesk.desk import Desk
from counterdesk.domain.indicators import (
    DOSSIER_COLUMNS,
    Indicators,
    dossier_facts,
)
from counterdesk.domain.ranking import OfficeMonth, rank_offices
from counterdesk.sync.hub import ranking
from counterdesk.sync.hub.cli import run_hub_command
from tests.conftest import Cli, require_tool
from tests.e2e.office_clock import HANOI, OfficeClock
from tests.hub.events import event
from tests.hub.fixtures import RunningHub

COPY = "2.000815.000.00.00.H55"  # due at 17:00 the same day when received before 15:00
CONTRACT = "2.001035.000.00.00.H55"  # 2 working days
DESK_FIELDS = (
    "received",
    "finished",
    "on_time_rate",
    "digitized_rate",
    "electronic_result_rate",
    "online_payment_rate",
    "online_dossier_rate",
    "electronic_copies",
)


def hub_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "counterdesk.sync.hub", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# -- the rule -------------------------------------------------------------------------


def month_of(
    received: int, finished: int, on_time: int, digitized: float | None, e_result: float | None
) -> Indicators:
    on_time_rate = on_time / finished if finished else None
    return Indicators(
        "2026-11", received, finished, on_time, on_time_rate, digitized, e_result, None, None, 0
    )


def test_offices_rank_by_points_then_on_time_then_digitized() -> None:
    offices = [
        OfficeMonth("H1", "Xã Một", month_of(10, 10, 5, 1.0, 1.0)),  # 10 + 6 + 4 = 20
        OfficeMonth("H2", "Xã Hai", month_of(10, 10, 10, 0.0, 0.0)),  # 20: on time wins
        OfficeMonth("H3", "Xã Ba", month_of(10, 10, 10, 0.0, 0.0)),  # 20, tied with H2
        OfficeMonth("H4", "Xã Bốn", month_of(4, 0, 0, 1.0, None)),  # 4: nothing finished
        OfficeMonth("H5", "Xã Năm", month_of(0, 0, 0, None, None)),  # nothing this month
        OfficeMonth("H0", "Xã Không", month_of(10, 10, 5, 0.5, 1.0)),  # 10 + 6 + 2 = 18
    ]
    ranked = rank_offices(offices)
    assert [(o.rank, o.office_code) for o in ranked] == [
        (1, "H2"),
        (1, "H3"),
        (3, "H1"),
        (4, "H0"),
        (5, "H4"),
        (None, "H5"),
    ]
    assert [o.points for o in ranked] == [20.0, 20.0, 20.0, 18.0, 4.0, 0.0]


def test_dossier_facts_read_stored_columns_in_office_time() -> None:
    stored = {
        "received_at": "2026-10-31T17:30:00+00:00",  # 00:30 on 1 November in Hà Nội
        "finished_at": "2026-11-02T09:00:00+00:00",
        "due_at": "2026-11-05T10:00:00+00:00",  # moved by a late report
        "legal_due_at": "2026-11-02T08:00:00+00:00",
        "electronic_result": 1,
        "submitted_online": 0,
        "online_eligible": 1,
    }
    facts = dossier_facts(
        *(stored[c] for c in DOSSIER_COLUMNS),
        digitized=True,
        electronic_copy=False,
        payment_channel="online_portal",
    )
    assert facts.received_on == date(2026, 11, 1)
    assert facts.finished_at == datetime(2026, 11, 2, 16, 0)
    assert facts.due_at == datetime(2026, 11, 2, 15, 0)  # the lawful due time judges
    assert (facts.has_fee, facts.paid_online, facts.online_eligible) == (True, True, True)
    cash = dossier_facts(*(stored[c] for c in DOSSIER_COLUMNS), False, False, "cash")
    assert (cash.has_fee, cash.paid_online) == (True, False)
    assert not dossier_facts(*(stored[c] for c in DOSSIER_COLUMNS), False, False, None).has_fee
    older = {**stored, "legal_due_at": None, "received_at": "2026-11-01T01:00:00+07:00"}
    facts = dossier_facts(*(older[c] for c in DOSSIER_COLUMNS), False, False, None)
    assert facts.due_at == datetime(2026, 11, 5, 17, 0)
    assert facts.received_on == date(2026, 11, 1)


def test_a_month_is_written_yyyy_mm(hub: RunningHub, capsys: pytest.CaptureFixture) -> None:
    for wrong in ("2026-13", "11/2026", "2026-1"):
        assert run_hub_command(["ranking", "--db", hub.db_url, "--month", wrong]) == 3
        assert "YYYY-MM" in capsys.readouterr().err


# -- the hub's reading of row images ---------------------------------------------------


def dossier_row(office: str, number: int, received: str, **columns: Any) -> dict[str, Any]:
    """A dossier's row image as a desk sends it, due when received unless told otherwise."""
    return {
        "id": number,
        "code": f"{office}-261105-{number:04d}",
        "received_at": received,
        "finished_at": None,
        "due_at": received,
        "legal_due_at": received,
        "electronic_result": 0,
        "submitted_online": 0,
        "online_eligible": 0,
        **columns,
    }


def test_rows_are_joined_within_their_desk_and_counted_once_per_office(
    hub: RunningHub,
) -> None:
    first = hub.enrolled_client("H38.12", "UBND xã Tân Phú", "Quầy 1")
    second = hub.enrolled_client("H38.12", "UBND xã Tân Phú", "Quầy 2")
    other = hub.enrolled_client("H38.15", "UBND xã Phú Lợi")
    received = "2026-11-05T02:00:00+00:00"  # 09:00 in Hà Nội
    sent = first.send_events(
        [
            event(1, "dossiers", 1, dossier_row("H38.12", 1, received)),
            event(2, "digitized_documents", 1, {"id": 1, "dossier_id": 1}),
            event(3, "fees", 1, {"id": 1, "dossier_id": 1, "payment_channel": "online_portal"}),
            # Received on 31 October in Hà Nội and finished in November: finished only.
            event(
                4,
                "dossiers",
                2,
                dossier_row("H38.12", 2, "2026-10-31T03:00:00+00:00", finished_at=received),
            ),
            # 23:30 on 30 November in Hà Nội: November; 00:30 on 1 December: not.
            event(5, "dossiers", 3, dossier_row("H38.12", 3, "2026-11-30T16:30:00+00:00")),
            event(6, "dossiers", 4, dossier_row("H38.12", 4, "2026-11-30T17:30:00+00:00")),
        ]
    )
    assert sent.status == 200, sent.body
    # A second desk of the office: its row 1 is another dossier, which the first desk's
    # digitized copy and fee (of the first desk's row 1) do not belong to; and it sends
    # the first desk's dossier 1 again, finished late since.
    again = dossier_row("H38.12", 1, received, finished_at="2026-11-06T02:00:00+00:00")
    resent = event(2, "dossiers", 7, {**again, "id": 7})
    resent["at"] = "2099-01-01T00:00:00+00:00"  # the latest image
    sent = second.send_events([event(1, "dossiers", 1, dossier_row("H38.12", 9, received)), resent])
    assert sent.status == 200, sent.body
    other_row = dossier_row("H38.15", 1, received)
    assert other.send_events([event(1, "dossiers", 1, other_row)]).status == 200

    result = ranking.run_ranking(hub.db_url, "2026-11")
    offices = {o["office_code"]: o for o in result["offices"]}
    tan_phu = offices["H38.12"]
    assert {field: tan_phu[field] for field in (*DESK_FIELDS, "on_time")} == {
        "received": 3,  # dossiers 1 (once), 3 and 9
        "finished": 2,  # dossier 1 (its latest image: late) and 2 (late)
        "on_time": 0,
        "on_time_rate": 0.0,
        "digitized_rate": 0.0,
        "electronic_result_rate": 0.0,
        "online_payment_rate": None,
        "online_dossier_rate": None,
        "electronic_copies": 0,
    }
    assert offices["H38.15"]["received"] == 1


# -- real desks ------------------------------------------------------------------------


def new_office(home: Path, code: str, name: str, commune: str) -> Cli:
    cli = Cli(home)
    cli.ok("init", "--office-code", code, "--office-name", name, "--commune", commune,
           "--province", "Tỉnh Đồng Nai")  # fmt: skip
    cli.ok("identity", "create-test", "--name", "Nguyễn Thị Ngọc Ánh", "--title", "Phó Chủ tịch")
    return cli


def certify(cli: Cli, scans: list[Path], citizen_id: str, *options: str) -> dict:
    return cli.ok("certify", *map(str, scans), "--citizen-name", "Trần Văn Đức", "--citizen-id",
                  citizen_id, "--document-title", "Giấy khai sinh", *options)  # fmt: skip


def receive(cli: Cli, citizen_id: str, *options: str) -> str:
    received = cli.ok("dossier", "receive", "--procedure", CONTRACT, "--citizen-name",
                      "Lê Thị Hồng", "--citizen-id", citizen_id, "--document",
                      "Hợp đồng mua bán nhà", *options)  # fmt: skip
    return received["code"]


def with_office_clock(cli: Cli, work: Callable[[Desk, OfficeClock], None]) -> None:
    """Work on the data folder in-process, on an office clock: dossiers late on purpose."""
    clock = OfficeClock(datetime(2026, 1, 1))
    desk = Desk.open(cli.home, clock)
    try:
        work(desk, clock)
    finally:
        desk.close()


def receive_and_finish(
    desk: Desk, clock: OfficeClock, citizen_id: str, received: datetime, finished: datetime
) -> None:
    clock.set(received)
    view, _ = desk.receive_dossier(COPY, "Phạm Minh Châu", citizen_id, False, False, [])
    clock.set(finished)
    desk.move_dossier(view.code, "advance", None, None)
    desk.move_dossier(view.code, "advance", None, None)


def sync(cli: Cli, hub: RunningHub, code: str, name: str) -> None:
    cli.ok("sync", "enrol", "--hub", hub.url, "--code", hub.issue_code(code, name))
    report = cli.ok("sync", "run")
    assert report["errors"] == [] and report["pending_events"] == 0


def pdftotext(pdf: Path) -> str:
    return subprocess.run(
        [require_tool("pdftotext"), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_hub_ranks_real_desks_with_their_own_figures(
    hub: RunningHub, tmp_path: Path, scans: list[Path], capsys: pytest.CaptureFixture
) -> None:
    now = datetime.now(HANOI)
    month = f"{now:%Y-%m}"
    first = datetime.combine(date(now.year, now.month, 1), time(8, 0))
    late = first + timedelta(days=24, hours=2)  # past any same-day rule, Tết included

    # Tân Phú: all on time (two certifications, a contract finished early), one digitized.
    tan_phu = new_office(tmp_path / "tan-phu", "H38.12", "UBND xã Tân Phú", "Xã Tân Phú")
    certify(tan_phu, scans, "001090000001", "--payment", "online_portal")
    certify(tan_phu, scans, "001090000002", "--no-electronic")
    contract = receive(tan_phu, "001090000003", "--online", "--online-eligible")
    tan_phu.ok("scan", *map(str, scans), "--dossier", contract, "--title", "Hợp đồng")
    tan_phu.ok("dossier", "advance", contract)
    tan_phu.ok("dossier", "advance", contract)
    tan_phu.ok("dossier", "return", contract, "--channel", "electronic")

    # Phú Lợi: an e-copy on time, one copy dossier on time and one late, and one received
    # last month but finished late this month.
    phu_loi = new_office(tmp_path / "phu-loi", "H38.15", "UBND xã Phú Lợi", "Xã Phú Lợi")
    certify(phu_loi, scans, "001090000011", "--electronic-only")

    def phu_loi_work(desk: Desk, clock: OfficeClock) -> None:
        receive_and_finish(desk, clock, "001090000012", first - timedelta(days=3), first)
        receive_and_finish(desk, clock, "001090000013", first, first + timedelta(hours=1))
        receive_and_finish(desk, clock, "001090000014", first + timedelta(hours=1), late)

    with_office_clock(phu_loi, phu_loi_work)

    # Bình An: a paper copy paid by transfer, an open contract digitized, two late copies.
    binh_an = new_office(tmp_path / "binh-an", "H38.20", "UBND xã Bình An", "Xã Bình An")
    certify(binh_an, scans, "001090000021", "--no-electronic", "--payment", "bank_transfer")
    open_contract = receive(binh_an, "001090000022")
    binh_an.ok("scan", *map(str, scans), "--dossier", open_contract, "--title", "Hợp đồng")

    def binh_an_work(desk: Desk, clock: OfficeClock) -> None:
        receive_and_finish(desk, clock, "001090000023", first, late)
        receive_and_finish(desk, clock, "001090000024", first + timedelta(hours=2), late)

    with_office_clock(binh_an, binh_an_work)

    desks = {"H38.12": tan_phu, "H38.15": phu_loi, "H38.20": binh_an}
    names = {"H38.12": "UBND xã Tân Phú", "H38.15": "UBND xã Phú Lợi", "H38.20": "UBND xã Bình An"}
    for code, cli in desks.items():
        sync(cli, hub, code, names[code])
    hub.issue_code("H38.30", "UBND xã Long Hưng")  # known to the hub, never synced

    csv_path, pdf_path = tmp_path / "xep-hang.csv", tmp_path / "xep-hang.pdf"
    done = hub_command("ranking", "--db", hub.db_url, "--month", month, "--csv", str(csv_path),
                       "--pdf", str(pdf_path), "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1  # one JSON object
    result = json.loads(done.stdout)
    assert result["month"] == month
    assert (result["csv"], result["pdf"]) == (str(csv_path), str(pdf_path))

    offices = {o["office_code"]: o for o in result["offices"]}
    for code, cli in desks.items():
        own = cli.ok("indicators", "--month", month)
        assert own["period"] == month
        assert {field: offices[code][field] for field in DESK_FIELDS} == {
            field: own[field] for field in DESK_FIELDS
        }, code
        assert offices[code]["office_name"] == names[code]
        expected_points = (
            20 * own["on_time_rate"] + 6 * own["electronic_result_rate"] + 4 * own["digitized_rate"]
        )
        assert offices[code]["points"] == pytest.approx(expected_points)
    # What the desks were made to do, so that the ranking below means something.
    assert [offices[c]["on_time_rate"] for c in desks] == [1.0, 2 / 4, 1 / 3]
    assert (offices["H38.12"]["digitized_rate"], offices["H38.20"]["digitized_rate"]) == (
        1 / 3,
        1 / 4,
    )
    assert offices["H38.12"]["online_payment_rate"] == 1 / 2
    assert offices["H38.12"]["online_dossier_rate"] == 1.0
    assert offices["H38.30"] == {
        "rank": None,
        "office_code": "H38.30",
        "office_name": "UBND xã Long Hưng",
        "received": 0,
        "finished": 0,
        "on_time": 0,
        "on_time_rate": None,
        "digitized_rate": None,
        "electronic_result_rate": None,
        "online_payment_rate": None,
        "online_dossier_rate": None,
        "electronic_copies": 0,
        "points": 0.0,
    }
    assert [(o["rank"], o["office_code"]) for o in result["offices"]] == [
        (1, "H38.12"),
        (2, "H38.15"),
        (3, "H38.20"),
        (None, "H38.30"),
    ]

    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Vietnamese
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["rank"], r["office_code"], r["office_name"]) for r in rows] == [
        ("1", "H38.12", "UBND xã Tân Phú"),
        ("2", "H38.15", "UBND xã Phú Lợi"),
        ("3", "H38.20", "UBND xã Bình An"),
        ("", "H38.30", "UBND xã Long Hưng"),
    ]
    for row in rows:
        office = offices[row["office_code"]]
        assert row["month"] == month
        assert int(row["received"]) == office["received"]
        assert float(row["points"]) == office["points"]
        for field in ("on_time_rate", "digitized_rate", "online_dossier_rate"):
            assert (float(row[field]) if row[field] else None) == office[field]

    text = pdftotext(pdf_path)
    assert "XẾP HẠNG CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP CỦA CÁC XÃ" in text
    assert f"Tháng {now:%m/%Y}" in text
    assert "1. UBND xã Tân Phú" in text and "3. UBND xã Bình An" in text  # the chart labels
    assert "UBND xã Long Hưng" in text
    assert "H38.12" in text and "100,0 %" in text and "33,3 %" in text
    assert "Cách xếp hạng" in text

    # `counterdesk hub ranking` delegates to run_hub_command: the same object.
    capsys.readouterr()
    assert run_hub_command(["ranking", "--db", hub.db_url, "--month", month, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        key: value for key, value in result.items() if key not in ("csv", "pdf")
    }
