"""Small shared pieces of the desk window."""

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def shortcut_button(text: str, shortcut: str, parent: QWidget | None = None) -> QPushButton:
    """A button whose keyboard shortcut is part of its label, e.g. "Certify (Ctrl+Return)".

    The key clicks the button at once (a button's own shortcut waits for its press
    animation) and only while the button is visible and enabled: a screen in the
    background does not react.
    """
    sequence = QKeySequence(shortcut)
    native = sequence.toString(QKeySequence.SequenceFormat.NativeText)
    button = QPushButton(f"{text}  ({native})", parent)
    QShortcut(sequence, button, button.click)
    return button


def show_error(parent: QWidget, title: str, message: str) -> QMessageBox:
    """The core's clerk-facing message in one dialog; not modal-blocking (tests, queues)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName("errorDialog")
    box.open()
    return box


class ElidedLabel(QLabel):
    """One line that ends in "…" when the room is short (a status bar on a small screen),
    whole in its tooltip; `text()` stays the whole text."""

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        room = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, room.width())
        painter = QPainter(self)
        painter.drawText(room, int(self.alignment()), text)
        painter.end()


class Gauge(QWidget):
    """One indicator as a labelled bar, 0-100 %; '—' when there is nothing to rate."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(title)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(True)
        layout.addWidget(self.title)
        layout.addWidget(self.bar)

    def set_rate(self, rate: float | None) -> None:
        if rate is None:
            self.bar.setValue(0)
            self.bar.setFormat("—")
        else:
            self.bar.setValue(round(rate * 100))
            self.bar.setFormat(f"{rate * 100:.0f} %")
        self.bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
