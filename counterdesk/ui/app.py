"""Start the desk window: translations, first-run setup, sign-in, then the main window.

Nothing here imports the core's heavy packages (OpenCV, PyMuPDF, pyHanko): the worker
thread loads them while the window paints, and the jobs run there.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from counterdesk.domain.roles import Actor
from counterdesk.errors import SetupError
from counterdesk.ui.i18n import DEFAULT_LANGUAGE, install_translators
from counterdesk.ui.login import LoginDialog
from counterdesk.ui.main_window import MainWindow
from counterdesk.ui.service import DeskService
from counterdesk.ui.setup_dialog import SetupDialog

if TYPE_CHECKING:
    from counterdesk.desk import Desk


@dataclass(frozen=True)
class StartState:
    office: str | None  # the office name, None before setup
    accounts: bool
    actor: Actor


def start_state(desk: Desk) -> StartState:
    try:
        office = desk.office().name
    except SetupError:
        office = None
    return StartState(office, desk.accounts.exist(), desk.journal.actor)


# A desk left alone this long asks for the password again (accounts only): the session is
# short-lived, so a clerk who walks away does not leave their name on the next act.
IDLE_LOCK_MS = 10 * 60 * 1000
_INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class _IdleWatch(QObject):
    """Restarts the lock timer on every key press, click or scroll anywhere in the app."""

    def __init__(self, timer: QTimer) -> None:
        super().__init__()
        self.timer = timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False


def _prepare_demo(desk: Desk) -> None:
    from counterdesk.demo import prepare_demo_office

    prepare_demo_office(desk)


class Desktop:
    """The running desk: the service, the window and the start-up sequence."""

    def __init__(
        self,
        home: Path,
        demo: bool = False,
        language: str | None = None,
        unattended: bool = False,
    ) -> None:
        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        self.app.setApplicationName("CounterDesk")
        settings = QSettings(str(home / "window.ini"), QSettings.Format.IniFormat)
        self.translators = install_translators(
            self.app, language or str(settings.value("language", DEFAULT_LANGUAGE))
        )
        home.mkdir(parents=True, exist_ok=True)
        self.service = DeskService(home)
        self.window = MainWindow(self.service, demo)
        self.ready = False  # signed in and the first screen loaded
        self.login: LoginDialog | None = None
        self.office = ""
        # Unattended (a picture, a smoke test): nobody answers a dialog, so what would wait
        # for the clerk ends the run instead, its message on stderr (see give_up).
        self.unattended = unattended
        self.failure: str | None = None
        if unattended:
            self.service.error.connect(self.give_up)
        self.idle_timer = QTimer(self.window)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(IDLE_LOCK_MS)
        self.idle_timer.timeout.connect(self.lock)
        self._idle_watch = _IdleWatch(self.idle_timer)
        self.app.installEventFilter(self._idle_watch)
        if demo:
            self.service.call(
                _prepare_demo,
                label=QCoreApplication.translate("Desktop", "Preparing the demo office"),
            )
        self.service.call(
            start_state,
            self._started,
            label=QCoreApplication.translate("Desktop", "Opening the data folder"),
        )

    def _started(self, state: StartState) -> None:
        if self.unattended and state.office is None:
            self.give_up(
                f"no office is set up in the data folder {self.service.home} yet: set it up "
                "first (counterdesk init, or the desk's first-run setup)."
            )
            return
        if self.unattended and state.accounts and state.actor.username == "local":
            self.give_up(
                "the office has accounts, and an unattended desk window cannot ask for a sign-in."
            )
            return
        if state.office is None:
            setup = SetupDialog(self.service, self.window)
            setup.accepted.connect(lambda: self.service.call(start_state, self._started))
            setup.rejected.connect(self.window.close)
            setup.open()
            return
        self.office = state.office
        if state.accounts and state.actor.username == "local":
            self._ask_sign_in()
            return
        self._signed_in(state.actor)

    def _ask_sign_in(self) -> None:
        self.login = LoginDialog(self.service, self.window)
        self.login.accepted.connect(lambda: self._signed_in(self.login.actor))
        self.login.rejected.connect(self.window.close)
        self.login.open()

    def _signed_in(self, actor: Actor) -> None:
        self.window.signed_in(actor, self.office)
        self.window.show_screen(self.window.current_screen)
        self.ready = True
        if actor.username != "local":
            self.idle_timer.start()

    def lock(self) -> None:
        """Hide the records behind the sign-in dialog until someone signs in again; the
        signer's USB token is logged out, so the next one to sign gives its PIN again."""
        self.ready = False
        self.window.signed_out()
        self.service.call(lambda desk: desk.lock_tokens())
        self.window.centralWidget().setVisible(False)
        self._ask_sign_in()
        self.login.accepted.connect(lambda: self.window.centralWidget().setVisible(True))

    def give_up(self, message: str) -> None:
        """An unattended run meets what needs a person (an error, a dialog): say why on
        stderr and end the event loop with exit status 1."""
        if self.failure is not None:
            return
        self.failure = message
        print(f"counterdesk: the desk window stopped: {message}", file=sys.stderr, flush=True)
        self.app.exit(1)

    def run(self) -> int:
        self.window.show()
        code = self.app.exec()
        self.close()
        return code

    def close(self) -> None:
        """Close the window, stop the worker and take the desk's hooks off the application."""
        self.window.close()
        self.app.removeEventFilter(self._idle_watch)
        self.idle_timer.stop()
        self.service.shutdown()
        for translator in self.translators:
            self.app.removeTranslator(translator)
        self.translators = []


