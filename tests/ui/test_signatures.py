"""Signing settings and long-term validation on the real window: the time-stamping service
and revocation checks saved through the core, the office's own certificate, "Upgrade
now", and the quiet background upgrade with its count in the status bar.

A TSA that is down is an unused loopback port (connection refused at once); a TSA that
answers is the loopback PKI of tests/signing/pki.py.
"""

import logging
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counterdesk.desk import Desk
from counterdesk.ui import main_window
from counterdesk.ui.app import Desktop
from counterdesk.ui.main_window import LongTermState
from tests.conftest import Cli
from tests.signing.pki import LoopbackPki
from tests.ui.conftest import wait_idle
from tests.ui.steps import certify_ecopy, close_error, error_dialogs, open_settings, signed_in
from tests.ui.test_certify import two_page_scans

pytest_plugins = ("tests.signing.pki",)  # the pki fixture

TSA_DOWN = "http://127.0.0.1:9/tsa"  # the discard port: nothing listens there


@pytest.fixture(autouse=True)
def no_devices(monkeypatch: pytest.MonkeyPatch) -> None:
    """No scanner or printer to look for: the test machine has none."""
    from counterdesk.ui import settings as settings_module

    monkeypatch.setattr(settings_module, "find_sources", lambda addresses, cameras: [])
    monkeypatch.setattr(settings_module, "find_printers", lambda: [])
    monkeypatch.setattr(settings_module, "default_printer", lambda: "")


@pytest.fixture
def scans(tmp_path: Path) -> list[Path]:
    return two_page_scans(tmp_path / "scans")


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[LongTermState]:
    """What each background upgrade found once done, in order."""
    done: list[LongTermState] = []
    upgrade = main_window.upgrade_quietly

    def counted(desk: Desk) -> LongTermState:
        state = upgrade(desk)
        done.append(state)
        return state

    monkeypatch.setattr(main_window, "upgrade_quietly", counted)
    return done


def levels(home: Path) -> list[str]:
    with closing(sqlite3.connect(home / "counterdesk.sqlite3")) as db:
        rows = db.execute(
            "SELECT level FROM documents WHERE role = 'electronic_copy' ORDER BY id"
        ).fetchall()
    return [level for (level,) in rows]


def test_signature_settings_are_saved_and_a_bad_address_is_refused(
    qtbot: QtBot, desktop: Desktop, office_home: Path
) -> None:
    screen = open_settings(qtbot, desktop)
    assert screen.tsa_url.text() == ""
    assert screen.check_revocation.isChecked()  # the core's default
    assert "Không có bản sao điện tử nào" in screen.pending_upgrades.text()

    screen.tsa_url.setText(" http://tsa.example.vn/tsa ")
    screen.check_revocation.setChecked(False)
    screen.save_signing.click()
    wait_idle(qtbot, desktop)
    assert screen.last_error is None
    assert screen.status.text() == "Đã lưu cài đặt chữ ký số."
    assert Cli(office_home).ok("signing", "settings") == {
        "tsa_url": "http://tsa.example.vn/tsa",
        "check_revocation": False,
        "pending_upgrades": 0,
    }

    # Not an http(s) address: the core says why, in a dialog; nothing changes.
    screen.tsa_url.setText("tsa.example.vn")
    screen.save_signing.click()
    wait_idle(qtbot, desktop)
    assert "not an http(s) URL" in (screen.last_error or "")
    assert "not an http(s) URL" in close_error(qtbot, desktop)
    assert screen.save_signing.isEnabled()
    assert Cli(office_home).ok("signing", "settings")["tsa_url"] == "http://tsa.example.vn/tsa"

    # Empty means no service; a Desk opened on the folder reads back what was saved.
    screen.tsa_url.clear()
    screen.check_revocation.setChecked(True)
    screen.tsa_url.setFocus()
    qtbot.keyClick(screen.tsa_url, Qt.Key.Key_Return)  # Enter saves, as in the other groups
    wait_idle(qtbot, desktop)
    assert screen.last_error is None
    desk = Desk.open(office_home)
    try:
        saved = desk.signatures.settings()
    finally:
        desk.close()
    assert (saved.tsa_url, saved.check_revocation) == (None, True)


