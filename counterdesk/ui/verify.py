"""Verify a copy ("Kiểm tra bản sao"): an e-copy from any commune, or a paper copy's QR code.

An e-copy (opened with Ctrl+O or dropped on the screen) gets the core's full verdict:
valid (green), invalid (red), or indeterminate (amber, never green: who signed, or whether
the certificate was revoked, cannot be confirmed). A paper copy is checked from a scan or
photo of its last page: its QR code against our book and, when the citizen also brought
it, the e-copy file. The checks run on the worker thread; the screen only shows them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counterdesk.ui.screen import Screen
from counterdesk.ui.service import DeskService, Job, Ticket
from counterdesk.ui.widgets import shortcut_button, show_error

if TYPE_CHECKING:
    from counterdesk.desk import Desk

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp"}
VERDICT_STYLES = {  # banner background, text colour
    "valid": ("#2e7d32", "#ffffff"),
    "invalid": ("#c62828", "#ffffff"),
    "indeterminate": ("#ffb300", "#000000"),  # amber: not confirmed, never green
}


# -- jobs for the worker thread -------------------------------------------------------------


@dataclass(frozen=True)
class EcopyCheck:
    path: Path
    report: dict[str, Any]
    local_times: dict[str, datetime]  # each signature's ISO time, in the office's time zone


@dataclass(frozen=True)
class PaperCheck:
    image: Path
    ecopy: Path | None
    report: dict[str, Any]


def check_ecopy(desk: Desk, path: Path) -> EcopyCheck:
    from counterdesk.domain.calendar import OFFICE_TZ

    report = desk.verify_copy_report(path, allow_fetching=True)
    times = {}
    for signature in report["signatures"]:
        when = signature.get("signed_at")
        if when:
            times[when] = datetime.fromisoformat(when).astimezone(OFFICE_TZ)
    return EcopyCheck(path, report, times)


def check_paper_copy(desk: Desk, image: Path, ecopy: Path | None) -> PaperCheck:
    return PaperCheck(image, ecopy, desk.verify_qr(image, ecopy=ecopy))


def _dropped_file(event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> Path | None:
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    files = [url.toLocalFile() for url in urls if url.isLocalFile()]
    return Path(files[0]) if len(files) == 1 else None


# -- the screen -------------------------------------------------------------------------------


class VerifyScreen(Screen):
    def __init__(self, service: DeskService, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.ecopy_check: EcopyCheck | None = None
        self.paper_check: PaperCheck | None = None
        self.image: Path | None = None  # of the paper copy's last page
        self.compare_with: Path | None = None  # the e-copy the citizen brought with it
        self.last_error: str | None = None
        self._ticket: Ticket | None = None
        self.setAcceptDrops(True)

        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self._build_ecopy_box(), 2)
        top.addWidget(self._build_paper_box(), 3)
        outer.addLayout(top)

        self.pages = QStackedWidget()
        self.placeholder = QLabel()
        self.placeholder.setObjectName("verifyPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setFrameShape(QFrame.Shape.StyledPanel)
        self.placeholder.setStyleSheet("color: #444444; padding: 24px")
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(self._build_ecopy_result())
        self.pages.addWidget(self._build_paper_result())
        scroll = QScrollArea()
        scroll.setObjectName("verifyResult")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.pages)
        outer.addWidget(scroll, 1)
        self._show_placeholder(
            self.tr(
                "Copies certified by any commune can be checked here: the signature, who "
                "signed, and whether the file was changed since.\n\nAn electronic copy: open "
                "it (Ctrl+O) or drop its PDF file here. A paper copy: a scan or photo of its "
                "last page, with the QR code (Ctrl+I)."
            )
        )

    # -- building -----------------------------------------------------------------------

    def _build_ecopy_box(self) -> QWidget:
        box = QGroupBox(self.tr("Electronic copy (signed PDF)"))
        column = QVBoxLayout(box)
        self.open_button = shortcut_button(self.tr("Open an electronic copy…"), "Ctrl+O")
        self.open_button.setObjectName("openEcopy")
        self.open_button.setMinimumHeight(36)
        self.open_button.clicked.connect(self.open_ecopy)
        hint = QLabel(self.tr("…or drop its PDF file on this screen."))
        hint.setWordWrap(True)
        column.addWidget(self.open_button)
        column.addWidget(hint)
        column.addStretch(1)
        return box

    def _build_paper_box(self) -> QWidget:
        box = QGroupBox(self.tr("Paper copy (QR code on its last page)"))
        column = QVBoxLayout(box)
        self.choose_image_button = shortcut_button(
            self.tr("Scan or photo of the last page…"), "Ctrl+I"
        )
        self.choose_image_button.setObjectName("choosePaperImage")
        self.choose_image_button.setMinimumHeight(36)
        self.choose_image_button.clicked.connect(self.check_paper_image)
        self.image_label = QLabel()
        self.image_label.setObjectName("paperImage")
        self.image_label.setWordWrap(True)
        self.compare_button = shortcut_button(
            self.tr("Also compare its electronic copy…"), "Ctrl+Shift+O"
        )
        self.compare_button.setObjectName("chooseCompareEcopy")
        self.compare_button.clicked.connect(self.choose_compare_ecopy)
        self.compare_label = QLabel()
        self.compare_label.setObjectName("compareEcopy")
        self.compare_label.setWordWrap(True)
        self.clear_compare_button = QPushButton(self.tr("Do not compare"))
        self.clear_compare_button.setObjectName("clearCompareEcopy")
        self.clear_compare_button.clicked.connect(self.clear_compare_ecopy)
        compared = QHBoxLayout()
        compared.addWidget(self.compare_label, 1)
        compared.addWidget(self.clear_compare_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addWidget(self.choose_image_button)
        column.addWidget(self.image_label)
        column.addWidget(self.compare_button)
        column.addLayout(compared)
        column.addStretch(1)
        self._show_paper_files()
        return box

    def _banner(self, name: str) -> QLabel:
        banner = QLabel()
        banner.setObjectName(name)
        banner.setWordWrap(True)
        banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        banner.setMinimumHeight(56)
        font = QFont(banner.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        banner.setFont(font)
        return banner

    def _value_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _build_ecopy_result(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.banner = self._banner("verdictBanner")
        column.addWidget(self.banner)
        self.file_label = self._value_label("checkedFile")
        column.addWidget(self.file_label)

        reasons_box = QGroupBox(self.tr("Why"))
        self.reasons = self._value_label("verdictReasons")
        QVBoxLayout(reasons_box).addWidget(self.reasons)
        column.addWidget(reasons_box)

        # A grid of labels, not a table view: the names wrap and the rows grow with them.
        signatures_box = QGroupBox(self.tr("Signatures"))
        signatures_box.setObjectName("signatures")
        self.signatures = QGridLayout(signatures_box)
        self.signatures.setHorizontalSpacing(16)
        headings = (
            self.tr("Signer"),
            self.tr("Organisation"),
            self.tr("Signed at"),
            self.tr("Level"),
            self.tr("Trusted"),
            self.tr("Revocation checked"),
            self.tr("Time-stamped"),
        )
        for place, heading in enumerate(headings):
            label = QLabel(heading)
            label.setStyleSheet("font-weight: bold")
            label.setWordWrap(True)
            self.signatures.addWidget(label, 0, place, Qt.AlignmentFlag.AlignTop)
        for stretched in (0, 1):  # the names; the rest are short
            self.signatures.setColumnStretch(stretched, 1)
        self.signature_cells: list[list[QLabel]] = []
        column.addWidget(signatures_box)

        certification_box = QGroupBox(self.tr("Certification"))
        form = QFormLayout(certification_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.book_label = self._value_label("bookLabel")
        self.dossier_code = self._value_label("dossierCode")
        self.office = self._value_label("certifyingOffice")
        self.in_our_book = self._value_label("inOurBook")
        form.addRow(self.tr("Book entry"), self.book_label)
        form.addRow(self.tr("Dossier code"), self.dossier_code)
        form.addRow(self.tr("Office"), self.office)
        form.addRow(self.tr("In our book"), self.in_our_book)
        column.addWidget(certification_box)
        column.addStretch(1)
        return page

    def _build_paper_result(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.paper_banner = self._banner("paperVerdictBanner")
        column.addWidget(self.paper_banner)
        box = QGroupBox(self.tr("What the QR code says"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.paper_office = self._value_label("paperOffice")
        self.paper_label = self._value_label("paperLabel")
        self.paper_sha256 = self._value_label("paperSha256")
        self.paper_in_book = self._value_label("paperInBook")
        self.paper_ecopy_found = self._value_label("paperEcopyFound")
        self.paper_ecopy_matches = self._value_label("paperEcopyMatches")
        form.addRow(self.tr("Office code"), self.paper_office)
        form.addRow(self.tr("Book entry"), self.paper_label)
        form.addRow(self.tr("E-copy fingerprint (SHA-256)"), self.paper_sha256)
        form.addRow(self.tr("In our book"), self.paper_in_book)
        form.addRow(self.tr("E-copy in our records"), self.paper_ecopy_found)
        form.addRow(self.tr("E-copy file brought"), self.paper_ecopy_matches)
        column.addWidget(box)
        column.addStretch(1)
        return page

    # -- arriving -----------------------------------------------------------------------

    def activated(self, **arguments: object) -> None:
        self.open_button.setFocus()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_file(event) is not None:
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if _dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A PDF is checked as an e-copy; a picture as the paper copy's last page."""
        path = _dropped_file(event)
        if path is None:
            return
        event.acceptProposedAction()
        if path.suffix.lower() in IMAGE_SUFFIXES:
            self.image = path
            self._show_paper_files()
            self._check_paper()
        else:
            self.check_ecopy(path)

    # -- the e-copy -----------------------------------------------------------------------

    def choose_ecopy(self, title: str) -> Path | None:
        """Ask for an e-copy PDF (tests override this)."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.HomeLocation)
        name, _ = QFileDialog.getOpenFileName(
            self, title, folder, self.tr("PDF files (*.pdf);;All files (*)")
        )
        return Path(name) if name else None

    def open_ecopy(self) -> None:
        path = self.choose_ecopy(self.tr("Electronic copy to check"))
        if path is not None:
            self.check_ecopy(path)

    def check_ecopy(self, path: Path) -> None:
        self._show_placeholder(self.tr("Checking %1…").replace("%1", path.name))
        self._start(
            lambda desk: check_ecopy(desk, path),
            self._ecopy_checked,
            self.tr("Checking the electronic copy"),
        )

    def _start(self, job: Job, on_done: Callable[[Any], None], label: str) -> None:
        """One check at a time on screen: a newer one replaces the one still running."""
        if self._ticket is not None:
            self._ticket.cancel()
        self._ticket = self.service.call(job, on_done, self._check_failed, label=label)

    def _check_failed(self, message: str) -> None:
        self._ticket = None
        self.last_error = message
        self._show_placeholder(self.tr("Nothing was checked: %1").replace("%1", message))
        show_error(self, self.tr("This copy cannot be checked"), message)

    def _ecopy_checked(self, check: EcopyCheck) -> None:
        self._ticket = None
        self.ecopy_check = check
        report = check.report
        verdict = str(report["verdict"])
        banners = {
            "valid": self.tr("✔ VALID — unchanged since it was signed, by a trusted signer"),
            "invalid": self.tr("✖ NOT VALID — do not accept this copy"),
            "indeterminate": self.tr(
                "⚠ COULD NOT BE CONFIRMED — do not accept it as proof until it can be checked"
            ),
        }
        self._set_banner(self.banner, verdict, banners.get(verdict, verdict))
        self.file_label.setText(self.tr("File: %1").replace("%1", str(check.path)))
        reasons = [self._reason_text(str(r), check.local_times) for r in report["reasons"]]
        self.reasons.setText("\n".join(f"• {reason}" for reason in reasons) or "—")

        self._show_signatures(report["signatures"], check.local_times)
        certification = report["certification"]
        self.book_label.setText(certification.get("label") or "—")
        self.dossier_code.setText(certification.get("dossier_code") or "—")
        self.office.setText(certification.get("office") or "—")
        in_book = report.get("in_our_book")
        if in_book is True:
            self.in_our_book.setText(self.tr("Yes — recorded in our certification book"))
        elif in_book is False:
            self.in_our_book.setText(
                self.tr("No — our book has no such entry, although the code is ours")
            )
        elif certification.get("dossier_code"):
            self.in_our_book.setText(
                self.tr("Another office's copy: only that office's book can confirm the entry")
            )
        else:
            self.in_our_book.setText("—")
        self.in_our_book.setStyleSheet(
            "color: #b71c1c; font-weight: bold" if in_book is False else ""
        )
        self.pages.setCurrentIndex(1)

    def _show_signatures(self, signatures: list[dict], local_times: dict[str, datetime]) -> None:
        for cells in self.signature_cells:
            for label in cells:
                self.signatures.removeWidget(label)
                label.deleteLater()
        self.signature_cells = []
        for row, signature in enumerate(signatures, start=1):
            when = local_times.get(signature.get("signed_at") or "")
            texts = (
                signature.get("signer") or "—",
                signature.get("organisation") or "—",
                f"{when:%d/%m/%Y %H:%M}" if when else "—",
                signature.get("level") or "—",
                self._yes_no(signature.get("trusted")),
                self._yes_no(signature.get("revocation_checked")),
                self._yes_no(signature.get("timestamped")),
            )
            cells = []
            for column, text in enumerate(texts):
                label = self._value_label(f"signature_{row}_{column}")
                label.setText(text)
                self.signatures.addWidget(label, row, column, Qt.AlignmentFlag.AlignTop)
                cells.append(label)
            self.signature_cells.append(cells)

    # -- the paper copy -------------------------------------------------------------------

    def choose_image(self) -> Path | None:
        """Ask for the scan or photo of the paper copy's last page (tests override this)."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Scan or photo of the paper copy's last page"),
            folder,
            self.tr("Images (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.webp);;All files (*)"),
        )
        return Path(name) if name else None

    def check_paper_image(self) -> None:
        path = self.choose_image()
        if path is None:
            return
        self.image = path
        self._show_paper_files()
        self._check_paper()

    def choose_compare_ecopy(self) -> None:
        path = self.choose_ecopy(self.tr("The electronic copy given with the paper copy"))
        if path is None:
            return
        self.compare_with = path
        self._show_paper_files()
        if self.image is not None:
            self._check_paper()

    def clear_compare_ecopy(self) -> None:
        self.compare_with = None
        self._show_paper_files()
        if self.image is not None:
            self._check_paper()

    def _show_paper_files(self) -> None:
        self.image_label.setText(
            self.tr("Image: %1").replace("%1", self.image.name)
            if self.image
            else self.tr("No image chosen yet.")
        )
        self.compare_label.setText(
            self.tr("Compared with the electronic copy %1").replace("%1", self.compare_with.name)
            if self.compare_with
            else self.tr("Optional: the electronic copy the citizen also brought.")
        )
        self.clear_compare_button.setEnabled(self.compare_with is not None)

    def _check_paper(self) -> None:
        image, ecopy = self.image, self.compare_with
        if image is None:
            return
        self._show_placeholder(self.tr("Reading the QR code in %1…").replace("%1", image.name))
        self._start(
            lambda desk: check_paper_copy(desk, image, ecopy),
            self._paper_checked,
            self.tr("Checking the paper copy"),
        )

    def _paper_checked(self, check: PaperCheck) -> None:
        self._ticket = None
        self.paper_check = check
        report = check.report
        verdict = str(report["verdict"])
        ecopy_matches = report.get("ecopy_matches")
        office = str(report.get("office") or "—")
        banners = {
            "matches": self.tr(
                "✔ MATCHES OUR BOOK — certified here, and its electronic copy is on record"
            ),
            "no_match": self.tr(
                "✖ NO MATCH — not in our book, or its electronic copy has another fingerprint"
            ),
            "not_ours": self.tr(
                "⚠ CERTIFIED BY ANOTHER OFFICE (%1) — only that office's book can confirm it"
            ).replace("%1", office),
            "ecopy_differs": self.tr(
                "✖ THE ELECTRONIC COPY DIFFERS — it is not the one this paper copy was "
                "certified with"
            ),
        }
        shown = "ecopy_differs" if ecopy_matches is False else verdict
        colours = {"matches": "valid", "not_ours": "indeterminate"}
        self._set_banner(
            self.paper_banner, colours.get(shown, "invalid"), banners.get(shown, verdict)
        )
        self.paper_office.setText(office)
        self.paper_label.setText(str(report.get("label") or "—"))
        self.paper_sha256.setText(str(report.get("ecopy_sha256") or "—"))
        other_office = self.tr("Another office's copy: ask that office")
        self.paper_in_book.setText(self._yes_no(report.get("in_our_book"), other_office))
        self.paper_ecopy_found.setText(self._yes_no(report.get("ecopy_found"), other_office))
        if check.ecopy is None:
            brought = self.tr("Not given")
        elif ecopy_matches:
            brought = self.tr(
                "%1: the same fingerprint — it is this paper copy's electronic copy"
            ).replace("%1", check.ecopy.name)
        else:
            brought = self.tr(
                "%1: another fingerprint — NOT this paper copy's electronic copy"
            ).replace("%1", check.ecopy.name)
        self.paper_ecopy_matches.setText(brought)
        self.paper_ecopy_matches.setStyleSheet(
            "color: #b71c1c; font-weight: bold" if ecopy_matches is False else ""
        )
        self.pages.setCurrentIndex(2)

    # -- words ----------------------------------------------------------------------------

    def _show_placeholder(self, text: str) -> None:
        self.placeholder.setText(text)
        self.pages.setCurrentIndex(0)

    @staticmethod
    def _set_banner(banner: QLabel, verdict: str, text: str) -> None:
        background, colour = VERDICT_STYLES.get(verdict, VERDICT_STYLES["indeterminate"])
        banner.setText(text)
        banner.setProperty("verdict", verdict)
        banner.setStyleSheet(
            f"background:{background};color:{colour};padding:10px;border-radius:4px"
        )

    def _yes_no(self, value: object, unknown: str = "—") -> str:
        if value is None:
            return unknown
        return self.tr("Yes") if value else self.tr("No")

    def _reason_text(self, reason: str, local_times: dict[str, datetime]) -> str:
        """The core's reason in the clerk's language; as written when not recognised."""
        for pattern, text in self._reasons():
            found = re.fullmatch(pattern, reason)
            if found is None:
                continue
            shown = text
            for number, (group, value) in enumerate(found.groupdict().items(), start=1):
                shown = shown.replace(f"%{number}", self._reason_value(group, value, local_times))
            return shown
        return reason

    def _reason_value(self, group: str, value: str, local_times: dict[str, datetime]) -> str:
        if group == "who" and value == "an unnamed signer":
            return self.tr("an unnamed signer")
        if group == "when":
            local = local_times.get(value)
            return f"{local:%d/%m/%Y %H:%M}" if local else self.tr("an unknown time")
        return value

    def _reasons(self) -> list[tuple[str, str]]:
        """The sentences of counterdesk.signing.trust_report as patterns, each with its
        translation: the groups fill %1, %2… in order; `who` is the signer, `when` the
        time of signing (shown in the office's time)."""
        who = r"(?P<who>.+)"
        return [
            (
                rf"The signature of {who} is damaged and cannot be checked\.",
                self.tr("The signature of %1 is damaged and cannot be checked."),
            ),
            (
                rf"The signature of {who} does not match the file: it was changed after "
                r"signing\.",
                self.tr(
                    "The signature of %1 does not match the file: it was changed after signing."
                ),
            ),
            (
                rf"The file was changed after {who} signed it \(more than validation data "
                r"added\)\.",
                self.tr(
                    "The file was changed after %1 signed it (more than validation data added)."
                ),
            ),
            (
                rf"The time-stamp on the signature of {who} is not from a trusted authority\.",
                self.tr("The time-stamp on the signature of %1 is not from a trusted authority."),
            ),
            (
                rf"Signed by {who} at (?P<when>.+) \(time-stamped\); unchanged since; the "
                r"certificate is trusted and not revoked \(PAdES (?P<level>.+)\)\.",
                self.tr(
                    "Signed by %1 at %2 (time-stamped); unchanged since; the certificate is "
                    "trusted and not revoked (PAdES %3)."
                ),
            ),
            (
                rf"Signed by {who} at (?P<when>.+) \(as claimed by the signer's computer\); "
                r"unchanged since; the certificate is trusted and not revoked "
                r"\(PAdES (?P<level>.+)\)\.",
                self.tr(
                    "Signed by %1 at %2 (as claimed by the signer's computer); unchanged since; "
                    "the certificate is trusted and not revoked (PAdES %3)."
                ),
            ),
            (
                rf"The certificate of {who} was revoked by its CA on (?P<day>[\d/]+)\.",
                self.tr("The certificate of %1 was revoked by its CA on %2."),
            ),
            (
                rf"The certificate of {who} was revoked by its CA\.",
                self.tr("The certificate of %1 was revoked by its CA."),
            ),
            (
                rf"The certificate of {who} is not acceptable \((?P<why>.+)\)\.",
                self.tr("The certificate of %1 is not acceptable (%2)."),
            ),
            (
                rf"The certificate of {who} does not chain to a trusted root certificate; "
                r"who signed cannot be confirmed\.",
                self.tr(
                    "The certificate of %1 does not chain to a trusted root certificate; who "
                    "signed cannot be confirmed."
                ),
            ),
            (
                rf"Whether the certificate of {who} was revoked cannot be confirmed: the file "
                r"holds no revocation data and the CA could not be asked\.",
                self.tr(
                    "Whether the certificate of %1 was revoked cannot be confirmed: the file "
                    "holds no revocation data and the CA could not be asked."
                ),
            ),
            (
                r"A document time-stamp is damaged and cannot be checked\.",
                self.tr("A document time-stamp is damaged and cannot be checked."),
            ),
            (
                r"A document time-stamp does not match the file: it was changed after "
                r"time-stamping\.",
                self.tr(
                    "A document time-stamp does not match the file: it was changed after "
                    "time-stamping."
                ),
            ),
            (
                r"The file was changed after a document time-stamp was added\.",
                self.tr("The file was changed after a document time-stamp was added."),
            ),
            (
                r"A document time-stamp does not come from a trusted time-stamping authority\.",
                self.tr(
                    "A document time-stamp does not come from a trusted time-stamping authority."
                ),
            ),
            (
                r"The file is damaged and cannot be read as a PDF \((?P<why>.*)\)\. It "
                r"carried a signature: it was changed after signing\.",
                self.tr(
                    "The file is damaged and cannot be read as a PDF (%1). It carried a "
                    "signature: it was changed after signing."
                ),
            ),
            (
                r"The file is damaged and cannot be read as a PDF \((?P<why>.*)\)\.",
                self.tr("The file is damaged and cannot be read as a PDF (%1)."),
            ),
            (
                r"The file carries no signature: it is not an electronic copy\.",
                self.tr("The file carries no signature: it is not an electronic copy."),
            ),
        ]
