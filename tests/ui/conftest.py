"""The real desk window under pytest-qt (QT_QPA_PLATFORM=offscreen, set by scripts/test)."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counterdesk.desk import Desk
from counterdesk.ui.app import Desktop
from tests.hub.fixtures import hub, hub_db, postgres  # noqa: F401  (the real hub, for sync)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIGNER = ("Nguyễn Thị Ngọc Ánh", "Phó Chủ tịch")


@pytest.fixture
def office_home(tmp_path: Path) -> Path:
    """A data folder with an office and a TEST signer, made through the core."""
    home = tmp_path / "home"
    desk = Desk.open(home)
    desk.init_office("H38.12", "UBND xã Tân Phú", "Xã Tân Phú", "Tỉnh Đồng Nai")
    desk.create_test_identity(*SIGNER)
    desk.close()
    return home


def wait_idle(qtbot: QtBot, desktop: Desktop, timeout: int = 30_000) -> None:
    """Until every submitted job has finished and its callback has run."""
    qtbot.waitUntil(lambda: desktop.service.idle, timeout=timeout)


@pytest.fixture
def open_desktop(qtbot: QtBot) -> Iterator[Callable[..., Desktop]]:
    """Start desk windows; every one is closed at the end, failed test or not (a running
    worker QThread left to the garbage collector aborts the whole process)."""
    started: list[Desktop] = []

    def start(home: Path, **options: object) -> Desktop:
        running = Desktop(home, **{"language": "vi", **options})
        started.append(running)
        qtbot.addWidget(running.window)
        running.window.show()
        running.window.activateWindow()  # shortcuts reach the active window only
        return running

    yield start
    for running in started:
        running.close()


@pytest.fixture
def desktop(qtbot: QtBot, office_home: Path, open_desktop: Callable[..., Desktop]) -> Desktop:
    """The desk window on `office_home`, shown, signed in (built-in user), first screen loaded."""
    running = open_desktop(office_home)
    qtbot.waitUntil(lambda: running.ready and running.window.isActiveWindow(), timeout=30_000)
    wait_idle(qtbot, running)
    return running
