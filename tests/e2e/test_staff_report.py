"""The per-official report of a month through the real database, and through the CLI."""

from datetime import datetime
from pathlib import Path

import pytest

from counterdesk.desk import CertifyRequest, Desk
from counterdesk.domain.staff import LateDossier, StaffFigures
from tests.conftest import Cli
from tests.e2e.office_clock import OfficeClock

COPY = "2.000815.000.00.00.H55"  # due at 17:00 the same day when received before 15:00
PASSWORD = "Quầy-một-cửa-2026"
ENV = {"PW": PASSWORD}
NAMES = {"lan": "Lê Thị Lan", "minh": "Phạm Văn Minh", "binh": "Đỗ Thị Bình"}


def staffed_office(home: Path, clock=None) -> Desk:
    """An office with an admin, two clerks (lan, minh) and a signer (binh)."""
    desk = Desk.open(home, clock) if clock else Desk.open(home)
    desk.init_office("H38.12", "UBND xã Tân Phú", "Xã Tân Phú")
    desk.create_test_identity("Đỗ Thị Bình", "Phó Chủ tịch")
    desk.accounts.add("admin", "Trần Thị Mai", "admin", PASSWORD)
    desk.sign_in("admin", PASSWORD)
    desk.accounts.add("lan", NAMES["lan"], "clerk", PASSWORD)
    desk.accounts.add("minh", NAMES["minh"], "clerk", PASSWORD)
    desk.accounts.add("binh", NAMES["binh"], "signer", PASSWORD)
    return desk


def receive(desk: Desk, citizen_id: str) -> str:
    view, _ = desk.receive_dossier(COPY, "Nguyễn Văn Đức", citizen_id, False, False, ["Đơn"])
    return view.code


def finish(desk: Desk, code: str) -> None:
    desk.move_dossier(code, "advance", None, None)
    desk.move_dossier(code, "advance", None, None)


