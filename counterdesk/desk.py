"""Use cases: the few verbs a clerk performs. The CLI and the desk window both call these.

This is the only module that combines the store, documents and signing packages.
"""

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import sqlite_utils

from counterdesk import legal_data, retention
from counterdesk.accounts import Accounts
from counterdesk.calendar_data import format_hours, parse_hours, published_overrides
from counterdesk.capture.enhance import MODES
from counterdesk.capture.images import decode_image
from counterdesk.capture.qr import qr_png, read_qr_texts
from counterdesk.capture.sources.base import Source
from counterdesk.capture.sources.files import FileSource
from counterdesk.catalog_files import procedures_from_data
from counterdesk.digitizing import (
    DigitizeRequest,
    DigitizeResult,
    WatchedFile,
    digitize,
    files_identity,
    record_watched,
)
from counterdesk.documents import forms
from counterdesk.documents.audit_export import (
    SIGNATURE_BOX,
    AuditHeading,
    audit_csv,
    audit_pdf,
)
from counterdesk.documents.book_export import BookHeading, BookRow, closing_page, monthly_printout
from counterdesk.documents.certified_copy import (
    CopyDetails,
    build_certified_copy,
    copy_metadata,
    with_copy_qr,
)
from counterdesk.documents.fonts import font_path
from counterdesk.documents.indicator_report import indicator_report
from counterdesk.documents.originals import Original, read_originals
from counterdesk.documents.pdf_images import pdf_page_count, pdf_page_images
from counterdesk.documents.receipt import EcopyDownload, ReceiptDetails, build_receipt
from counterdesk.domain import download_codes
from counterdesk.domain.audit import ChainReport
from counterdesk.domain.book import BookPosition, book_label, next_position
from counterdesk.domain.calendar import OFFICE_TZ
from counterdesk.domain.cccd import CitizenCard, parse_cccd_payload
from counterdesk.domain.codes import receipt_number
from counterdesk.domain.copy_qr import MARK as QR_MARK
from counterdesk.domain.copy_qr import make_payload, parse_payload, revision_hashes, verify_url
from counterdesk.domain.deadlines import due_time
from counterdesk.domain.dossier_states import Action, State
from counterdesk.domain.fees import (
    MAX_COPIES,
    PAYMENT_CHANNELS,
    CopyMode,
    FeeQuote,
    Tariff,
    quote_fee,
)
from counterdesk.domain.indicators import Indicators
from counterdesk.domain.records import Citizen, Office, Signer
from counterdesk.domain.roles import Actor
from counterdesk.domain.statement import CertificationRules, make_statement
from counterdesk.domain.text import clean_text
from counterdesk.domain.vietqr import vietqr_payload
from counterdesk.dossiers import (
    COPY_RULE,
    Dossiers,
    DossierView,
    month_days,
    record_event,
    stored_day_bounds,
    to_stored,
    upsert_citizen,
)
from counterdesk.errors import (
    BadInputError,
    CounterDeskError,
    IdentityError,
    PinNeededError,
    SetupError,
)
from counterdesk.signatures import ActiveIdentity, IdentityResult, Signatures, SigningPlan
from counterdesk.signing.pades import SignatureRequest, StampText
from counterdesk.signing.tokens import TokenConfig
from counterdesk.signing.trust_report import verify_report
from counterdesk.signing.verify import verify_signatures
from counterdesk.store import audit_log
from counterdesk.store.blobs import Blob
from counterdesk.store.files import file_sha256
from counterdesk.store.home import Home
from counterdesk.store.journal import Change, Journal
from counterdesk.store.times import stored_time
from counterdesk.sync.client import HubChange, Sync, SyncReport

PROCEDURE_CERTIFY_COPY = "chung-thuc-ban-sao-tu-ban-chinh"
# Hub changes whose data carries its own effective date and is picked by date where it is
# used, as the shipped tariff versions are: taken in as soon as they arrive (run_sync).
_TAKEN_IN_AHEAD = ("tariff",)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def local_time(stored: str) -> datetime:
    """A stored UTC timestamp in the office's time zone, for display."""
    return datetime.fromisoformat(stored).astimezone(OFFICE_TZ)


def _check_channel(channel: str) -> str:
    if channel not in PAYMENT_CHANNELS:
        raise BadInputError(
            f"Payment channel {channel!r} is not one of {', '.join(PAYMENT_CHANNELS)}."
        )
    return channel


def payment_qr(bank: tuple[str, str] | None, amount_vnd: int, receipt_no: str) -> bytes | None:
    """The VietQR code for paying `amount_vnd` to the office's account, with the receipt number."""
    if bank is None:
        return None
    return qr_png(vietqr_payload(bank[0], bank[1], amount_vnd, f"Phi CT {receipt_no}"))


def _months_before(year: int, month: int, count: int) -> list[tuple[int, int]]:
    """The `count` months before (year, month), oldest first."""
    months = []
    for _ in range(count):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        months.append((year, month))
    return months[::-1]


def _check_mode(mode: str) -> str:
    if mode != "auto" and mode not in MODES:
        raise BadInputError(f"Mode {mode!r} is not one of auto, {', '.join(MODES)}.")
    return mode


def _pdf_page_images(data: bytes, origin: str) -> Iterator[tuple[bytes, float]]:
    for page in pdf_page_images(data, origin):
        yield page.data, page.dpi


_ID_NUMBER = re.compile(r"^[A-Z0-9]{6,20}$")
_OFFICE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


@dataclass(frozen=True)
class CertifyRequest:
    files: list[Path]  # scanned pages of the original, or empty with `document_id`
    citizen_name: str
    citizen_id: str
    document_title: str
    copies: int = 1
    mode: CopyMode = CopyMode.PAPER_AND_ELECTRONIC
    document_id: int | None = None  # a digitized copy made at intake, used as the original
    payment_channel: str = "cash"  # "cash" | "bank_transfer" | "online_portal"


@dataclass(frozen=True)
class CertifyResult:
    dossier_code: str
    position: BookPosition
    symbol: str
    label: str
    pages: int
    copies: int
    fee_vnd: int
    receipt_no: str
    paper_pdf: Path | None
    electronic_pdf: Path | None
    receipt_pdf: Path


@dataclass(frozen=True)
class BookEntry:
    number: int
    label: str
    certified_at: datetime
    citizen_name: str
    document_title: str
    copies: int
    electronic: bool
    fee_vnd: int


