"""The Verify screen ("Kiểm tra bản sao") on the real window, in Vietnamese: e-copies from
our office, a tampered one, one from another office whose root we do not trust, one signed
by a trusted CA's certificate (the loopback test PKI answers OCSP), and paper copies by
their QR code. Real data folders throughout, certified through the core."""

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counterdesk.desk import CertifyRequest, CertifyResult, Desk
from counterdesk.documents.samples import sample_scan
from counterdesk.domain.calendar import OFFICE_TZ
from counterdesk.domain.fees import CopyMode
from counterdesk.ui.app import Desktop
from counterdesk.ui.verify import VerifyScreen
from tests.signing.pki import ORGANISATION, SIGNER_NAME, LoopbackPki
from tests.ui.conftest import SIGNER, wait_idle
from tests.ui.test_certify import CTRL, CTRL_SHIFT, dismiss, press

pytest_plugins = ("tests.signing.pki",)  # the loopback PKI

GREEN, AMBER = "#2e7d32", "#ffb300"
LOCAL_TIME = re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d")


def certify_in(home: Path, scan: Path) -> CertifyResult:
    desk = Desk.open(home)
    try:
        return desk.certify_copies(
            CertifyRequest(
                files=[scan],
                citizen_name="Trần Văn Đức",
                citizen_id="001090123456",
                document_title="Giấy khai sinh",
                copies=1,
                mode=CopyMode.PAPER_AND_ELECTRONIC,
            )
        )
    finally:
        desk.close()


def new_office(home: Path, code: str, name: str) -> Desk:
    desk = Desk.open(home)
    desk.init_office(code, name, name.replace("UBND ", ""), "Tỉnh Đồng Nai")
    return desk


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    path = tmp_path / "trang-1.jpg"
    path.write_bytes(sample_scan("Giấy khai sinh", 1, 1))
    return path


@pytest.fixture
def ours(office_home: Path, scan: Path) -> CertifyResult:
    """A copy certified by our office (its TEST signer), before the window opens."""
    return certify_in(office_home, scan)


@pytest.fixture
def theirs(tmp_path: Path, scan: Path) -> CertifyResult:
    """A copy certified by another commune, with its own TEST CA (not trusted by ours)."""
    desk = new_office(tmp_path / "other", "H38.13", "UBND xã Phú Lý")
    desk.create_test_identity("Lê Văn Hùng", "Chủ tịch")
    desk.close()
    return certify_in(tmp_path / "other", scan)


@pytest.fixture
def screen(desktop: Desktop, qtbot: QtBot) -> VerifyScreen:
    qtbot.keyClick(desktop.window, Qt.Key.Key_F6)
    assert desktop.window.current_screen == "verify"
    verify = desktop.window.screens["verify"]
    assert isinstance(verify, VerifyScreen)
    return verify


def open_ecopy(qtbot: QtBot, desktop: Desktop, screen: VerifyScreen, path: Path) -> None:
    """Ctrl+O, as the clerk does; the file dialog answers `path`."""
    screen.choose_ecopy = lambda _title: path
    press(qtbot, Qt.Key.Key_O, CTRL)
    wait_idle(qtbot, desktop)
    assert screen.pages.currentIndex() == 1, screen.last_error


