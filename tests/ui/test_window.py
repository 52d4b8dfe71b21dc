"""The main window: start, navigation by F-keys, DEMO banner, sign-in, state restored."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from pytestqt.qtbot import QtBot

from counterdesk.desk import Desk
from counterdesk.ui.app import Desktop
from tests.ui.conftest import wait_idle

PASSWORD = "Mật-khẩu-2026"


def test_function_keys_switch_screens_and_today_shows_the_queue(
    qtbot: QtBot, desktop: Desktop, office_home: Path
) -> None:
    window = desktop.window
    assert window.current_screen == "today"
    assert not window.banner.isVisible()
    for key, name in (
        (Qt.Key.Key_F3, "intake"),
        (Qt.Key.Key_F4, "certify"),
        (Qt.Key.Key_F5, "search"),
        (Qt.Key.Key_F9, "settings"),
        (Qt.Key.Key_F2, "today"),
    ):
        qtbot.keyClick(window, key)
        assert window.current_screen == name
    desk = Desk.open(office_home)
    desk.receive_dossier("2.000815.000.00.00.H55", "Trần Văn Đức", "001090123456", False, False, [])
    desk.close()
    today = window.screens["today"]
    today.refresh()
    wait_idle(qtbot, desktop)
    assert today.table.rowCount() == 1
    assert today.table.item(0, 1).text() == "Trần Văn Đức"
    assert today.data.counts.received == 1


def test_accounts_mean_a_sign_in_and_wrong_passwords_are_refused(
    qtbot: QtBot, office_home: Path, open_desktop: Callable[..., Desktop]
) -> None:
    desk = Desk.open(office_home)
    desk.accounts.add("lan", "Lê Thị Lan", "admin,clerk", PASSWORD)
    desk.close()
    running = open_desktop(office_home)
    qtbot.waitUntil(lambda: running.login is not None and running.login.isVisible())
    login = running.login
    login.username.setText("lan")
    login.password.setText("wrong-password")
    login.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "Wrong user name or password" in login.message.text())
    assert not running.ready
    login.password.setText(PASSWORD)
    login.buttons.accepted.emit()
    qtbot.waitUntil(lambda: running.ready)
    assert "lan" in running.window.who.text()


def test_window_state_is_restored(
    qtbot: QtBot, office_home: Path, open_desktop: Callable[..., Desktop]
) -> None:
    first = open_desktop(office_home)
    qtbot.waitUntil(lambda: first.ready)
    # A size the smallest screens allow that still fits the test platform's screen.
    wanted = first.window.minimumSizeHint() + QSize(12, 10)
    first.window.resize(wanted)
    first.window.show_screen("search")
    first.close()
    second = open_desktop(office_home)
    qtbot.waitUntil(lambda: second.ready)
    assert second.window.current_screen == "search"
    assert second.window.size() == wanted
    second.close()


def test_an_idle_desk_locks_and_the_next_clerk_signs_in(
    qtbot: QtBot, office_home: Path, open_desktop: Callable[..., Desktop]
) -> None:
    desk = Desk.open(office_home)
    desk.accounts.add("lan", "Lê Thị Lan", "admin,clerk", PASSWORD)
    desk.sign_in("lan", PASSWORD)
    desk.accounts.add("minh", "Phạm Văn Minh", "clerk", PASSWORD)
    desk.close()
    running = open_desktop(office_home)
    qtbot.waitUntil(lambda: running.login is not None and running.login.isVisible())
    running.login.username.setText("lan")
    running.login.password.setText(PASSWORD)
    running.login.buttons.accepted.emit()
    qtbot.waitUntil(lambda: running.ready)
    assert running.idle_timer.isActive()
    running.idle_timer.setInterval(50)
    running.idle_timer.start()
    qtbot.waitUntil(lambda: not running.ready and running.login.isVisible())
    assert not running.window.centralWidget().isVisible()  # records hidden while locked
    running.login.username.setText("minh")
    running.login.password.setText(PASSWORD)
    running.login.buttons.accepted.emit()
    qtbot.waitUntil(lambda: running.ready)
    assert running.window.centralWidget().isVisible()
    assert "minh" in running.window.who.text()


def test_the_window_opens_without_loading_the_core() -> None:
    """The shell and every screen import no OpenCV, PyMuPDF or pyHanko: the worker thread
    loads them while the window paints (the cold-start benchmark depends on it)."""
    import subprocess
    import sys

    code = (
        "import sys, counterdesk.ui.app\n"
        "print(sorted(m for m in ('cv2', 'pymupdf', 'pyhanko', 'counterdesk.desk') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
