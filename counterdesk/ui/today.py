"""Today: the queue of open dossiers by due time, today's counts and the month's gauges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.calendar import OFFICE_TZ
from counterdesk.ui.screen import Screen
from counterdesk.ui.service import DeskService
from counterdesk.ui.widgets import Gauge

if TYPE_CHECKING:
    from counterdesk.desk import Desk
    from counterdesk.domain.indicators import Indicators
    from counterdesk.dossiers import DayCounts, DossierView

RISK_COLOURS = {
    "late": QColor("#f8c9c4"),
    "at_risk": QColor("#fde7b0"),
    "on_track": QColor("#d9f0d3"),
}


@dataclass(frozen=True)
class TodayData:
    queue: list[DossierView]
    counts: DayCounts
    month: Indicators


def load_today(desk: Desk) -> TodayData:
    now = desk.clock().astimezone(OFFICE_TZ)
    return TodayData(
        queue=desk.dossiers.open_queue(),
        counts=desk.dossiers.day_counts(now.date()),
        month=desk.indicators(now.year, now.month)[0],
    )


class TodayScreen(Screen):
    def __init__(self, service: DeskService, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.data: TodayData | None = None
        layout = QVBoxLayout(self)
        counters = QHBoxLayout()
        self.received = QLabel()
        self.finished = QLabel()
        self.late = QLabel()
        for label in (self.received, self.finished, self.late):
            label.setObjectName("counter")
            label.setStyleSheet("font-size: 15pt; font-weight: bold")
            counters.addWidget(label)
        layout.addLayout(counters)

        gauges = QGroupBox(self.tr("This month's indicators"))
        grid = QGridLayout(gauges)
        self.gauges = {
            "on_time": Gauge(self.tr("Finished on time")),
            "digitized": Gauge(self.tr("Digitized at intake")),
            "electronic_result": Gauge(self.tr("Results returned electronically")),
            "online_payment": Gauge(self.tr("Fees paid online")),
        }
        for column, gauge in enumerate(self.gauges.values()):
            grid.addWidget(gauge, 0, column)
        layout.addWidget(gauges)

        self.table = QTableWidget(0, 5)
        self.table.setObjectName("queue")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Dossier code"),
                self.tr("Citizen"),
                self.tr("Procedure"),
                self.tr("State"),
                self.tr("Due"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.activated.connect(self._open_selected)
        layout.addWidget(self.table, 1)
        self._show_counts(0, 0, 0)

    def activated(self, **arguments: object) -> None:
        self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        self.service.call(load_today, self._show, label=self.tr("Loading today's queue"))

    def _show(self, data: TodayData) -> None:
        self.data = data
        counts = data.counts
        self._show_counts(counts.received, counts.finished, counts.late)
        month = data.month
        self.gauges["on_time"].set_rate(month.on_time_rate)
        self.gauges["digitized"].set_rate(month.digitized_rate)
        self.gauges["electronic_result"].set_rate(month.electronic_result_rate)
        self.gauges["online_payment"].set_rate(month.online_payment_rate)
        self.table.setRowCount(len(data.queue))
        for row, view in enumerate(data.queue):
            cells = [
                view.code,
                view.citizen_name,
                view.procedure_name,
                self._state_text(view.state),
                _when(view.due_at),
            ]
            colour = RISK_COLOURS.get(view.risk)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if colour is not None:
                    item.setBackground(QBrush(colour))
                item.setData(Qt.ItemDataRole.UserRole, view.code)
                item.setToolTip(text)
                self.table.setItem(row, column, item)

    def _show_counts(self, received: int, finished: int, late: int) -> None:
        self.received.setText(self.tr("Received today: %n", "", received))
        self.finished.setText(self.tr("Finished today: %n", "", finished))
        self.late.setText(self.tr("Late: %n", "", late))

    def _state_text(self, state: str) -> str:
        return {
            "received": self.tr("Received"),
            "in_progress": self.tr("In progress"),
            "supplement_requested": self.tr("Supplement requested"),
        }.get(state, state)

    def _open_selected(self) -> None:
        item = self.table.currentItem()
        if item is not None:
            self.navigate.emit("search", {"code": item.data(Qt.ItemDataRole.UserRole)})


def _when(moment: datetime | None) -> str:
    return f"{moment:%H:%M %d/%m/%Y}" if moment else "—"
