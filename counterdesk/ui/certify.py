"""Certify copies: the citizen, the original, copies and fee; then print, save, hand over.

Everything that reads a file, counts pages, quotes the fee or certifies runs on the desk's
worker thread; the screen only shows what comes back. Once certified, the request is
locked (a second Ctrl+Return must not take a second book number) until "Next citizen".
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.fees import MAX_COPIES, PAYMENT_CHANNELS, CopyMode
from counterdesk.domain.vietnamese import format_vnd, vnd_in_words
from counterdesk.ui.printing import PrintJob, PrintPreview, print_preview
from counterdesk.ui.screen import Screen
from counterdesk.ui.service import DeskService
from counterdesk.ui.widgets import shortcut_button, show_error

if TYPE_CHECKING:
    from counterdesk.desk import CertifyResult, Desk
    from counterdesk.domain.fees import FeeQuote

# What the citizen's phone shows on scanning the code: the e-copy's identity, to compare
# with the file they were given (any SHA-256 tool), in the words of the documents.
QR_TEMPLATE = "BẢN SAO ĐIỆN TỬ CHỨNG THỰC\nMã hồ sơ: {code}\n{label}\nSHA-256: {sha256}"


# -- jobs for the worker thread -------------------------------------------------------------


def count_pages(desk: Desk, files: tuple[Path, ...], document_id: int | None) -> int:
    """Pages of the original: a digitized document's, or the scanned files' (checked)."""
    from counterdesk.documents.originals import read_originals
    from counterdesk.documents.pdf_images import pdf_page_count

    if document_id is not None:
        return pdf_page_count(desk.digitized_pdf(document_id).read_bytes())
    originals = read_originals(list(files))
    try:
        return sum(original.pages for original in originals)
    finally:
        for original in originals:
            original.document.close()


def quote_for(desk: Desk, pages: int, copies: int, mode: CopyMode) -> FeeQuote:
    """The fee certify_copies will charge: the tariff of the office's day, in this mode.

    Desk.quote_fee knows paper or electronic-only; with paper and e-copy together the
    tariff may add a line for the e-copy, so the mode is applied here as certify does.
    """
    from counterdesk.domain.calendar import OFFICE_TZ
    from counterdesk.domain.fees import quote_fee

    day = desk.clock().astimezone(OFFICE_TZ).date()
    copies = 1 if mode is CopyMode.ELECTRONIC_ONLY else copies
    return quote_fee(pages, copies, mode, desk.tariff_on(day))


def certify_copies(desk: Desk, asked: dict[str, object]) -> CertifyResult:
    from counterdesk.desk import CertifyRequest

    return desk.certify_copies(CertifyRequest(**asked))


@dataclass(frozen=True)
class Saved:
    path: Path
    error: str | None  # the system's reason when the file could not be written


def save_copy(source: Path, target: Path) -> Saved:
    """Copy `source` to `target` (a USB stick): written beside it, flushed, read back and
    compared, then renamed, so a stick pulled out early leaves no half file by that name."""
    partial = target.with_name(target.name + ".part")
    try:
        data = source.read_bytes()
        with partial.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if partial.read_bytes() != data:
            partial.unlink()
            return Saved(target, "the copy read back differs from the e-copy")
        partial.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        return Saved(target, exc.strerror or str(exc))
    return Saved(target, None)


@dataclass(frozen=True)
class EcopyCode:
    text: str
    png: bytes
    sha256: str


def ecopy_code(path: Path, code: str, label: str) -> EcopyCode:
    from counterdesk.capture.qr import qr_png

    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    text = QR_TEMPLATE.format(code=code, label=label, sha256=sha256)
    return EcopyCode(text, qr_png(text, module_px=5), sha256)


def _file_name(text: str) -> str:
    """`text` usable as a file name on a USB stick (FAT, Windows)."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", text).strip(" .") or "ban-sao"


# -- the screen -------------------------------------------------------------------------------


