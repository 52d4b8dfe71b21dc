"""Dossiers through their life: CLI contracts, due times on a controlled clock, indicators."""

import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import cv2
import numpy as np
import pymupdf
import pytest

from counterdesk.capture.qr import read_qr_texts
from counterdesk.desk import CertifyRequest, Desk
from counterdesk.domain.dossier_states import Action
from counterdesk.domain.fees import CopyMode
from counterdesk.domain.vietqr import vietqr_payload
from tests.conftest import Cli, require_tool
from tests.e2e.office_clock import OfficeClock

COPY = "2.000815.000.00.00.H55"
SIGNATURE = "2.000884.000.00.00.H55"
CONTRACT = "2.001035.000.00.00.H55"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def text_of(pdf: str) -> str:
    return subprocess.run(
        [require_tool("pdftotext"), pdf, "-"], capture_output=True, text=True, check=True
    ).stdout


def receive(
    cli: Cli,
    procedure: str = CONTRACT,
    name: str = "Nguyễn Văn Đức",
    citizen_id: str = "001090123456",
) -> dict:
    return cli.ok(
        "dossier",
        "receive",
        "--procedure",
        procedure,
        "--citizen-name",
        name,
        "--citizen-id",
        citizen_id,
        "--document",
        "Hợp đồng mua bán nhà",
    )


def test_dossier_lifecycle_through_the_cli(office: Cli) -> None:
    received = receive(office)
    code = received["code"]
    assert received["state"] == "received"
    assert received["due_at"] > received["received_at"]
    slip = text_of(received["form_pdf"])
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in slip
    assert f"Mã hồ sơ: {code}" in slip
    assert "17 giờ 00 phút" in slip  # the return time as hour and day
    assert "Hợp đồng mua bán nhà" in slip

    assert office.ok("dossier", "advance", code)["state"] == "in_progress"
    assert office.ok("dossier", "advance", code)["state"] == "finished"
    returned = office.ok("dossier", "return", code, "--channel", "electronic")
    assert returned["state"] == "returned" and returned["return_channel"] == "electronic"
    shown = office.ok("dossier", "show", code, "--control-sheet")
    assert [e["action"] for e in shown["events"]] == ["receive", "advance", "advance", "return"]
    assert all(e["actor"] == "local" for e in shown["events"])
    assert code in text_of(shown["form_pdf"])

    refused = office.run("dossier", "advance", code)
    assert refused.returncode != 0 and "returned" in refused.stderr


def test_side_roads_print_their_forms(office: Cli) -> None:
    first = receive(office)["code"]
    asked = office.ok("dossier", "supplement", first, "--reason", "Thiếu bản sao sổ đỏ")
    assert asked["state"] == "supplement_requested"
    assert "Thiếu bản sao sổ đỏ" in text_of(asked["form_pdf"])
    assert office.ok("dossier", "resume", first)["state"] == "in_progress"
    stopped = office.ok("dossier", "stop", first, "--reason", "Người yêu cầu rút hồ sơ")
    assert stopped["state"] == "stopped" and first in text_of(stopped["form_pdf"])

    second = receive(office, citizen_id="001090123457", name="Trần Thị Bích Đào")["code"]
    refused = office.ok("dossier", "refuse", second, "--reason", "Bản chính bị tẩy xóa")
    assert refused["state"] == "refused"
    assert "Bản chính bị tẩy xóa" in text_of(refused["form_pdf"])
    no_reason = office.run("dossier", "refuse", second)
    assert no_reason.returncode != 0
    third = receive(office, citizen_id="001090123458")["code"]
    listed = office.ok("dossier", "refuse", third, "--reason", "damaged")
    letter = text_of(listed["form_pdf"])
    assert "Bản chính bị hư hỏng, cũ nát" in letter
    assert "khoản 2 Điều 22 Nghị định số 23/2015/NĐ-CP" in letter


def test_extension_is_limited_by_the_rule(office: Cli) -> None:
    code = receive(office, procedure=COPY)["code"]
    before = office.ok("dossier", "show", code)["due_at"]
    extended = office.ok("dossier", "extend", code, "--days", "2", "--reason", "Nhiều trang")
    assert extended["due_at"] > before
    again = office.run("dossier", "extend", code, "--days", "1", "--reason", "Thêm")
    assert again.returncode != 0 and "2" in again.stderr
    none = office.run(
        "dossier",
        "extend",
        receive(office, procedure=SIGNATURE)["code"],
        "--days",
        "1",
        "--reason",
        "x",
    )
    assert none.returncode != 0


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    clock = OfficeClock(datetime(2026, 11, 27, 14, 0))  # a Friday
    desk = Desk.open(tmp_path / "home", clock)
    desk.init_office("H55.1", "UBND xã Tân Phú", "Xã Tân Phú")
    desk.create_test_identity("Lê Văn Tám", "Chủ tịch")
    yield desk
    desk.close()


