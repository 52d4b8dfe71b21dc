"""The office's signatures: who signs, the checks before signing, and long-term validity.

- Identities: the official's certificate (`signer`) and, when configured, the office's
  own (`organisation`, the second signature, over the first; provincial practice for
  e-copies). Each is a PKCS#12 file in the data folder or a key on a USB token
  (PKCS#11). A token's PIN opens its session once per desk session; the PIN itself is
  not kept.
- Settings (office data): the RFC 3161 time-stamping service, and whether certificates
  are checked with their CA's OCSP responder or CRL before signing.
- `prepare` runs the guards (validity, key usage, revocation, desk clock against the
  TSA's) before a certification takes the database's write lock: they talk to the
  network. `sign_ecopy` then signs at B-T when the TSA answered, else at B-B.
- `upgrade` takes the e-copies below B-LTA to B-LTA once the network is back: a
  document time-stamp for those signed offline, the revocation data (DSS), and an
  archive time-stamp. The file grows by incremental updates, so the bytes certified
  (whose SHA-256 the paper copy's QR code carries) stay its prefix.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlite_utils

from counterdesk.documents.certified_copy import CertifiedCopy, SignatureSpot
from counterdesk.documents.fonts import font_path
from counterdesk.domain.records import Office, Signer
from counterdesk.domain.text import clean_text
from counterdesk.errors import (
    BadInputError,
    CounterDeskError,
    IdentityError,
    OfflineError,
    PinNeededError,
    SetupError,
)
from counterdesk.signing.identities import CertificateInfo, create_test_identity, read_pkcs12
from counterdesk.signing.levels import (
    Level,
    TimeStamper,
    check_before_signing,
    check_revocation,
    timestamper,
    tsa_time,
    upgrade_to_lta,
)
from counterdesk.signing.pades import LoadedSigner, SignatureRequest, StampText
from counterdesk.signing.tokens import TokenConfig, TokenSigner, open_token_signer
from counterdesk.signing.trust_report import load_certificates
from counterdesk.store.files import write_atomic
from counterdesk.store.home import Home
from counterdesk.store.journal import Journal
from counterdesk.store.times import stored_time

Clock = Callable[[], datetime]
PURPOSES = ("signer", "organisation")
_DEFAULT_TITLE = {"signer": "Người thực hiện chứng thực", "organisation": "Cơ quan chứng thực"}
# Signature field names, one per signature: the official's, then the office's.
_FIELDS = {"signer": "ChungThuc", "organisation": "CoQuan"}
TARGET_LEVEL: Level = "B-LTA"


@dataclass(frozen=True)
class IdentityResult:
    p12_path: Path
    ca_cert_path: Path | None
    subject: str


@dataclass(frozen=True)
class SigningSettings:
    tsa_url: str | None
    check_revocation: bool


@dataclass(frozen=True)
class ActiveIdentity:
    id: int
    purpose: str
    signer: Signer
    loaded: LoadedSigner


@dataclass(frozen=True)
class SigningPlan:
    """Who signs an e-copy, checked, and the TSA to time-stamp with (None: offline)."""

    signer: ActiveIdentity
    organisation: ActiveIdentity | None
    stamper: TimeStamper | None
    checked_at: datetime


@dataclass(frozen=True)
class SignedCopy:
    pdf: bytes
    level: Level


@dataclass(frozen=True)
class FailedUpgrade:
    label: str
    reason: str


@dataclass(frozen=True)
class UpgradeReport:
    upgraded: int
    pending: int
    failed: list[FailedUpgrade]


def _check_purpose(purpose: str) -> str:
    if purpose not in PURPOSES:
        raise BadInputError(f"Unknown identity purpose {purpose!r}: signer or organisation.")
    return purpose


def _who(purpose: str) -> str:
    return "the office's organisation certificate" if purpose == "organisation" else "signer"


class Signatures:
    """One office's signing identities, settings and e-copy levels."""

    def __init__(self, journal: Journal, home: Home, clock: Clock) -> None:
        self.journal = journal
        self.home = home
        self.clock = clock
        self._cache: dict[int, LoadedSigner] = {}
        # Asked when a token's PIN is needed and none was given (the CLI reads --pin-env);
        # the desk window instead catches PinNeededError and calls `unlock_token`.
        self.token_pin: Callable[[str], str] | None = None

    @property
    def _db(self) -> sqlite_utils.Database:
        return self.home.db.db

    # -- identities ---------------------------------------------------------------------

    def create_test(
        self, name: str, title: str, office: Office, purpose: str = "signer"
    ) -> IdentityResult:
        """A TEST identity with its own TEST CA, for training and the demo office."""
        self.journal.require("identity.create_test")
        _check_purpose(purpose)
        name = clean_text(name, "signer's name", 64)
        title = clean_text(title, "signer's title", 64)
        test = create_test_identity(name, title, office.name[:50], self.clock())
        stem = f"test-{test.info.sha256[:16]}"
        ca_path = self.home.identities_dir / f"{stem}-ca.pem"
        write_atomic(ca_path, test.ca_cert_pem)
        p12_path = self._store_p12(
            "identity.create_test", test.p12, test.password, stem, test.info, title, purpose
        )
        return IdentityResult(p12_path=p12_path, ca_cert_path=ca_path, subject=test.info.subject)

    def import_pkcs12(
        self, file: Path, password: str, title: str | None = None, purpose: str = "signer"
    ) -> IdentityResult:
        self.journal.require("identity.import")
        _check_purpose(purpose)
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise BadInputError(f"{file} cannot be read ({exc.strerror}).") from exc
        info = read_pkcs12(data, password, str(file))
        if info.not_after <= self.clock():
            raise IdentityError(
                f"The certificate in {file} expired on {info.not_after:%d/%m/%Y}. "
                "Renew it with the certificate authority, then import the new one."
            )
        title = clean_text(title or info.title or _DEFAULT_TITLE[purpose], "signer's title", 64)
        p12_path = self._store_p12(
            "identity.import", data, password, f"p12-{info.sha256[:16]}", info, title, purpose
        )
        return IdentityResult(p12_path=p12_path, ca_cert_path=None, subject=info.subject)

    def _store_p12(
        self,
        action: str,
        p12: bytes,
        password: str,
        stem: str,
        info: CertificateInfo,
        title: str,
        purpose: str,
    ) -> Path:
        path = self.home.identities_dir / f"{stem}.p12"
        write_atomic(path, p12)
        self._register(
            action,
            info,
            title,
            purpose,
            {
                "kind": "pkcs12",
                "p12_path": str(path.relative_to(self.home.root)),
                "secret": password,
                "is_test": int(action == "identity.create_test"),
            },
        )
        return path

    def _register(
        self, action: str, info: CertificateInfo, title: str, purpose: str, row: dict
    ) -> int:
        """Record an identity as the active one of its purpose."""
        inputs = {"cert_sha256": info.sha256, "signer": info.common_name, "title": title}
        inputs["purpose"] = purpose
        with self.journal.change(action, inputs) as change:
            change.subject = f"identity:{info.sha256[:16]}"
            change.db.execute("UPDATE identities SET active = 0 WHERE purpose = ?", [purpose])
            return int(
                change.db["identities"]
                .insert(
                    {
                        **row,
                        "purpose": purpose,
                        "subject": info.subject,
                        "signer_name": info.common_name,
                        "signer_title": title,
                        "cert_sha256": info.sha256,
                        "not_after": stored_time(info.not_after),
                        "active": 1,
                        "created_at": stored_time(change.now),
                    }
                )
                .last_pk
            )

    def add_token(
        self, config: TokenConfig, title: str | None = None, purpose: str = "signer"
    ) -> dict:
        """Register a USB token's key: the certificate paired with it by CKA_ID."""
        self.journal.require("identity.import")
        _check_purpose(purpose)
        if self.token_pin is None:
            raise IdentityError("Give the token's PIN (--pin-env VAR) to check its key.")
        signer = open_token_signer(config, self.token_pin(config.token_label or ""), self.clock())
        info = signer.certificate
        title = clean_text(title or info.title or _DEFAULT_TITLE[purpose], "signer's title", 64)
        try:
            row_id = self._register(
                "identity.import",
                info,
                title,
                purpose,
                {
                    "kind": "pkcs11",
                    "token_module": config.module,
                    "token_label": config.token_label or signer.token_label,
                    "token_cert_id": info.cka_id,
                    "is_test": 0,
                },
            )
        except BaseException:
            signer.close()
            raise
        self._cache[row_id] = signer
        return {
            "id": row_id,
            "purpose": purpose,
            "subject": info.subject,
            "signer": info.common_name,
            "title": title,
            "token": signer.token_label,
            "cert_id": info.cka_id,
            "not_after": info.not_after.isoformat(),
        }

    def identities(self) -> list[dict]:
        """The office's identities, newest first; PINs and passwords left out."""
        rows = self._db.query(
            "SELECT id, kind, purpose, subject, signer_name, signer_title, not_after, is_test, "
            "active, token_module, token_label, token_cert_id, p12_path "
            "FROM identities ORDER BY id DESC"
        )
        return [
            {
                "id": r["id"],
                "kind": r["kind"],
                "purpose": r["purpose"],
                "subject": r["subject"],
                "signer": r["signer_name"],
                "title": r["signer_title"],
                "not_after": r["not_after"],
                "test": bool(r["is_test"]),
                "active": bool(r["active"]),
                "token": r["token_label"],
                "module": r["token_module"],
                "cert_id": r["token_cert_id"],
                "p12_path": r["p12_path"],
            }
            for r in rows
        ]

    def _rows(self, purpose: str) -> list[dict]:
        return list(
            self._db.query(
                "SELECT id, kind, purpose, p12_path, secret, token_module, token_label, "
                "token_cert_id, cert_sha256, signer_name, signer_title, not_after "
                "FROM identities WHERE active = 1 AND purpose = ? ORDER BY id DESC LIMIT 1",
                [purpose],
            )
        )

    def named(self, purpose: str = "signer") -> Signer | None:
        """Name and title of the active identity of `purpose`, its key left unopened."""
        rows = self._rows(purpose)
        return Signer(rows[0]["signer_name"], rows[0]["signer_title"]) if rows else None

    def active(self, purpose: str = "signer") -> ActiveIdentity | None:
        """The active identity of `purpose`, its key ready; None when there is none."""
        rows = self._rows(purpose)
        if not rows:
            return None
        row = rows[0]
        if datetime.fromisoformat(row["not_after"]) <= self.clock():
            raise IdentityError(
                f"The certificate of the {_who(purpose)} ({row['signer_name']}) expired on "
                f"{datetime.fromisoformat(row['not_after']):%d/%m/%Y}. Import the renewed "
                "certificate, then certify again."
            )
        loaded = self._cache.get(row["id"])
        if isinstance(loaded, TokenSigner) and not loaded.usable:
            del self._cache[row["id"]]  # its session ended with the signer's: open anew
            loaded = None
        if loaded is None and row["kind"] == "pkcs11":
            loaded = self._open_token(row)
        if loaded is None:
            path = self.home.root / row["p12_path"]
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise IdentityError(
                    f"The signing identity file {path} is missing or unreadable "
                    f"({exc.strerror}). Import the identity again."
                ) from exc
            loaded = LoadedSigner.from_pkcs12(data, row["secret"], str(path))
            self._cache[row["id"]] = loaded
        signer = Signer(row["signer_name"], row["signer_title"])
        return ActiveIdentity(row["id"], purpose, signer, loaded)

    def required_signer(self) -> ActiveIdentity:
        identity = self.active("signer")
        if identity is None:
            raise SetupError(
                "No signing identity is set up. Import the signer's certificate with "
                "`counterdesk identity import-p12 FILE --password-env VAR` "
                "(or `identity create-test --name NAME` for training)."
            )
        return identity

    def _open_token(self, row: dict, pin: str | None = None) -> TokenSigner:
        """The identity's key on its token: in the session already open on that token (the
        signer's and the office's keys may share one), else after logging in with `pin`."""
        label = row["token_label"] or ""
        config = TokenConfig(row["token_module"], row["token_label"], cert_id=row["token_cert_id"])
        session = next(
            (
                loaded
                for loaded in self._cache.values()
                if isinstance(loaded, TokenSigner) and loaded.owns_session(label)
            ),
            None,
        )
        if session is not None:
            signer = session.other_key(config, self.clock())
        else:
            if pin is None and self.token_pin is None:
                raise PinNeededError(
                    f"The key of the {_who(row['purpose'])} is on the USB token “{label}”: "
                    "give its PIN (--pin-env VAR on the command line; the desk window asks "
                    "for it).",
                    label,
                )
            if pin is None:
                pin = self.token_pin(label)
            signer = open_token_signer(config, pin, now=self.clock())
        if signer.certificate.sha256 != row["cert_sha256"]:
            signer.close()
            raise IdentityError(
                f"The token “{label}” now holds another certificate than the one registered "
                "(renewed?). Register the token again with `identity add-pkcs11`."
            )
        self._cache[row["id"]] = signer
        return signer

    def unlock_token(self, token_label: str, pin: str) -> None:
        """Open the session of every active identity on token `token_label` with `pin`."""
        rows = [
            row
            for purpose in PURPOSES
            for row in self._rows(purpose)
            if row["kind"] == "pkcs11" and (row["token_label"] or "") == token_label
        ]
        if not rows:
            raise IdentityError(f"No active signing identity uses the token “{token_label}”.")
        for row in rows:
            if row["id"] not in self._cache:
                self._open_token(row, pin)

    def forget(self, identity: ActiveIdentity) -> None:
        """End a token's session after it failed (unplugged, logged out): unlock again."""
        loaded = self._cache.pop(identity.id, None)
        if isinstance(loaded, TokenSigner):
            loaded.close()

    def lock_tokens(self) -> None:
        """Log out of every token (desk locked, signer gone, closing)."""
        for key, loaded in list(self._cache.items()):
            if isinstance(loaded, TokenSigner):
                loaded.close()
                del self._cache[key]

    # -- trust ----------------------------------------------------------------------------

    def trust_roots(self) -> list:
        """The roots this desk trusts: `trust/*.pem` (the national and licensed CAs'), and
        the TEST CAs it made itself."""
        found = []
        for path in (
            *sorted((self.home.root / "trust").glob("*.pem")),
            *sorted(self.home.identities_dir.glob("*-ca.pem")),
        ):
            try:
                found += load_certificates(path.read_bytes())
            except (OSError, ValueError):
                continue  # a damaged root file only narrows what can be trusted
        return found

    # -- settings -------------------------------------------------------------------------

    def settings(self) -> SigningSettings:
        row = self._db.execute(
            "SELECT tsa_url, check_revocation FROM office WHERE id = 1"
        ).fetchone()
        if row is None:
            return SigningSettings(None, True)
        return SigningSettings(row[0], bool(row[1]))

    def set_settings(self, tsa_url: str | None, check_revocation: bool) -> SigningSettings:
        """Set the office's time-stamping service (None: none) and revocation checking."""
        if tsa_url is not None:
            tsa_url = tsa_url.strip()
            if not tsa_url.startswith(("http://", "https://")) or len(tsa_url) > 500:
                raise BadInputError(
                    f"The time-stamping service address {tsa_url!r} is not an http(s) URL; "
                    "copy it from the CA's instructions (e.g. http://tsa.example.vn/tsa)."
                )
        inputs = {"tsa_url": tsa_url, "check_revocation": check_revocation}
        with self.journal.change("office.set_signing", inputs) as change:
            change.subject = "office"
            change.db.execute(
                "UPDATE office SET tsa_url = ?, check_revocation = ?, updated_at = ? WHERE id = 1",
                [tsa_url, int(check_revocation), stored_time(change.now)],
            )
        return self.settings()

    # -- signing --------------------------------------------------------------------------

    def prepare(self) -> SigningPlan:
        """The identities that will sign, checked: refuse what would sign a copy that fails.

        Asks the TSA for its time (the desk clock must agree within 5 minutes) and the
        CAs whether the certificates are revoked. Unreachable services do not stop the
        counter: the copy is signed at B-B and upgraded later.
        """
        signer = self.required_signer()
        organisation = self.active("organisation")
        settings = self.settings()
        now = self.clock()
        stamper, tsa_now = None, None
        if settings.tsa_url:
            candidate = timestamper(settings.tsa_url)
            try:
                tsa_now = tsa_time(candidate)
                stamper = candidate
            except OfflineError:
                pass
        roots = self.trust_roots()
        for identity in (signer, organisation):
            if identity is None:
                continue
            cert = identity.loaded.signing_certificate
            revocation = None
            if settings.check_revocation:
                revocation = check_revocation(cert, identity.loaded.certificate_chain, roots)
            check_before_signing(cert, now, tsa_now, revocation)
        return SigningPlan(signer, organisation, stamper, now)

    def sign_ecopy(
        self,
        plan: SigningPlan,
        copy: CertifiedCopy,
        office: Office,
        reasons: dict[str, str],
        signed_at: datetime,
    ) -> SignedCopy:
        """The signer's signature, then the office's over it. `reasons` by purpose."""
        stamper = plan.stamper
        pdf = copy.pdf
        spots = {"signer": copy.signature_spot, "organisation": copy.organisation_spot}
        for identity in (plan.signer, plan.organisation):
            if identity is None:
                continue
            spot: SignatureSpot = spots[identity.purpose]
            request = SignatureRequest(
                page_index=spot.page_index,
                box=spot.box,
                reason=reasons[identity.purpose],
                location=office.place,
                stamp=StampText(identity.signer.name, identity.signer.title, office.name),
                font_file=font_path(),
                signed_at=signed_at,
                field_name=_FIELDS[identity.purpose],
            )
            if stamper is not None:
                try:
                    pdf = identity.loaded.sign(pdf, request, stamper)
                    continue
                except OfflineError:
                    stamper = None  # the TSA went away since `prepare`: B-B, upgraded later
            pdf = identity.loaded.sign(pdf, request)
        return SignedCopy(pdf, "B-T" if stamper is not None else "B-B")

    # -- upgrades -------------------------------------------------------------------------

    def pending(self) -> int:
        """E-copies still below the target level."""
        return self._db.execute(
            "SELECT COUNT(*) FROM documents WHERE role = 'electronic_copy' AND level != ?",
            [TARGET_LEVEL],
        ).fetchone()[0]

    def upgrade(self) -> UpgradeReport:
        """Take the e-copies below B-LTA to B-LTA, oldest first.

        A copy whose services cannot be reached stays pending (and, the network being
        down, so do the rest of this run); one that cannot be upgraded (revoked signer,
        untrusted chain) is reported failed with the reason, and is tried again next time
        (a trusted root may have been added meanwhile).
        """
        self.journal.require("signing.upgrade")
        settings = self.settings()
        if not settings.tsa_url:
            raise SetupError(
                "No time-stamping service is set for the office: set it with "
                "`counterdesk signing settings --tsa URL` (your CA gives the address)."
            )
        rows = list(
            self._db.query(
                "SELECT d.id, d.sha256, d.suffix, d.level, b.label FROM documents d "
                "JOIN book_entries b ON b.dossier_id = d.dossier_id "
                "WHERE d.role = 'electronic_copy' AND d.level != ? ORDER BY d.id",
                [TARGET_LEVEL],
            )
        )
        roots = self.trust_roots()
        upgraded, failed = 0, []
        for n, row in enumerate(rows):
            try:
                data = self.home.blobs.path(row["sha256"], row["suffix"]).read_bytes()
                better = upgrade_to_lta(data, settings.tsa_url, roots)
            except OfflineError:
                return UpgradeReport(upgraded, len(rows) - n, failed)
            except OSError as exc:
                failed.append(FailedUpgrade(row["label"], f"The file cannot be read ({exc})."))
                continue
            except CounterDeskError as exc:
                failed.append(FailedUpgrade(row["label"], exc.message))
                continue
            self._record_upgrade(row, better)
            upgraded += 1
        return UpgradeReport(upgraded, 0, failed)

    def _record_upgrade(self, row: dict, pdf: bytes) -> None:
        blob = self.home.blobs.put(pdf, row["suffix"])
        inputs = {"document_id": row["id"], "from": row["sha256"], "to": blob.sha256}
        with self.journal.change("signing.upgrade", inputs) as change:
            change.subject = f"book:{row['label']}"
            change.db.execute(
                "UPDATE documents SET sha256 = ?, size = ?, level = ?, upgraded_at = ? "
                "WHERE id = ?",
                [blob.sha256, blob.size, TARGET_LEVEL, stored_time(change.now), row["id"]],
            )
