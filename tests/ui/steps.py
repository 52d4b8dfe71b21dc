"""Steps of the desk window that several UI tests take: sign in, open Settings, certify
an e-copy, read and close an error dialog."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from counterdesk.ui.app import Desktop
from counterdesk.ui.certify import CertifyScreen
from counterdesk.ui.settings import SettingsScreen
from tests.ui.conftest import wait_idle
from tests.ui.test_certify import certify, fill


def signed_in(qtbot: QtBot, open_desktop: Callable[..., Desktop], home: Path) -> Desktop:
    running = open_desktop(home)
    qtbot.waitUntil(lambda: running.ready and running.window.isActiveWindow(), timeout=30_000)
    wait_idle(qtbot, running)
    return running


def open_settings(qtbot: QtBot, desktop: Desktop) -> SettingsScreen:
    desktop.window.show_screen("settings")
    wait_idle(qtbot, desktop)
    screen = desktop.window.screens["settings"]
    assert isinstance(screen, SettingsScreen)
    assert screen.data is not None
    return screen


def certify_ecopy(qtbot: QtBot, desktop: Desktop, scans: list[Path]) -> None:
    desktop.window.show_screen("certify")
    screen = desktop.window.screens["certify"]
    assert isinstance(screen, CertifyScreen)
    assert screen.electronic.isChecked()
    fill(qtbot, desktop, screen, scans)
    certify(qtbot, desktop, screen)


def error_dialogs(desktop: Desktop) -> list[QMessageBox]:
    return [box for box in desktop.window.findChildren(QMessageBox) if box.isVisible()]


def close_error(qtbot: QtBot, desktop: Desktop) -> str:
    (box,) = error_dialogs(desktop)
    text = box.text()
    box.accept()
    qtbot.waitUntil(lambda: not box.isVisible())
    return text