def test_late_risk_follows_working_hours(desk: Desk) -> None:
    clock: OfficeClock = desk.clock  # type: ignore[assignment]
    view, _ = desk.receive_dossier(COPY, "Phạm Minh Châu", "079090000001", False, False, [])
    assert view.due_at == datetime(2026, 11, 27, 17, 0)  # received before 15:00: same day
    assert desk.dossiers.late() == []

    clock.set(datetime(2026, 11, 27, 15, 30))  # 1.5 office hours left
    (item,) = desk.dossiers.late()
    assert item.dossier.risk == "at_risk" and item.working_hours_left == 1.5

    clock.set(datetime(2026, 11, 30, 8, 0))  # Monday: the weekend does not count
    (item,) = desk.dossiers.late()
    assert item.dossier.risk == "late" and item.working_hours_left == -0.5
    view, letter = desk.report_late(
        view.code, "Máy quét hỏng", "Đã thay máy", datetime(2026, 11, 30, 16, 0)
    )
    assert "Máy quét hỏng" in text_of(str(letter))
    assert desk.dossiers.late() == []  # the new date is hours away
    clock.set(datetime(2026, 11, 30, 15, 0))
    (item,) = desk.dossiers.late()
    assert (item.reason, item.remedy) == ("Máy quét hỏng", "Đã thay máy")
    assert item.new_due_at == datetime(2026, 11, 30, 16, 0)
    desk.move_dossier(view.code, "advance", None, None)
    desk.move_dossier(view.code, "advance", None, None)
    assert desk.dossiers.late() == []

    late_afternoon, _ = desk.receive_dossier(COPY, "Võ Thị Sáu", "079090000002", False, False, [])
    assert late_afternoon.due_at == datetime(2026, 12, 1, 17, 0)  # after 15:00: next day


def test_indicators_of_a_generated_month(desk: Desk, scans: list[Path]) -> None:
    clock: OfficeClock = desk.clock  # type: ignore[assignment]
    start = datetime(2026, 12, 1, 8, 0)  # a Tuesday
    for n in range(6):  # certified on the spot: finished on time, electronic copies
        clock.set(start + timedelta(days=n % 3, minutes=n))
        mode = {0: "paper+electronic", 1: "paper"}.get(n % 2, "paper")
        desk.certify_copies(
            CertifyRequest(
                scans,
                "Trần Văn Đức",
                f"0010900000{n:02d}",
                "Giấy khai sinh",
                payment_channel="online_portal" if n < 2 else "cash",
                mode=CopyMode(mode),
            )
        )
    codes = []
    for n in range(4):  # contracts received, two finished late, one on time, one open
        clock.set(datetime(2026, 12, 2, 9, 0) + timedelta(minutes=n))
        view, _ = desk.receive_dossier(
            CONTRACT, "Lê Thị Hồng", f"0790900000{n:02d}", n == 0, True, []
        )
        codes.append(view.code)
    clock.set(datetime(2026, 12, 3, 10, 0))
    for code in codes[:1]:
        desk.dossiers.act(code, Action.ADVANCE)
        desk.dossiers.act(code, Action.ADVANCE)
    clock.set(datetime(2026, 12, 10, 10, 0))  # well past the 2 working days
    for code in codes[1:3]:
        desk.dossiers.act(code, Action.ADVANCE)
        desk.dossiers.act(code, Action.ADVANCE)

    got = desk.indicators(2026, 12)[0]
    assert got.received == 10 and got.finished == 9
    assert got.on_time_rate == pytest.approx(7 / 9)
    assert got.electronic_copies == 3
    assert got.electronic_result_rate == pytest.approx(3 / 9)
    assert got.online_payment_rate == pytest.approx(2 / 6)
    assert got.online_dossier_rate == pytest.approx(1 / 4)
    assert got.digitized_rate == 0
    assert desk.indicators(2026, 11)[0].received == 0
    _, report = desk.indicators(2026, 12, with_report=True)
    assert "BÁO CÁO" in text_of(str(report))