def as_json(f: StaffFigures) -> dict:
    return {
        "username": f.username,
        "full_name": NAMES[f.username],
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


def test_each_official_answers_for_their_own_dossiers(tmp_path: Path, scans: list[Path]) -> None:
    clock = OfficeClock(datetime(2026, 9, 28, 8, 0))
    home = tmp_path / "home"
    desk = staffed_office(home, clock)

    clock.set(datetime(2026, 9, 29, 9, 0))  # September: lan receives one, left unfinished
    desk.sign_in("lan", PASSWORD)
    september = receive(desk, "079190000001")

    clock.set(datetime(2026, 10, 5, 9, 0))  # a Monday
    d1 = receive(desk, "079190000002")
    desk.digitize_files([scans[0]], dossier_code=d1, title="Đơn đề nghị")
    clock.set(datetime(2026, 10, 5, 9, 5))
    receive(desk, "079190000003")  # lan's second, not digitized, still open
    desk.sign_in("minh", PASSWORD)
    clock.set(datetime(2026, 10, 5, 9, 10))
    d2 = receive(desk, "079190000004")
    clock.set(datetime(2026, 10, 5, 10, 0))
    finish(desk, d1)  # on time: due 17:00 today
    finish(desk, september)  # late: was due 17:00 on 29 September
    desk.sign_in("lan", PASSWORD)
    clock.set(datetime(2026, 10, 5, 10, 15))
    desk.move_dossier(d1, "return", None, "electronic")  # counts for minh, who finished it
    desk.sign_in("binh", PASSWORD)
    clock.set(datetime(2026, 10, 5, 11, 0))
    desk.certify_copies(
        CertifyRequest(
            files=scans,
            citizen_name="Võ Thị Sáu",
            citizen_id="079190000005",
            document_title="Học bạ",
        )
    )
    desk.sign_in("minh", PASSWORD)
    clock.set(datetime(2026, 10, 6, 8, 0))
    desk.report_late(d2, "Chờ xác minh", "Làm thêm giờ", datetime(2026, 10, 6, 10, 0))
    clock.set(datetime(2026, 10, 6, 11, 0))
    finish(desk, d2)  # late even against the new date
    desk.sign_in("lan", PASSWORD)
    clock.set(datetime(2026, 11, 1, 6, 30))  # 23:30 UTC on 31 October: a November dossier
    receive(desk, "079190000006")

    got = desk.dossiers.staff_report(2026, 10)
    assert [f.username for f in got] == ["binh", "lan", "minh"]
    binh, lan, minh = got
    assert binh == StaffFigures(
        "binh", received=1, finished=1, on_time=1, electronic_results=1, electronic_copies=1
    )
    assert lan == StaffFigures("lan", received=2, digitized=1)
    assert (lan.digitized_rate, lan.on_time_rate) == (0.5, None)
    late = sorted(minh.late, key=lambda d: d.code)
    assert late == [LateDossier(september, ()), LateDossier(d2, ("Chờ xác minh",))]
    assert minh == StaffFigures(
        "minh", received=1, finished=3, on_time=1, late=minh.late, electronic_results=1
    )
    assert minh.on_time_rate == pytest.approx(1 / 3)
    office = desk.indicators(2026, 10)[0]
    assert (office.received, office.finished, office.on_time) == (4, 4, 2)
    assert desk.dossiers.staff_report(2026, 9) == [StaffFigures("lan", received=1)]
    assert desk.dossiers.staff_report(2026, 11) == [StaffFigures("lan", received=1)]
    desk.close()

    # The CLI gives the same figures, with each person's full name.
    cli = Cli(home)
    shown = cli.ok(
        "--user", "admin", "--password-env", "PW", "report", "staff", "--month", "2026-10", env=ENV
    )
    assert shown == {"month": "2026-10", "staff": [as_json(f) for f in got]}


def test_staff_report_command_on_todays_work(tmp_path: Path) -> None:
    home = tmp_path / "home"
    desk = staffed_office(home)  # the real clock
    desk.sign_in("lan", PASSWORD)
    code = receive(desk, "079190000001")
    received = desk.dossiers.show(code).received_at  # office-local
    desk.sign_in("minh", PASSWORD)
    receive(desk, "079190000002")
    receive(desk, "079190000003")
    desk.close()

    month = f"{received:%Y-%m}"
    shown = Cli(home).ok(
        "--user", "lan", "--password-env", "PW", "report", "staff", "--month", month, env=ENV
    )
    assert shown["month"] == month
    assert [(p["username"], p["full_name"], p["received"]) for p in shown["staff"]] == [
        ("lan", NAMES["lan"], 1),
        ("minh", NAMES["minh"], 2),
    ]
    lan = shown["staff"][0]
    assert (lan["digitized"], lan["digitized_rate"], lan["finished"], lan["on_time_rate"]) == (
        0,
        0.0,
        0,
        None,
    )
    assert (lan["late"], lan["late_dossiers"], lan["electronic_copies"]) == (0, [], 0)


def test_an_apology_with_a_new_date_does_not_make_a_late_dossier_on_time(
    tmp_path: Path,
) -> None:
    clock = OfficeClock(datetime(2026, 10, 5, 8, 0))
    desk = staffed_office(tmp_path / "home", clock)
    desk.sign_in("lan", PASSWORD)
    code = receive(desk, "079190000009")  # due 17:00 the same day
    clock.set(datetime(2026, 10, 6, 9, 0))
    desk.report_late(code, "Chờ xác minh", "Làm thêm giờ", datetime(2026, 10, 8, 16, 0))
    assert desk.dossiers.show(code).due_at == datetime(2026, 10, 8, 16, 0)  # the new promise
    clock.set(datetime(2026, 10, 7, 10, 0))  # before the new date, after the lawful one
    finish(desk, code)
    assert desk.dossiers.show(code).risk == "finished_late"
    indicators, _ = desk.indicators(2026, 10)
    assert (indicators.finished, indicators.on_time) == (1, 0)
    (lan,) = desk.dossiers.staff_report(2026, 10)
    assert lan.late == [LateDossier(code, ("Chờ xác minh",))]
    desk.close()


def test_a_lawful_extension_moves_the_due_time_the_dossier_is_judged_by(tmp_path: Path) -> None:
    clock = OfficeClock(datetime(2026, 10, 5, 8, 0))
    desk = staffed_office(tmp_path / "home", clock)
    desk.sign_in("lan", PASSWORD)
    code = receive(desk, "079190000010")
    desk.dossiers.extend(code, 2, "Bản chính nhiều trang")
    clock.set(datetime(2026, 10, 6, 10, 0))
    finish(desk, code)
    assert desk.dossiers.show(code).risk == "finished_on_time"
    indicators, _ = desk.indicators(2026, 10)
    assert (indicators.finished, indicators.on_time) == (1, 1)
    desk.close()