def drop_file(screen: VerifyScreen, path: Path) -> None:
    """Drag `path` from the file manager and drop it on the screen."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    where = QPointF(screen.width() / 2, screen.height() / 2)
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, data, buttons, keys)
    QApplication.sendEvent(screen, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(screen, QDropEvent(where, Qt.DropAction.CopyAction, data, buttons, keys))


def banner_colour(screen: VerifyScreen, banner_name: str = "banner") -> str:
    return getattr(screen, banner_name).styleSheet().split("background:")[1].split(";")[0]


def signature_row(screen: VerifyScreen) -> list[str]:
    (cells,) = screen.signature_cells
    return [cell.text() for cell in cells]


def local_minute(iso: str) -> str:
    return f"{datetime.fromisoformat(iso).astimezone(OFFICE_TZ):%d/%m/%Y %H:%M}"


def test_a_copy_signed_by_a_trusted_ca_certificate_is_valid(
    qtbot: QtBot,
    pki: LoopbackPki,
    tmp_path: Path,
    scan: Path,
    open_desktop: Callable[..., Desktop],
) -> None:
    home = tmp_path / "trusted"
    desk = new_office(home, "H38.12", "UBND xã Tân Phú")
    p12 = tmp_path / "signer.p12"
    p12.write_bytes(pki.signer_p12)
    desk.import_pkcs12(p12, pki.password, "Phó Chủ tịch")
    desk.close()
    (home / "trust").mkdir()
    (home / "trust" / "root.pem").write_bytes(pki.root_pem)
    certified = certify_in(home, scan)

    desktop = open_desktop(home)
    qtbot.waitUntil(lambda: desktop.ready and desktop.window.isActiveWindow(), timeout=30_000)
    wait_idle(qtbot, desktop)
    screen = desktop.window.screens["verify"]
    qtbot.keyClick(desktop.window, Qt.Key.Key_F6)
    assert QApplication.focusWidget() is screen.open_button
    open_ecopy(qtbot, desktop, screen, certified.electronic_pdf)

    report = screen.ecopy_check.report
    assert report["verdict"] == "valid", report["reasons"]
    assert screen.banner.property("verdict") == "valid"
    assert banner_colour(screen) == GREEN
    assert screen.banner.text().startswith("✔ HỢP LỆ")
    # The reason in Vietnamese, the time in the office's time zone.
    (signature,) = report["signatures"]
    when = local_minute(signature["signed_at"])
    assert screen.reasons.text().startswith(f"• {SIGNER_NAME} ký lúc {when}")
    assert "tin cậy và không bị thu hồi" in screen.reasons.text()
    signer, organisation, signed_at, level, trusted, revocation, stamped = signature_row(screen)
    assert (signer, organisation, signed_at) == (SIGNER_NAME, ORGANISATION, when)
    assert level == signature["level"]
    assert (trusted, revocation) == ("Có", "Có")
    assert stamped == ("Có" if signature["timestamped"] else "Không")
    assert screen.book_label.text() == certified.label
    assert screen.dossier_code.text() == certified.dossier_code
    assert screen.office.text() == "UBND xã Tân Phú"
    assert screen.in_our_book.text().startswith("Có —")


def test_a_changed_byte_makes_our_copy_invalid(
    qtbot: QtBot, ours: CertifyResult, desktop: Desktop, screen: VerifyScreen, tmp_path: Path
) -> None:
    data = bytearray(ours.electronic_pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered = tmp_path / "ban-sao-da-sua.pdf"
    tampered.write_bytes(bytes(data))

    drop_file(screen, tampered)
    wait_idle(qtbot, desktop)

    assert screen.ecopy_check.path == tampered
    assert screen.banner.property("verdict") == "invalid"
    assert banner_colour(screen) == "#c62828"
    assert screen.banner.text().startswith("✖ KHÔNG HỢP LỆ")
    assert screen.reasons.text() == (
        f"• Chữ ký số của {SIGNER[0]} không khớp với tệp: tệp đã bị sửa sau khi ký."
    )
    assert signature_row(screen)[4] == "Không"  # not trusted
    assert str(tampered) in screen.file_label.text()

    # Our own copy, untouched: intact and ours, but a TEST CA has no revocation service,
    # so it cannot be confirmed (amber), never a green tick.
    drop_file(screen, ours.electronic_pdf)
    wait_idle(qtbot, desktop)
    assert screen.banner.property("verdict") == "indeterminate"
    assert banner_colour(screen) == AMBER
    assert screen.in_our_book.text().startswith("Có —")


def test_a_copy_from_an_office_we_do_not_trust_is_not_confirmed_never_green(
    qtbot: QtBot, theirs: CertifyResult, desktop: Desktop, screen: VerifyScreen
) -> None:
    open_ecopy(qtbot, desktop, screen, theirs.electronic_pdf)

    report = screen.ecopy_check.report
    assert report["verdict"] == "indeterminate"
    assert screen.banner.property("verdict") == "indeterminate"
    assert banner_colour(screen) == AMBER
    assert GREEN not in screen.banner.styleSheet()
    assert "CHƯA XÁC NHẬN ĐƯỢC" in screen.banner.text()
    assert "✔" not in screen.banner.text()
    assert screen.reasons.text() == (
        "• Chứng thư số của Lê Văn Hùng không dẫn về chứng thư số gốc tin cậy nào; "
        "chưa xác nhận được người ký."
    )
    signer, organisation, signed_at, _level, trusted, revocation, _stamped = signature_row(screen)
    assert (signer, organisation) == ("Lê Văn Hùng", "UBND xã Phú Lý (TEST)")
    assert LOCAL_TIME.fullmatch(signed_at)
    assert (trusted, revocation) == ("Không", "Không")
    assert screen.dossier_code.text() == theirs.dossier_code
    assert screen.office.text() == "UBND xã Phú Lý"
    assert screen.in_our_book.text().startswith("Bản sao của cơ quan khác")


def last_page_scan(pdf: Path, out: Path) -> Path:
    """The paper copy's last page (the statement and its QR code) as a 200 dpi scan."""
    with pymupdf.open(pdf) as doc:
        doc[-1].get_pixmap(dpi=200).save(out)
    return out


