"""The desk's sync with its hub, as the window shows and runs it: a line in the status
bar, runs in the background, and "Sync now".

While someone is signed in and the desk is enrolled, the window runs the sync on the
desk's worker shortly after sign-in, then every SYNC_INTERVAL_MS while changes wait to be
sent (SYNC_IDLE_INTERVAL_MS when none do: only what flows down from the hub), and after a
failed run waits twice as long each time, up to SYNC_LONGEST_PAUSE_MS, as the sync
client's `run_forever` does. One run at a time, none while the desk is locked.

A run shares the worker with the clerk's actions, and on a slow link it can take long:
it gives way between batches as soon as the clerk queues anything (`jobs_waiting`), and
the next run goes on from there. A link down is no news for a dialog: the status line
gets a mark and the reason in its tooltip, the log a line at info. A run that applied
changes the hub published (catalog, tariff, holidays, hours) says so (`applied`), and the
window reloads the screen in view.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QWidget

from counterdesk.domain.calendar import OFFICE_TZ
from counterdesk.ui.widgets import ElidedLabel

if TYPE_CHECKING:
    from counterdesk.desk import Desk
    from counterdesk.ui.service import DeskService

log = logging.getLogger(__name__)

# Module constants, so that tests can shorten them.
SYNC_FIRST_DELAY_MS = 20 * 1000  # after sign-in (or enrolment)
SYNC_INTERVAL_MS = 2 * 60 * 1000  # while changes wait to be sent
SYNC_IDLE_INTERVAL_MS = 15 * 60 * 1000  # nothing to send: what the hub publishes
SYNC_LONGEST_PAUSE_MS = 15 * 60 * 1000  # failed runs double the pause up to this
SYNC_NOW_SHORTCUT = "Ctrl+Shift+S"


@dataclass(frozen=True)
class SyncState:
    """`desk.sync.status()` for the window: moments in office-local time."""

    enrolled: bool
    hub: str | None
    desk_id: str | None
    last_attempt: datetime | None
    last_success: datetime | None
    last_error: str | None  # of the last attempt; None when it went through
    pending_events: int
    pending_bytes: int
    today: date  # office-local, to leave out today's date

    @property
    def failing(self) -> bool:
        return self.last_error is not None


@dataclass(frozen=True)
class SyncOutcome:
    """One run: what it sent, the reasons it stopped short, and the state after it."""

    sent_events: int
    sent_bytes: int
    errors: list[str]
    gave_way: bool  # stopped between batches for the clerk's work
    state: SyncState
    applied_changes: int = 0  # changes published by the hub, applied by this run


def _local(stored: object) -> datetime | None:
    return datetime.fromisoformat(str(stored)).astimezone(OFFICE_TZ) if stored else None


def read_sync_state(desk: Desk) -> SyncState:
    status = desk.sync.status()
    return SyncState(
        enrolled=bool(status["enrolled"]),
        hub=status["hub"],
        desk_id=status["desk_id"],
        last_attempt=_local(status["last_attempt_at"]),
        last_success=_local(status["last_success_at"]),
        last_error=status["last_error"],
        pending_events=int(status["pending_events"]),
        pending_bytes=int(status["pending_bytes"]),
        today=desk.clock().astimezone(OFFICE_TZ).date(),
    )


def sync_once(desk: Desk, should_stop: Callable[[], bool]) -> SyncOutcome:
    """One run; network trouble is in `errors`, logged at info, never raised."""
    gave_way = False

    def stop() -> bool:
        nonlocal gave_way
        gave_way = gave_way or should_stop()
        return gave_way

    report = desk.run_sync(stop)
    if report.errors:
        log.info("sync did not go through: %s", "; ".join(report.errors))
    log.info(
        "sync: %d events sent (%d bytes), %d events (%d bytes) pending, %d changes applied%s",
        report.sent_events,
        report.sent_bytes,
        report.pending_events,
        report.pending_bytes,
        report.applied_changes,
        ", stopped for the clerk's work" if gave_way else "",
    )
    return SyncOutcome(
        report.sent_events,
        report.sent_bytes,
        list(report.errors),
        gave_way,
        read_sync_state(desk),
        report.applied_changes,
    )


def data_size(size: int) -> str:
    """Bytes as the window's language writes them: "3,4 MB" in Vietnamese."""
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


