"""Sign-in: who is at the desk, checked by the core (lockout and deactivation included)."""

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from counterdesk.domain.roles import Actor
from counterdesk.ui.service import DeskService


class LoginDialog(QDialog):
    def __init__(self, service: DeskService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Sign in to CounterDesk"))
        form = QFormLayout(self)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.buttons = buttons

    def _try(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Checking…"))
        self.service.call(
            lambda desk: desk.sign_in(username, password),
            self._signed_in,
            self._refused,
            label=self.tr("Signing in"),
        )

    def _signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _refused(self, message: str) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.message.setText(message)
