"""The main window: navigation with F-keys, the screens, the DEMO banner, the status bar,
and the e-copies' long-term validation in the background.

E-copies signed while the time-stamping service or the CA did not answer wait below
long-term validation (B-LTA). While someone is signed in, the window upgrades them on the
desk's worker shortly after sign-in and then every UPGRADE_INTERVAL_MS, quietly: a network
still down or a setting missing is for the log, not a dialog (Settings shows it, and
upgrades on demand). The status bar counts the copies still waiting.

The sync with the hub runs in the background the same way (counterdesk.ui.hub_sync), with
its own line in the status bar and "Sync now"; when a run applied what the hub published
(catalog, tariff, holidays, hours), the screen in view is reloaded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.roles import Actor
from counterdesk.errors import CounterDeskError
from counterdesk.ui.certify import CertifyScreen
from counterdesk.ui.hub_sync import HubSync
from counterdesk.ui.intake import IntakeScreen
from counterdesk.ui.screen import Screen
from counterdesk.ui.search import SearchScreen
from counterdesk.ui.service import DeskService
from counterdesk.ui.settings import SettingsScreen
from counterdesk.ui.today import TodayScreen
from counterdesk.ui.token_pin import TokenPinDialog
from counterdesk.ui.verify import VerifyScreen
from counterdesk.ui.widgets import ElidedLabel, shortcut_button, show_error

if TYPE_CHECKING:
    from counterdesk.desk import Desk

log = logging.getLogger(__name__)

# The background upgrade of e-copies to long-term validation: once this long after sign-in
# (the first screen has loaded), then this long after each run ends.
UPGRADE_FIRST_DELAY_MS = 30 * 1000
UPGRADE_INTERVAL_MS = 10 * 60 * 1000


@dataclass(frozen=True)
class LongTermState:
    """E-copies below long-term validation, and whether the office set a TSA to reach it."""

    pending: int
    tsa_set: bool


def long_term_state(desk: Desk) -> LongTermState:
    return LongTermState(desk.signatures.pending(), bool(desk.signatures.settings().tsa_url))


def upgrade_quietly(desk: Desk) -> LongTermState:
    """Upgrade the e-copies waiting, if any wait and a TSA is set; a refusal is only logged."""
    state = long_term_state(desk)
    if not (state.pending and state.tsa_set):
        return state
    try:
        report = desk.signatures.upgrade()
    except CounterDeskError as exc:
        log.info("background upgrade not done: %s", exc.message)
    else:
        log.info(
            "background upgrade: %d upgraded, %d still pending, %d failed",
            report.upgraded,
            report.pending,
            len(report.failed),
        )
    return long_term_state(desk)


class MainWindow(QMainWindow):
    def __init__(self, service: DeskService, demo: bool = False) -> None:
        super().__init__()
        self.service = service
        self.last_error: str | None = None
        self.pin_dialog: TokenPinDialog | None = None
        self.long_term: LongTermState | None = None  # None until read after sign-in
        self._signed_in = False
        self._upgrading = False  # a background upgrade is submitted and not done yet
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("CounterDesk — one-stop counter"))
        self.hub_sync = HubSync(service, self)
        self.hub_sync.error.connect(self.report_error)
        self.hub_sync.applied.connect(self._hub_changes_applied)
        self.screens: dict[str, Screen] = {
            "today": TodayScreen(service),
            "intake": IntakeScreen(service),
            "certify": CertifyScreen(service),
            "search": SearchScreen(service),
            "verify": VerifyScreen(service),
            "settings": SettingsScreen(service, self.hub_sync),
        }
        titles = {
            "today": (self.tr("Today"), "F2"),
            "intake": (self.tr("Receive"), "F3"),
            "certify": (self.tr("Certify"), "F4"),
            "search": (self.tr("Search"), "F5"),
            # Verify a copy, in one short word: the widest title sets the window's least width.
            "verify": (self.tr("Verify"), "F6"),
            "settings": (self.tr("Settings"), "F9"),
        }
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(6, 6, 6, 6)
        self.banner = QLabel(self.tr("DEMO — training office, nothing here is real"))
        self.banner.setObjectName("demoBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet(
            "background:#c62828;color:white;font-weight:bold;padding:4px;border-radius:3px"
        )
        self.banner.setVisible(demo)
        outer.addWidget(self.banner)
        body = QHBoxLayout()
        nav = QVBoxLayout()
        self.stack = QStackedWidget()
        self.nav_buttons: dict[str, QPushButton] = {}
        for name, screen in self.screens.items():
            text, key = titles[name]
            button = shortcut_button(text, key)
            button.setObjectName(f"nav_{name}")
            button.setCheckable(True)
            button.setMinimumHeight(40)
            button.clicked.connect(lambda _=False, n=name: self.show_screen(n))
            nav.addWidget(button)
            self.nav_buttons[name] = button
            self.stack.addWidget(screen)
            screen.changed.connect(self._records_changed)
            screen.navigate.connect(self._navigate)
        nav.addStretch(1)
        body.addLayout(nav)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self.who = ElidedLabel()  # gives way to the permanent labels on a small screen
        self.busy_label = QLabel()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setVisible(False)
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingUpgrades")
        self.pending_label.setVisible(False)
        status = self.statusBar()
        status.addWidget(self.who)
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.busy)
        status.addPermanentWidget(self.pending_label)
        status.addPermanentWidget(self.hub_sync.label)
        self.upgrade_timer = QTimer(self)
        self.upgrade_timer.setSingleShot(True)  # armed again once a run has ended
        self.upgrade_timer.timeout.connect(self.upgrade_in_background)
        service.busy_changed.connect(self._busy)
        service.error.connect(self.report_error)
        service.pin_needed.connect(self.ask_pin)
        self._settings = QSettings(str(service.home / "window.ini"), QSettings.Format.IniFormat)
        geometry = self._settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        start = self._settings.value("screen", "today")
        self.show_screen(start if start in self.screens else "today")

    def set_actor(self, actor: Actor, office: str) -> None:
        names = {"clerk": self.tr("clerk"), "signer": self.tr("signer"), "admin": self.tr("admin")}
        roles = ", ".join(names.get(role, role) for role in sorted(actor.roles))
        self.who.setText(f"{office} — {actor.full_name} ({actor.username}: {roles})")

    def signed_in(self, actor: Actor, office: str) -> None:
        """Someone signed in: show who, count the e-copies waiting, start upgrading them,
        and syncing with the hub if the desk is enrolled."""
        self.set_actor(actor, office)
        self._signed_in = True
        self.refresh_long_term()
        if not self._upgrading:
            self.upgrade_timer.start(UPGRADE_FIRST_DELAY_MS)
        self.hub_sync.start()

    def signed_out(self) -> None:
        """The desk is locked: no background work until someone signs in again."""
        self._signed_in = False
        self.upgrade_timer.stop()
        self.hub_sync.stop()

    # -- long-term validation -----------------------------------------------------------

    def refresh_long_term(self) -> None:
        """Count again the e-copies waiting for long-term validation."""
        if self._signed_in:
            self.service.call(long_term_state, self._show_long_term, self._quiet_failure)

    @Slot()
    def upgrade_in_background(self) -> None:
        """Upgrade what waits, quietly; one run at a time, none while the desk is locked."""
        if not self._signed_in or self._upgrading:
            return
        self._upgrading = True
        state = self.long_term
        working = state is None or (state.pending > 0 and state.tsa_set)
        self.service.call(
            upgrade_quietly,
            self._upgraded,
            self._upgrade_failed,
            label=self.tr("Time-stamping e-copies") if working else "",
        )

    def _upgraded(self, state: LongTermState) -> None:
        self._upgrade_ended()
        self._show_long_term(state)

    def _upgrade_failed(self, message: str) -> None:
        self._upgrade_ended()
        self._quiet_failure(message)

    def _upgrade_ended(self) -> None:
        self._upgrading = False
        if self._signed_in:
            self.upgrade_timer.start(UPGRADE_INTERVAL_MS)

    def _quiet_failure(self, message: str) -> None:
        log.info("e-copies waiting for long-term validation not counted: %s", message)

    def _show_long_term(self, state: LongTermState) -> None:
        self.long_term = state
        self.pending_label.setVisible(state.pending > 0)
        self.pending_label.setText(
            self.tr("%n e-copy(ies) waiting for a time-stamp", "", state.pending)
        )
        if state.tsa_set:
            tip = self.tr(
                "They get their time-stamp and revocation data (long-term validation) once "
                "the services answer; the desk tries every %1 minutes."
            ).replace("%1", str(UPGRADE_INTERVAL_MS // 60_000))
        else:
            tip = self.tr(
                "No time-stamping service is set: an admin sets it in Settings, Signing tab."
            )
        self.pending_label.setToolTip(tip)

    def show_screen(self, name: str, **arguments: object) -> None:
        for key, button in self.nav_buttons.items():
            button.setChecked(key == name)
        screen = self.screens[name]
        self.stack.setCurrentWidget(screen)
        screen.activated(**arguments)

    @property
    def current_screen(self) -> str:
        current = self.stack.currentWidget()
        return next(name for name, screen in self.screens.items() if screen is current)

    @Slot(str, dict)
    def _navigate(self, name: str, arguments: dict) -> None:
        self.show_screen(name, **arguments)

    @Slot()
    def _records_changed(self) -> None:
        self.screens["today"].refresh()
        self.refresh_long_term()  # a certification, an upgrade, new signing settings
        self.hub_sync.refresh()  # more to send, or the desk just enrolled

    @Slot()
    def _hub_changes_applied(self) -> None:
        """The hub's changes came into force: the screen in view reloads to show them.
        Settings is left as it is: its reload would drop what an admin may be typing; it
        reads the office's settings again when next shown."""
        screen = self.current_screen
        if screen != "settings":
            self.screens[screen].refresh()

    @Slot(bool, str)
    def _busy(self, busy: bool, label: str) -> None:
        self.busy.setVisible(busy)
        self.busy_label.setText(label if busy else "")

    @Slot(str)
    def report_error(self, message: str) -> None:
        self.last_error = message
        show_error(self, self.tr("This cannot be done"), message)

    @Slot(str)
    def ask_pin(self, token_label: str) -> None:
        """A job waits for the signer's USB token: ask its PIN (the job then continues)."""
        self.pin_dialog = TokenPinDialog(self.service, token_label, self)
        self.pin_dialog.finished.connect(lambda _code: self.activateWindow())
        self.pin_dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.signed_out()
        self._settings.setValue("geometry", self.saveGeometry())
        self._settings.setValue("screen", self.current_screen)
        self._settings.sync()
        super().closeEvent(event)
