"""Use cases off the UI thread: one worker thread owns the Desk and runs jobs in order.

SQLite connections belong to the thread that opened them, and the core is written for one
caller at a time, so a single worker thread owns the Desk: jobs run one after another, in
the order the clerk asked for them. Results and errors come back to the UI thread through
queued signals; the window never waits on the disk, the scanner or the signing key.

A job that needs the signer's USB token while it is locked (PinNeededError) is held, not
failed: `pin_needed` asks the window for the PIN, and once the token is unlocked the job
runs again (if that same token asks again, the job fails: no loop). The PIN itself never
passes through here.

A long job (a sync run on a slow link) asks `jobs_waiting()` between its steps and gives
way when the clerk has queued something: the worker is the clerk's first.
"""

from __future__ import annotations

import importlib
import itertools
import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import SIGNAL, QObject, QThread, Signal, Slot

from counterdesk.errors import CounterDeskError, PinNeededError

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
    # The tokens it stopped for: once per token (the signer's and the office's may be
    # two); a token unlocked for it that asks again fails it.
    tokens_asked: set[str] = field(default_factory=set)

    def cancel(self) -> None:
        self.cancelled = True


class _Backlog:
    """How many jobs are submitted and not started yet. The UI thread adds, the worker
    takes, and a job running on the worker reads it: hence the lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0

    def add(self) -> None:
        with self._lock:
            self._count += 1

    def take(self) -> None:
        with self._lock:
            self._count -= 1

    @property
    def count(self) -> int:
        with self._lock:
            return self._count


class _Worker(QObject):
    done = Signal(int, object)
    failed = Signal(int, str)
    pin_needed = Signal(int, str, str, object)  # job id, token label, message, the job

    def __init__(self, home: Path, clock: Callable | None, backlog: _Backlog) -> None:
        super().__init__()
        self._home = home
        self._clock = clock
        self._backlog = backlog
        self._desk: Desk | None = None

    @Slot()
    def preload(self) -> None:
        """Import the core (OpenCV, PyMuPDF, pyHanko: about a second) while the window paints."""
        importlib.import_module("counterdesk.desk")

    @Slot(int, object)
    def run(self, job_id: int, job: Job) -> None:
        self._backlog.take()
        try:
            if self._desk is None:
                from counterdesk.desk import Desk

                self._desk = (
                    Desk.open(self._home, self._clock) if self._clock else Desk.open(self._home)
                )
            self.done.emit(job_id, job(self._desk))
        except PinNeededError as exc:
            # The job goes back to the UI thread, to run again once the token is unlocked.
            self.pin_needed.emit(job_id, exc.token_label, exc.message, job)
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
        self._backlog.take()
        if self._desk is not None:
            self._desk.close()
            self._desk = None


class DeskService(QObject):
    """Submit use cases; callbacks run on the UI thread when they finish."""

    _submit = Signal(int, object)
    _close = Signal()
    busy_changed = Signal(bool, str)  # busy, label of the running job
    error = Signal(str)  # a job failed and no on_error was given
    # A job stopped because the signer's USB token (this label) is locked: answer with
    # unlocked() once its PIN opened it, or give_up().
    pin_needed = Signal(str)

    def __init__(self, home: Path, clock: Callable | None = None) -> None:
        super().__init__()
        self.home = home
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Ticket, Callable | None, Callable | None]] = {}
        self._waiting_for_pin: dict[str, list[tuple[int, Job]]] = {}  # by token label
        self._thread = QThread()
        self._thread.setObjectName("counterdesk-desk")
        self._backlog = _Backlog()
        self._worker = _Worker(home, clock, self._backlog)
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._close.connect(self._worker.close)
        self._worker.done.connect(self._finished)
        self._worker.failed.connect(self._failed)
        self._worker.pin_needed.connect(self._pin_needed)
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
        self._queue(ticket.id, job)
        return ticket

    def _queue(self, job_id: int, job: Job) -> None:
        self._backlog.add()
        self._submit.emit(job_id, job)

    @property
    def idle(self) -> bool:
        return not self._pending

    def jobs_waiting(self) -> int:
        """Jobs queued behind the running one (closing the desk counts as one); safe to
        call from the worker, where a long job asks it to know when to give way."""
        return self._backlog.count

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

    @Slot(int, str, str, object)
    def _pin_needed(self, job_id: int, token_label: str, message: str, job: Job) -> None:
        ticket = self._pending[job_id][0]
        asking = self.receivers(SIGNAL("pin_needed(QString)")) > 0
        if ticket.cancelled or token_label in ticket.tokens_asked or not asking:
            self._failed(job_id, message)
            return
        ticket.tokens_asked.add(token_label)
        waiting = self._waiting_for_pin.setdefault(token_label, [])
        waiting.append((job_id, job))
        if len(waiting) == 1:  # later jobs for the same token wait on the same question
            self.pin_needed.emit(token_label)

    def unlocked(self, token_label: str) -> None:
        """The token is open: run again, in order, the jobs that stopped for its PIN."""
        for job_id, job in self._waiting_for_pin.pop(token_label, []):
            self._queue(job_id, job)

    def give_up(self, token_label: str, message: str) -> None:
        """No PIN (cancelled, or the token is locked): the waiting jobs fail with `message`."""
        for job_id, _job in self._waiting_for_pin.pop(token_label, []):
            self._failed(job_id, message)

    def _report_busy(self) -> None:
        running = next(iter(self._pending.values()), None)
        self.busy_changed.emit(running is not None, running[0].label if running else "")

    def shutdown(self) -> None:
        """Finish the running job, close the Desk in its thread, stop the thread."""
        self._backlog.add()  # a long job running gives way to the closing
        self._close.emit()
        self._thread.quit()
        self._thread.wait()
