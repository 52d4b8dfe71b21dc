"""The Search screen on the real desk window: type, pick, open, read the whole dossier."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counterdesk.desk import CertifyRequest, Desk
from counterdesk.ui.app import Desktop
from counterdesk.ui.search import SearchScreen
from tests.ui.conftest import SIGNER, wait_idle

COPY = "2.000815.000.00.00.H55"  # in the shipped catalog


@pytest.fixture
def received(office_home: Path) -> str:
    """A dossier received and moved on once, made through the core before the window opens."""
    desk = Desk.open(office_home)
    view, _ = desk.receive_dossier(COPY, "Nguyễn Văn Đức", "001090123456", False, False, [])
    desk.receive_dossier(COPY, "Trần Thị Bích Đào", "001090123457", False, False, [])
    desk.move_dossier(view.code, "advance", None, None)
    desk.close()
    return view.code


@pytest.fixture
def certified(office_home: Path, scans: list[Path]) -> tuple[str, Path]:
    """A certification (paper and signed e-copy) made through the core: code, e-copy."""
    desk = Desk.open(office_home)
    done = desk.certify_copies(
        CertifyRequest(
            files=scans,
            citizen_name="Lê Hoàng Phúc",
            citizen_id="079190000031",
            document_title="Bằng tốt nghiệp",
        )
    )
    desk.close()
    assert done.electronic_pdf is not None
    return done.dossier_code, done.electronic_pdf


def open_search(qtbot: QtBot, desktop: Desktop) -> SearchScreen:
    qtbot.keyClick(desktop.window, Qt.Key.Key_F5)
    assert desktop.window.current_screen == "search"
    screen = desktop.window.screens["search"]
    assert isinstance(screen, SearchScreen)
    return screen


def test_typing_finds_the_citizen_and_the_detail_shows_the_timeline(
    qtbot: QtBot, received: str, desktop: Desktop
) -> None:
    screen = open_search(qtbot, desktop)
    qtbot.keyClicks(screen.query, "nguyen van duc")
    qtbot.waitUntil(lambda: screen.results.count() == 1, timeout=5_000)
    assert screen.hits[0].dossier_code == received
    assert screen.hits[0].citizen_name == "Nguyễn Văn Đức"
    assert received in screen.results.item(0).text()
    screen.results.setCurrentRow(0)  # picking a result opens it after a pause
    qtbot.waitUntil(lambda: screen.heading.text() == received, timeout=5_000)
    wait_idle(qtbot, desktop)
    assert screen.pane.currentIndex() == 1
    assert screen.timeline.rowCount() == 2
    assert screen.timeline.item(0, 2).text() == "local"  # who received it
    assert screen.fact_labels["citizen"].text() == "Nguyễn Văn Đức — 001090123456"
    assert not screen.book_box.isVisible() and not screen.fee_box.isVisible()
    assert screen.signature_labels == []

    screen.query.clear()
    qtbot.keyClicks(screen.query, '"NEAR( * -')  # hostile input is just characters
    qtbot.waitUntil(lambda: screen.searched == '"NEAR( * -', timeout=5_000)
    assert screen.results.count() == 0
    assert desktop.window.last_error is None


def test_keyboard_only_ctrl_f_type_down_enter(
    qtbot: QtBot, received: str, desktop: Desktop
) -> None:
    screen = open_search(qtbot, desktop)
    screen.results.setFocus()
    qtbot.keyClick(desktop.window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is screen.query
    qtbot.keyClicks(QApplication.focusWidget(), "bich dao")
    qtbot.waitUntil(lambda: screen.results.count() == 1, timeout=5_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert screen.results.currentRow() == 0
    assert QApplication.focusWidget() is screen.query  # still typing
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    code = screen.hits[0].dossier_code
    qtbot.waitUntil(lambda: screen.heading.text() == code, timeout=5_000)
    wait_idle(qtbot, desktop)
    assert code != received
    assert screen.timeline.rowCount() == 1
    assert QApplication.focusWidget() is screen.timeline  # Enter opened it


def test_enter_right_after_typing_opens_the_best_match(
    qtbot: QtBot, received: str, desktop: Desktop
) -> None:
    screen = open_search(qtbot, desktop)
    qtbot.keyClicks(screen.query, received)
    qtbot.keyClick(screen.query, Qt.Key.Key_Enter)  # before the pause is over
    qtbot.waitUntil(lambda: screen.heading.text() == received, timeout=5_000)
    assert screen.hits[0].kind == "dossier"


def test_a_certified_dossier_shows_its_book_entry_fee_pictures_and_signature(
    qtbot: QtBot, certified: tuple[str, Path], desktop: Desktop
) -> None:
    code, e_copy = certified
    today = desktop.window.screens["today"]
    today.navigate.emit("search", {"code": code})  # as the Today queue does
    screen = desktop.window.screens["search"]
    assert desktop.window.current_screen == "search"
    qtbot.waitUntil(lambda: screen.heading.text() == code, timeout=10_000)
    wait_idle(qtbot, desktop)
    assert screen.query.text() == code
    assert [hit.dossier_code for hit in screen.hits] == [code]
    assert screen.results.currentRow() == 0
    assert screen.timeline.rowCount() == 1
    assert screen.book_box.isVisible() and screen.fee_box.isVisible()
    assert SIGNER[0] in screen.book.text()
    assert "receipt" in screen.fee.text() or "biên lai" in screen.fee.text()
    [signature] = screen.signature_labels
    assert signature.property("intact") is True
    assert SIGNER[0] in signature.text()
    pictures = list(screen._thumbnail_labels.values())
    assert len(pictures) == 3  # paper copy, e-copy, receipt
    assert all(not label.pixmap().isNull() for label in pictures)

    data = bytearray(e_copy.read_bytes())
    data[len(data) // 3] ^= 0x01  # one byte changed inside the signed range
    e_copy.write_bytes(bytes(data))
    screen.refresh()
    qtbot.waitUntil(
        lambda: (
            bool(screen.signature_labels) and screen.signature_labels[0].property("intact") is False
        ),
        timeout=10_000,
    )
    assert "CHANGED" in screen.signature_labels[0].text() or "ĐÃ BỊ THAY ĐỔI" in (
        screen.signature_labels[0].text()
    )


def test_a_digitized_copy_of_no_dossier_opens_on_its_own(
    qtbot: QtBot, office_home: Path, scans: list[Path], desktop: Desktop
) -> None:
    desk = Desk.open(office_home)
    copy = desk.digitize_files([scans[0]], title="Giấy chứng sinh")
    desk.close()
    screen = open_search(qtbot, desktop)
    qtbot.keyClicks(screen.query, "giay chung sinh")
    qtbot.keyClick(screen.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: str(copy.document_id) in screen.heading.text(), timeout=5_000)
    wait_idle(qtbot, desktop)
    assert screen.hits[0].dossier_code is None
    assert not screen.timeline_box.isVisible() and not screen.beside.isVisible()
    [picture] = screen._thumbnail_labels.values()
    assert not picture.pixmap().isNull()
