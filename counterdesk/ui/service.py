"""Use cases off the UI thread: one worker thread owns the Desk and runs jobs in order.

SQLite connections belong to the thread that opened them, and the core is written for one
caller at a time, so a single worker thread owns the Desk: jobs run one after another, in
the order the clerk asked for them. Results and errors come back to the UI thread through
queued signals; the window never waits on the disk, the scanner or the signing key.
"""

from __future__ import annotations

import importlib
import itertools
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from counterdesk.errors import CounterDeskError

if TYPE_CHECKING:
    from counterdesk.desk import Desk

log = logging.getLogger(__name__)

Job = Callable[["Desk"], Any]


@dataclass
class Ticket:
    """A submitted job: its label for the status bar, and whether its result still matters.

    Cancelling does not stop the job (the core has no step to stop at); its result and
    errors are dropped, as when a newer search replaces an older one.
    """

    id: int
    label: str
    cancelled: bool = False

    def cancel(self) -> None:
        self.cancelled = True


class _Worker(QObject):
    done = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, home: Path, clock: Callable | None) -> None:
        super().__init__()
        self._home = home
        self._clock = clock
        self._desk: Desk | None = None

    @Slot()
    def preload(self) -> None:
        """Import the core (OpenCV, PyMuPDF, pyHanko: about a second) while the window paints."""
        importlib.import_module("counterdesk.desk")

    @Slot(int, object)
    def run(self, job_id: int, job: Job) -> None:
        try:
            if self._desk is None:
                from counterdesk.desk import Desk

                self._desk = (
                    Desk.open(self._home, self._clock) if self._clock else Desk.open(self._home)
                )
            self.done.emit(job_id, job(self._desk))
        except CounterDeskError as exc:
            self.failed.emit(job_id, exc.message)
        except Exception:  # a bug: the clerk gets one line, the log gets the traceback
            log.error("job failed:\n%s", traceback.format_exc())
            self.failed.emit(
                job_id,
                "An unexpected error stopped this; nothing half-done was recorded. "
                "Please send the log file to support.",
            )

    @Slot()
    def close(self) -> None:
        if self._desk is not None:
            self._desk.close()
            self._desk = None


class DeskService(QObject):
    """Submit use cases; callbacks run on the UI thread when they finish."""

    _submit = Signal(int, object)
    _close = Signal()
    busy_changed = Signal(bool, str)  # busy, label of the running job
    error = Signal(str)  # a job failed and no on_error was given

    def __init__(self, home: Path, clock: Callable | None = None) -> None:
        super().__init__()
        self.home = home
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Ticket, Callable | None, Callable | None]] = {}
        self._thread = QThread()
        self._thread.setObjectName("counterdesk-desk")
        self._worker = _Worker(home, clock)
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._close.connect(self._worker.close)
        self._worker.done.connect(self._finished)
        self._worker.failed.connect(self._failed)
        self._thread.started.connect(self._worker.preload)
        self._thread.start()

    def call(
        self,
        job: Job,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        label: str = "",
    ) -> Ticket:
        ticket = Ticket(next(self._ids), label)
        self._pending[ticket.id] = (ticket, on_done, on_error)
        self.busy_changed.emit(True, label)
        self._submit.emit(ticket.id, job)
        return ticket

    @property
    def idle(self) -> bool:
        return not self._pending

    @Slot(int, object)
    def _finished(self, job_id: int, result: Any) -> None:
        ticket, on_done, _ = self._pending.pop(job_id)
        self._report_busy()
        if on_done is not None and not ticket.cancelled:
            on_done(result)

    @Slot(int, str)
    def _failed(self, job_id: int, message: str) -> None:
        ticket, _, on_error = self._pending.pop(job_id)
        self._report_busy()
        if ticket.cancelled:
            return
        if on_error is not None:
            on_error(message)
        else:
            self.error.emit(message)

    def _report_busy(self) -> None:
        running = next(iter(self._pending.values()), None)
        self.busy_changed.emit(running is not None, running[0].label if running else "")

    def shutdown(self) -> None:
        """Finish the running job, close the Desk in its thread, stop the thread."""
        self._close.emit()
        self._thread.quit()
        self._thread.wait()