@dataclass(frozen=True)
class BookExport:
    entries: int
    pages: int
    pdf_path: Path


@dataclass(frozen=True)
class BookClosing:
    year: int
    entries: int
    first_number: int | None
    last_number: int | None
    pdf_path: Path


@dataclass(frozen=True)
class VerifyReport:
    signed: bool
    intact: bool | None
    signer: str | None
    label: str | None
    dossier_code: str | None


@dataclass(frozen=True)
class AuditExport:
    entries: int
    signed: bool
    path: Path


@dataclass(frozen=True)
class _Act:
    """What the clerk asked to certify, checked."""

    office: Office
    citizen: Citizen
    title: str
    pages: int
    copies: int
    mode: CopyMode
    document_id: int | None
    payment_channel: str
    bank: tuple[str, str] | None  # (BIN, account) for the VietQR code, when configured


@dataclass(frozen=True)
class _File:
    """A PDF of a certification, before it is stored; `level` for the e-copy."""

    data: bytes
    pages: int
    level: str | None = None


@dataclass(frozen=True)
class _Numbers:
    """What a certification is given under the write lock: time, numbers, fee."""

    now: datetime
    local: datetime
    rules: CertificationRules
    position: BookPosition
    label: str
    day_seq: int
    dossier_code: str
    receipt_seq: int
    receipt_no: str
    quote: FeeQuote
    due: datetime  # office-local, naive
    procedure_id: int | None
    procedure_code: str | None
    download_code: str | None  # the citizen's one-time code for the e-copy, if any


def _read_ecopy(file: Path) -> bytes:
    """An e-copy's bytes, or BadInputError saying why it cannot be checked."""
    try:
        data = file.read_bytes()
    except IsADirectoryError:
        raise BadInputError(f"{file} is a folder; give the e-copy PDF file.") from None
    except OSError as exc:
        raise BadInputError(f"{file} cannot be read ({exc.strerror}).") from exc
    if b"%PDF-" not in data[:1024]:
        raise BadInputError(f"{file} is not a PDF; give the electronic copy's PDF file.")
    return data


def _copy_fields(data: bytes) -> VerifyReport:
    outcome = verify_signatures(data)
    try:
        label, code = copy_metadata(data)
    except Exception:  # a damaged file still gets its signature verdict
        label, code = None, None
    return VerifyReport(
        signed=outcome.signed,
        intact=outcome.intact,
        signer=outcome.signer,
        label=label,
        dossier_code=code,
    )


def _tariff_on(db: sqlite_utils.Database, day: date) -> Tariff:
    """The tariff in force on `day`, among the shipped ones and those the hub published
    (in the order published), as `db` has them: certify reads it under the write lock."""
    published = [
        legal_data.published_tariff(json.loads(data), effective_from)
        for effective_from, data in db.execute(
            "SELECT effective_from, data_json FROM hub_changes WHERE kind = 'tariff' "
            "AND applied_at IS NOT NULL ORDER BY seq"
        )
    ]
    return legal_data.tariff_on(day, published)


def _insert(db: sqlite_utils.Database, table: str, row: dict[str, object]) -> int:
    """Insert one row and return its id."""
    return int(db[table].insert(row).last_pk)


