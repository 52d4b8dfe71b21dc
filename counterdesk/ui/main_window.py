"""The main window: navigation with F-keys, the screens, the DEMO banner, the status bar."""

from PySide6.QtCore import QSettings, Qt, Slot
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
from counterdesk.ui.certify import CertifyScreen
from counterdesk.ui.intake import IntakeScreen
from counterdesk.ui.screen import Screen
from counterdesk.ui.search import SearchScreen
from counterdesk.ui.service import DeskService
from counterdesk.ui.settings import SettingsScreen
from counterdesk.ui.today import TodayScreen
from counterdesk.ui.token_pin import TokenPinDialog
from counterdesk.ui.verify import VerifyScreen
from counterdesk.ui.widgets import shortcut_button, show_error


class MainWindow(QMainWindow):
    def __init__(self, service: DeskService, demo: bool = False) -> None:
        super().__init__()
        self.service = service
        self.last_error: str | None = None
        self.pin_dialog: TokenPinDialog | None = None
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("CounterDesk — one-stop counter"))
        self.screens: dict[str, Screen] = {
            "today": TodayScreen(service),
            "intake": IntakeScreen(service),
            "certify": CertifyScreen(service),
            "search": SearchScreen(service),
            "verify": VerifyScreen(service),
            "settings": SettingsScreen(service),
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

        self.who = QLabel()
        self.busy_label = QLabel()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setVisible(False)
        status = self.statusBar()
        status.addWidget(self.who)
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.busy)
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
        self._settings.setValue("geometry", self.saveGeometry())
        self._settings.setValue("screen", self.current_screen)
        self._settings.sync()
        super().closeEvent(event)