# An unattended window that has not loaded by then is stuck (a job that never ends, a
# dialog it did not expect): it stops rather than wait for ever.
UNATTENDED_START_LIMIT_S = 120


class _FirstPaint(QObject):
    """Notes the wall-clock time (time.time()) of the main window's first paint."""

    def __init__(self) -> None:
        super().__init__()
        self.at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.at is None and event.type() == QEvent.Type.Paint:
            self.at = time.time()
        return False


@dataclass(frozen=True)
class DeskRun:
    """How a desk window run ended. For unattended runs, the wall-clock times (time.time())
    of the main window's first paint and of the moment it had loaded: signed in, the first
    screen's data shown, no job left running."""

    exit_code: int
    first_paint_at: float | None = None
    loaded_at: float | None = None


def run_desk(
    home: Path,
    demo: bool = False,
    screenshot: Path | None = None,
    screen: str | None = None,
    quit_after: float | None = None,
) -> DeskRun:
    """Open the desk; with `screenshot`, save the window once it has loaded and close it;
    with `quit_after`, close it that many seconds after it has loaded.

    Either makes the run unattended: a start that fails, needs the first-run setup or a
    sign-in, or has not loaded in UNATTENDED_START_LIMIT_S ends it with exit status 1 and
    its reason on stderr, as does any error the window would show meanwhile.
    """
    if screenshot is None and quit_after is None:
        return DeskRun(Desktop(home, demo).run())
    desktop = Desktop(home, demo, unattended=True)
    first_paint = _FirstPaint()
    desktop.window.installEventFilter(first_paint)
    loaded: list[float] = []

    def when_loaded() -> None:
        if not (desktop.ready and desktop.service.idle):
            QTimer.singleShot(20, when_loaded)
            return
        if screen and screen != desktop.window.current_screen:
            desktop.window.show_screen(screen)
            QTimer.singleShot(300, when_loaded)
            return
        loaded.append(time.time())
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            desktop.window.grab().save(str(screenshot))
        # A precise timer: Qt's default (coarse) may fire 5 % early, closing before time.
        closer = QTimer(desktop.window, singleShot=True, timerType=Qt.TimerType.PreciseTimer)
        closer.timeout.connect(desktop.window.close)
        closer.start(round(max(0.0, quit_after or 0.0) * 1000))

    def check_loaded() -> None:
        if not loaded:
            desktop.give_up(f"it had not loaded after {UNATTENDED_START_LIMIT_S} s.")

    QTimer.singleShot(0, when_loaded)
    QTimer.singleShot(UNATTENDED_START_LIMIT_S * 1000, check_loaded)
    code = desktop.run()
    return DeskRun(code, first_paint.at, loaded[0] if loaded else None)
