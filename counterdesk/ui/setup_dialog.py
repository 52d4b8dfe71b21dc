"""First run: the office and its signer, before the desk opens (capture and printer are in
Settings, with sensible defaults)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from counterdesk.ui.service import DeskService

if TYPE_CHECKING:
    from counterdesk.desk import Desk


class SetupDialog(QDialog):
    def __init__(self, service: DeskService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle(self.tr("Set up this office"))
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("This data folder has no office yet. Enter its details.")))
        self.code = QLineEdit()
        self.code.setObjectName("officeCode")
        self.code.setPlaceholderText("H38.12")
        self.name = QLineEdit()
        self.name.setObjectName("officeName")
        self.name.setPlaceholderText("UBND xã Tân Phú")
        self.commune = QLineEdit()
        self.province = QLineEdit()
        form.addRow(self.tr("Agency code"), self.code)
        form.addRow(self.tr("Office name"), self.name)
        form.addRow(self.tr("Commune"), self.commune)
        form.addRow(self.tr("Province"), self.province)
        self.p12 = QLineEdit()
        self.p12.setObjectName("p12Path")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.p12, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Signer's certificate (.p12)"), row)
        self.p12_password = QLineEdit()
        self.p12_password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Certificate password"), self.p12_password)
        self.signer_name = QLineEdit()
        self.signer_name.setObjectName("signerName")
        form.addRow(self.tr("Signer's name (TEST signer)"), self.signer_name)
        self.test_signer = QCheckBox(self.tr("No certificate yet: make a TEST signer for training"))
        self.test_signer.setObjectName("testSigner")
        form.addRow(self.test_signer)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("setupMessage")
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Set up"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Signer's certificate"), "", "PKCS#12 (*.p12 *.pfx)"
        )
        if path:
            self.p12.setText(path)

    def _save(self) -> None:
        code, name = self.code.text().strip(), self.name.text().strip()
        commune, province = (
            self.commune.text().strip() or None,
            self.province.text().strip() or None,
        )
        p12, password = self.p12.text().strip(), self.p12_password.text()
        test, signer = self.test_signer.isChecked(), self.signer_name.text().strip()

        def set_up(desk: Desk) -> None:
            desk.init_office(code, name, commune, province)
            if p12:
                desk.import_pkcs12(Path(p12), password)
            elif test and signer:
                desk.create_test_identity(signer, "Phó Chủ tịch")

        self.buttons.setEnabled(False)
        self.service.call(set_up, lambda _: self.accept(), self._refused, self.tr("Setting up"))

    def _refused(self, message: str) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(message)
