"""The desk's sync with its hub on the real window: the status line, the background runs,
"Sync now" (Ctrl+Shift+S), and the Hub group of Settings that enrols the desk.

The hub is the real one (tests/hub/fixtures.py, through tests/ui/conftest.py: PostgreSQL
and the hub served over HTTP); a hub that is down is the discard port of loopback, written
into the data folder's sync_state as tests/hub/test_desk_sync.py does.
"""

import logging
import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counterdesk.catalog_files import default_catalog
from counterdesk.desk import Desk
from counterdesk.domain.calendar import OFFICE_TZ
from counterdesk.ui import hub_sync as hub_sync_module
from counterdesk.ui.app import Desktop
from counterdesk.ui.hub_sync import HubSync, SyncOutcome, SyncState
from counterdesk.ui.intake import IntakeScreen
from tests.hub.fixtures import RunningHub
from tests.ui.conftest import wait_idle
from tests.ui.steps import certify_ecopy, close_error, error_dialogs, open_settings, signed_in
from tests.ui.test_certify import two_page_scans

HUB_DOWN = "http://127.0.0.1:9"  # the discard port: nothing listens there
DATABASE = "counterdesk.sqlite3"
PASSWORD = "Mật-khẩu-2026"


@pytest.fixture(autouse=True)
def no_devices(monkeypatch: pytest.MonkeyPatch) -> None:
    """No scanner or printer to look for: the test machine has none."""
    from counterdesk.ui import settings as settings_module

    monkeypatch.setattr(settings_module, "find_sources", lambda addresses, cameras: [])
    monkeypatch.setattr(settings_module, "find_printers", lambda: [])
    monkeypatch.setattr(settings_module, "default_printer", lambda: "")


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[SyncOutcome]:
    """Each sync run the window made, in order, once done."""
    done: list[SyncOutcome] = []
    sync_once = hub_sync_module.sync_once

    def counted(desk: Desk, should_stop: Callable[[], bool]) -> SyncOutcome:
        outcome = sync_once(desk, should_stop)
        done.append(outcome)
        return outcome

    monkeypatch.setattr(hub_sync_module, "sync_once", counted)
    return done


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs within a second of each other, the pause after failures doubling up to 0.8 s."""
    monkeypatch.setattr(hub_sync_module, "SYNC_FIRST_DELAY_MS", 100)
    monkeypatch.setattr(hub_sync_module, "SYNC_INTERVAL_MS", 200)
    monkeypatch.setattr(hub_sync_module, "SYNC_IDLE_INTERVAL_MS", 200)
    monkeypatch.setattr(hub_sync_module, "SYNC_LONGEST_PAUSE_MS", 800)


@pytest.fixture
def scans(tmp_path: Path) -> list[Path]:
    return two_page_scans(tmp_path / "scans")


def point_at(home: Path, hub_url: str) -> None:
    with closing(sqlite3.connect(home / DATABASE)) as db:
        db.execute("UPDATE sync_state SET hub_url = ?", [hub_url])
        db.commit()


def pending_events(home: Path) -> int:
    with closing(sqlite3.connect(home / DATABASE)) as db:
        return db.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0]


def hub_events(hub: RunningHub) -> int:
    return hub.sql("SELECT count(*) AS n FROM events")[0]["n"]


def sync_now_key(qtbot: QtBot, desktop: Desktop) -> None:
    """Ctrl+Shift+S, wherever the focus is in the window."""
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(desktop.window, Qt.Key.Key_S, modifiers)


@pytest.fixture
def enrolled_home(office_home: Path, hub: RunningHub) -> Path:
    """`office_home` enrolled with the real hub through the core; its history waits."""
    desk = Desk.open(office_home)
    desk.enrol_with_hub(hub.url, hub.issue_code(), "Quầy 1")
    desk.close()
    return office_home


def test_not_enrolled_no_status_line_no_runs_and_settings_offers_enrolment(
    qtbot: QtBot,
    office_home: Path,
    open_desktop: Callable[..., Desktop],
    runs: list[SyncOutcome],
    quick: None,
) -> None:
    desktop = signed_in(qtbot, open_desktop, office_home)
    sync = desktop.window.hub_sync
    assert sync.state is not None and not sync.state.enrolled
    qtbot.wait(600)  # several intervals
    sync_now_key(qtbot, desktop)
    sync.run_in_background()
    wait_idle(qtbot, desktop)
    assert runs == []
    assert sync.label.isHidden()
    assert not sync.timer.isActive()
    assert not sync.action.isEnabled()
    assert error_dialogs(desktop) == []

    screen = open_settings(qtbot, desktop)
    assert screen.hub_enrol.isVisible() and screen.hub_enrolled.isHidden()
    assert screen.desk_name.text()  # the computer's name, to start from
    screen.enrol.click()  # nothing typed: said, not sent
    assert "mã dùng một lần" in close_error(qtbot, desktop)


def test_a_code_for_another_office_is_refused_in_settings(
    qtbot: QtBot, desktop: Desktop, hub: RunningHub, office_home: Path
) -> None:
    screen = open_settings(qtbot, desktop)
    screen.hub_url.setText(hub.url)
    screen.hub_code.setText(hub.issue_code("H55.07", "UBND xã Khác"))
    screen.enrol.click()
    assert not screen.enrol.isEnabled()  # no second request while this one works
    wait_idle(qtbot, desktop)
    assert "H55.07" in (screen.last_error or "")
    assert "H55.07" in close_error(qtbot, desktop)
    assert screen.enrol.isEnabled()
    assert screen.hub_enrol.isVisible()
    assert desktop.window.hub_sync.label.isHidden()
    with closing(sqlite3.connect(office_home / DATABASE)) as db:
        assert db.execute("SELECT count(*) FROM sync_state").fetchone() == (0,)


def test_enrol_certify_offline_then_sync_now_sends_everything(
    qtbot: QtBot,
    office_home: Path,
    open_desktop: Callable[..., Desktop],
    hub: RunningHub,
    scans: list[Path],
    runs: list[SyncOutcome],
    quick: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="counterdesk.ui.hub_sync")
    desktop = signed_in(qtbot, open_desktop, office_home)
    window = desktop.window
    sync = window.hub_sync

    # An admin enrols the desk in Settings; the window starts syncing by itself.
    screen = open_settings(qtbot, desktop)
    screen.hub_url.setText(hub.url)
    screen.hub_code.setText(hub.issue_code())
    screen.desk_name.setText("Quầy 1")
    screen.enrol.click()
    wait_idle(qtbot, desktop)
    assert screen.last_error is None, screen.last_error
    assert screen.hub_code.text() == ""  # used once
    qtbot.waitUntil(screen.hub_enrolled.isVisible)
    assert screen.hub_address.text() == hub.url
    (desk_row,) = hub.sql("SELECT id, name FROM desks")
    assert screen.hub_desk_id.text() == str(desk_row["id"])
    assert desk_row["name"] == "Quầy 1"
    qtbot.waitUntil(lambda: len(runs) >= 1, timeout=10_000)  # the first run, shortly after
    wait_idle(qtbot, desktop)
    assert runs[0].errors == [] and runs[0].sent_events > 0  # the office's history
    assert sync.label.isVisible()
    assert sync.label.text().startswith("Đồng bộ lúc ")
    assert sync.label.text().endswith("không có gì chờ gửi")
    assert sync.label.mark.isHidden()
    assert hub.url in sync.label.toolTip()
    assert sync.label.actions() == [sync.action]  # its right-click menu
    assert sync.action.text() == "Đồng bộ ngay" and sync.action.isEnabled()
    assert "Đồng bộ lúc" in screen.hub_state.text()

    # The link goes down; the counter does not wait for it.
    point_at(office_home, HUB_DOWN)
    certify_ecopy(qtbot, desktop, scans)
    waiting = pending_events(office_home)
    assert waiting > 0
    qtbot.waitUntil(lambda: f"{waiting} thay đổi, " in sync.label.text(), timeout=10_000)
    assert "chờ gửi" in sync.label.text()
    assert " MB " in sync.label.text() or " kB " in sync.label.text()

    # Background runs find the hub down: a mark and the reason in the tooltip, no dialog,
    # the pause growing up to its longest.
    seen = len(runs)
    qtbot.waitUntil(lambda: len(runs) >= seen + 4, timeout=20_000)
    wait_idle(qtbot, desktop)
    assert all(run.errors and run.sent_events == 0 for run in runs[seen:])
    assert "cannot be reached" in runs[-1].errors[0]
    assert sync.timer.interval() == hub_sync_module.SYNC_LONGEST_PAUSE_MS
    assert pending_events(office_home) == waiting
    assert f"{waiting} thay đổi, " in sync.label.text()
    assert sync.label.mark.isVisible()
    assert "cannot be reached" in sync.label.toolTip()
    assert "không thành công" in sync.label.toolTip()
    assert "sync did not go through" in caplog.text
    assert error_dialogs(desktop) == []
    assert QApplication.activeModalWidget() is None
    assert window.last_error is None

    # The link is back: Ctrl+Shift+S sends everything at once; the line says so.
    monkeypatch.setattr(hub_sync_module, "SYNC_INTERVAL_MS", 600_000)
    monkeypatch.setattr(hub_sync_module, "SYNC_LONGEST_PAUSE_MS", 600_000)
    sync.timer.stop()  # from here on, only Sync now runs
    point_at(office_home, hub.url)
    seen = len(runs)
    window.show_screen("today")
    sync_now_key(qtbot, desktop)
    qtbot.waitUntil(lambda: len(runs) == seen + 1, timeout=20_000)
    wait_idle(qtbot, desktop)
    assert runs[-1].errors == [] and runs[-1].sent_events == waiting
    assert pending_events(office_home) == 0
    assert sync.label.text().endswith("không có gì chờ gửi")
    assert sync.label.mark.isHidden()
    assert "cannot be reached" not in sync.label.toolTip()
    assert hub_events(hub) == runs[0].sent_events + waiting
    assert error_dialogs(desktop) == []
    assert len(runs) == seen + 1

    # Settings' own Sync now: the same run, its result in the group.
    screen = open_settings(qtbot, desktop)
    screen.sync_now.click()
    assert screen.hub_result.text() == "Đang đồng bộ…"
    qtbot.waitUntil(lambda: len(runs) == seen + 2, timeout=20_000)
    wait_idle(qtbot, desktop)
    assert screen.hub_result.text() == "Đã đồng bộ: không có gì chờ gửi."
    assert screen.sync_now.isEnabled()


def sign_in(qtbot: QtBot, desktop: Desktop) -> None:
    qtbot.waitUntil(lambda: desktop.login is not None and desktop.login.isVisible())
    desktop.login.username.setText("lan")
    desktop.login.password.setText(PASSWORD)
    desktop.login.buttons.accepted.emit()
    qtbot.waitUntil(lambda: desktop.ready)
    wait_idle(qtbot, desktop)


def test_one_run_at_a_time_and_none_while_locked(
    qtbot: QtBot,
    enrolled_home: Path,
    open_desktop: Callable[..., Desktop],
    runs: list[SyncOutcome],
) -> None:
    desk = Desk.open(enrolled_home)
    desk.accounts.add("lan", "Lê Thị Lan", "admin,clerk", PASSWORD)
    desk.close()
    desktop = open_desktop(enrolled_home)
    sign_in(qtbot, desktop)
    sync = desktop.window.hub_sync
    assert sync.label.isVisible()
    assert sync.label.text().startswith("Chưa đồng bộ · ")
    assert sync.timer.isActive()
    assert sync.timer.interval() == hub_sync_module.SYNC_FIRST_DELAY_MS
    sync.run_in_background()
    sync.run_in_background()  # the first is still queued or running
    wait_idle(qtbot, desktop)
    assert len(runs) == 1 and runs[0].errors == []
    assert sync.timer.isActive()  # the next one, after a pause: nothing waits now
    assert sync.timer.interval() == hub_sync_module.SYNC_IDLE_INTERVAL_MS

    # Sync now during a run: one more right after it, never two at once.
    sync.run_in_background()
    sync.sync_now()
    sync.sync_now()
    assert sync.running
    wait_idle(qtbot, desktop)
    assert len(runs) == 3

    desktop.lock()
    assert not sync.timer.isActive()
    assert not sync.action.isEnabled()
    sync.run_in_background()
    sync.sync_now()
    wait_idle(qtbot, desktop)
    assert len(runs) == 3

    sign_in(qtbot, desktop)  # signed in again: the runs start again
    assert sync.timer.isActive() and sync.action.isEnabled()
    assert sync.timer.interval() == hub_sync_module.SYNC_FIRST_DELAY_MS


def test_a_clerks_job_queued_during_a_run_makes_it_give_way(
    qtbot: QtBot,
    enrolled_home: Path,
    open_desktop: Callable[..., Desktop],
    hub: RunningHub,
    runs: list[SyncOutcome],
) -> None:
    desktop = signed_in(qtbot, open_desktop, enrolled_home)
    service, sync = desktop.service, desktop.window.hub_sync
    sync.timer.stop()
    waiting = pending_events(enrolled_home)
    assert waiting > 0  # the enrolment and the office's history

    # A long action of the clerk holds the worker; the run queues behind it, and another
    # action of the clerk behind the run.
    released = threading.Event()
    service.call(lambda _desk: released.wait(20))
    sync.sync_now()
    answered: list[dict] = []
    service.call(lambda desk: desk.sync.status(), answered.append)
    assert service.jobs_waiting() >= 2
    released.set()
    wait_idle(qtbot, desktop)
    assert service.jobs_waiting() == 0
    (run,) = runs
    assert run.gave_way and run.errors == []
    assert run.sent_events == 0 and run.state.pending_events == waiting
    assert answered and answered[0]["pending_events"] == waiting
    assert hub_events(hub) == 0

    # Nothing queued: the next run goes on to the end.
    sync.sync_now()
    wait_idle(qtbot, desktop)
    assert not runs[-1].gave_way and runs[-1].sent_events == waiting
    assert pending_events(enrolled_home) == 0
    assert sync.label.text().endswith("không có gì chờ gửi")


def test_sync_now_shows_the_cores_refusal_and_a_background_run_only_logs_it(
    qtbot: QtBot,
    enrolled_home: Path,
    open_desktop: Callable[..., Desktop],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="counterdesk.ui.hub_sync")
    (enrolled_home / "keys" / "desk.key").unlink()
    desktop = signed_in(qtbot, open_desktop, enrolled_home)
    sync = desktop.window.hub_sync
    sync.run_in_background()
    wait_idle(qtbot, desktop)
    assert error_dialogs(desktop) == []
    assert "background sync not done" in caplog.text and "sync key" in caplog.text
    assert sync.timer.isActive()  # tried again later, after a longer pause
    assert sync.timer.interval() == hub_sync_module.SYNC_INTERVAL_MS

    screen = open_settings(qtbot, desktop)
    screen.sync_now.click()
    assert not screen.sync_now.isEnabled()
    wait_idle(qtbot, desktop)
    assert "sync key" in close_error(qtbot, desktop)
    assert screen.sync_now.isEnabled()
    assert screen.hub_result.text() == ""
    assert sync.timer.interval() == 2 * hub_sync_module.SYNC_INTERVAL_MS


def published_catalog(*extra: dict) -> dict:
    """The shipped catalog with `extra` procedures, as the hub publishes a catalog."""
    shipped = [
        {**asdict(p), "effective_from": p.effective_from.isoformat()} for p in default_catalog()
    ]
    return {"procedures": [*shipped, *extra], "source": "QĐ công bố TTHC (TEST)"}


def test_changes_the_hub_published_reload_the_screen_in_view(
    qtbot: QtBot,
    enrolled_home: Path,
    open_desktop: Callable[..., Desktop],
    hub: RunningHub,
    runs: list[SyncOutcome],
    quick: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    extract = {
        "code": "2.000635.000.00.00.H55",
        "name": "Cấp bản sao trích lục hộ tịch",
        "time_limit": "same_day_cutoff 15:00",
        "fee": "8.000 đ/bản sao trích lục",
        "legal_basis": "Luật Hộ tịch 2014 (Điều 63, 64) (TEST)",
        "effective_from": "2026-01-01",
    }
    today = datetime.now(OFFICE_TZ).date()
    desktop = signed_in(qtbot, open_desktop, enrolled_home)
    window, sync = desktop.window, desktop.window.hub_sync
    window.show_screen("intake")
    wait_idle(qtbot, desktop)
    intake = window.screens["intake"]
    assert isinstance(intake, IntakeScreen)
    reloads: list[int] = []
    reload = intake.refresh
    monkeypatch.setattr(intake, "refresh", lambda: (reloads.append(len(runs)), reload()))

    def offered() -> list[str]:
        return [choice.code for choice in intake.procedures]

    assert offered() and extract["code"] not in offered()

    # A background run applies the catalog the province published: the clerk's list of
    # procedures has the new one without leaving the screen.
    hub.publish("catalog", today, published_catalog(extract), "H38.12")
    qtbot.waitUntil(lambda: any(run.applied_changes for run in runs), timeout=20_000)
    wait_idle(qtbot, desktop)
    assert [run.applied_changes for run in runs if run.applied_changes] == [1]
    assert extract["code"] in offered()
    assert intake.procedure_combo.findData(extract["code"]) >= 0  # what the clerk picks from
    assert len(reloads) == 1

    # Sync now applies the next one (the procedure withdrawn again) the same way; runs
    # that apply nothing leave the screen as it is.
    monkeypatch.setattr(hub_sync_module, "SYNC_INTERVAL_MS", 600_000)
    monkeypatch.setattr(hub_sync_module, "SYNC_IDLE_INTERVAL_MS", 600_000)
    sync.timer.stop()
    wait_idle(qtbot, desktop)
    assert len(reloads) == 1
    hub.publish("catalog", today, published_catalog(), "H38.12")
    seen = len(runs)
    sync_now_key(qtbot, desktop)
    qtbot.waitUntil(lambda: len(runs) == seen + 1, timeout=20_000)
    wait_idle(qtbot, desktop)
    assert runs[-1].applied_changes == 1 and runs[-1].errors == []
    assert extract["code"] not in offered()
    assert len(reloads) == 2
    sync_now_key(qtbot, desktop)
    qtbot.waitUntil(lambda: len(runs) == seen + 2, timeout=20_000)
    wait_idle(qtbot, desktop)
    assert runs[-1].applied_changes == 0
    assert len(reloads) == 2
    assert error_dialogs(desktop) == []


def test_the_status_line_in_office_time_and_vietnamese(desktop: Desktop) -> None:
    sync: HubSync = desktop.window.hub_sync
    today = date(2026, 11, 26)

    def state(success: datetime | None, events: int, size: int) -> SyncState:
        local = success.astimezone(OFFICE_TZ) if success else None
        return SyncState(True, "http://hub", "7", local, local, None, events, size, today)

    # 07:05 UTC is 14:05 in Hồ Chí Minh City.
    assert sync.status_text(state(datetime(2026, 11, 26, 7, 5, tzinfo=UTC), 12, 3_400_000)) == (
        "Đồng bộ lúc 14:05 · 12 thay đổi, 3,4 MB chờ gửi"
    )
    assert sync.status_text(state(datetime(2026, 11, 24, 18, 30, tzinfo=UTC), 0, 0)) == (
        "Đồng bộ lúc 01:30 ngày 25/11 · không có gì chờ gửi"
    )
    assert sync.status_text(state(None, 1, 900)) == "Chưa đồng bộ · 1 thay đổi, 900 byte chờ gửi"
