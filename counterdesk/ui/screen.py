"""What every screen of the desk window shares: the service, and a way to say it changed."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from counterdesk.ui.service import DeskService


class Screen(QWidget):
    """A page of the main window. `changed` tells the others that records changed;
    `navigate` asks the window to show another screen with arguments."""

    changed = Signal()
    navigate = Signal(str, dict)

    def __init__(self, service: DeskService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service

    def activated(self, **arguments: object) -> None:
        """Called each time the screen is shown (with the arguments of `navigate`)."""

    def refresh(self) -> None:
        """Reload what the screen shows from the core."""