def test_signature_settings_are_for_admins(
    qtbot: QtBot, office_home: Path, open_desktop: Callable[..., Desktop]
) -> None:
    password = "Mật-khẩu-2026"
    desk = Desk.open(office_home)
    desk.accounts.add("lan", "Lê Thị Lan", "admin", password)
    desk.sign_in("lan", password)
    desk.accounts.add("binh", "Trần Văn Bình", "clerk", password)
    desk.close()
    clerk = open_desktop(office_home)
    qtbot.waitUntil(lambda: clerk.login is not None and clerk.login.isVisible())
    clerk.login.username.setText("binh")
    clerk.login.password.setText(password)
    clerk.login.buttons.accepted.emit()
    qtbot.waitUntil(lambda: clerk.ready)
    screen = open_settings(qtbot, clerk)
    screen.tsa_url.setText("http://tsa.example.vn/tsa")
    screen.save_signing.click()
    wait_idle(qtbot, clerk)
    assert "may not do this" in (screen.last_error or "")
    close_error(qtbot, clerk)
    with closing(sqlite3.connect(office_home / "counterdesk.sqlite3")) as db:
        assert db.execute("SELECT tsa_url FROM office").fetchall() == [(None,)]


def test_upgrade_now_without_a_tsa_shows_the_setup_error(qtbot: QtBot, desktop: Desktop) -> None:
    screen = open_settings(qtbot, desktop)
    screen.upgrade.click()
    assert not screen.upgrade.isEnabled()  # no second run while this one works
    wait_idle(qtbot, desktop)
    assert "No time-stamping service" in (screen.last_error or "")
    assert "No time-stamping service" in close_error(qtbot, desktop)
    assert screen.upgrade.isEnabled()
    assert screen.upgrade_result.isHidden()


