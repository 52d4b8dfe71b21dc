"""The USB token's PIN: asked when a job stopped because the signer's token is locked.

Whatever the job (certify, export the audit trail…), the service holds it and the window
opens this dialog; the PIN unlocks the token on the worker thread and the held jobs run
again. The PIN goes from the field straight into the unlock job: it is not logged, not
saved in the settings, and no attribute keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counterdesk.errors import IdentityError, PinNeededError
from counterdesk.ui.service import DeskService

if TYPE_CHECKING:
    from counterdesk.desk import Desk


@dataclass(frozen=True)
class Unlocking:
    """How an unlock went: `ask_again` when only the PIN was wrong."""

    unlocked: bool
    message: str = ""
    ask_again: bool = False


def unlock_token(desk: Desk, token_label: str, pin: str) -> Unlocking:
    try:
        desk.unlock_token(token_label, pin)
    except PinNeededError as exc:  # a wrong PIN: the message says how many tries are left
        return Unlocking(False, exc.message, ask_again=True)
    except IdentityError as exc:  # locked after too many wrong PINs, unplugged…: stop asking
        return Unlocking(False, exc.message)
    return Unlocking(True)


class TokenPinDialog(QDialog):
    def __init__(
        self, service: DeskService, token_label: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.token_label = token_label
        self.setObjectName("tokenPinDialog")
        self.setWindowTitle(self.tr("PIN of the USB token"))
        self.setModal(True)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        prompt = QLabel(self.tr("Enter the PIN of the USB token “%1”").replace("%1", token_label))
        prompt.setObjectName("tokenPrompt")
        prompt.setWordWrap(True)
        prompt.setStyleSheet("font-weight: bold")
        hint = QLabel(
            self.tr(
                "The signer's key is on this token. The PIN unlocks it until the desk "
                "closes; what was asked then continues by itself."
            )
        )
        hint.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setObjectName("tokenPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(64)
        self.pin.setMinimumHeight(32)
        # No completion, no prediction, no Vietnamese typing method rewriting the letters.
        self.pin.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhNoAutoUppercase
        )
        self.message = QLabel()
        self.message.setObjectName("tokenMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Unlock"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._try)
        self.buttons.rejected.connect(self.reject)
        for widget in (prompt, hint, self.pin, self.message, self.buttons):
            layout.addWidget(widget)
        self.checking = False
        self.pin.setFocus()

    def _try(self) -> None:
        if self.checking:
            return
        pin = self.pin.text()
        self.pin.clear()
        if not pin:
            self.message.setText(self.tr("Type the PIN first."))
            self.pin.setFocus()
            return
        self._set_checking(True)
        self.message.setText(self.tr("Checking the PIN…"))
        label = self.token_label
        self.service.call(
            lambda desk: unlock_token(desk, label, pin),
            self._answered,
            self._failed,
            label=self.tr("Unlocking the USB token"),
        )

    def _set_checking(self, checking: bool) -> None:
        self.checking = checking
        self.pin.setEnabled(not checking)
        self.buttons.setEnabled(not checking)

    def _answered(self, unlocking: Unlocking) -> None:
        self._set_checking(False)
        if unlocking.unlocked:
            self.done(QDialog.DialogCode.Accepted)
            self.service.unlocked(self.token_label)
        elif unlocking.ask_again:
            self.message.setText(unlocking.message)
            self.pin.setFocus()
        else:
            self._stop(unlocking.message)

    def _failed(self, message: str) -> None:
        self._set_checking(False)
        self._stop(message)

    def _stop(self, message: str) -> None:
        """The token cannot be opened now: the waiting jobs fail with the core's reason."""
        self.done(QDialog.DialogCode.Rejected)
        self.service.give_up(self.token_label, message)

    def reject(self) -> None:
        if self.checking:  # the answer is on its way; Escape must not lose it
            return
        super().reject()
        self.service.give_up(
            self.token_label,
            self.tr("The USB token “%1” stays locked: its PIN was not entered.").replace(
                "%1", self.token_label
            ),
        )