class Desk:
    """One office's desk on one data folder."""

    def __init__(self, home: Home, clock: Clock = utc_now) -> None:
        self.home = home
        self.clock = clock
        self.journal = Journal(home, clock)
        self.signatures = Signatures(self.journal, home, clock)
        self.sync = Sync(self.journal)
        self._dossiers = Dossiers(self.journal)
        self.accounts = Accounts(self.journal)

    @property
    def dossiers(self) -> Dossiers:
        return self._dossiers

    @classmethod
    def open(cls, root: Path, clock: Clock = utc_now) -> "Desk":
        return cls(Home.open(root), clock)

    def close(self) -> None:
        self.lock_tokens()
        self.home.close()

    @property
    def _db(self) -> sqlite_utils.Database:
        return self.home.db.db

    # -- who is acting ------------------------------------------------------------------

    def sign_in(self, username: str | None, password: str | None) -> Actor:
        """Act as this user from now on (the built-in user while there are no accounts)."""
        self.journal.actor = self.accounts.sign_in(username, password)
        return self.journal.actor

    # -- audit trail --------------------------------------------------------------------

    def verify_audit(self) -> ChainReport:
        return audit_log.verify(self._db, self.journal.head)

    def export_audit(self, first: date, last: date, kind: str) -> AuditExport:
        """The trail of first..last (office-local days) as CSV, or as a PDF signed with the
        office's active identity when it has one, for inspectors."""
        if last < first:
            raise BadInputError(f"The period ends ({last:%d/%m/%Y}) before it starts.")
        start, end = stored_day_bounds(first, last)
        entries = list(audit_log.entries(self._db, start, end))
        report = self.verify_audit()
        if kind == "csv":
            return AuditExport(
                len(entries), False, self.home.blobs.put(audit_csv(entries), ".csv").path
            )
        office = self.office()
        now = self.clock()
        heading = AuditHeading(office.name, first, last, now.astimezone(OFFICE_TZ))
        pdf = audit_pdf(heading, entries, report)
        try:
            identity = self.signatures.active("signer")
        except PinNeededError:
            raise  # the desk window asks for the PIN, then exports again
        except CounterDeskError:
            identity = None  # expired or unreadable: the export goes out unsigned
        if identity is not None:
            pdf = identity.loaded.sign(
                pdf,
                SignatureRequest(
                    page_index=pdf_page_count(pdf) - 1,
                    box=SIGNATURE_BOX,
                    reason="Xác thực nhật ký thao tác",
                    location=office.place,
                    stamp=StampText(identity.signer.name, identity.signer.title, office.name),
                    font_file=font_path(),
                    signed_at=now.astimezone(OFFICE_TZ),
                ),
            )
        path = self.home.blobs.put(pdf, ".pdf").path
        return AuditExport(len(entries), identity is not None, path)

    # -- retention ----------------------------------------------------------------------

    def set_retention(self, years: int) -> int:
        self.journal.require("office.set_retention")
        self.office()
        return retention.set_years(self.journal, years)

    def apply_retention(self) -> retention.RetentionResult:
        self.office()
        return retention.apply(self.journal)

    # -- office -------------------------------------------------------------------------

    def init_office(
        self, code: str, name: str, commune: str | None = None, province: str | None = None
    ) -> Office:
        if not _OFFICE_CODE.match(code):
            raise BadInputError(
                f"Office code {code!r} is not valid: use the agency code (letters, digits, "
                "'.', '-', '_'), e.g. H38.12."
            )
        office = Office(
            code=code,
            name=clean_text(name, "office name"),
            commune=clean_text(commune, "commune name") if commune else None,
            province=clean_text(province, "province name") if province else None,
        )
        with self.journal.change("office.init", asdict(office)) as change:
            db, now = change.db, stored_time(change.now)
            change.subject = f"office:{code}"
            existing = list(db.query("SELECT code FROM office WHERE id = 1"))
            if existing and existing[0]["code"] != code:
                raise SetupError(
                    f"{self.home.root} already belongs to office {existing[0]['code']}; "
                    "its code is part of every dossier code and cannot change. "
                    "Use another data folder (--home) for another office."
                )
            if existing:
                db["office"].update(1, {**asdict(office), "updated_at": now})
            else:
                db["office"].insert(
                    {**asdict(office), "id": 1, "created_at": now, "updated_at": now}
                )
            self._dossiers.load_default_catalog(db, change.now)
        return office

    def office(self) -> Office:
        rows = list(self._db.query("SELECT code, name, commune, province FROM office WHERE id = 1"))
        if not rows:
            raise SetupError(
                f"No office is set up in {self.home.root}. Run: counterdesk --home "
                f'"{self.home.root}" init --office-code CODE --office-name NAME'
            )
        return Office(**rows[0])

    # -- identities ---------------------------------------------------------------------

    def create_test_identity(
        self, name: str, title: str, purpose: str = "signer"
    ) -> IdentityResult:
        return self.signatures.create_test(name, title, self.office(), purpose)

    def import_pkcs12(
        self, file: Path, password: str, title: str | None = None, purpose: str = "signer"
    ) -> IdentityResult:
        self.office()
        return self.signatures.import_pkcs12(file, password, title, purpose)

    def add_token_identity(
        self, config: TokenConfig, title: str | None = None, purpose: str = "signer"
    ) -> dict:
        """Register a USB token's key: the certificate paired with it by CKA_ID."""
        self.office()
        return self.signatures.add_token(config, title, purpose)

    def identities(self) -> list[dict]:
        return self.signatures.identities()

    def unlock_token(self, token_label: str, pin: str) -> None:
        """Unlock a USB token for this desk session (the desk window's PIN dialog)."""
        self.signatures.unlock_token(token_label, pin)

    def lock_tokens(self) -> None:
        """Log out of every token this desk unlocked (desk locked, signer gone, closing)."""
        self.signatures.lock_tokens()

    # -- sync -------------------------------------------------------------------------------

    def enrol_with_hub(self, hub_url: str, code: str, desk_name: str) -> dict[str, str]:
        """Enrol this desk with the hub, for this office only."""
        self.journal.require("sync.enrol")
        return self.sync.enrol(hub_url, code, desk_name, self.office().code)

    def run_sync(self, should_stop: Callable[[], bool] = lambda: False) -> SyncReport:
        """Send to the hub what is unsent, then apply what came down from it and is due.

        Changes are applied on their effective day, by the first sync from then on; those
        due together in the order of their dates, so that the latest catalog or office
        hours are the ones left in force. A tariff is taken in as soon as it arrives: it
        carries its date and stands among the shipped versions until then (`tariff_on`),
        so a desk that does not sync that day still charges it, and a malformed one is
        reported while it can still be corrected. A change that cannot be applied is
        reported in `errors` and tried again by the next sync.
        """
        report = self.sync.run(should_stop)
        today = self.clock().astimezone(OFFICE_TZ).date().isoformat()
        due = [
            change
            for change in self.sync.unapplied_changes()
            if change.kind in _TAKEN_IN_AHEAD
            or not change.effective_from
            or change.effective_from <= today
        ]
        for change in sorted(due, key=lambda c: (c.effective_from or "", c.seq)):
            try:
                applied = self._apply_hub_change(change)
            except CounterDeskError as exc:
                report.errors.append(f"change {change.seq} ({change.kind}): {exc.message}")
                continue
            if applied:
                self.sync.mark_applied(change.seq)
                report.applied_changes += 1
        return report

    def _apply_hub_change(self, change: HubChange) -> bool:
        """Apply one change published by the hub; False for a kind this desk does not know
        (kept: a later release may)."""
        kind, data = change.kind, change.data
        if kind not in ("dossier_returned", "holidays", "office", "tariff", "catalog"):
            return False
        if not isinstance(data, dict):
            raise BadInputError(f"its data is {json.dumps(data)[:60]}, not a JSON object")
        if kind == "dossier_returned":
            if not isinstance(data.get("dossier_code"), str):
                raise BadInputError("it does not name the dossier returned (dossier_code)")
            code = data["dossier_code"]
            returned = self._db.execute(
                "SELECT returned_at FROM dossiers WHERE code = ?", [code]
            ).fetchone()
            if returned is None:
                raise BadInputError(f"the dossier {code} is not in this desk's records")
            if returned[0] is None:
                self._dossiers.act(code, Action.RETURN, None, "electronic")
            return True
        if kind == "holidays":
            published_overrides([data])  # refuses malformed days before they count
            with self._applying(change):
                pass  # read back by the office calendar
        elif kind == "office":
            hours = format_hours(parse_hours(str(data["hours"]))) if "hours" in data else None
            with self._applying(change) as applying:
                if hours is not None:
                    applying.db.execute("UPDATE office SET hours = ? WHERE id = 1", [hours])
        elif kind == "tariff":
            legal_data.published_tariff(data, change.effective_from)  # refused if malformed
            with self._applying(change):
                pass  # read back by tariff_on
        else:
            procedures = procedures_from_data(data, "The catalog")
            with self._applying(change) as applying:
                self._dossiers.take_in_catalog(applying, procedures)
        return True

    @contextmanager
    def _applying(self, change: HubChange) -> Iterator[Change]:
        """The audited change that applies a hub change (its data as the inputs)."""
        inputs = {"seq": change.seq, "kind": change.kind, **change.data}
        with self.journal.change("hub.apply", inputs) as applying:
            applying.subject = f"hub-change:{change.seq}"
            yield applying

    # -- fees ---------------------------------------------------------------------------

    def quote_fee(self, pages: int, copies: int = 1, electronic_only: bool = False) -> FeeQuote:
        if pages < 1:
            raise BadInputError("The number of pages must be at least 1.")
        if not 1 <= copies <= MAX_COPIES:
            raise BadInputError(f"The number of copies must be between 1 and {MAX_COPIES}.")
        mode = CopyMode.ELECTRONIC_ONLY if electronic_only else CopyMode.PAPER
        today = self.clock().astimezone(OFFICE_TZ).date()
        return quote_fee(pages, copies, mode, self.tariff_on(today))

    def tariff_on(self, day: date) -> Tariff:
        """The fee tariff in force on `day` (office-local): the shipped versions and those
        the hub published, a published one replacing the version of the same date."""
        return _tariff_on(self._db, day)

    # -- certification ------------------------------------------------------------------

    def certify_copies(self, request: CertifyRequest) -> CertifyResult:
        """Certify copies of one original: paper copy, e-copy, one book number, one fee.

        The numbers are taken, the PDFs made and signed, and everything recorded while
        this process holds the database's write lock, in one transaction: a failure or
        a killed process leaves no book number used, no fee recorded, no file behind.
        """
        self.journal.require("certify")
        office = self.office()
        citizen = Citizen(
            full_name=clean_text(request.citizen_name, "citizen's name", 100),
            id_number=self._clean_id_number(request.citizen_id),
        )
        title = clean_text(request.document_title, "document title")
        if not 1 <= request.copies <= MAX_COPIES:
            raise BadInputError(f"The number of copies must be between 1 and {MAX_COPIES}.")
        originals = read_originals(self._original_files(request))
        # The guards talk to the TSA and the CAs: before the write lock, not under it.
        plan = self.signatures.prepare()
        act = _Act(
            office=office,
            citizen=citizen,
            title=title,
            pages=sum(o.pages for o in originals),
            copies=1 if request.mode is CopyMode.ELECTRONIC_ONLY else request.copies,
            mode=request.mode,
            document_id=request.document_id,
            payment_channel=_check_channel(request.payment_channel),
            bank=self._bank_account(),
        )
        inputs = {
            "citizen_name": citizen.full_name,
            "citizen_id": citizen.id_number,
            "title": title,
            "originals": [file_sha256(o.path) for o in originals],
            "copies": act.copies,
            "mode": act.mode.value,
            "document_id": act.document_id,
            "payment": act.payment_channel,
        }
        written: list[Blob] = []
        try:
            with self.journal.change("certify", inputs) as change:
                numbers = self._allocate(change.db, act, change.now)
                change.subject = f"dossier:{numbers.dossier_code} book:{numbers.label}"
                files = self._produce(act, numbers, originals, plan)
                paths = self._record(change.db, act, numbers, plan.signer, files, written)
        except BaseException as exc:
            self.home.blobs.discard(written)
            if isinstance(exc, IdentityError):  # a token error ends its session
                self.signatures.forget(plan.signer)
                if plan.organisation is not None:
                    self.signatures.forget(plan.organisation)
            raise
        return CertifyResult(
            dossier_code=numbers.dossier_code,
            position=numbers.position,
            symbol=numbers.rules.book_symbol,
            label=numbers.label,
            pages=act.pages,
            copies=act.copies,
            fee_vnd=numbers.quote.amount_vnd,
            receipt_no=numbers.receipt_no,
            paper_pdf=paths.get("paper_copy"),
            electronic_pdf=paths.get("electronic_copy"),
            receipt_pdf=paths["receipt"],
        )

    def _allocate(self, db: sqlite_utils.Database, act: "_Act", now: datetime) -> "_Numbers":
        """Book position, dossier code, receipt number and fee, read under the write lock."""
        local = now.astimezone(OFFICE_TZ)
        day = local.date()
        rules = legal_data.certification_rules_on(day)
        numbering = legal_data.numbering_on(day)
        if list(
            db.query(
                "SELECT 1 FROM book_closings WHERE book = ? AND year = ?",
                [rules.book_symbol, local.year],
            )
        ):
            raise SetupError(
                f"The {local.year} certification book is closed; nothing more can be entered "
                "in it. Check the computer's date."
            )
        position = next_position(
            self._last_position(db, rules.book_symbol), local.year, rules.volume_capacity
        )
        code, day_seq = self._dossiers.new_code(db, act.office, day)
        procedure_id, procedure_code = self._dossiers.copy_procedure(db)
        naive = local.replace(tzinfo=None)
        receipt_seq = self._next_seq(db, "fees", "year", local.year)
        return _Numbers(
            now=now,
            local=local,
            rules=rules,
            position=position,
            label=book_label(rules.label, position, rules.book_symbol),
            day_seq=day_seq,
            dossier_code=code,
            due=due_time(naive, COPY_RULE, self._dossiers.calendar_for(naive)),
            procedure_id=procedure_id,
            procedure_code=procedure_code,
            receipt_seq=receipt_seq,
            receipt_no=receipt_number(numbering, local.year, receipt_seq),
            quote=quote_fee(act.pages, act.copies, act.mode, _tariff_on(db, day)),
            download_code=download_codes.new_code() if act.mode.electronic else None,
        )

    def _produce(
        self, act: "_Act", numbers: "_Numbers", originals: list[Original], plan: SigningPlan
    ) -> dict[str, "_File"]:
        """The PDFs of the act by document role."""
        office, local = act.office, numbers.local
        signer = plan.signer.signer
        statement = make_statement(
            numbers.rules, numbers.label, office.place, local.date(), signer.name, signer.title
        )
        copy = build_certified_copy(
            originals,
            statement,
            CopyDetails(act.title, numbers.label, numbers.dossier_code, office.name, numbers.now),
        )
        receipt = build_receipt(
            ReceiptDetails(
                numbers.receipt_no,
                office,
                act.citizen,
                numbers.dossier_code,
                act.title,
                numbers.label,
                numbers.quote,
                local,
                act.payment_channel,
                payment_qr(act.bank, numbers.quote.amount_vnd, numbers.receipt_no),
                self._download(numbers),
            )
        )
        files = {"receipt": _File(receipt, 1)}
        # Order: copy, e-copy signed, its hash, then the paper copy with a QR code of that
        # hash; the e-copy is the copy without the code (see domain/copy_qr.py).
        signed = None
        if act.mode.electronic:
            reasons = {
                "signer": numbers.rules.signature_reason,
                "organisation": numbers.rules.organisation_signature_reason,
            }
            signed = self.signatures.sign_ecopy(plan, copy, office, reasons, local)
        if act.mode.paper:
            paper = copy.pdf
            if signed is not None:
                sha256 = hashlib.sha256(signed.pdf).hexdigest()
                hub = self.sync.hub_url()
                text = (
                    verify_url(hub, office.code, sha256)
                    if hub
                    else make_payload(office.code, numbers.label, sha256)
                )
                paper = with_copy_qr(copy, qr_png(text))
            files["paper_copy"] = _File(paper, copy.pages)
        if signed is not None:
            files["electronic_copy"] = _File(signed.pdf, copy.pages, signed.level)
        return files

    def _download(self, numbers: "_Numbers") -> EcopyDownload | None:
        """The citizen's code to fetch the e-copy from the hub, as the receipt shows it."""
        if numbers.download_code is None:
            return None
        hub = self.sync.hub_url()
        qr = qr_png(f"{hub.rstrip('/')}/d/?code={numbers.download_code}") if hub else None
        expires = (numbers.local + download_codes.VALID_FOR).date()
        return EcopyDownload(numbers.download_code, expires, qr)

    def _record(
        self,
        db: sqlite_utils.Database,
        act: "_Act",
        numbers: "_Numbers",
        identity: ActiveIdentity,
        files: dict[str, "_File"],
        written: list[Blob],
    ) -> dict[str, Path]:
        stamp = stored_time(numbers.now)
        citizen_id = upsert_citizen(db, act.citizen, stamp)
        dossier_id = _insert(
            db,
            "dossiers",
            {
                "code": numbers.dossier_code,
                "local_day": numbers.local.date().isoformat(),
                "seq": numbers.day_seq,
                "citizen_id": citizen_id,
                "procedure": PROCEDURE_CERTIFY_COPY,
                "procedure_code": numbers.procedure_code,
                "procedure_id": numbers.procedure_id,
                "received_at": stamp,
                "state": State.FINISHED.value,
                "due_at": to_stored(numbers.due),
                "legal_due_at": to_stored(numbers.due),
                "finished_at": stamp,
                "electronic_result": int(act.mode.electronic),
                "received_by": self.journal.actor.username,
                "finished_by": self.journal.actor.username,
            },
        )
        record_event(
            db,
            dossier_id,
            numbers.now,
            "certify",
            None,
            State.FINISHED,
            numbers.label,
            {},
            self.journal.actor.username,
        )
        if act.document_id is not None:
            # The digitized original belongs to this dossier now: it counts as digitized.
            db.execute(
                "UPDATE digitized_documents SET dossier_id = ?, citizen_id = ? "
                "WHERE id = ? AND dossier_id IS NULL",
                [dossier_id, citizen_id, act.document_id],
            )
        paths = {}
        for role, file in files.items():
            blob = self.home.blobs.put(file.data, ".pdf")
            written.append(blob)
            paths[role] = blob.path
            _insert(
                db,
                "documents",
                {
                    "dossier_id": dossier_id,
                    "role": role,
                    "title": act.title,
                    "sha256": blob.sha256,
                    "suffix": blob.suffix,
                    "size": blob.size,
                    "pages": file.pages,
                    "created_at": stamp,
                    "level": file.level,
                    "signed_sha256": blob.sha256 if file.level else None,
                },
            )
        if numbers.download_code is not None:
            _insert(
                db,
                "download_codes",
                {
                    "dossier_id": dossier_id,
                    "code_sha256": download_codes.code_sha256(numbers.download_code),
                    "expires_at": stored_time(numbers.now + download_codes.VALID_FOR),
                    "created_at": stamp,
                },
            )
        position = numbers.position
        entry_id = _insert(
            db,
            "book_entries",
            {
                "book": numbers.rules.book_symbol,
                "year": position.year,
                "number": position.number,
                "volume": position.volume,
                "entries_in_volume": position.entries_in_volume,
                "label": numbers.label,
                "certified_at": stamp,
                "dossier_id": dossier_id,
                "citizen_id": citizen_id,
                "citizen_name": act.citizen.full_name,
                "document_title": act.title,
                "pages": act.pages,
                "copies": act.copies,
                "paper": int(act.mode.paper),
                "electronic": int(act.mode.electronic),
                "signer_name": identity.signer.name,
                "signer_title": identity.signer.title,
                "identity_id": identity.id,
                "certified_by": self.journal.actor.username,
            },
        )
        _insert(
            db,
            "fees",
            {
                "receipt_no": numbers.receipt_no,
                "year": numbers.local.year,
                "seq": numbers.receipt_seq,
                "dossier_id": dossier_id,
                "book_entry_id": entry_id,
                "amount_vnd": numbers.quote.amount_vnd,
                "lines_json": json.dumps(
                    [asdict(line) for line in numbers.quote.lines], ensure_ascii=False
                ),
                "tariff_id": numbers.quote.tariff_id,
                "collected_at": stamp,
                "payment_channel": act.payment_channel,
            },
        )
        return paths

    def _original_files(self, request: CertifyRequest) -> list[Path]:
        if request.document_id is None:
            return request.files
        if request.files:
            raise BadInputError("Give either scanned files or a digitized document, not both.")
        return [self.digitized_pdf(request.document_id)]

    @staticmethod
    def _clean_id_number(value: str) -> str:
        number = "".join(value.split()).upper()
        if not _ID_NUMBER.match(number):
            raise BadInputError(
                "The ID number is not valid: give the 12-digit citizen ID (CCCD) "
                "or the passport number, letters and digits only."
            )
        return number

    @staticmethod
    def _last_position(db: sqlite_utils.Database, book: str) -> BookPosition | None:
        rows = list(
            db.query(
                "SELECT year, number, volume, entries_in_volume FROM book_entries "
                "WHERE book = ? ORDER BY year DESC, number DESC LIMIT 1",
                [book],
            )
        )
        return BookPosition(**rows[0]) if rows else None

    @staticmethod
    def _next_seq(db: sqlite_utils.Database, table: str, column: str, value: object) -> int:
        row = db.execute(
            f"SELECT COALESCE(MAX(seq), 0) + 1 FROM {table} WHERE {column} = ?", [value]
        ).fetchone()
        return int(row[0])

    # -- digitization at intake ---------------------------------------------------------

    def digitize_files(
        self,
        paths: list[Path],
        mode: str = "auto",
        dossier_code: str | None = None,
        title: str | None = None,
    ) -> DigitizeResult:
        """Digitize image and PDF files as one document."""
        self.journal.require("document.digitize")
        if not paths:
            raise BadInputError("No files given: name the scanned files or photos.")
        source = FileSource(paths, read_pdf=_pdf_page_images)
        return self.digitize(
            DigitizeRequest(
                pages=source.pages(),
                title=clean_text(title or paths[0].stem, "document title"),
                mode=_check_mode(mode),
                dossier_code=dossier_code,
                source=source.info.id,
                input_sha256=files_identity(paths, mode),
            )
        )

    def digitize_from(
        self,
        source: Source,
        mode: str = "auto",
        dossier_code: str | None = None,
        title: str | None = None,
    ) -> DigitizeResult:
        """Digitize what a scanner or camera delivers as one document."""
        self.journal.require("document.digitize")
        default_title = f"Tài liệu số hóa {self.clock().astimezone(OFFICE_TZ):%d/%m/%Y %H:%M}"
        return self.digitize(
            DigitizeRequest(
                pages=source.pages(),
                title=clean_text(title or default_title, "document title"),
                mode=_check_mode(mode),
                dossier_code=dossier_code,
                source=source.info.id,
            )
        )

    def digitize(self, request: DigitizeRequest) -> DigitizeResult:
        return digitize(self.journal, request)

    def digitized_pdf(self, document_id: int) -> Path:
        rows = list(
            self._db.query(
                "SELECT sha256, suffix, removed_at FROM digitized_documents WHERE id = ?",
                [document_id],
            )
        )
        if not rows:
            raise BadInputError(
                f"No digitized document has the id {document_id}; check the number `scan` gave."
            )
        if rows[0]["removed_at"]:
            raise BadInputError(
                f"The digitized document {document_id} was removed on "
                f"{local_time(rows[0]['removed_at']):%d/%m/%Y} at the end of its retention "
                "period; scan the original again."
            )
        return self.home.blobs.path(rows[0]["sha256"], rows[0]["suffix"])

    def watched_file_taken(self, path: Path) -> bool:
        return bool(
            list(
                self._db.query(
                    "SELECT 1 FROM watched_files WHERE folder = ? AND name = ? AND sha256 = ?",
                    [str(path.parent), path.name, file_sha256(path)],
                )
            )
        )

    def take_watched_file(
        self, path: Path, mode: str = "auto", dossier_code: str | None = None
    ) -> DigitizeResult:
        """Digitize a finished file of a watched folder and remember it was taken.

        A file whose content is bad is remembered too, so it is reported once, not at
        every poll; a file that vanished (folder unplugged) is not: it is taken when back.
        """
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise BadInputError(
                f"{path} is gone before it could be taken; it will be taken when it is back."
            ) from exc
        watched = WatchedFile(path, size, file_sha256(path))
        self.journal.require("document.digitize")
        try:
            source = FileSource([path], read_pdf=_pdf_page_images)
            return self.digitize(
                DigitizeRequest(
                    pages=source.pages(),
                    title=clean_text(path.stem, "document title"),
                    mode=_check_mode(mode),
                    dossier_code=dossier_code,
                    source=source.info.id,
                    input_sha256=files_identity([path], mode),
                    watched=watched,
                )
            )
        except BadInputError:
            if path.exists():
                inputs = {"name": path.name, "sha256": watched.sha256}
                with self.journal.change("watch.reject", inputs) as change:
                    change.subject = f"file:{watched.sha256[:16]}"
                    record_watched(change.db, watched, None, change.now)
            raise

    @staticmethod
    def read_id_card(file: Path) -> CitizenCard:
        """The citizen's details from the QR code on a CCCD, in a scan or photo."""
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise BadInputError(f"{file} cannot be read ({exc.strerror}).") from exc
        texts = read_qr_texts(decode_image(data, str(file)))
        if not texts:
            raise BadInputError(
                f"No QR code could be read in {file}. Photograph or scan the back of the "
                "card flat, in focus and without glare, or type the details."
            )
        return parse_cccd_payload(texts[0])

    # -- book and verification ----------------------------------------------------------

    def book_entries(self, year: int | None = None) -> list[BookEntry]:
        sql = (
            "SELECT b.number, b.label, b.certified_at, b.citizen_name, b.document_title, "
            "b.copies, b.electronic, f.amount_vnd AS fee_vnd FROM book_entries b "
            "JOIN fees f ON f.book_entry_id = b.id"
        )
        params: list[object] = []
        if year is not None:
            sql += " WHERE b.year = ?"
            params.append(year)
        sql += " ORDER BY b.year, b.number"
        return [
            BookEntry(
                number=row["number"],
                label=row["label"],
                certified_at=local_time(row["certified_at"]),
                citizen_name=row["citizen_name"],
                document_title=row["document_title"],
                copies=row["copies"],
                electronic=bool(row["electronic"]),
                fee_vnd=row["fee_vnd"],
            )
            for row in self._db.query(sql, params)
        ]

    # -- dossiers at the counter ---------------------------------------------------------

    def receive_dossier(
        self,
        procedure_code: str,
        citizen_name: str,
        citizen_id: str,
        online: bool,
        online_eligible: bool,
        documents: list[str],
    ) -> tuple[DossierView, Path]:
        """Receive a dossier: due time computed, receipt and appointment slip printed."""
        self.journal.require("dossier.receive")
        citizen = Citizen(
            clean_text(citizen_name, "citizen's name", 100), self._clean_id_number(citizen_id)
        )
        view, slip = self._dossiers.receive(
            self.office(), citizen, procedure_code, online, online_eligible, documents
        )
        return view, self.home.blobs.put(slip, ".pdf").path

    def move_dossier(
        self, code: str, action: str, reason: str | None, channel: str | None
    ) -> tuple[DossierView, Path | None]:
        """Advance, supplement, resume, refuse, stop or return; prints the form the move needs."""
        self.journal.require(f"dossier.{action}")
        basis = None
        if action == "refuse" and reason:
            reason, basis = legal_data.refusal_on(self._dossiers.now_local().date(), reason)
        view = self._dossiers.act(code, Action(action), reason, channel)
        office = self.office()
        dossier = self._dossiers.form_dossier(view, [])
        now = self._dossiers.now_local()
        text = reason or ""
        printed = {
            "supplement": lambda: forms.supplement_request(
                office,
                dossier,
                forms.SupplementRequest(items=(text,), reason=text, issued_at=now),
            ),
            "refuse": lambda: forms.refusal(
                office,
                dossier,
                forms.Refusal(legal_basis=basis or "", reason=text, issued_at=now),
            ),
            "stop": lambda: forms.stop_notice(
                office,
                dossier,
                forms.StopNotice(reason=text, issued_at=now, signer=self._form_signer()),
            ),
        }.get(action)
        if printed is None:
            return view, None
        return view, self.home.blobs.put(printed(), ".pdf").path

    def _bank_account(self) -> tuple[str, str] | None:
        row = self._db.execute("SELECT bank_bin, bank_account FROM office WHERE id = 1").fetchone()
        return (row[0], row[1]) if row and row[0] and row[1] else None

    def _form_signer(self) -> Signer:
        """Who signs the office's letters: the configured signer, else a blank to sign."""
        return self.signatures.named("signer") or Signer(name="", title="Thủ trưởng cơ quan")

    def control_sheet(self, code: str) -> Path:
        view = self._dossiers.show(code)
        steps = tuple(
            forms.ControlStep(
                step=e.action,
                handler=e.actor,
                handed_at=e.at,
                due_at=view.due_at or e.at,
                outcome=e.to_state,
            )
            for e in view.events
        )
        pdf = forms.control_sheet(self.office(), self._dossiers.form_dossier(view, []), steps)
        return self.home.blobs.put(pdf, ".pdf").path

    def tracking_book(self, year: int, month: int) -> tuple[int, Path]:
        """Mẫu số 07, the dossier tracking book, for the dossiers received in a month."""
        first, last = month_days(year, month)
        views = self._dossiers.received_between(first, last)
        entries = [
            forms.BookEntry(
                code=v.code,
                citizen_name=v.citizen_name,
                citizen_address=None,
                procedure_name=v.procedure_name,
                received_at=v.received_at,
                due_at=v.due_at or v.received_at,
                finished_at=v.finished_at,
                returned_at=v.returned_at,
                note=v.state if v.state in ("refused", "stopped") else "",
            )
            for v in views
        ]
        pdf = forms.tracking_book(self.office(), first, last, entries)
        return len(entries), self.home.blobs.put(pdf, ".pdf").path

    def report_late(
        self, code: str, reason: str, remedy: str, new_due: datetime
    ) -> tuple[DossierView, Path]:
        view, letter = self._dossiers.report_late(
            self.office(), self._form_signer(), code, reason, remedy, new_due
        )
        return view, self.home.blobs.put(letter, ".pdf").path

    def indicators(
        self, year: int, month: int, with_report: bool = False
    ) -> tuple[Indicators, Path | None]:
        current = self._dossiers.indicators(year, month)
        if not with_report:
            return current, None
        history = [self._dossiers.indicators(y, m) for y, m in _months_before(year, month, 11)]
        pdf = indicator_report(
            self.office().name, f"Tháng {month:02d}/{year}", current, [*history, current]
        )
        return current, self.home.blobs.put(pdf, ".pdf").path

    def set_bank_account(self, bank_bin: str, account: str, name: str) -> None:
        self.journal.require("office.set_bank")
        vietqr_payload(bank_bin, account, 1000, "kiem tra")  # validates before storing
        self.office()
        inputs = {"bin": bank_bin, "account": account, "name": name}
        with self.journal.change("office.set_bank", inputs) as change:
            db = change.db
            change.subject = "office"
            db["office"].update(
                1,
                {
                    "bank_bin": bank_bin,
                    "bank_account": account,
                    "bank_account_name": clean_text(name, "account name"),
                },
            )

    def export_book_month(self, year: int, month: int) -> BookExport:
        """The monthly printout of the electronic register, to bind (Decree 23/2015 Art. 13(3))."""
        month_days(year, month)  # refuses a month that does not exist
        office = self.office()
        entries = [e for e in self._book_rows(year) if e["local"].month == month]
        volumes = sorted({e["volume"] for e in entries}) or [1]
        symbol = legal_data.certification_rules_on(date(year, month, 1)).book_symbol
        label = "Quyển số: " + ", ".join(f"{v:02d}/{year}-{symbol}" for v in volumes)
        rows = [
            BookRow(
                e["number"],
                e["local"],
                e["citizen_name"],
                e["document_title"],
                e["copies"],
                f"{e['signer_name']}, {e['signer_title']}",
                e["fee_vnd"],
                "Bản điện tử" if e["electronic"] else "",
            )
            for e in entries
        ]
        pdf = monthly_printout(BookHeading(office.name, label), year, month, rows)
        blob = self.home.blobs.put(pdf, ".pdf")
        return BookExport(len(rows), pdf_page_count(pdf), blob.path)

    def close_book(self, year: int) -> BookClosing:
        """Close the year's book with its count, signed by the active signer (Art. 13(1))."""
        self.journal.require("book.close")
        office = self.office()
        identity = self.signatures.required_signer()
        symbol = legal_data.certification_rules_on(date(year, 12, 31)).book_symbol
        with self.journal.change("book.close", {"year": year, "book": symbol}) as change:
            db, now = change.db, change.now
            change.subject = f"book:{year}-{symbol}"
            closed = list(
                db.query(
                    "SELECT closed_at FROM book_closings WHERE book = ? AND year = ?",
                    [symbol, year],
                )
            )
            if closed:
                raise BadInputError(
                    f"The {year} book was already closed on "
                    f"{local_time(closed[0]['closed_at']):%d/%m/%Y}."
                )
            count, first, last = db.execute(
                "SELECT COUNT(*), MIN(number), MAX(number) FROM book_entries WHERE book = ? "
                "AND year = ?",
                [symbol, year],
            ).fetchone()
            pdf = closing_page(
                BookHeading(office.name, f"Quyển sổ năm {year} ({symbol})"),
                year,
                now.astimezone(OFFICE_TZ).date(),
                count,
                first,
                last,
                identity.signer.name,
                identity.signer.title,
            )
            blob = self.home.blobs.put(pdf, ".pdf")
            _insert(
                db,
                "book_closings",
                {
                    "book": symbol,
                    "year": year,
                    "entries": count,
                    "last_number": last,
                    "signer_name": identity.signer.name,
                    "signer_title": identity.signer.title,
                    "closed_at": stored_time(now),
                },
            )
        return BookClosing(year, count, first, last, blob.path)

    def _book_rows(self, year: int) -> list[dict[str, object]]:
        rows = []
        for row in self._db.query(
            "SELECT b.number, b.volume, b.certified_at, b.citizen_name, b.document_title, "
            "b.copies, b.electronic, b.signer_name, b.signer_title, f.amount_vnd AS fee_vnd "
            "FROM book_entries b JOIN fees f ON f.book_entry_id = b.id WHERE b.year = ? "
            "ORDER BY b.number",
            [year],
        ):
            rows.append({**row, "local": local_time(row["certified_at"])})
        return rows

    @staticmethod
    def verify_copy(file: Path) -> VerifyReport:
        return _copy_fields(_read_ecopy(file))

    def verify_copy_report(self, file: Path, allow_fetching: bool = False) -> dict[str, object]:
        """The full verdict on an e-copy, ours or another commune's (`verify FILE --json`).

        Trust comes from the roots in the data folder's `trust/` folder (the national and
        licensed CAs' roots, as PEM) and the TEST CAs this desk made; a copy whose signer
        cannot be traced to one, or whose revocation cannot be checked, is "indeterminate",
        never a green tick. `in_our_book` says whether our book has its entry (None for
        another office's copy).
        """
        data = _read_ecopy(file)
        old = _copy_fields(data)
        report = verify_report(data, self.signatures.trust_roots(), allow_fetching)
        certification = report["certification"]
        report["in_our_book"] = self._in_our_book(
            certification.get("label"), certification.get("dossier_code")
        )
        return {
            "signed": old.signed,
            "intact": old.intact,
            "signer": old.signer,
            "label": old.label,
            "dossier_code": old.dossier_code,
            **report,
        }

    def _in_our_book(self, label: object, dossier_code: object) -> bool | None:
        if not isinstance(label, str) or not isinstance(dossier_code, str):
            return None
        try:
            ours = dossier_code.startswith(f"{self.office().code}-")
        except SetupError:
            return None
        if not ours:
            return None
        row = self._db.execute(
            "SELECT 1 FROM book_entries b JOIN dossiers d ON d.id = b.dossier_id "
            "WHERE b.label = ? AND d.code = ?",
            [label, dossier_code],
        ).fetchone()
        return row is not None

    def verify_qr(self, image_path: Path, ecopy: Path | None = None) -> dict[str, object]:
        """Check a paper certified copy against its e-copy, from a photo or scan of the QR
        code on its statement page: is the act in our book, with an e-copy of that hash?
        With `ecopy` (any office's), also: is that file the e-copy the code names, as
        certified or upgraded since (`ecopy_matches`)?

        `in_our_book` and `ecopy_found` are None when the code is another office's: only
        that office's book can answer.
        """
        code = parse_payload(self._read_copy_qr(image_path))
        result: dict[str, object] = {
            "office": code.office,
            "label": code.label,
            "ecopy_sha256": code.ecopy_sha256,
            "in_our_book": None,
            "ecopy_found": None,
            "ecopy_matches": None,
            "verdict": "not_ours",
        }
        if ecopy is not None:
            result["ecopy_matches"] = code.ecopy_sha256 in revision_hashes(_read_ecopy(ecopy))
        if code.office != self.office().code:
            return result
        if code.label is None:  # the hub-address form names the e-copy only
            row = self._db.execute(
                "SELECT b.label FROM book_entries b JOIN documents d ON d.dossier_id = "
                "b.dossier_id WHERE d.role = 'electronic_copy' AND d.signed_sha256 = ?",
                [code.ecopy_sha256],
            ).fetchone()
            result["label"] = row[0] if row else None
            result["in_our_book"] = result["ecopy_found"] = row is not None
            result["verdict"] = "matches" if row else "no_match"
            return result
        in_book, found = self._db.execute(
            "SELECT EXISTS (SELECT 1 FROM book_entries WHERE label = :label), "
            "EXISTS (SELECT 1 FROM book_entries b JOIN documents d ON d.dossier_id = "
            "b.dossier_id WHERE b.label = :label AND d.role = 'electronic_copy' "
            "AND d.signed_sha256 = :sha256)",
            {"label": code.label, "sha256": code.ecopy_sha256},
        ).fetchone()
        result["in_our_book"] = bool(in_book)
        result["ecopy_found"] = bool(found)
        result["verdict"] = "matches" if found else "no_match"
        return result

    @staticmethod
    def _read_copy_qr(file: Path) -> str:
        """The text of the certified-copy QR code in an image, or of its first QR code."""
        try:
            data = file.read_bytes()
        except IsADirectoryError:
            raise BadInputError(
                f"{file} is a folder; give a scan or photo of the paper copy's last page."
            ) from None
        except OSError as exc:
            raise BadInputError(f"{file} cannot be read ({exc.strerror}).") from exc
        if data.startswith(b"%PDF-"):
            raise BadInputError(
                f"{file} is a PDF; give an image (JPEG, PNG, TIFF) of the paper copy's last "
                "page, scanned or photographed."
            )
        image = decode_image(data, str(file))
        try:
            texts = read_qr_texts(image)
        except BadInputError as exc:  # its message speaks of ID cards
            raise BadInputError(
                f"The QR code in {file} could not be read as a certified copy's code. Scan "
                "the paper copy's last page flat at 200 dpi or more, or photograph the code "
                "closer, in focus and in even light."
            ) from exc
        if not texts:
            raise BadInputError(
                f"No QR code could be read in {file}. Scan the last page of the paper copy "
                "(the QR code is left of the statement) flat at 200 dpi or more, or "
                "photograph the code closer, in focus and in even light."
            )
        ours = (text for text in texts if text.startswith(QR_MARK) or "/v/" in text)
        return next(ours, texts[0])