def test_indicators_and_book_commands(office: Cli, scans: list[Path]) -> None:
    office.ok(
        "certify",
        *map(str, scans),
        "--citizen-name",
        "Đặng Thu Hà",
        "--citizen-id",
        "001090123456",
        "--document-title",
        "Học bạ",
    )
    month = datetime.now(HANOI).strftime("%Y-%m")
    got = office.ok("indicators", "--month", month, "--report")
    assert set(got) >= {
        "period",
        "received",
        "finished",
        "on_time_rate",
        "digitized_rate",
        "electronic_result_rate",
        "online_payment_rate",
        "online_dossier_rate",
        "electronic_copies",
    }
    assert got["received"] == 1 and got["on_time_rate"] == 1.0
    assert got["online_dossier_rate"] is None
    printed = office.ok("book", "export", "--month", month)
    assert printed["entries"] == 1 and "Học bạ" in text_of(printed["pdf_path"])
    year = str(datetime.now(HANOI).year)
    closed = office.ok("book", "close", "--year", year)
    assert closed["entries"] == 1 and closed["last_number"] == 1
    assert "tổng số 1 việc chứng thực" in text_of(closed["pdf_path"])
    after = office.run(
        "certify",
        *map(str, scans),
        "--citizen-name",
        "Đặng Thu Hà",
        "--citizen-id",
        "001090123456",
        "--document-title",
        "Học bạ",
    )
    assert after.returncode != 0 and "closed" in after.stderr


def test_vietqr_on_the_receipt_scans_back(office: Cli, scans: list[Path]) -> None:
    office.ok(
        "office",
        "set-bank",
        "--bin",
        "970415",
        "--account",
        "113366668888",
        "--name",
        "UBND XA TAN PHU",
    )
    out = office.ok(
        "certify",
        *map(str, scans),
        "--citizen-name",
        "Đặng Thu Hà",
        "--citizen-id",
        "001090123456",
        "--document-title",
        "Học bạ",
        "--payment",
        "bank_transfer",
    )
    with pymupdf.open(out["receipt_pdf"]) as doc:
        pix = doc[0].get_pixmap(dpi=200)
    image = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)
    texts = read_qr_texts(cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
    receipt_no = out["fee"]["receipt_no"]
    assert texts == [vietqr_payload("970415", "113366668888", 4000, f"Phi CT {receipt_no}")]
    assert "Hình thức nộp: Chuyển khoản" in text_of(out["receipt_pdf"])


def test_catalog_import_reports_then_applies(office: Cli, tmp_path: Path) -> None:
    receive(office)  # loads the shipped catalog
    published = tmp_path / "danh-muc.csv"
    published.write_text(
        "Mã thủ tục;Tên thủ tục;Thời hạn giải quyết;Phí, lệ phí;Căn cứ pháp lý;Ngày hiệu lực\n"
        f"{COPY};Chứng thực bản sao từ bản chính;same_day_cutoff 15:00 +2;2.000 đ/trang;"
        "Nghị định 23/2015/NĐ-CP;2026-12-01\n"
        "2.000999.000.00.00.H55;Thủ tục mới;working_days 3;Không;Quyết định 1/2026;2026-12-01\n",
        encoding="utf-8-sig",
    )
    preview = office.ok("catalog", "import", str(published))
    assert preview["applied"] is False
    assert preview["added"] == ["2.000999.000.00.00.H55"]
    assert [c["code"] for c in preview["changed"]] == [COPY]
    assert CONTRACT in preview["withdrawn"]
    applied = office.ok("catalog", "import", str(published), "--apply")
    assert applied["applied"] is True
    assert receive(office, procedure="2.000999.000.00.00.H55")["state"] == "received"
    gone = office.run(
        "dossier",
        "receive",
        "--procedure",
        CONTRACT,
        "--citizen-name",
        "A B",
        "--citizen-id",
        "001090123456",
    )
    assert gone.returncode != 0 and CONTRACT in gone.stderr


def test_citizen_search_ignores_accents_and_d_stroke(office: Cli) -> None:
    receive(office, name="Nguyễn Văn Đức", citizen_id="001090123456")
    receive(office, name="Trần Thị Bích Đào", citizen_id="001090123457")
    found = office.ok("citizens", "nguyen van duc")["citizens"]
    assert [c["full_name"] for c in found] == ["Nguyễn Văn Đức"]
    assert [c["full_name"] for c in office.ok("citizens", "dao")["citizens"]] == [
        "Trần Thị Bích Đào"
    ]
    assert office.ok("citizens", "Đức")["citizens"][0]["id_number"] == "001090123456"
    assert office.ok("citizens", "hoang")["citizens"] == []


def test_tracking_book_lists_the_month(office: Cli) -> None:
    codes = [receive(office, citizen_id=f"00109012345{n}")["code"] for n in range(3)]
    month = datetime.now(HANOI).strftime("%Y-%m")
    book = office.ok("dossier", "book", "--month", month)
    assert book["dossiers"] == 3
    text = text_of(book["form_pdf"])
    assert all(code in text for code in codes)


def test_office_hours_set_the_due_time(office: Cli) -> None:
    assert office.ok("office", "set-hours", "07:00-11:00,13:00-16:30")["hours"] == (
        "07:00-11:00,13:00-16:30"
    )
    assert receive(office, procedure=COPY)["due_at"].endswith("T16:30")
    bad = office.run("office", "set-hours", "17:00-07:00")
    assert bad.returncode != 0 and "07:30-11:30,13:30-17:00" in bad.stderr