class CertifyScreen(Screen):
    def __init__(self, service: DeskService, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.files: list[Path] = []
        self.document_id: int | None = None
        self.pages = 0  # of the original; 0 while unknown
        self.quote: FeeQuote | None = None
        self.last_result: CertifyResult | None = None
        self.last_error: str | None = None
        self.preview: PrintPreview | None = None
        self.print_jobs: list[PrintJob] = []
        self.qr_dialog: QDialog | None = None
        self.qr: EcopyCode | None = None
        self.saved_to: Path | None = None
        self.returned = False
        self.busy = False
        self._fee_generation = 0
        self._pages_generation = 0

        outer = QHBoxLayout(self)
        outer.addWidget(self._build_request(), 3)
        outer.addWidget(self._build_result(), 2)
        self._mode_changed()
        self._show_original()
        self._show_result(None)

    # -- building -----------------------------------------------------------------------

    def _build_request(self) -> QWidget:
        box = QGroupBox(self.tr("Certify copies from the original"))
        box.setObjectName("certifyRequest")
        column = QVBoxLayout(box)
        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.citizen_name = QLineEdit()
        self.citizen_name.setObjectName("citizenName")
        self.citizen_name.setMaxLength(100)
        self.citizen_name.setPlaceholderText(self.tr("Full name, as on the ID card"))
        self.citizen_id = QLineEdit()
        self.citizen_id.setObjectName("citizenId")
        self.citizen_id.setMaxLength(20)
        self.citizen_id.setPlaceholderText(self.tr("12-digit citizen ID or passport number"))
        self.document_title = QLineEdit()
        self.document_title.setObjectName("documentTitle")
        self.document_title.setMaxLength(200)
        self.document_title.setPlaceholderText(self.tr("e.g. Birth certificate"))
        form.addRow(self.tr("Citizen's name"), self.citizen_name)
        form.addRow(self.tr("ID number"), self.citizen_id)
        form.addRow(self.tr("Document"), self.document_title)

        self.original_label = QLabel()
        self.original_label.setObjectName("original")
        self.original_label.setWordWrap(True)
        self.add_pages_button = shortcut_button(self.tr("Add scanned pages…"), "Ctrl+O")
        self.add_pages_button.setObjectName("addPages")
        self.add_pages_button.clicked.connect(self.add_pages)
        self.clear_pages_button = QPushButton(self.tr("Remove the pages"))
        self.clear_pages_button.setObjectName("clearPages")
        self.clear_pages_button.clicked.connect(self.clear_original)
        original_buttons = QHBoxLayout()
        original_buttons.addWidget(self.add_pages_button)
        original_buttons.addWidget(self.clear_pages_button)
        original_buttons.addStretch(1)
        original = QVBoxLayout()
        original.addWidget(self.original_label)
        original.addLayout(original_buttons)
        form.addRow(self.tr("Original"), original)

        self.copies = QSpinBox()
        self.copies.setObjectName("copies")
        self.copies.setRange(1, MAX_COPIES)
        self.copies.setAccelerated(True)
        self.copies.valueChanged.connect(self._update_fee)
        self.paper = QCheckBox(self.tr("Paper copies"))
        self.paper.setObjectName("paper")
        self.paper.setChecked(True)
        self.electronic = QCheckBox(self.tr("Electronic copy (signed PDF)"))
        self.electronic.setObjectName("electronic")
        self.electronic.setChecked(True)
        self.paper.toggled.connect(self._mode_changed)
        self.electronic.toggled.connect(self._mode_changed)
        copies_row = QHBoxLayout()
        copies_row.addWidget(self.copies)
        copies_row.addWidget(self.paper)
        copies_row.addStretch(1)
        form.addRow(self.tr("Copies"), copies_row)
        form.addRow("", self.electronic)
        self.mode_hint = QLabel()
        self.mode_hint.setObjectName("modeHint")
        self.mode_hint.setWordWrap(True)
        form.addRow("", self.mode_hint)

        self.payment = QComboBox()
        self.payment.setObjectName("payment")
        payment_names = {
            "cash": self.tr("Cash"),
            "bank_transfer": self.tr("Bank transfer"),
            "online_portal": self.tr("Online public service portal"),
        }
        for channel in PAYMENT_CHANNELS:
            self.payment.addItem(payment_names.get(channel, channel), channel)
        form.addRow(self.tr("Payment"), self.payment)
        column.addWidget(self.form)

        fee_box = QGroupBox(self.tr("Fee"))
        fee_layout = QVBoxLayout(fee_box)
        self.fee_label = QLabel()
        self.fee_label.setObjectName("fee")
        self.fee_label.setStyleSheet("font-size: 20pt; font-weight: bold")
        self.fee_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fee_words = QLabel()
        self.fee_words.setObjectName("feeWords")
        self.fee_words.setWordWrap(True)
        self.fee_detail = QLabel()
        self.fee_detail.setObjectName("feeDetail")
        self.fee_detail.setWordWrap(True)
        self.fee_detail.setStyleSheet("color: palette(dark)")
        for label in (self.fee_label, self.fee_words, self.fee_detail):
            fee_layout.addWidget(label)
        column.addWidget(fee_box)

        self.certify_button = shortcut_button(self.tr("Certify"), "Ctrl+Return")
        self.certify_button.setObjectName("certify")
        self.certify_button.setMinimumHeight(44)
        self.certify_button.setStyleSheet("font-weight: bold")
        self.certify_button.clicked.connect(self.certify)
        QShortcut(QKeySequence("Ctrl+Enter"), self.certify_button, self.certify_button.click)
        self.status = QLabel()
        self.status.setObjectName("certifyStatus")
        self.status.setWordWrap(True)
        column.addWidget(self.certify_button)
        column.addWidget(self.status)
        column.addStretch(1)

        chain = [
            self.citizen_name,
            self.citizen_id,
            self.document_title,
            self.add_pages_button,
            self.clear_pages_button,
            self.copies,
            self.paper,
            self.electronic,
            self.payment,
            self.certify_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        return box

    def _build_result(self) -> QWidget:
        box = QGroupBox(self.tr("Result"))
        box.setObjectName("certifyResult")
        column = QVBoxLayout(box)
        details = QFormLayout()
        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        self.result_code = QLabel()
        self.result_code.setObjectName("resultCode")
        self.result_copies = QLabel()
        self.result_fee = QLabel()
        self.result_fee.setObjectName("resultFee")
        self.result_receipt = QLabel()
        self.result_receipt.setObjectName("resultReceipt")
        for label in (
            self.result_label,
            self.result_code,
            self.result_copies,
            self.result_fee,
            self.result_receipt,
        ):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.setStyleSheet("font-weight: bold")
        details.addRow(self.tr("Book entry"), self.result_label)
        details.addRow(self.tr("Dossier code"), self.result_code)
        details.addRow(self.tr("Copies made"), self.result_copies)
        details.addRow(self.tr("Fee"), self.result_fee)
        details.addRow(self.tr("Receipt no."), self.result_receipt)
        column.addLayout(details)

        self.print_copy_button = shortcut_button(self.tr("Print paper copy"), "Ctrl+P")
        self.print_copy_button.setObjectName("printCopy")
        self.print_copy_button.clicked.connect(self.print_copy)
        self.print_receipt_button = shortcut_button(self.tr("Print receipt"), "Ctrl+Shift+P")
        self.print_receipt_button.setObjectName("printReceipt")
        self.print_receipt_button.clicked.connect(self.print_receipt)
        self.save_button = shortcut_button(self.tr("Save e-copy to USB…"), "Ctrl+E")
        self.save_button.setObjectName("saveEcopy")
        self.save_button.clicked.connect(self.save_ecopy)
        self.qr_button = shortcut_button(self.tr("Show QR"), "Ctrl+Shift+Q")
        self.qr_button.setObjectName("showQr")
        self.qr_button.clicked.connect(self.show_qr)
        self.returned_button = shortcut_button(self.tr("Mark returned electronically"), "Ctrl+D")
        self.returned_button.setObjectName("markReturned")
        self.returned_button.clicked.connect(self.mark_returned)
        self.next_button = shortcut_button(self.tr("Next citizen"), "Ctrl+N")
        self.next_button.setObjectName("nextCitizen")
        self.next_button.clicked.connect(self.next_citizen)
        buttons = QVBoxLayout()
        self.result_buttons = [
            self.print_copy_button,
            self.print_receipt_button,
            self.save_button,
            self.qr_button,
            self.returned_button,
            self.next_button,
        ]
        for button in self.result_buttons:
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        column.addLayout(buttons)
        self.result_status = QLabel()
        self.result_status.setObjectName("resultStatus")
        self.result_status.setWordWrap(True)
        column.addWidget(self.result_status)
        column.addStretch(1)
        for first, second in pairwise(self.result_buttons):
            QWidget.setTabOrder(first, second)
        return box

    # -- arriving -----------------------------------------------------------------------

    def activated(self, **arguments: object) -> None:
        """From intake: `document_id` (a digitized original), `citizen_name`, `citizen_id`,
        `document_title`. Without arguments (F4) the screen is shown as it was left."""
        if arguments.get("document_id") is not None and not self.busy:
            self.next_citizen()
            self.citizen_name.setText(str(arguments.get("citizen_name") or ""))
            self.citizen_id.setText(str(arguments.get("citizen_id") or ""))
            self.document_title.setText(str(arguments.get("document_title") or ""))
            self.set_document(int(arguments["document_id"]))
        self._focus_first()

    def _focus_first(self) -> None:
        if self.last_result is not None:
            self.next_button.setFocus()
            return
        for field in (self.citizen_name, self.citizen_id, self.document_title):
            if not field.text().strip():
                field.setFocus()
                return
        self.copies.setFocus()

    # -- the original -------------------------------------------------------------------

    def choose_files(self) -> list[Path]:
        """Ask for the scanned pages (tests override this)."""
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Scanned pages of the original"),
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation),
            self.tr("Scans (*.jpg *.jpeg *.png *.tif *.tiff *.pdf);;All files (*)"),
        )
        return [Path(name) for name in names]

    def add_pages(self) -> None:
        chosen = self.choose_files()
        if not chosen:
            return
        before = list(self.files)
        self.document_id = None
        self.files = [*before, *chosen]
        self._count_pages(before)

    def set_document(self, document_id: int) -> None:
        """Use a document digitized at intake as the original."""
        self.document_id = document_id
        self.files = []
        self._count_pages()

    def clear_original(self) -> None:
        self.document_id = None
        self.files = []
        self._pages_generation += 1
        self.pages = 0
        self._show_original()
        self._update_fee()

    def _count_pages(self, before: list[Path] | None = None) -> None:
        """Count (and check) the original's pages; `before`: the pages to fall back on
        when the ones just added cannot be used."""
        self._pages_generation += 1
        generation = self._pages_generation
        files, document_id = tuple(self.files), self.document_id
        self.pages = 0
        self._show_original(counting=True)
        self._update_fee()
        self.service.call(
            lambda desk: count_pages(desk, files, document_id),
            lambda pages: self._pages_counted(generation, pages),
            lambda message: self._pages_refused(generation, message, before),
            label=self.tr("Reading the original"),
        )

    def _pages_counted(self, generation: int, pages: int) -> None:
        if generation != self._pages_generation:
            return
        self.pages = pages
        self._show_original()
        self._update_fee()

    def _pages_refused(self, generation: int, message: str, before: list[Path] | None) -> None:
        if generation != self._pages_generation:
            return
        if before:
            self.files = before
            self._count_pages()
        else:
            self.clear_original()
        self.last_error = message
        show_error(self, self.tr("This original cannot be used"), message)

    def _show_original(self, counting: bool = False) -> None:
        if self.document_id is not None:
            if counting:
                text = self.tr("Digitized document no. %1 (reading…)")
            else:
                text = self.tr("Digitized document no. %1: %n page(s)", "", self.pages)
            text = text.replace("%1", str(self.document_id))
        elif self.files:
            names = ", ".join(path.name for path in self.files[:3])
            if len(self.files) > 3:
                names += ", …"
            if counting:
                text = self.tr("%n file(s), reading…", "", len(self.files))
            else:
                text = self.tr("%n page(s) scanned", "", self.pages)
            text = f"{text}: {names}"
        else:
            text = self.tr("No original yet: add its scanned pages (Ctrl+O).")
        self.original_label.setText(text)
        self.clear_pages_button.setEnabled(bool(self.files or self.document_id is not None))

    # -- mode and fee -------------------------------------------------------------------

    @property
    def mode(self) -> CopyMode:
        if not self.paper.isChecked():
            return CopyMode.ELECTRONIC_ONLY
        if self.electronic.isChecked():
            return CopyMode.PAPER_AND_ELECTRONIC
        return CopyMode.PAPER

    def _mode_changed(self) -> None:
        self._sync_mode_boxes()
        hints = {
            CopyMode.PAPER_AND_ELECTRONIC: self.tr(
                "Paper copies and one signed electronic copy, under one book number."
            ),
            CopyMode.PAPER: self.tr("Paper copies only; no electronic copy."),
            CopyMode.ELECTRONIC_ONLY: self.tr(
                "Electronic copy only: one signed PDF, charged as one copy."
            ),
        }
        self.mode_hint.setText(hints[self.mode])
        self._update_fee()

    def _sync_mode_boxes(self) -> None:
        # One of the two is always on: the one left checked cannot be unchecked.
        editable = self._editable
        self.electronic.setEnabled(self.paper.isChecked() and editable)
        self.paper.setEnabled(self.electronic.isChecked() and editable)
        self.copies.setEnabled(self.paper.isChecked() and editable)

    @property
    def _editable(self) -> bool:
        return not self.busy and self.last_result is None

    def _update_fee(self) -> None:
        self._fee_generation += 1
        if self.pages < 1:
            self.quote = None
            self.fee_label.setText("—")
            self.fee_words.setText(self.tr("The fee shows once the original's pages are known."))
            self.fee_detail.clear()
            return
        generation = self._fee_generation
        pages, copies, mode = self.pages, self.copies.value(), self.mode
        self.service.call(
            lambda desk: quote_for(desk, pages, copies, mode),
            lambda quote: self._show_fee(generation, quote),
            label=self.tr("Working out the fee"),
        )

    def _show_fee(self, generation: int, quote: FeeQuote) -> None:
        if generation != self._fee_generation:
            return
        self.quote = quote
        self.fee_label.setText(format_vnd(quote.amount_vnd))
        self.fee_words.setText(vnd_in_words(quote.amount_vnd))
        self.fee_detail.setText(
            "\n".join(
                f"{line.description}: {line.quantity} × {format_vnd(line.unit_vnd)}"
                f" = {format_vnd(line.amount_vnd)}"
                for line in quote.lines
            )
        )

    # -- certifying ---------------------------------------------------------------------

    def certify(self) -> None:
        if not self._editable:
            return
        missing = [
            (self.citizen_name, self.tr("Type the citizen's full name.")),
            (self.citizen_id, self.tr("Type the citizen's ID number.")),
            (self.document_title, self.tr("Type what the document is, e.g. Birth certificate.")),
        ]
        for field, message in missing:
            if not field.text().strip():
                field.setFocus()
                self._refuse(message)
                return
        if not self.files and self.document_id is None:
            self.add_pages_button.setFocus()
            self._refuse(self.tr("Add the scanned pages of the original first (Ctrl+O)."))
            return
        mode = self.mode
        asked = {
            "files": list(self.files),
            "citizen_name": self.citizen_name.text(),
            "citizen_id": self.citizen_id.text(),
            "document_title": self.document_title.text(),
            "copies": 1 if mode is CopyMode.ELECTRONIC_ONLY else self.copies.value(),
            "mode": mode,
            "document_id": self.document_id,
            "payment_channel": self.payment.currentData(),
        }
        self._set_busy(True)
        self.status.setText(self.tr("Certifying: numbering, making and signing the copies…"))
        self.service.call(
            lambda desk: certify_copies(desk, asked),
            self._certified,
            self._certify_failed,
            label=self.tr("Certifying copies"),
        )

    def _refuse(self, message: str) -> None:
        self.last_error = message
        show_error(self, self.tr("Not ready to certify"), message)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._lock_request()

    def _lock_request(self) -> None:
        editable = self._editable
        for field in (self.citizen_name, self.citizen_id, self.document_title):
            field.setReadOnly(not editable)  # still legible: what was certified
        self.add_pages_button.setEnabled(editable)
        self.payment.setEnabled(editable)
        self.clear_pages_button.setEnabled(
            editable and bool(self.files or self.document_id is not None)
        )
        self.certify_button.setEnabled(editable)
        self._sync_mode_boxes()

    def _certified(self, result: CertifyResult) -> None:
        self.last_result = result
        self._set_busy(False)
        self.status.setText(self.tr("Certified. Press Ctrl+N for the next citizen."))
        self._show_result(result)
        self.changed.emit()
        (self.print_copy_button if result.paper_pdf else self.save_button).setFocus()

    def _certify_failed(self, message: str) -> None:
        self._set_busy(False)
        self.status.clear()
        self.last_error = message
        show_error(self, self.tr("Nothing was certified"), message)
        self.certify_button.setFocus()

    def next_citizen(self) -> None:
        """Clear the request and the result for the next citizen."""
        if self.busy:
            return
        self.last_result = None
        self.returned = False
        self.saved_to = None
        self.qr = None
        for field in (self.citizen_name, self.citizen_id, self.document_title):
            field.clear()
        self.copies.setValue(1)
        self.paper.setChecked(True)
        self.electronic.setChecked(True)
        self.payment.setCurrentIndex(0)
        self.status.clear()
        self.clear_original()
        self._show_result(None)
        self._lock_request()
        self.citizen_name.setFocus()

    # -- the result ---------------------------------------------------------------------

    def _show_result(self, result: CertifyResult | None) -> None:
        self.result_status.clear()
        if result is None:
            self.result_label.setText(self.tr("Nothing certified yet."))
            for label in (
                self.result_code,
                self.result_copies,
                self.result_fee,
                self.result_receipt,
            ):
                label.setText("—")
            for button in self.result_buttons:
                button.setEnabled(False)
            return
        self.result_label.setText(result.label)
        self.result_code.setText(result.dossier_code)
        kinds = []
        if result.paper_pdf is not None:
            kinds.append(self.tr("%n paper copy(ies)", "", result.copies))
        if result.electronic_pdf is not None:
            kinds.append(self.tr("electronic copy"))
        pages = self.tr("%n page(s) each", "", result.pages)
        self.result_copies.setText(f"{', '.join(kinds)}; {pages}")
        self.result_fee.setText(f"{format_vnd(result.fee_vnd)} ({vnd_in_words(result.fee_vnd)})")
        self.result_receipt.setText(result.receipt_no)
        self.print_copy_button.setEnabled(result.paper_pdf is not None)
        self.print_receipt_button.setEnabled(True)
        self.save_button.setEnabled(result.electronic_pdf is not None)
        self.qr_button.setEnabled(result.electronic_pdf is not None)
        self.returned_button.setEnabled(result.electronic_pdf is not None and not self.returned)
        self.next_button.setEnabled(True)

    def print_copy(self) -> None:
        result = self.last_result
        if result is None or result.paper_pdf is None:
            return
        title = self.tr("paper copy %1").replace("%1", result.label)
        self._preview(result.paper_pdf, result.copies, title, self.print_copy_button)

    def print_receipt(self) -> None:
        result = self.last_result
        if result is None:
            return
        title = self.tr("receipt %1").replace("%1", result.receipt_no)
        self._preview(result.receipt_pdf, 1, title, self.print_receipt_button)

    def _preview(self, path: Path, copies: int, title: str, button: QWidget) -> None:
        preview = print_preview(self.service, self, path, copies, title)
        preview.failed.connect(
            lambda message: show_error(self, self.tr("This cannot be printed"), message)
        )
        preview.printing.connect(self._watch_print)
        preview.ready.connect(
            lambda: preview.dialog.finished.connect(lambda _code: self._focus_back(button))
        )
        self.preview = preview

    def _focus_back(self, widget: QWidget) -> None:
        """Back from a dialog: the window and the button that opened it have the keys."""
        self.window().activateWindow()
        widget.setFocus()

    def _watch_print(self, job: PrintJob) -> None:
        self.print_jobs.append(job)
        self.result_status.setText(self.tr("Printing…"))
        job.finished.connect(
            lambda pages: self.result_status.setText(
                self.tr("Printed: %n page(s) sent.", "", pages)
            )
        )
        job.failed.connect(self._print_failed)

    def _print_failed(self, message: str) -> None:
        if not message:  # cancelled
            self.result_status.setText(self.tr("Printing cancelled."))
            return
        self.result_status.setText(self.tr("Printing failed."))
        show_error(self, self.tr("Printing failed"), message)

    def choose_save_path(self, suggested: str) -> Path | None:
        """Ask where to save the e-copy (tests override this)."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.HomeLocation)
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the electronic copy"),
            str(Path(folder) / suggested),
            self.tr("PDF files (*.pdf)"),
        )
        return Path(name) if name else None

    def save_ecopy(self) -> None:
        result = self.last_result
        if result is None or result.electronic_pdf is None:
            return
        suggested = _file_name(f"{self.document_title.text()} - {result.dossier_code}") + ".pdf"
        target = self.choose_save_path(suggested)
        if target is None:
            return
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        source = result.electronic_pdf
        self.result_status.setText(self.tr("Saving the electronic copy…"))
        self.service.call(
            lambda _desk: save_copy(source, target),
            self._saved,
            label=self.tr("Saving the electronic copy"),
        )

    def _saved(self, saved: Saved) -> None:
        if saved.error is not None:
            message = self.tr("The electronic copy could not be saved to %1 (%2).")
            message = message.replace("%1", str(saved.path)).replace("%2", saved.error)
            self.result_status.setText(self.tr("Not saved."))
            self.last_error = message
            show_error(self, self.tr("Not saved"), message)
            return
        self.saved_to = saved.path
        self.result_status.setText(
            self.tr("Electronic copy saved and checked: %1").replace("%1", str(saved.path))
        )

    def show_qr(self) -> None:
        result = self.last_result
        if result is None or result.electronic_pdf is None:
            return
        path, code, label = result.electronic_pdf, result.dossier_code, result.label
        self.service.call(
            lambda _desk: ecopy_code(path, code, label),
            self._show_qr,
            label=self.tr("Making the QR code"),
        )

    def _show_qr(self, made: EcopyCode) -> None:
        self.qr = made
        if self.qr_dialog is not None:
            self.qr_dialog.close()
        dialog = QDialog(self)
        dialog.setObjectName("qrDialog")
        dialog.setWindowTitle(self.tr("QR code of the electronic copy"))
        layout = QVBoxLayout(dialog)
        explain = QLabel(
            self.tr(
                "The citizen scans this code to keep the dossier code, the book entry and "
                "the fingerprint (SHA-256) of the electronic copy they were given."
            )
        )
        explain.setWordWrap(True)
        picture = QLabel()
        picture.setObjectName("qrPicture")
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = QPixmap()
        pixmap.loadFromData(made.png, "PNG")
        picture.setPixmap(pixmap)
        # The hash has no place to wrap: shown in two halves (the code holds it whole).
        half = len(made.sha256) // 2
        shown = made.text.replace(made.sha256, f"{made.sha256[:half]}\n{made.sha256[half:]}")
        text = QLabel(shown)
        text.setObjectName("qrText")
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        dialog.finished.connect(lambda _code: self._focus_back(self.qr_button))
        for widget in (explain, picture, text, buttons):
            layout.addWidget(widget)
        self.qr_dialog = dialog
        dialog.open()

    def mark_returned(self) -> None:
        result = self.last_result
        if result is None or result.electronic_pdf is None or self.returned:
            return
        code = result.dossier_code
        self.returned_button.setEnabled(False)
        self.service.call(
            lambda desk: desk.move_dossier(code, "return", None, "electronic"),
            lambda _moved: self._returned(code),
            self._return_failed,
            label=self.tr("Recording the return"),
        )

    def _returned(self, code: str) -> None:
        self.returned = True
        self.result_status.setText(
            self.tr("Dossier %1 is recorded as returned electronically.").replace("%1", code)
        )
        self.changed.emit()

    def _return_failed(self, message: str) -> None:
        self.returned_button.setEnabled(not self.returned and self.last_result is not None)
        self.last_error = message
        show_error(self, self.tr("The return was not recorded"), message)
