"""Settings on the real window: office records through the core, this desk's choices in
window.ini, accounts and the sign-in they bring, the demo reset."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt, QTime
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from counterdesk.capture.sources.base import SourceInfo
from counterdesk.desk import Desk
from counterdesk.ui import settings as settings_module
from counterdesk.ui.app import Desktop
from counterdesk.ui.settings import PDF_FILE, chosen_printer, chosen_source
from tests.ui.conftest import wait_idle
from tests.ui.steps import open_settings

PASSWORD = "Mật-khẩu-2026"
SCANNER = SourceInfo("sane:test:0", "sane", "Máy quét thử")


def query(home: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(home / "counterdesk.sqlite3") as db:
        return db.execute(sql, params).fetchall()


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying Vietnamese letters (QTest's keyClicks knows ASCII only), as a
    keyboard layout or an input method (Unikey, ibus) delivers them."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def ini(home: Path) -> QSettings:
    return QSettings(str(home / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def no_devices(monkeypatch: pytest.MonkeyPatch) -> None:
    """One known scanner and printer: the test machine has none (and no camera to probe)."""
    monkeypatch.setattr(settings_module, "find_sources", lambda addresses, cameras: [SCANNER])
    monkeypatch.setattr(settings_module, "find_printers", lambda: ["Office-Laser"])
    monkeypatch.setattr(settings_module, "default_printer", lambda: "Office-Laser")


_STARTED: list[Desktop] = []


@pytest.fixture(autouse=True)
def _close_leftovers() -> Iterator[None]:
    """A window left open by a failed test would abort the process (its worker thread)."""
    yield
    while _STARTED:
        _STARTED.pop().close()


def start(qtbot: QtBot, home: Path, **options: object) -> Desktop:
    running = Desktop(home, **options)
    _STARTED.append(running)
    qtbot.addWidget(running.window)
    running.window.show()
    running.window.activateWindow()
    return running


def stop(running: Desktop) -> None:
    _STARTED.remove(running)
    running.close()


@pytest.fixture
def demo_desktop(qtbot: QtBot, tmp_path: Path) -> Iterator[Desktop]:
    """The desk window on a fresh demo office (DEMO banner shown)."""
    running = start(qtbot, tmp_path / "demo", demo=True, language="vi")
    qtbot.waitUntil(lambda: running.ready, timeout=60_000)
    wait_idle(qtbot, running, 60_000)
    yield running
    stop(running)


def test_office_is_saved_through_the_core_from_the_keyboard(
    qtbot: QtBot, desktop: Desktop, office_home: Path
) -> None:
    qtbot.keyClick(desktop.window, Qt.Key.Key_F9)
    wait_idle(qtbot, desktop)
    screen = desktop.window.screens["settings"]
    assert desktop.window.current_screen == "settings"
    assert screen.code.text() == "H38.12"
    assert screen.code.isReadOnly()
    assert screen.office_name.text() == "UBND xã Tân Phú"
    screen.office_name.setFocus()
    qtbot.keyClick(screen.office_name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(screen.office_name, "UBND xã Tân Phú Đông")
    qtbot.keyClick(screen.office_name, Qt.Key.Key_Tab)
    assert screen.commune.hasFocus()  # the form is walked with Tab
    qtbot.keyClick(screen.commune, Qt.Key.Key_Return)  # Enter saves the group typed in
    wait_idle(qtbot, desktop)
    assert screen.last_error is None
    assert query(office_home, "SELECT code, name FROM office") == [
        ("H38.12", "UBND xã Tân Phú Đông")
    ]
    assert desktop.window.who.text().startswith("UBND xã Tân Phú Đông — ")  # the status bar
    assert query(office_home, "SELECT count(*) FROM audit_log WHERE action = 'office.init'") == [
        (2,)
    ]


def test_hours_bank_account_and_retention_are_saved(
    qtbot: QtBot, desktop: Desktop, office_home: Path
) -> None:
    screen = open_settings(qtbot, desktop)
    assert [e.time().toString("HH:mm") for e in screen.hours] == [
        "07:30",
        "11:30",
        "13:30",
        "17:00",
    ]
    for edit, text in zip(screen.hours, ("08:00", "11:30", "13:00", "17:30"), strict=True):
        edit.setTime(QTime.fromString(text, "HH:mm"))
    screen.save_hours.click()
    wait_idle(qtbot, desktop)
    assert query(office_home, "SELECT hours FROM office") == [("08:00-11:30,13:00-17:30",)]

    # The core refuses an afternoon before the morning; the window says why.
    screen.hours[2].setTime(QTime(10, 0))
    screen.save_hours.click()
    wait_idle(qtbot, desktop)
    assert "Office hours" in (screen.last_error or "")
    assert query(office_home, "SELECT hours FROM office") == [("08:00-11:30,13:00-17:30",)]

    screen.bank_bin.setText("970415")
    screen.bank_account.setText("113366668888")
    screen.bank_account_name.setText("UBND XA TAN PHU")
    screen.save_bank.click()
    screen.retention.setValue(10)
    screen.save_retention.click()
    wait_idle(qtbot, desktop)
    assert screen.last_error is None
    assert query(
        office_home,
        "SELECT bank_bin, bank_account, bank_account_name, retention_years FROM office",
    ) == [("970415", "113366668888", "UBND XA TAN PHU", 10)]


def test_signer_is_imported_from_a_p12_or_made_for_training(
    qtbot: QtBot, desktop: Desktop, office_home: Path, tmp_path: Path
) -> None:
    other = Desk.open(tmp_path / "other")
    other.init_office("H38.13", "UBND xã Phú Lộc")
    made = other.create_test_identity("Phạm Văn Bình", "Chủ tịch")
    ((secret,),) = other.home.db.db.execute("SELECT secret FROM identities").fetchall()
    other.close()

    screen = open_settings(qtbot, desktop)
    assert "Nguyễn Thị Ngọc Ánh" in screen.identity.text()
    screen.choose_file = lambda: str(made.p12_path)  # the file dialog
    screen.p12_password.setText(secret)
    screen.import_p12.click()  # no file typed yet: asks for one
    wait_idle(qtbot, desktop)
    assert screen.last_error is None
    assert "Phạm Văn Bình" in screen.identity.text()
    assert screen.p12_password.text() == ""  # not kept in the window
    assert query(office_home, "SELECT signer_name FROM identities WHERE active = 1") == [
        ("Phạm Văn Bình",)
    ]

    screen.test_name.setText("Lê Văn Tám")
    screen.create_test.click()
    wait_idle(qtbot, desktop)
    assert "Lê Văn Tám" in screen.identity.text()
    assert query(office_home, "SELECT is_test FROM identities WHERE active = 1") == [(1,)]


def test_first_account_means_everyone_signs_in(
    qtbot: QtBot, desktop: Desktop, office_home: Path
) -> None:
    screen = open_settings(qtbot, desktop)
    assert screen.accounts.rowCount() == 0
    screen.new_username.setText("lan")
    screen.new_full_name.setText("Lê Thị Lan")
    screen.role_boxes["admin"].setChecked(True)
    screen.role_boxes["clerk"].setChecked(True)
    screen.new_password.setText(PASSWORD)
    screen.new_password_again.setText(PASSWORD + "x")
    screen.add_account.click()
    assert "không khớp" in (screen.last_error or "")  # in Vietnamese
    assert query(office_home, "SELECT count(*) FROM users") == [(0,)]

    screen.new_password_again.setText(PASSWORD)
    screen.add_account.click()
    wait_idle(qtbot, desktop)
    assert query(office_home, "SELECT username, full_name, roles, active FROM users") == [
        ("lan", "Lê Thị Lan", "admin,clerk", 1)
    ]
    assert screen.new_password.text() == ""
    assert screen.accounts.item(0, 0).text() == "lan"
    login = screen.login
    assert login is not None
    qtbot.waitUntil(login.isVisible)
    assert login.username.text() == "lan"

    # Until someone signs in, the built-in user may not act: the core says so.
    screen.retention.setValue(5)
    screen.save_retention.click()
    wait_idle(qtbot, desktop)
    assert "accounts now" in (screen.last_error or "")
    assert query(office_home, "SELECT retention_years FROM office") == [(None,)]

    login.password.setText(PASSWORD)
    login.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not login.isVisible())
    wait_idle(qtbot, desktop)
    assert "lan" in desktop.window.who.text()
    screen.save_retention.click()
    wait_idle(qtbot, desktop)
    assert screen.last_error is None
    assert query(office_home, "SELECT retention_years FROM office") == [(5,)]


def test_accounts_are_managed_by_admins_only(qtbot: QtBot, office_home: Path) -> None:
    desk = Desk.open(office_home)
    desk.accounts.add("lan", "Lê Thị Lan", "admin", PASSWORD)
    desk.sign_in("lan", PASSWORD)
    desk.accounts.add("binh", "Trần Văn Bình", "clerk", PASSWORD)
    desk.close()

    def sign_in(username: str) -> Desktop:
        running = start(qtbot, office_home, language="vi")
        qtbot.waitUntil(lambda: running.login is not None and running.login.isVisible())
        running.login.username.setText(username)
        running.login.password.setText(PASSWORD)
        running.login.buttons.accepted.emit()
        qtbot.waitUntil(lambda: running.ready)
        wait_idle(qtbot, running)
        return running

    clerk = sign_in("binh")
    screen = open_settings(qtbot, clerk)
    assert [screen.accounts.item(r, 0).text() for r in range(2)] == ["binh", "lan"]
    screen.new_username.setText("hoa")
    screen.new_full_name.setText("Đỗ Thị Hoa")
    screen.role_boxes["signer"].setChecked(True)
    screen.new_password.setText(PASSWORD)
    screen.new_password_again.setText(PASSWORD)
    screen.add_account.click()
    wait_idle(qtbot, clerk)
    assert "may not do this" in (screen.last_error or "")
    assert screen.add_account.isEnabled()  # ready to try again
    assert query(office_home, "SELECT count(*) FROM users") == [(2,)]
    screen.office_name.setText("Không được đổi")
    screen.save_office.click()
    wait_idle(qtbot, clerk)
    assert "may not do this" in (screen.last_error or "")
    assert query(office_home, "SELECT name FROM office") == [("UBND xã Tân Phú",)]
    stop(clerk)

    admin = sign_in("lan")
    screen = open_settings(qtbot, admin)
    screen.accounts.setCurrentCell(0, 0)  # binh
    screen.deactivate.click()
    wait_idle(qtbot, admin)
    assert screen.last_error is None
    assert query(office_home, "SELECT username, active FROM users ORDER BY username") == [
        ("binh", 0),
        ("lan", 1),
    ]
    assert screen.accounts.item(0, 3).text() == "đã vô hiệu hóa"
    stop(admin)


def test_language_choice_is_kept_for_the_next_start(qtbot: QtBot, office_home: Path) -> None:
    first = start(qtbot, office_home)  # window.ini has no language yet: Vietnamese
    qtbot.waitUntil(lambda: first.ready)
    assert first.window.nav_buttons["today"].text().startswith("Hôm nay")
    screen = open_settings(qtbot, first)
    assert screen.language.currentData() == "vi"
    screen.language.setCurrentIndex(screen.language.findData("en"))
    assert ini(office_home).value("language") == "en"
    assert "next start" in screen.language_note.text() or "khởi động" in (
        screen.language_note.text()
    )
    stop(first)

    second = start(qtbot, office_home)
    qtbot.waitUntil(lambda: second.ready)
    assert second.window.nav_buttons["today"].text().startswith("Today")
    screen = open_settings(qtbot, second)
    assert screen.language.currentData() == "en"
    stop(second)


def test_capture_source_and_printer_are_remembered(
    qtbot: QtBot, desktop: Desktop, office_home: Path
) -> None:
    screen = open_settings(qtbot, desktop)
    sources = [screen.source.itemData(i) for i in range(screen.source.count())]
    assert sources == ["files", SCANNER.id]
    assert screen.source.currentData() == "files"
    printers = [screen.printer.itemData(i) for i in range(screen.printer.count())]
    assert printers == ["Office-Laser", PDF_FILE]
    assert screen.printer.currentData() == "Office-Laser"  # the system's default at first

    screen.source.setCurrentIndex(1)
    screen.printer.setCurrentIndex(screen.printer.findData(PDF_FILE))
    assert ini(office_home).value("capture/source") == SCANNER.id
    assert ini(office_home).value("printing/printer") == PDF_FILE
    assert chosen_source(office_home) == SCANNER.id
    assert chosen_printer(office_home) is None  # a PDF file

    # The scanner is off next time: the choice is kept and shown as not found.
    screen._fill_sources([])
    assert screen.source.currentData() == SCANNER.id
    assert ini(office_home).value("capture/source") == SCANNER.id
    screen.printer.setCurrentIndex(screen.printer.findData("Office-Laser"))
    assert chosen_printer(office_home) == "Office-Laser"


def test_demo_office_is_reset_from_settings(
    qtbot: QtBot, demo_desktop: Desktop, tmp_path: Path
) -> None:
    home = tmp_path / "demo"
    screen = open_settings(qtbot, demo_desktop)
    assert not screen.demo_box.isHidden()  # on its tab
    assert query(home, "SELECT count(*) FROM dossiers") == [(3,)]
    screen.office_name.setText("Đổi tên thử")
    screen.save_office.click()
    wait_idle(qtbot, demo_desktop)
    screen.printer.setCurrentIndex(screen.printer.findData(PDF_FILE))  # kept in window.ini

    screen.confirm_reset = lambda: True
    screen.reset_demo.click()
    wait_idle(qtbot, demo_desktop, 60_000)
    assert screen.last_error is None
    assert query(home, "SELECT name FROM office") == [("UBND xã Tân Phú (DEMO)",)]
    assert query(home, "SELECT count(*) FROM dossiers") == [(3,)]
    assert query(home, "SELECT action FROM audit_log ORDER BY seq LIMIT 1") == [("office.init",)]
    assert chosen_printer(home) is None and ini(home).value("printing/printer") == PDF_FILE
    assert screen.office_name.text() == "UBND xã Tân Phú (DEMO)"


def test_a_real_office_has_no_demo_reset(qtbot: QtBot, desktop: Desktop) -> None:
    screen = open_settings(qtbot, desktop)
    assert screen.demo_box.isHidden()