def test_offline_e_copy_waits_in_the_status_bar_and_the_background_run_stays_quiet(
    qtbot: QtBot,
    office_home: Path,
    open_desktop: Callable[..., Desktop],
    scans: list[Path],
    runs: list[LongTermState],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    desk = Desk.open(office_home)
    desk.signatures.set_settings(TSA_DOWN, check_revocation=True)
    desk.close()
    monkeypatch.setattr(main_window, "UPGRADE_FIRST_DELAY_MS", 100)
    monkeypatch.setattr(main_window, "UPGRADE_INTERVAL_MS", 300)
    caplog.set_level(logging.INFO, logger="counterdesk.ui.main_window")
    desktop = signed_in(qtbot, open_desktop, office_home)
    window = desktop.window
    qtbot.waitUntil(lambda: len(runs) >= 1, timeout=10_000)  # shortly after sign-in
    assert runs[0] == LongTermState(pending=0, tsa_set=True)
    assert window.pending_label.isHidden()

    certify_ecopy(qtbot, desktop, scans)  # the TSA does not answer: signed at B-B
    assert levels(office_home) == ["B-B"]
    qtbot.waitUntil(window.pending_label.isVisible, timeout=10_000)
    assert window.pending_label.text() == "1 bản sao điện tử chờ cấp dấu thời gian"
    assert "thử lại mỗi" in window.pending_label.toolTip()  # tried again every … minutes

    # The background run tries, finds the TSA down, and says nothing but to the log.
    seen = len(runs)
    qtbot.waitUntil(lambda: len(runs) >= seen + 2, timeout=20_000)
    assert runs[-1] == LongTermState(pending=1, tsa_set=True)
    assert "background upgrade: 0 upgraded, 1 still pending" in caplog.text
    wait_idle(qtbot, desktop)
    assert error_dialogs(desktop) == []
    assert QApplication.activeModalWidget() is None
    assert window.last_error is None
    assert window.pending_label.text() == "1 bản sao điện tử chờ cấp dấu thời gian"
    assert levels(office_home) == ["B-B"]

    # Settings counts it too, and "Upgrade now" shows the same outcome in its group.
    screen = open_settings(qtbot, desktop)
    assert screen.pending_upgrades.text().startswith("1 bản sao điện tử đang chờ")
    screen.upgrade.click()
    qtbot.waitUntil(lambda: not screen.upgrade_result.isHidden(), timeout=20_000)
    assert "1 bản sao điện tử vẫn đang chờ" in screen.upgrade_result.text()
    assert screen.last_error is None
    assert error_dialogs(desktop) == []


def test_one_background_run_at_a_time_and_none_while_locked(
    qtbot: QtBot, desktop: Desktop, runs: list[LongTermState]
) -> None:
    window = desktop.window
    assert window.upgrade_timer.isActive()
    assert window.upgrade_timer.interval() == main_window.UPGRADE_FIRST_DELAY_MS
    window.upgrade_in_background()
    window.upgrade_in_background()  # the first one is still queued or running
    wait_idle(qtbot, desktop)
    assert runs == [LongTermState(pending=0, tsa_set=False)]
    assert window.upgrade_timer.isActive()  # the next run, a whole interval later
    assert window.upgrade_timer.interval() == main_window.UPGRADE_INTERVAL_MS

    desktop.lock()
    assert not window.upgrade_timer.isActive()
    window.upgrade_in_background()
    wait_idle(qtbot, desktop)
    assert len(runs) == 1


def test_the_office_certificate_is_made_for_training_from_settings(
    qtbot: QtBot, desktop: Desktop, office_home: Path
) -> None:
    screen = open_settings(qtbot, desktop)
    assert "Chưa có chứng thư số của cơ quan" in screen.organisation.text()
    screen.test_purpose.setCurrentIndex(screen.test_purpose.findData("organisation"))
    assert screen.test_name.text() == "UBND xã Tân Phú"  # the office's name, to start from
    assert screen.test_title.text() == "Cơ quan chứng thực"
    screen.create_test.click()
    wait_idle(qtbot, desktop)
    assert screen.last_error is None
    assert screen.organisation.text().startswith("UBND xã Tân Phú — chứng thư số có hiệu lực đến")
    assert "Nguyễn Thị Ngọc Ánh" in screen.identity.text()  # the signer is still the signer
    with closing(sqlite3.connect(office_home / "counterdesk.sqlite3")) as db:
        rows = db.execute(
            "SELECT purpose, signer_name FROM identities WHERE active = 1 ORDER BY purpose"
        ).fetchall()
    assert rows == [("organisation", "UBND xã Tân Phú"), ("signer", "Nguyễn Thị Ngọc Ánh")]

    screen.test_purpose.setCurrentIndex(screen.test_purpose.findData("signer"))
    assert screen.test_name.text() == ""
    assert screen.test_title.text() == "Phó Chủ tịch"


@pytest.fixture
def pki_office(tmp_path: Path, pki: LoopbackPki) -> Path:
    """An office whose signer's certificate comes from the loopback CA, its root trusted."""
    home = tmp_path / "pki-home"
    desk = Desk.open(home)
    desk.init_office("H38.12", "UBND xã Tân Phú", "Xã Tân Phú", "Tỉnh Đồng Nai")
    signer = tmp_path / "signer.p12"
    signer.write_bytes(pki.signer_p12)
    desk.import_pkcs12(signer, pki.password)
    desk.signatures.set_settings(pki.tsa_url, check_revocation=True)
    desk.close()
    (home / "trust").mkdir()
    (home / "trust" / "root.pem").write_bytes(pki.root_pem)
    return home


def test_office_certificate_imported_and_an_offline_copy_upgraded_to_lta(
    qtbot: QtBot,
    pki_office: Path,
    pki: LoopbackPki,
    open_desktop: Callable[..., Desktop],
    scans: list[Path],
    tmp_path: Path,
) -> None:
    desktop = signed_in(qtbot, open_desktop, pki_office)
    screen = open_settings(qtbot, desktop)
    office_p12 = tmp_path / "office.p12"
    office_p12.write_bytes(pki.organisation_p12)
    screen.p12_purpose.setCurrentIndex(screen.p12_purpose.findData("organisation"))
    screen.p12_path.setText(str(office_p12))
    screen.p12_password.setText(pki.password)
    screen.import_p12.click()
    wait_idle(qtbot, desktop)
    assert screen.last_error is None
    assert "hiệu lực đến" in screen.organisation.text()

    with pki.offline():
        certify_ecopy(qtbot, desktop, scans)
        assert levels(pki_office) == ["B-B"]
        qtbot.waitUntil(desktop.window.pending_label.isVisible, timeout=10_000)

    screen = open_settings(qtbot, desktop)
    screen.upgrade.click()
    wait_idle(qtbot, desktop, 60_000)
    assert screen.last_error is None, screen.last_error
    assert not screen.upgrade_result.isHidden()
    assert screen.upgrade_result.text() == "Đã nâng cấp 1 bản sao điện tử lên xác thực dài hạn."
    assert levels(pki_office) == ["B-LTA"]
    assert screen.pending_upgrades.text() == "Không có bản sao điện tử nào chờ xác thực dài hạn."
    qtbot.waitUntil(desktop.window.pending_label.isHidden, timeout=10_000)
