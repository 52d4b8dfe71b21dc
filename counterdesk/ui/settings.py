"""Settings (being built)."""

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from counterdesk.ui.screen import Screen
from counterdesk.ui.service import DeskService


class SettingsScreen(Screen):
    def __init__(self, service: DeskService, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        QVBoxLayout(self).addWidget(QLabel(self.tr("Settings")))