class SyncStatusLabel(QWidget):
    """The status bar's sync line: a small warning mark when the last attempt failed, then
    when the desk last synced and what waits to be sent (cut short with "…" on a small
    screen, whole in the tooltip). Right-click: Sync now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.mark = QLabel()
        self.mark.setObjectName("syncFailed")
        size = self.fontMetrics().height()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.mark.setPixmap(icon.pixmap(size, size))
        self.mark.setVisible(False)
        self.words = ElidedLabel()
        layout.addWidget(self.mark)
        layout.addWidget(self.words, 1)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def show_state(self, text: str, tooltip: str, failing: bool) -> None:
        self.words.setText(text)
        self.mark.setVisible(failing)
        for widget in (self, self.mark, self.words):
            widget.setToolTip(tooltip)

    def text(self) -> str:
        return self.words.text()


class HubSync(QObject):
    """The background runs, "Sync now" (`action`, with its shortcut) and the status line
    (`label`); `state_changed` carries each new SyncState (Settings shows it too), and
    `applied` tells that a run, background or asked for, applied changes from the hub."""

    state_changed = Signal(object)  # SyncState
    synced = Signal(object)  # the SyncOutcome of a run asked for with Sync now
    error = Signal(str)  # Sync now failed in the core (not enrolled…): for a dialog
    applied = Signal()  # records changed: what the hub published came into force

    def __init__(self, service: DeskService, parent: QWidget) -> None:
        super().__init__(parent)
        self.service = service
        self.state: SyncState | None = None  # None until read after sign-in
        # Signed in: read by a run on the worker too, which gives way once the desk locks.
        self._signed_in = threading.Event()
        self._running = False  # a run is submitted and not done yet
        self._again = False  # Sync now during a run: one more right after it
        self._failures = 0  # failed runs in a row, for the pause before the next one
        self.label = SyncStatusLabel()
        self.label.setVisible(False)
        self.action = QAction(self.tr("Sync now"), parent)
        self.action.setObjectName("syncNow")
        self.action.setShortcut(QKeySequence(SYNC_NOW_SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setEnabled(False)
        self.action.triggered.connect(self.sync_now)
        parent.addAction(self.action)  # the shortcut works on every screen
        self.label.addAction(self.action)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)  # armed again once a run has ended
        self.timer.timeout.connect(self.run_in_background)

    @property
    def running(self) -> bool:
        return self._running

    def shortcut_text(self) -> str:
        return QKeySequence(SYNC_NOW_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)

    # -- sign-in and lock -----------------------------------------------------------------

    def start(self) -> None:
        """Someone signed in: read the state; the first run follows if the desk is enrolled."""
        self._signed_in.set()
        self.refresh()

    def stop(self) -> None:
        """The desk is locked (or closing): no run until someone signs in again, and the
        one going on, if any, stops at its next batch."""
        self._signed_in.clear()
        self._again = False
        self.timer.stop()
        self.action.setEnabled(False)

    def refresh(self) -> None:
        """Read the state again (records changed: more to send, or the desk enrolled)."""
        if self._signed_in.is_set():
            self.service.call(read_sync_state, self._read, self._not_read)

    # -- runs -----------------------------------------------------------------------------

    @Slot()
    def run_in_background(self) -> None:
        if self._signed_in.is_set() and not self._running and self._enrolled():
            self._run(asked=False)

    @Slot()
    def sync_now(self) -> None:
        """Run at once (after the run going on, if one is); the status line shows how it went."""
        if not self._signed_in.is_set():
            return
        if self._running:
            self._again = True
            return
        self._run(asked=True)

    def _enrolled(self) -> bool:
        return self.state is not None and self.state.enrolled

    def _run(self, asked: bool) -> None:
        self._running = True
        self.timer.stop()
        service, signed_in = self.service, self._signed_in

        def should_stop() -> bool:  # on the worker, between batches
            return service.jobs_waiting() > 0 or not signed_in.is_set()

        working = asked or self.state is None or self.state.pending_events > 0
        self.service.call(
            lambda desk: sync_once(desk, should_stop),
            lambda outcome: self._synced(outcome, asked),
            lambda message: self._failed(message, asked),
            label=self.tr("Syncing with the hub") if working else "",
        )

    def _synced(self, outcome: SyncOutcome, asked: bool) -> None:
        self._running = False
        self._failures = self._failures + 1 if outcome.errors else 0
        self._show(outcome.state)
        if outcome.applied_changes:
            self.applied.emit()
        if asked:
            self.synced.emit(outcome)
        self._next()

    def _failed(self, message: str, asked: bool) -> None:
        self._running = False
        self._failures += 1
        if asked:
            self.error.emit(message)
        else:
            log.info("background sync not done: %s", message)
        self.refresh()  # not enrolled any more? the state says
        self._next()

    def _next(self) -> None:
        if not self._signed_in.is_set():
            return
        if self._again:
            self._again = False
            self._run(asked=True)
        elif self._enrolled():
            self.timer.start(self._pause_ms())

    def _pause_ms(self) -> int:
        if self._failures:
            doubled = SYNC_INTERVAL_MS * 2 ** min(self._failures - 1, 16)
            return min(doubled, SYNC_LONGEST_PAUSE_MS)
        if self.state is not None and self.state.pending_events:
            return SYNC_INTERVAL_MS
        return SYNC_IDLE_INTERVAL_MS

    def _not_read(self, message: str) -> None:
        log.info("sync state not read: %s", message)

    # -- the status line ------------------------------------------------------------------

    def _read(self, state: SyncState) -> None:
        """The state read outside a run: show it, and arm the first run (after sign-in or
        enrolment), or an earlier one when changes start waiting."""
        self._show(state)
        if not state.enrolled:
            self.timer.stop()
            return
        if not self._signed_in.is_set() or self._running:
            return  # the run's end arms the timer
        if not self.timer.isActive():
            self.timer.start(SYNC_FIRST_DELAY_MS)
        elif (
            state.pending_events
            and not self._failures
            and self.timer.remainingTime() > SYNC_INTERVAL_MS
        ):
            self.timer.start(SYNC_INTERVAL_MS)

    def _show(self, state: SyncState) -> None:
        self.state = state
        self.label.setVisible(state.enrolled)
        self.action.setEnabled(state.enrolled and self._signed_in.is_set())
        if state.enrolled:
            text = self.status_text(state)
            self.label.show_state(text, self._tooltip(state, text), state.failing)
        self.state_changed.emit(state)

    def status_text(self, state: SyncState) -> str:
        if state.last_success is None:
            when = self.tr("Not synced yet")
        elif state.last_success.date() == state.today:
            when = self.tr("Synced at %1").replace("%1", f"{state.last_success:%H:%M}")
        else:
            when = self.tr("Synced at %1 on %2").replace("%1", f"{state.last_success:%H:%M}")
            when = when.replace("%2", f"{state.last_success:%d/%m}")
        if state.pending_events:
            waiting = self.tr("%n change(s), %1 waiting to be sent", "", state.pending_events)
            waiting = waiting.replace("%1", data_size(state.pending_bytes))
        else:
            waiting = self.tr("nothing waiting to be sent")
        return f"{when} · {waiting}"

    def _tooltip(self, state: SyncState, text: str) -> str:
        lines = [text, self.tr("Hub: %1").replace("%1", state.hub or "")]
        if state.failing and state.last_attempt is not None:
            lines.append(
                self.tr("The last attempt, at %1, did not go through:").replace(
                    "%1", f"{state.last_attempt:%H:%M %d/%m/%Y}"
                )
            )
            lines.append(state.last_error or "")
            lines.append(self.tr("The desk keeps working and tries again by itself."))
        elif state.last_attempt is not None:
            lines.append(
                self.tr("Last attempt: %1").replace("%1", f"{state.last_attempt:%H:%M %d/%m/%Y}")
            )
        lines.append(self.tr("Sync now: right-click, or %1").replace("%1", self.shortcut_text()))
        return "\n".join(lines)