def test_a_paper_copy_is_checked_by_its_qr_code_and_its_e_copy(
    qtbot: QtBot,
    ours: CertifyResult,
    theirs: CertifyResult,
    desktop: Desktop,
    screen: VerifyScreen,
    tmp_path: Path,
) -> None:
    ours_scan = last_page_scan(ours.paper_pdf, tmp_path / "ours.png")
    screen.choose_image = lambda: ours_scan
    press(qtbot, Qt.Key.Key_I, CTRL)
    wait_idle(qtbot, desktop)
    assert screen.pages.currentIndex() == 2, screen.last_error
    assert screen.paper_check.report["verdict"] == "matches"
    assert screen.paper_banner.text().startswith("✔ KHỚP VỚI SỔ")
    assert banner_colour(screen, "paper_banner") == GREEN
    assert screen.paper_label.text() == ours.label
    assert screen.paper_office.text() == "H38.12"
    assert (screen.paper_in_book.text(), screen.paper_ecopy_found.text()) == ("Có", "Có")
    assert screen.paper_ecopy_matches.text() == "Không có"

    # The e-copy the citizen also brought: compared, the paper check runs again.
    screen.choose_ecopy = lambda _title: ours.electronic_pdf
    press(qtbot, Qt.Key.Key_O, CTRL_SHIFT)
    wait_idle(qtbot, desktop)
    assert screen.paper_check.ecopy == ours.electronic_pdf
    assert screen.paper_ecopy_matches.text().endswith(
        "đúng là bản sao điện tử của bản sao giấy này"
    )
    assert banner_colour(screen, "paper_banner") == GREEN
    # Another e-copy given with it: red, whatever the book says.
    screen.choose_ecopy = lambda _title: theirs.electronic_pdf
    press(qtbot, Qt.Key.Key_O, CTRL_SHIFT)
    wait_idle(qtbot, desktop)
    assert screen.paper_check.report["ecopy_matches"] is False
    assert screen.paper_banner.text().startswith("✖ BẢN SAO ĐIỆN TỬ KHÁC")
    assert banner_colour(screen, "paper_banner") == "#c62828"
    screen.clear_compare_button.click()
    wait_idle(qtbot, desktop)
    assert screen.paper_check.ecopy is None

    # Another office's paper copy, dropped on the screen: only that office can answer.
    drop_file(screen, last_page_scan(theirs.paper_pdf, tmp_path / "theirs.png"))
    wait_idle(qtbot, desktop)
    assert screen.paper_check.report["verdict"] == "not_ours"
    assert screen.paper_banner.text().startswith("⚠ DO CƠ QUAN KHÁC CHỨNG THỰC (H38.13)")
    assert banner_colour(screen, "paper_banner") == AMBER
    assert screen.paper_in_book.text() == "Bản sao của cơ quan khác: hỏi cơ quan đó"

    # A PDF where a picture is wanted: the core's message, in the usual dialog.
    screen.choose_image = lambda: ours.paper_pdf
    press(qtbot, Qt.Key.Key_I, CTRL)
    wait_idle(qtbot, desktop)
    assert "is a PDF" in screen.last_error
    assert screen.pages.currentIndex() == 0
    assert screen.last_error in screen.placeholder.text()
    dismiss(qtbot, desktop)


def test_a_file_that_is_not_a_pdf_is_refused_with_the_core_message(
    qtbot: QtBot, desktop: Desktop, screen: VerifyScreen, tmp_path: Path
) -> None:
    notes = tmp_path / "ghi-chu.txt"
    notes.write_text("không phải PDF", encoding="utf-8")
    drop_file(screen, notes)
    wait_idle(qtbot, desktop)
    assert "is not a PDF" in screen.last_error
    dismiss(qtbot, desktop)
