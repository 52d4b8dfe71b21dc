"""Settings: the office, its hours, bank account and retention, and its hub; signing
(the signer's and the office's certificates, the time-stamping service, revocation
checks, e-copies waiting for long-term validation); the accounts; the capture source and
printer of this desk; the language; the demo office.

What the office records (office, hours, bank, retention, identities, signing settings,
accounts) goes through the core in the worker thread, which checks the role (admin) and
writes the audit trail; a refusal is shown as the core words it. What belongs to this desk
only (capture source, printer, language) is kept in the data folder's window.ini, next to
the window's geometry.

The Hub group shows the hub this desk is enrolled with, or the form that enrols it with a
one-time code (an admin's act); its "Sync now" is the window's (counterdesk.ui.hub_sync):
one run at a time, whoever asks.
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from counterdesk.demo import DEMO_OFFICE
from counterdesk.domain.roles import Actor, Role
from counterdesk.errors import SetupError
from counterdesk.ui.hub_sync import HubSync, SyncOutcome, SyncState, data_size
from counterdesk.ui.i18n import DEFAULT_LANGUAGE, LANGUAGES
from counterdesk.ui.login import LoginDialog
from counterdesk.ui.screen import Screen
from counterdesk.ui.service import DeskService, Job
from counterdesk.ui.widgets import show_error

if TYPE_CHECKING:
    from counterdesk.accounts import Account
    from counterdesk.capture.sources.base import SourceInfo
    from counterdesk.desk import Desk
    from counterdesk.domain.records import Office
    from counterdesk.signatures import SigningSettings, UpgradeReport

# Keys of this desk's own choices in <home>/window.ini.
LANGUAGE_KEY = "language"
SOURCE_KEY = "capture/source"  # a SourceInfo id: "files", "sane:…", "escl:…", "camera:0"…
PRINTER_KEY = "printing/printer"  # a printer name, or PDF_FILE
PDF_FILE = "pdf-file"  # no printer: save a PDF file and print it elsewhere
FILES_SOURCE = "files"  # no scanner: the clerk picks image or PDF files
# A demo reset keeps this desk's choices and its logs; everything else is the demo office.
DEMO_KEEPS = frozenset({"window.ini", "logs"})


def window_settings(home: Path) -> QSettings:
    return QSettings(str(home / "window.ini"), QSettings.Format.IniFormat)


def chosen_source(home: Path) -> str:
    """The capture source chosen in Settings (a SourceInfo id), "files" when none was."""
    return str(window_settings(home).value(SOURCE_KEY, FILES_SOURCE) or FILES_SOURCE)


def chosen_printer(home: Path) -> str | None:
    """The printer chosen in Settings; None for "print to a PDF file" or no choice yet."""
    value = window_settings(home).value(PRINTER_KEY)
    return None if value in (None, "", PDF_FILE) else str(value)


# The two kinds of signing identity (counterdesk.signatures.PURPOSES): the official who
# certifies, and the office whose signature goes over the official's on every e-copy.
SIGNER, ORGANISATION = "signer", "organisation"
# What a TEST certificate is made with at first: the title printed in its stamp (office
# data in Vietnamese, whatever the window's language).
_TEST_TITLES = {SIGNER: "Phó Chủ tịch", ORGANISATION: "Cơ quan chứng thực"}


@dataclass(frozen=True)
class Identity:
    signer_name: str
    signer_title: str
    subject: str
    not_after: datetime
    is_test: bool


@dataclass(frozen=True)
class SettingsData:
    office: Office
    hours: str
    bank: tuple[str, str, str] | None  # BIN, account, account name
    retention_years: int | None
    identity: Identity | None  # the signer's
    organisation: Identity | None  # the office's own certificate, when it has one
    signing: SigningSettings
    pending_upgrades: int  # e-copies below long-term validation (B-LTA)
    accounts: list[Account]
    actor: Actor


def _active_identity(identities: list[dict], purpose: str) -> Identity | None:
    row = next((i for i in identities if i["active"] and i["purpose"] == purpose), None)
    if row is None:
        return None
    not_after = datetime.fromisoformat(row["not_after"])
    return Identity(row["signer"], row["title"], row["subject"], not_after, row["test"])


def load_settings(desk: Desk) -> SettingsData:
    office = desk.office()
    db = desk.home.db.db
    hours, bank_bin, account, account_name, years = db.execute(
        "SELECT hours, bank_bin, bank_account, bank_account_name, retention_years "
        "FROM office WHERE id = 1"
    ).fetchone()
    identities = desk.identities()
    return SettingsData(
        office=office,
        hours=hours,
        bank=(bank_bin, account, account_name or "") if bank_bin and account else None,
        retention_years=years,
        identity=_active_identity(identities, SIGNER),
        organisation=_active_identity(identities, ORGANISATION),
        signing=desk.signatures.settings(),
        pending_upgrades=desk.signatures.pending(),
        accounts=desk.accounts.list(),
        actor=desk.journal.actor,
    )


def find_sources(escl_addresses: list[str], cameras: bool) -> list[SourceInfo]:
    """Scanners (and cameras when asked: opening each takes a while) this desk reaches."""
    from counterdesk.capture.sources.registry import list_sources  # OpenCV: load when needed

    return list_sources(escl_addresses, probe_cameras=cameras)


def find_printers() -> list[str]:
    from PySide6.QtPrintSupport import QPrinterInfo  # asks the print system (CUPS…)

    return list(QPrinterInfo.availablePrinterNames())


def default_printer() -> str:
    from PySide6.QtPrintSupport import QPrinterInfo

    return QPrinterInfo.defaultPrinterName()


def reset_demo_office(desk: Desk) -> str:
    """Empty the demo office's data folder and make the demo afresh, in place.

    Refuses any office but the demo's: this removes every record of the data folder.
    """
    if desk.office().code != DEMO_OFFICE["code"]:
        raise SetupError("Only the demo office can be reset; this data folder is a real office.")
    from counterdesk.demo import prepare_demo_office
    from counterdesk.desk import Desk
    from counterdesk.store.home import Home

    root, clock = desk.home.root, desk.clock
    desk.close()
    for entry in root.iterdir():
        if entry.name in DEMO_KEEPS:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    Desk.__init__(desk, Home.open(root), clock)  # the worker keeps this Desk: reopen it
    prepare_demo_office(desk)
    return desk.office().name


def _right(*widgets: QWidget) -> QHBoxLayout:
    """Buttons at the right end of a row, as dialogs have them."""
    row = QHBoxLayout()
    row.addStretch(1)
    for widget in widgets:
        row.addWidget(widget)
    return row


def _scrolling(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


def _time(text: str) -> QTime:
    return QTime.fromString(text, "HH:mm")


class SettingsScreen(Screen):
    def __init__(
        self, service: DeskService, hub_sync: HubSync, parent: QWidget | None = None
    ) -> None:
        super().__init__(service, parent)
        self.hub_sync = hub_sync
        self.data: SettingsData | None = None
        self.last_error: str | None = None
        self.login: LoginDialog | None = None
        self._searched = False
        self._filling = False
        self._settings = window_settings(service.home)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Settings"))
        title.setStyleSheet("font-size:16pt;font-weight:bold")
        layout.addWidget(title)
        self.status = QLabel()
        self.status.setObjectName("settingsStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        # Each page scrolls: the window stays usable on a small laptop screen.
        self.tabs.addTab(_scrolling(self._office_tab()), self.tr("Office"))
        self.tabs.addTab(_scrolling(self._signing_tab()), self.tr("Signing"))
        self.tabs.addTab(_scrolling(self._accounts_tab()), self.tr("Accounts"))
        self.tabs.addTab(_scrolling(self._devices_tab()), self.tr("Scanner and printer"))
        self.tabs.addTab(_scrolling(self._desk_tab()), self.tr("Language and demo"))
        layout.addWidget(self.tabs, 1)

    # -- building ---------------------------------------------------------------------

    def _office_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)

        office = QGroupBox(self.tr("Office"))
        form = QFormLayout(office)
        self.code = QLineEdit()
        self.code.setObjectName("officeCode")
        self.code.setReadOnly(True)
        self.code.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.code.setToolTip(self.tr("Part of every dossier code: it cannot change."))
        self.office_name = QLineEdit()
        self.office_name.setObjectName("officeName")
        self.commune = QLineEdit()
        self.commune.setObjectName("commune")
        self.province = QLineEdit()
        self.province.setObjectName("province")
        self.save_office = QPushButton(self.tr("Save office"))
        self.save_office.clicked.connect(self._save_office)
        for edit in (self.office_name, self.commune, self.province):
            edit.returnPressed.connect(self.save_office.click)
        form.addRow(self.tr("Agency code"), self.code)
        form.addRow(self.tr("Office name"), self.office_name)
        form.addRow(self.tr("Commune"), self.commune)
        form.addRow(self.tr("Province"), self.province)
        form.addRow(_right(self.save_office))
        layout.addWidget(office)

        hours = QGroupBox(self.tr("Opening hours of the counter"))
        row = QHBoxLayout(hours)
        self.hours = [QTimeEdit() for _ in range(4)]
        for edit, name in zip(
            self.hours,
            ("morningStart", "morningEnd", "afternoonStart", "afternoonEnd"),
            strict=True,
        ):
            edit.setDisplayFormat("HH:mm")
            edit.setObjectName(name)
        row.addWidget(QLabel(self.tr("Morning")))
        row.addWidget(self.hours[0])
        row.addWidget(QLabel("–"))
        row.addWidget(self.hours[1])
        row.addSpacing(16)
        row.addWidget(QLabel(self.tr("Afternoon")))
        row.addWidget(self.hours[2])
        row.addWidget(QLabel("–"))
        row.addWidget(self.hours[3])
        row.addStretch(1)
        self.save_hours = QPushButton(self.tr("Save hours"))
        self.save_hours.clicked.connect(self._save_hours)
        row.addWidget(self.save_hours)
        layout.addWidget(hours)

        bank = QGroupBox(self.tr("Bank account for VietQR payments"))
        form = QFormLayout(bank)
        self.bank_bin = QLineEdit()
        self.bank_bin.setObjectName("bankBin")
        self.bank_bin.setMaxLength(6)
        self.bank_bin.setPlaceholderText(self.tr("6 digits, e.g. 970415 (VietinBank)"))
        self.bank_account = QLineEdit()
        self.bank_account.setObjectName("bankAccount")
        self.bank_account.setMaxLength(19)
        self.bank_account_name = QLineEdit()
        self.bank_account_name.setObjectName("bankAccountName")
        self.save_bank = QPushButton(self.tr("Save bank account"))
        self.save_bank.clicked.connect(self._save_bank)
        for edit in (self.bank_bin, self.bank_account, self.bank_account_name):
            edit.returnPressed.connect(self.save_bank.click)
        form.addRow(self.tr("Bank code (BIN)"), self.bank_bin)
        form.addRow(self.tr("Account number"), self.bank_account)
        form.addRow(self.tr("Account holder"), self.bank_account_name)
        form.addRow(_right(self.save_bank))
        layout.addWidget(bank)

        keep = QGroupBox(self.tr("Keeping digitized copies"))
        row = QHBoxLayout(keep)
        self.retention = QSpinBox()
        self.retention.setObjectName("retentionYears")
        self.retention.setRange(0, 100)
        self.retention.setSpecialValueText(self.tr("not set: nothing is removed"))
        self.retention.setSuffix(self.tr(" years"))
        self.retention.setMinimumWidth(  # room for the "not set" text beside the arrows
            self.retention.fontMetrics().horizontalAdvance(self.retention.specialValueText()) + 48
        )
        self.save_retention = QPushButton(self.tr("Save period"))
        self.save_retention.clicked.connect(self._save_retention)
        row.addWidget(QLabel(self.tr("Remove digitized copies of closed dossiers after")))
        row.addWidget(self.retention)
        row.addStretch(1)
        row.addWidget(self.save_retention)
        layout.addWidget(keep)
        layout.addWidget(self._hub_group())
        layout.addStretch(1)
        return page

    def _hub_group(self) -> QGroupBox:
        """Enrolled: the hub and this desk's id, how the sync goes, Sync now. Not yet: the
        form that enrols this desk with a one-time code."""
        group = QGroupBox(self.tr("Hub"))
        group.setObjectName("hubGroup")
        box = QVBoxLayout(group)

        self.hub_enrolled = QWidget()
        form = QFormLayout(self.hub_enrolled)
        form.setContentsMargins(0, 0, 0, 0)
        self.hub_address = QLabel()
        self.hub_address.setObjectName("hubAddress")
        self.hub_desk_id = QLabel()
        self.hub_desk_id.setObjectName("hubDeskId")
        self.hub_state = QLabel()
        self.hub_state.setObjectName("hubState")
        for label in (self.hub_address, self.hub_desk_id, self.hub_state):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sync_now = QPushButton(
            self.tr("Sync now") + f"  ({self.hub_sync.shortcut_text()})"
        )  # the window's shortcut: a second one on this button would make both ambiguous
        self.sync_now.setObjectName("syncNowButton")
        self.sync_now.clicked.connect(self._sync_now)
        self.hub_result = QLabel()
        self.hub_result.setObjectName("hubResult")
        self.hub_result.setWordWrap(True)
        self.hub_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Hub address"), self.hub_address)
        form.addRow(self.tr("This desk's id"), self.hub_desk_id)
        form.addRow(self.tr("Sync"), self.hub_state)
        row = QHBoxLayout()
        row.addWidget(self.hub_result, 1)
        row.addWidget(self.sync_now)
        form.addRow(row)
        box.addWidget(self.hub_enrolled)

        self.hub_enrol = QWidget()
        form = QFormLayout(self.hub_enrol)
        form.setContentsMargins(0, 0, 0, 0)
        note = QLabel(
            self.tr(
                "Once enrolled, this desk sends its records to the hub by itself. An admin "
                "enrols it with a one-time code from the hub's administrator."
            )
        )
        note.setWordWrap(True)
        self.hub_url = QLineEdit()
        self.hub_url.setObjectName("hubUrl")
        self.hub_url.setPlaceholderText(self.tr("e.g. https://hub.dongnai.gov.vn"))
        self.hub_code = QLineEdit()
        self.hub_code.setObjectName("hubCode")
        self.desk_name = QLineEdit(socket.gethostname())
        self.desk_name.setObjectName("deskName")
        self.desk_name.setToolTip(self.tr("How the hub's administrator sees this desk."))
        self.enrol = QPushButton(self.tr("Enrol this desk"))
        self.enrol.setObjectName("enrol")
        self.enrol.clicked.connect(self._enrol)
        for edit in (self.hub_url, self.hub_code, self.desk_name):
            edit.returnPressed.connect(self.enrol.click)
        form.addRow(note)
        form.addRow(self.tr("Hub address"), self.hub_url)
        form.addRow(self.tr("One-time code"), self.hub_code)
        form.addRow(self.tr("Desk name"), self.desk_name)
        form.addRow(_right(self.enrol))
        box.addWidget(self.hub_enrol)
        self.hub_enrolled.setVisible(False)
        self.hub_enrol.setVisible(False)  # until the state is read
        self.hub_sync.state_changed.connect(self._show_hub)
        self.hub_sync.synced.connect(self._show_sync_result)
        self.hub_sync.error.connect(self._sync_failed)
        return group

    def _signing_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        active = QGroupBox(self.tr("Signs certified copies now"))
        form = QFormLayout(active)
        self.identity = QLabel()
        self.identity.setObjectName("activeIdentity")
        self.organisation = QLabel()
        self.organisation.setObjectName("organisationIdentity")
        for label in (self.identity, self.organisation):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Signer"), self.identity)
        form.addRow(self.tr("Office"), self.organisation)
        layout.addWidget(active)
        layout.addWidget(self._signatures_group())

        imported = QGroupBox(self.tr("Import a certificate (.p12 or .pfx file)"))
        form = QFormLayout(imported)
        self.p12_purpose = self._purpose_choice("p12Purpose")
        self.p12_path = QLineEdit()
        self.p12_path.setObjectName("p12Path")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.p12_path, 1)
        row.addWidget(browse)
        self.p12_password = QLineEdit()
        self.p12_password.setObjectName("p12Password")
        self.p12_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.p12_title = QLineEdit()
        self.p12_title.setObjectName("p12Title")
        self.import_p12 = QPushButton(self.tr("Import certificate"))
        self.import_p12.clicked.connect(self._import)
        for edit in (self.p12_password, self.p12_title):
            edit.returnPressed.connect(self.import_p12.click)
        self.p12_title_label = QLabel()
        form.addRow(self.tr("Certificate of"), self.p12_purpose)
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("Password"), self.p12_password)
        form.addRow(self.p12_title_label, self.p12_title)
        form.addRow(_right(self.import_p12))
        self.p12_purpose.currentIndexChanged.connect(self._p12_purpose_chosen)
        self._p12_purpose_chosen()
        layout.addWidget(imported)

        test = QGroupBox(self.tr("No certificate yet: a TEST certificate for training"))
        form = QFormLayout(test)
        self.test_purpose = self._purpose_choice("testPurpose")
        self.test_name = QLineEdit()
        self.test_name.setObjectName("testSignerName")
        self.test_title = QLineEdit(_TEST_TITLES[SIGNER])
        self.test_title.setObjectName("testSignerTitle")
        self.create_test = QPushButton(self.tr("Create TEST certificate"))
        self.create_test.clicked.connect(self._create_test)
        for edit in (self.test_name, self.test_title):
            edit.returnPressed.connect(self.create_test.click)
        note = QLabel(
            self.tr(
                "Copies signed with a TEST certificate are marked TEST and have no legal value."
            )
        )
        note.setWordWrap(True)
        self.test_name_label, self.test_title_label = QLabel(), QLabel()
        form.addRow(note)
        form.addRow(self.tr("Certificate of"), self.test_purpose)
        form.addRow(self.test_name_label, self.test_name)
        form.addRow(self.test_title_label, self.test_title)
        form.addRow(_right(self.create_test))
        self.test_purpose.currentIndexChanged.connect(self._test_purpose_chosen)
        self._test_purpose_chosen()
        layout.addWidget(test)
        layout.addStretch(1)
        return page

    def _signatures_group(self) -> QGroupBox:
        """The time-stamping service, the revocation checks, and the e-copies waiting for
        long-term validation with the button that upgrades them now."""
        group = QGroupBox(self.tr("Signatures"))
        group.setObjectName("signaturesGroup")
        form = QFormLayout(group)
        self.tsa_url = QLineEdit()
        self.tsa_url.setObjectName("tsaUrl")
        self.tsa_url.setPlaceholderText(self.tr("e.g. http://tsa.example.vn/tsa (empty: none)"))
        self.tsa_url.setToolTip(
            self.tr(
                "Your certificate authority gives this address. Without it, e-copies are "
                "signed without a time-stamp and cannot reach long-term validation."
            )
        )
        self.check_revocation = QCheckBox(
            self.tr("Check certificates with the CA (OCSP/CRL) before signing")
        )
        self.check_revocation.setObjectName("checkRevocation")
        self.save_signing = QPushButton(self.tr("Save signature settings"))
        self.save_signing.clicked.connect(self._save_signing)
        self.tsa_url.returnPressed.connect(self.save_signing.click)
        form.addRow(self.tr("Time-stamping service"), self.tsa_url)
        form.addRow(self.check_revocation)
        form.addRow(_right(self.save_signing))

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        form.addRow(line)
        self.pending_upgrades = QLabel()
        self.pending_upgrades.setObjectName("pendingUpgrades")
        self.pending_upgrades.setWordWrap(True)
        self.upgrade = QPushButton(self.tr("Upgrade now"))
        self.upgrade.setObjectName("upgradeNow")
        self.upgrade.clicked.connect(self._upgrade)
        row = QHBoxLayout()
        row.addWidget(self.pending_upgrades, 1)
        row.addWidget(self.upgrade)
        form.addRow(row)
        self.upgrade_result = QLabel()
        self.upgrade_result.setObjectName("upgradeResult")
        self.upgrade_result.setWordWrap(True)
        self.upgrade_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.upgrade_result.setVisible(False)
        form.addRow(self.upgrade_result)
        explained = QLabel(
            self.tr(
                "Copies signed while the time-stamping service or the CA does not answer "
                "get their time-stamp and revocation data later: the window tries again "
                "by itself while it is open."
            )
        )
        explained.setWordWrap(True)
        form.addRow(explained)
        return group

    def _purpose_choice(self, name: str) -> QComboBox:
        choice = QComboBox()
        choice.setObjectName(name)
        choice.addItem(self.tr("the signer, who certifies"), SIGNER)
        choice.addItem(self.tr("the office: its signature goes over the signer's"), ORGANISATION)
        return choice

    def _p12_purpose_chosen(self) -> None:
        if self.p12_purpose.currentData() == ORGANISATION:
            self.p12_title_label.setText(self.tr("Title in the stamp"))
            self.p12_title.setPlaceholderText(self.tr("optional"))
        else:
            self.p12_title_label.setText(self.tr("Signer's title"))
            self.p12_title.setPlaceholderText(self.tr("e.g. Phó Chủ tịch (optional)"))

    def _test_purpose_chosen(self) -> None:
        purpose = self.test_purpose.currentData()
        other = ORGANISATION if purpose == SIGNER else SIGNER
        if self.test_title.text() in ("", _TEST_TITLES[other]):
            self.test_title.setText(_TEST_TITLES[purpose])
        if purpose == ORGANISATION:
            self.test_name_label.setText(self.tr("Office's name"))
            self.test_title_label.setText(self.tr("Title in the stamp"))
            if not self.test_name.text().strip() and self.data is not None:
                self.test_name.setText(self.data.office.name)
        else:
            self.test_name_label.setText(self.tr("Signer's name"))
            self.test_title_label.setText(self.tr("Signer's title"))
            if self.data is not None and self.test_name.text().strip() == self.data.office.name:
                self.test_name.clear()

    def _accounts_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        note = QLabel(
            self.tr(
                "Only an admin may add or deactivate accounts. While the office has no "
                "account, this desk acts as its single user; once the first account (an "
                "admin) is added, everyone signs in."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.accounts = QTableWidget(0, 4)
        self.accounts.setObjectName("accounts")
        self.accounts.setHorizontalHeaderLabels(
            [self.tr("User name"), self.tr("Full name"), self.tr("Roles"), self.tr("State")]
        )
        self.accounts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.accounts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.accounts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.accounts.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.accounts.verticalHeader().setVisible(False)
        layout.addWidget(self.accounts, 1)
        self.deactivate = QPushButton(self.tr("Deactivate the selected account"))
        self.deactivate.clicked.connect(self._deactivate)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.deactivate)
        layout.addLayout(row)

        add = QGroupBox(self.tr("Add an account"))
        form = QFormLayout(add)
        self.new_username = QLineEdit()
        self.new_username.setObjectName("newUsername")
        self.new_username.setPlaceholderText("lan.nguyen")
        self.new_full_name = QLineEdit()
        self.new_full_name.setObjectName("newFullName")
        self.role_boxes = {
            Role.CLERK: QCheckBox(self.tr("Clerk: receives, digitizes, returns")),
            Role.SIGNER: QCheckBox(self.tr("Signer: certifies copies")),
            Role.ADMIN: QCheckBox(self.tr("Admin: settings and accounts")),
        }
        roles = QVBoxLayout()
        for role, box in self.role_boxes.items():
            box.setObjectName(f"role_{role.value}")
            roles.addWidget(box)
        self.new_password = QLineEdit()
        self.new_password.setObjectName("newPassword")
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password_again = QLineEdit()
        self.new_password_again.setObjectName("newPasswordAgain")
        self.new_password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_account = QPushButton(self.tr("Add account"))
        self.add_account.clicked.connect(self._add_account)
        self.new_password_again.returnPressed.connect(self.add_account.click)
        form.addRow(self.tr("User name"), self.new_username)
        form.addRow(self.tr("Full name"), self.new_full_name)
        form.addRow(self.tr("Roles"), roles)
        form.addRow(self.tr("Password"), self.new_password)
        form.addRow(self.tr("Password again"), self.new_password_again)
        form.addRow(_right(self.add_account))
        layout.addWidget(add)
        return page

    def _devices_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        capture = QGroupBox(self.tr("Scanner or camera of this desk"))
        form = QFormLayout(capture)
        self.source = QComboBox()
        self.source.setObjectName("captureSource")
        self.source.currentIndexChanged.connect(self._source_chosen)
        self.escl_address = QLineEdit()
        self.escl_address.setObjectName("esclAddress")
        self.escl_address.setPlaceholderText(self.tr("e.g. 192.168.1.20 (optional)"))
        self.cameras = QCheckBox(self.tr("Also look for cameras (slower)"))
        self.cameras.setObjectName("probeCameras")
        self.find_sources = QPushButton(self.tr("Look for scanners"))
        self.find_sources.clicked.connect(self.search_sources)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cameras)
        buttons.addStretch(1)
        buttons.addWidget(self.find_sources)
        form.addRow(self.tr("Capture source"), self.source)
        form.addRow(self.tr("Network scanner address"), self.escl_address)
        form.addRow("", buttons)
        layout.addWidget(capture)

        printing = QGroupBox(self.tr("Printer of this desk"))
        form = QFormLayout(printing)
        self.printer = QComboBox()
        self.printer.setObjectName("printer")
        self.printer.currentIndexChanged.connect(self._printer_chosen)
        form.addRow(self.tr("Printer"), self.printer)
        layout.addWidget(printing)
        note = QLabel(self.tr("These choices belong to this computer; they are saved at once."))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
        self._fill_sources([])
        self._fill_printers([], "")
        return page

    def _desk_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        language = QGroupBox(self.tr("Language"))
        form = QFormLayout(language)
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        current = str(self._settings.value(LANGUAGE_KEY, DEFAULT_LANGUAGE))
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.language_note = QLabel()
        self.language_note.setWordWrap(True)
        form.addRow(self.tr("Language of the window"), self.language)
        form.addRow(self.language_note)
        layout.addWidget(language)

        self.demo_box = QGroupBox(self.tr("Demo office"))
        box = QVBoxLayout(self.demo_box)
        box.addWidget(
            QLabel(
                self.tr(
                    "Removes everything done in the demo office and starts it afresh with "
                    "its sample dossiers."
                )
            )
        )
        self.reset_demo = QPushButton(self.tr("Reset demo office"))
        self.reset_demo.setObjectName("resetDemo")
        self.reset_demo.clicked.connect(self._reset_demo)
        row = QHBoxLayout()
        row.addWidget(self.reset_demo)
        row.addStretch(1)
        box.addLayout(row)
        self.demo_box.setVisible(False)
        layout.addWidget(self.demo_box)
        layout.addStretch(1)
        return page

    # -- loading ----------------------------------------------------------------------

    def activated(self, **arguments: object) -> None:
        self.refresh()
        self.tabs.setFocus()
        if not self._searched:
            self._searched = True
            self.search_sources()
            self.service.call(
                lambda _desk: (find_printers(), default_printer()),
                lambda found: self._fill_printers(*found),
                self._failed,
                label=self.tr("Looking for printers"),
            )

    def refresh(self) -> None:
        """Reload everything, the fields being edited included."""
        self.service.call(load_settings, self._show, self._failed, self.tr("Loading settings"))
        self.hub_sync.refresh()

    def _reload(self) -> None:
        """Reload after a change: the signer and the accounts; fields keep what is typed."""
        self.service.call(
            load_settings, self._show_records, self._failed, self.tr("Loading settings")
        )

    def _show(self, data: SettingsData) -> None:
        office = data.office
        self.code.setText(office.code)
        self.office_name.setText(office.name)
        self.commune.setText(office.commune or "")
        self.province.setText(office.province or "")
        times = [t for part in data.hours.split(",") for t in part.split("-")]
        for edit, text in zip(self.hours, times, strict=True):
            edit.setTime(_time(text))
        bank_bin, account, name = data.bank or ("", "", "")
        self.bank_bin.setText(bank_bin)
        self.bank_account.setText(account)
        self.bank_account_name.setText(name)
        self.retention.setValue(data.retention_years or 0)
        self.tsa_url.setText(data.signing.tsa_url or "")
        self.check_revocation.setChecked(data.signing.check_revocation)
        self._show_records(data)

    def _show_records(self, data: SettingsData) -> None:
        self.data = data
        office = data.office
        self._show_identity(data.identity)
        self._show_organisation(data.organisation)
        self._show_pending(data.pending_upgrades)
        self._show_accounts(data.accounts)
        self.demo_box.setVisible(self._demo_window() and office.code == DEMO_OFFICE["code"])
        window = self.window()
        if hasattr(window, "set_actor"):  # the status bar: who acts, in which office (renamed?)
            window.set_actor(data.actor, office.name)

    def _show_identity(self, identity: Identity | None) -> None:
        if identity is None:
            self.identity.setText(
                self.tr("No signer yet: import a certificate, or create a TEST signer.")
            )
            return
        text = self.tr("%1, %2 — certificate valid until %3").replace("%1", identity.signer_name)
        text = text.replace("%2", identity.signer_title)
        text = text.replace("%3", f"{identity.not_after:%d/%m/%Y}")
        if identity.is_test:
            text += "\n" + self.tr("TEST signer: for training only, no legal value.")
        self.identity.setText(text + "\n" + identity.subject)

    def _show_organisation(self, identity: Identity | None) -> None:
        if identity is None:
            self.organisation.setText(
                self.tr("No office certificate: e-copies carry the signer's signature only.")
            )
            return
        text = self.tr("%1 — certificate valid until %2").replace("%1", identity.signer_name)
        text = text.replace("%2", f"{identity.not_after:%d/%m/%Y}")
        if identity.is_test:
            text += "\n" + self.tr("TEST certificate: for training only, no legal value.")
        self.organisation.setText(text + "\n" + identity.subject)

    def _show_pending(self, pending: int) -> None:
        if pending:
            text = self.tr("%n e-copy(ies) waiting for long-term validation (B-LTA).", "", pending)
        else:
            text = self.tr("No e-copy is waiting for long-term validation.")
        self.pending_upgrades.setText(text)

    def _show_upgrade(self, report: UpgradeReport) -> None:
        lines = []
        if report.upgraded:
            lines.append(
                self.tr("%n e-copy(ies) upgraded to long-term validation.", "", report.upgraded)
            )
        if report.pending:
            lines.append(
                self.tr(
                    "%n e-copy(ies) still waiting: the time-stamping service or the CA did "
                    "not answer.",
                    "",
                    report.pending,
                )
            )
        if report.failed:
            lines.append(self.tr("%n e-copy(ies) could not be upgraded:", "", len(report.failed)))
            lines += [f"• {failure.label}: {failure.reason}" for failure in report.failed]
        if not lines:
            lines.append(self.tr("No e-copy was waiting for long-term validation."))
        self.upgrade_result.setText("\n".join(lines))
        self.upgrade_result.setVisible(True)
        self._done(lines[0])

    def _show_accounts(self, accounts: list[Account]) -> None:
        self.accounts.setRowCount(len(accounts))
        for row, account in enumerate(accounts):
            if not account.active:
                state = self.tr("deactivated")
            elif account.locked_until is not None:
                state = self.tr("locked")
            else:
                state = self.tr("active")
            cells = [
                account.username,
                account.full_name,
                ", ".join(self._role_name(r) for r in sorted(account.roles)),
                state,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, account.username)
                self.accounts.setItem(row, column, item)
        self.accounts.resizeColumnsToContents()

    def _role_name(self, role: Role) -> str:
        return {
            Role.CLERK: self.tr("clerk"),
            Role.SIGNER: self.tr("signer"),
            Role.ADMIN: self.tr("admin"),
        }[role]

    def _demo_window(self) -> bool:
        banner = getattr(self.window(), "banner", None)
        return banner is not None and not banner.isHidden()

    def _show_hub(self, state: SyncState) -> None:
        self.hub_enrolled.setVisible(state.enrolled)
        self.hub_enrol.setVisible(not state.enrolled)
        if not state.enrolled:
            return
        self.hub_address.setText(state.hub or "")
        self.hub_desk_id.setText(state.desk_id or "")
        text = self.hub_sync.status_text(state)
        if state.failing:
            text += "\n" + self.tr("The last attempt did not go through: %1").replace(
                "%1", state.last_error or ""
            )
        self.hub_state.setText(text)

    def _show_sync_result(self, outcome: SyncOutcome) -> None:
        self.sync_now.setEnabled(True)
        if outcome.errors:
            text = self.tr("Not synced: %1").replace("%1", "; ".join(outcome.errors))
        elif outcome.sent_events:
            text = self.tr("%n change(s) sent (%1).", "", outcome.sent_events)
            text = text.replace("%1", data_size(outcome.sent_bytes))
        else:
            text = self.tr("Synced: nothing was waiting to be sent.")
        if outcome.gave_way:
            text += " " + self.tr("Stopped to let your work go first; the rest follows.")
        self.hub_result.setText(text)

    # -- office -----------------------------------------------------------------------

    def _save_office(self) -> None:
        if self.data is None:
            return
        code = self.data.office.code
        name = self.office_name.text().strip()
        commune = self.commune.text().strip() or None
        province = self.province.text().strip() or None
        self._run(
            lambda desk: desk.init_office(code, name, commune, province),
            self.tr("The office is saved."),
            self.tr("Saving the office"),
            self.save_office,
            changed=True,
        )

    def _save_hours(self) -> None:
        start, end, start2, end2 = (edit.time().toString("HH:mm") for edit in self.hours)
        text = f"{start}-{end},{start2}-{end2}"
        self._run(
            lambda desk: desk.dossiers.set_hours(text),
            self.tr("The opening hours are saved; due times of new dossiers follow them."),
            self.tr("Saving the opening hours"),
            self.save_hours,
            changed=True,
        )

    def _save_bank(self) -> None:
        bank_bin = self.bank_bin.text().strip()
        account = self.bank_account.text().strip()
        name = self.bank_account_name.text().strip()
        self._run(
            lambda desk: desk.set_bank_account(bank_bin, account, name),
            self.tr("The bank account is saved; receipts carry its VietQR code."),
            self.tr("Saving the bank account"),
            self.save_bank,
        )

    def _save_retention(self) -> None:
        years = self.retention.value()
        self._run(
            lambda desk: desk.set_retention(years),
            self.tr("The retention period is saved."),
            self.tr("Saving the retention period"),
            self.save_retention,
        )

    # -- hub ----------------------------------------------------------------------------

    def _enrol(self) -> None:
        url = self.hub_url.text().strip()
        code = self.hub_code.text().strip()
        name = self.desk_name.text().strip() or socket.gethostname()
        if not (url and code):
            self._failed(self.tr("Type the hub's address and the one-time code first."))
            return

        def enrolled(answer: dict[str, str]) -> None:
            self.hub_code.clear()  # used: the hub will not take it again
            self.hub_result.clear()
            self._done(
                self.tr(
                    "This desk is enrolled with the hub as %1; it starts sending its records."
                ).replace("%1", answer["desk_id"])
            )
            self.changed.emit()  # the window reads the sync state again and starts syncing
            self._reload()

        self._call(
            lambda desk: desk.enrol_with_hub(url, code, name),
            enrolled,
            self.tr("Enrolling with the hub"),
            self.enrol,
        )

    def _sync_failed(self, _message: str) -> None:
        """Sync now failed in the core: the window shows its dialog; the group is ready."""
        self.sync_now.setEnabled(True)
        self.hub_result.clear()

    def _sync_now(self) -> None:
        self.sync_now.setEnabled(False)
        self.hub_result.setText(self.tr("Syncing…"))
        self.hub_sync.sync_now()

    # -- identities -------------------------------------------------------------------

    def choose_file(self) -> str:
        """The .p12 file the clerk picks ("" when cancelled); tests replace this."""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Certificate file"), "", self.tr("Certificates (*.p12 *.pfx)")
        )
        return path

    def _browse(self) -> None:
        path = self.choose_file()
        if path:
            self.p12_path.setText(path)
            self.p12_password.setFocus()

    def _import(self) -> None:
        path = self.p12_path.text().strip()
        if not path:
            self._browse()
            path = self.p12_path.text().strip()
            if not path:
                return
        password = self.p12_password.text()
        title = self.p12_title.text().strip() or None
        purpose = self.p12_purpose.currentData()
        self.p12_password.clear()
        if purpose == ORGANISATION:
            message = self.tr(
                "The office's certificate is imported; it signs every e-copy from now on."
            )
        else:
            message = self.tr("The certificate is imported; it signs from now on.")
        self._run(
            lambda desk: desk.import_pkcs12(Path(path), password, title, purpose),
            message,
            self.tr("Importing the certificate"),
            self.import_p12,
        )

    def _create_test(self) -> None:
        name, title = self.test_name.text().strip(), self.test_title.text().strip()
        purpose = self.test_purpose.currentData()
        if purpose == ORGANISATION:
            message = self.tr(
                "The office's TEST certificate is created; it signs every e-copy from now on."
            )
        else:
            message = self.tr("The TEST signer is created; it signs from now on.")
        self._run(
            lambda desk: desk.create_test_identity(name, title, purpose),
            message,
            self.tr("Creating the TEST certificate"),
            self.create_test,
        )

    # -- signatures -------------------------------------------------------------------

    def _save_signing(self) -> None:
        tsa_url = self.tsa_url.text().strip() or None
        check_revocation = self.check_revocation.isChecked()
        self._run(
            lambda desk: desk.signatures.set_settings(tsa_url, check_revocation),
            self.tr("The signature settings are saved."),
            self.tr("Saving the signature settings"),
            self.save_signing,
            changed=True,
        )

    def _upgrade(self) -> None:
        self.upgrade_result.setVisible(False)

        def upgraded(report: UpgradeReport) -> None:
            self._show_upgrade(report)
            self.changed.emit()  # the status bar's count of e-copies waiting
            self._reload()

        self._call(
            lambda desk: desk.signatures.upgrade(),
            upgraded,
            self.tr("Upgrading e-copies to long-term validation"),
            self.upgrade,
        )

    # -- accounts ---------------------------------------------------------------------

    def _add_account(self) -> None:
        password = self.new_password.text()
        if password != self.new_password_again.text():
            self._failed(self.tr("The two passwords differ; type the same password twice."))
            return
        username = self.new_username.text().strip()
        full_name = self.new_full_name.text().strip()
        roles = ",".join(role.value for role, box in self.role_boxes.items() if box.isChecked())
        first = self.data is not None and not self.data.accounts

        def add(desk: Desk) -> Account:
            return desk.accounts.add(username, full_name, roles, password)

        def added(account: Account) -> None:
            self.new_password.clear()
            self.new_password_again.clear()
            self.new_username.clear()
            self.new_full_name.clear()
            for box in self.role_boxes.values():
                box.setChecked(False)
            self._done(self.tr("The account %1 is added.").replace("%1", account.username))
            self._reload()
            if first:
                self._sign_in_after_first_account(account.username)

        self._call(add, added, self.tr("Adding the account"), self.add_account)

    def _sign_in_after_first_account(self, username: str) -> None:
        """The office has accounts now: the built-in user may not act any more."""
        self.status.setText(
            self.tr("The office has accounts now: everyone signs in. Sign in to go on working.")
        )
        self.login = LoginDialog(self.service, self)
        self.login.setObjectName("settingsLogin")
        self.login.username.setText(username)
        self.login.accepted.connect(self._signed_in)
        self.login.open()
        self.login.password.setFocus()

    def _signed_in(self) -> None:
        self._reload()  # shows the signed-in user in the status bar

    def _deactivate(self) -> None:
        item = self.accounts.currentItem()
        if item is None:
            self._failed(self.tr("Select the account to deactivate first."))
            return
        username = item.data(Qt.ItemDataRole.UserRole)
        self._run(
            lambda desk: desk.accounts.deactivate(username),
            self.tr("The account %1 is deactivated.").replace("%1", username),
            self.tr("Deactivating the account"),
            self.deactivate,
        )

    # -- this desk --------------------------------------------------------------------

    def search_sources(self) -> None:
        addresses = [a for a in self.escl_address.text().replace(",", " ").split() if a]
        addresses = [a if "://" in a else f"http://{a}" for a in addresses]
        cameras = self.cameras.isChecked()
        self.find_sources.setEnabled(False)

        def found(sources: list[SourceInfo]) -> None:
            self.find_sources.setEnabled(True)
            self._fill_sources(sources)

        def failed(message: str) -> None:
            self.find_sources.setEnabled(True)
            self._failed(message)

        self.service.call(
            lambda _desk: find_sources(addresses, cameras),
            found,
            failed,
            label=self.tr("Looking for scanners"),
        )

    def _fill_sources(self, sources: list[SourceInfo]) -> None:
        chosen = str(self._settings.value(SOURCE_KEY, FILES_SOURCE) or FILES_SOURCE)
        self._filling = True
        self.source.clear()
        self.source.addItem(self.tr("No scanner: choose image or PDF files"), FILES_SOURCE)
        for info in sources:
            self.source.addItem(f"{info.name} ({info.id})", info.id)
        if self.source.findData(chosen) < 0:  # chosen before, not answering now
            self.source.addItem(self.tr("%1 (not found now)").replace("%1", chosen), chosen)
        self.source.setCurrentIndex(self.source.findData(chosen))
        self._filling = False

    def _fill_printers(self, printers: list[str], default: str) -> None:
        value = self._settings.value(PRINTER_KEY)
        chosen = str(value) if value else (default or PDF_FILE)
        self._filling = True
        self.printer.clear()
        for name in printers:
            self.printer.addItem(name + (self.tr(" (default)") if name == default else ""), name)
        self.printer.addItem(self.tr("Print to PDF file"), PDF_FILE)
        if self.printer.findData(chosen) < 0:
            self.printer.addItem(self.tr("%1 (not found now)").replace("%1", chosen), chosen)
        self.printer.setCurrentIndex(self.printer.findData(chosen))
        self._filling = False

    def _source_chosen(self, index: int) -> None:
        if not self._filling and index >= 0:
            self._remember(SOURCE_KEY, self.source.itemData(index))
            self._done(
                self.tr("Capture source saved: %1").replace("%1", self.source.itemText(index))
            )

    def _printer_chosen(self, index: int) -> None:
        if not self._filling and index >= 0:
            self._remember(PRINTER_KEY, self.printer.itemData(index))
            self._done(self.tr("Printer saved: %1").replace("%1", self.printer.itemText(index)))

    def _language_chosen(self, index: int) -> None:
        self._remember(LANGUAGE_KEY, self.language.itemData(index))
        self.language_note.setText(
            self.tr("The window uses the new language from the next start of CounterDesk.")
        )
        self._done(self.language_note.text())

    def _remember(self, key: str, value: str) -> None:
        self._settings.setValue(key, value)
        self._settings.sync()  # a small ini file; another desk process may read it at start

    def confirm_reset(self) -> bool:
        """Ask before wiping the demo office; tests replace this."""
        answer = QMessageBox.question(
            self,
            self.tr("Reset demo office"),
            self.tr("Remove everything done in the demo office and start it afresh?"),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _reset_demo(self) -> None:
        if not self.confirm_reset():
            return

        def reset(_name: str) -> None:
            self._done(self.tr("The demo office is reset."))
            self.changed.emit()
            self.refresh()

        self._call(reset_demo_office, reset, self.tr("Resetting the demo office"), self.reset_demo)

    # -- running use cases ------------------------------------------------------------

    def _run(
        self, job: Job, message: str, label: str, button: QPushButton, changed: bool = False
    ) -> None:
        """Run a use case that changes the office; reload and say so when done."""

        def done(_result: object) -> None:
            self._done(message)
            if changed:
                self.changed.emit()
            self._reload()

        self._call(job, done, label, button)

    def _call(
        self, job: Job, on_done: Callable[[Any], None], label: str, button: QPushButton
    ) -> None:
        """Run `job`; `button` stays disabled until it is done (no double submissions)."""
        button.setEnabled(False)

        def finished(result: object) -> None:
            button.setEnabled(True)
            on_done(result)

        def failed(message: str) -> None:
            button.setEnabled(True)
            self._failed(message)

        self.status.setText(label + "…")
        self.service.call(job, finished, failed, label=label)

    def _done(self, message: str) -> None:
        self.last_error = None
        self.status.setText(message)

    def _failed(self, message: str) -> None:
        self.last_error = message
        self.status.setText(message)
        show_error(self, self.tr("This cannot be done"), message)
