"""Signing with a USB token (or an HSM) through its PKCS#11 driver.

The signer's certificate is issued by a Vietnamese CA on a USB token; the CA's installer
puts the token's PKCS#11 driver (a .so/.dll) on the desk computer. The PIN is typed by the
signer at the desk, held by the caller in memory only, and never logged or put in an
error message.

The key is found by its CKA_ID, paired with the certificate's CKA_ID, never by label:
field tokens fail on labels with Vietnamese diacritics (pyHanko#456, #457). Object labels
are read only for display, decoded leniently.

`open_token_signer` returns a `TokenSigner`, a `pades.LoadedSigner` whose pyHanko signer
is a `PKCS11Signer`: the stamp, field and PAdES settings are the PKCS#12 path's own.
Like `LoadedSigner.sign`, these functions run a short event loop of pyHanko's: call them
from a worker thread, not from inside a running asyncio loop.
"""

import contextlib
import hashlib
import logging
import threading
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pkcs11
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pkcs11 import Attribute, CertificateType, ObjectClass, TokenFlag
from pkcs11 import exceptions as p11_errors
from pkcs11.attributes import AttributeMapper
from pyhanko.sign.pkcs11 import PKCS11Signer
from pyhanko.sign.timestamps.api import TimeStamper

from counterdesk.domain.calendar import OFFICE_TZ
from counterdesk.errors import BadInputError, IdentityError, PinNeededError
from counterdesk.signing.pades import LoadedSigner, SignatureRequest

log = logging.getLogger(__name__)

_DIAGNOSIS_HINT = "run the token diagnosis (`counterdesk token diagnose`) and call the hotline"


@dataclass(frozen=True)
class TokenConfig:
    """Where the signer's key is: driver, token, certificate. Holds no PIN.

    `cert_id` is the certificate's CKA_ID in hex ("0a1b", "0A:1B" and "0a 1b" are the
    same); without it, the one certificate on the token that can sign is used.
    `slot_id` is the PKCS#11 slot ID (not an index); prefer the label: some drivers
    renumber slots when a token is plugged in again.
    """

    module: str
    token_label: str | None = None
    slot_id: int | None = None
    cert_id: str | None = None
    # Hash on the computer and have the token sign the digest (CKM_RSA_PKCS, CKM_ECDSA).
    # None: only when the token cannot do SHA-256 itself, as its mechanism list tells.
    raw_signing: bool | None = None

    def __post_init__(self) -> None:
        if self.cert_id is not None:
            object.__setattr__(self, "cert_id", normalise_id(self.cert_id))

    @property
    def cert_id_bytes(self) -> bytes | None:
        return None if self.cert_id is None else bytes.fromhex(self.cert_id)


def normalise_id(value: str) -> str:
    """A CKA_ID typed or pasted in any usual form, as lower-case hex without separators."""
    digits = "".join(c for c in value if c not in " :-").lower()
    if not digits or len(digits) % 2 or any(c not in "0123456789abcdef" for c in digits):
        raise BadInputError(
            f"The certificate ID {value!r} is not hexadecimal (like 0a1b or 0A:1B). "
            "Copy it from the token diagnosis."
        )
    return digits


def _day(moment: datetime) -> str:
    return f"{moment.astimezone(OFFICE_TZ):%d/%m/%Y}"


@dataclass(frozen=True)
class TokenCertificate:
    """A certificate found on a token, and whether its private key is there."""

    cka_id: str  # hex, "" when the object has none
    label: str | None  # for display only; may be mis-encoded by the token's software
    common_name: str
    title: str | None  # the subject's title (chức vụ), when the CA put one
    subject: str
    issuer: str
    serial: str  # hex
    not_before: datetime
    not_after: datetime
    key_usage: tuple[str, ...]  # () when the certificate has no KeyUsage extension
    is_ca: bool
    can_sign: bool  # an end-entity certificate whose key usage allows signatures
    has_private_key: bool | None  # None: private keys are hidden until the PIN is given
    key_matches: bool | None  # the private key is the certificate's (RSA); None: unknown
    sha256: str

    def describe(self) -> str:
        return (
            f"“{self.common_name}” (ID {self.cka_id or 'none'}, serial {self.serial}, "
            f"valid until {_day(self.not_after)})"
        )

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["not_before"] = self.not_before.isoformat()
        out["not_after"] = self.not_after.isoformat()
        out["key_usage"] = list(self.key_usage)
        return out


class TokenSigner(LoadedSigner):
    """A logged-in token session ready to sign, for one desk session.

    Close it when the desk is locked or the signer leaves: closing the session logs the
    token out. If the token is unplugged, `sign` raises IdentityError and this object is
    of no further use: open a new one with the PIN.
    """

    def __init__(
        self,
        session: Any,
        signer: PKCS11Signer,
        certificate: TokenCertificate,
        token: Any,
        owner: "TokenSigner | None" = None,
    ) -> None:
        super().__init__(signer)
        self._session = session
        self._token = token
        self._owner = owner
        self._lock = owner._lock if owner is not None else threading.Lock()
        self._closed = False
        self.certificate = certificate
        self.token_label: str = token.label

    def other_key(self, config: TokenConfig, now: datetime) -> "TokenSigner":
        """A signer for another key on this token, in this session: PKCS#11 logs in once
        per application and token, so the office's key beside the signer's cannot be
        unlocked a second time. It lives as long as this session."""
        with self._lock:
            signer, info = _paired_signer(
                self._session, self._token, config.cert_id_bytes, config.raw_signing, now
            )
        return TokenSigner(self._session, signer, info, self._token, owner=self)

    def owns_session(self, token_label: str) -> bool:
        """Whether this signer holds an open, logged-in session on token `token_label`."""
        return self._owner is None and not self._closed and self.token_label == token_label

    @property
    def usable(self) -> bool:
        return not (self._closed or (self._owner is not None and self._owner._closed))

    def sign(
        self, pdf: bytes, request: SignatureRequest, timestamper: TimeStamper | None = None
    ) -> bytes:
        with self._lock:
            if not self.usable:
                raise IdentityError(
                    f"The session with token “{self.token_label}” is closed; "
                    "enter the PIN again to sign."
                )
            try:
                return super().sign(pdf, request, timestamper)
            except Exception as exc:
                cause = _pkcs11_cause(exc)
                if cause is None:
                    raise
                raise map_token_error(cause, None, self.token_label, signing=True) from exc

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._owner is None:  # the session is the owner's to close
                _close_quietly(self._session)

    def __enter__(self) -> "TokenSigner":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# -- errors -------------------------------------------------------------------------------


_UNPLUGGED = (
    p11_errors.TokenNotPresent,
    p11_errors.TokenNotRecognised,
    p11_errors.DeviceRemoved,
    p11_errors.DeviceError,
    p11_errors.SlotIDInvalid,
    p11_errors.NoSuchToken,
    p11_errors.SessionHandleInvalid,
    p11_errors.SessionClosed,
)
_WRONG_PIN = (p11_errors.PinIncorrect, p11_errors.PinInvalid, p11_errors.PinLenRange)


def map_token_error(
    exc: BaseException,
    flags: TokenFlag | int | None,
    token_label: str,
    *,
    signing: bool = False,
) -> IdentityError:
    """The clerk-facing error for a PKCS#11 failure; `flags` are the token's, read after it.

    The message never contains the PIN: python-pkcs11's exceptions carry only a return
    code, and no argument here holds it.
    """
    token = f"token “{token_label}”" if token_label else "token"
    flags = TokenFlag(flags or 0)
    again = "enter the PIN again" if signing else "try again"
    if isinstance(exc, p11_errors.PinLocked) or flags & TokenFlag.USER_PIN_LOCKED:
        message = (
            f"The {token} is locked after too many wrong PINs. Ask the CA that issued the "
            "certificate to unlock it (they reset the PIN with the token's unlock code); "
            "nobody can sign with it until then. Do not keep trying PINs."
        )
    elif isinstance(exc, _WRONG_PIN):
        # Asking again is the cure, as for a PIN not yet given.
        wrong = f"The PIN for the {token} is wrong. " + _tries_left(flags)
        return PinNeededError(wrong, token_label)
    elif isinstance(exc, p11_errors.PinExpired) or flags & TokenFlag.USER_PIN_TO_BE_CHANGED:
        message = (
            f"The PIN of the {token} must be changed before it can sign: change it with the "
            "token manager software from the CA, then try again."
        )
    elif isinstance(exc, p11_errors.UserNotLoggedIn):
        message = (
            f"The session with the {token} has ended (it was unplugged or logged out); "
            f"{again} to sign."
        )
    elif isinstance(exc, _UNPLUGGED):
        message = (
            f"The {token} is not plugged in or stopped responding. Plug it in, wait for "
            f"its light, then {again}."
        )
    elif isinstance(exc, p11_errors.SessionCount):
        message = (
            f"The {token} has no free sessions left. Close CounterDesk and the CA's "
            f"token manager, unplug the token and plug it in again, then {again}."
        )
    elif isinstance(exc, p11_errors.FunctionCancelled):
        message = f"PIN entry on the {token} was cancelled; {again} to sign."
    elif isinstance(exc, p11_errors.MechanismInvalid | p11_errors.FunctionNotSupported):
        message = (
            f"The {token} cannot make the kind of signature needed (SHA-256 with RSA or "
            f"ECDSA): {_DIAGNOSIS_HINT}."
        )
    elif isinstance(exc, p11_errors.NoSuchKey):
        message = (
            f"The private key for the certificate is not on the {token} any more; "
            f"{_DIAGNOSIS_HINT}."
        )
    else:
        message = (
            f"The {token} reported an error ({type(exc).__name__}). Unplug it, plug it in "
            f"again and {again}; if it happens again, {_DIAGNOSIS_HINT}."
        )
    return IdentityError(message)


def _tries_left(flags: TokenFlag) -> str:
    # PKCS#11 has no try counter: tokens only flag "low" and "final try".
    if flags & TokenFlag.USER_PIN_FINAL_TRY:
        return (
            "Tries left: 1. One more wrong PIN locks the token, and only the CA can "
            "unlock it: check the PIN with the certificate holder before trying again."
        )
    if flags & TokenFlag.USER_PIN_COUNT_LOW:
        return (
            "The token warns that few tries are left before it locks (it does not say "
            "how many): check the PIN with the certificate holder before trying again."
        )
    return (
        "Check it with the certificate holder and type it again, with Caps Lock and "
        "Vietnamese typing (Unikey, EVKey) off."
    )


def _pkcs11_cause(exc: BaseException) -> p11_errors.PKCS11Error | None:
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 10:
        if isinstance(current, p11_errors.PKCS11Error):
            return current
        current = current.__cause__ or current.__context__
        seen += 1
    return None


# -- driver and token ---------------------------------------------------------------------


def _load_module(module: str) -> Any:
    # A bare file name is left to the system's library search; a path must exist.
    if ("/" in module or "\\" in module) and not Path(module).is_file():
        raise IdentityError(
            f"The token driver {module} does not exist. Install the token software from "
            "the CA that issued the certificate, or correct the driver path in the signer "
            "settings."
        )
    try:
        return pkcs11.lib(module)
    except p11_errors.PKCS11Error as exc:
        raise IdentityError(
            f"The token driver {module} cannot be loaded ({exc}). It may be damaged or "
            "made for another system (32-bit, another OS): reinstall the token software "
            "from the CA."
        ) from exc


def _present_tokens(lib: Any) -> list[Any]:
    try:
        slots = lib.get_slots(token_present=True)
    except p11_errors.PKCS11Error as exc:
        raise map_token_error(exc, None, "") from exc
    tokens = []
    for slot in slots:
        try:
            tokens.append(slot.get_token())
        except p11_errors.PKCS11Error:  # unplugged meanwhile, or a reader without a card
            continue
    return tokens


def _same_label(a: str, b: str) -> bool:
    return unicodedata.normalize("NFC", a.strip()) == unicodedata.normalize("NFC", b.strip())


def _token_names(tokens: list[Any]) -> str:
    return ", ".join(f"“{t.label}” (slot {t.slot.slot_id})" for t in tokens) or "none"


def _find_token(lib: Any, token_label: str | None, slot_id: int | None) -> Any:
    present = _present_tokens(lib)
    usable = [t for t in present if t.flags & TokenFlag.TOKEN_INITIALIZED]
    if not usable:
        raise IdentityError(
            "No token is plugged in (or its driver does not see it). Plug in the signer's "
            "USB token, wait for its light, then try again."
        )
    matches = usable
    if slot_id is not None:
        matches = [t for t in matches if t.slot.slot_id == slot_id]
    if token_label is not None:
        matches = [t for t in matches if _same_label(t.label, token_label)]
    wanted = " and ".join(
        part
        for part in (
            f"labelled “{token_label}”" if token_label is not None else "",
            f"in slot {slot_id}" if slot_id is not None else "",
        )
        if part
    )
    if not matches:
        raise IdentityError(
            f"No token {wanted} is plugged in; the driver sees: {_token_names(usable)}. "
            "Plug in the signer's token, or correct the token in the signer settings."
        )
    if len(matches) > 1:
        raise IdentityError(
            f"Several tokens {wanted or 'are plugged in'}: {_token_names(matches)}. "
            "Unplug the others, or set the token label in the signer settings."
        )
    return matches[0]


def _fresh_flags(token: Any) -> TokenFlag | None:
    """The token's flags now (the Token object keeps those read when it was found)."""
    try:
        return token.slot.get_token().flags
    except p11_errors.PKCS11Error:
        return None


def _lenient_mapper() -> AttributeMapper:
    """Labels as bytes: a label in a legacy Vietnamese encoding must not break a listing."""
    mapper = AttributeMapper()
    mapper.register_handler(
        Attribute.LABEL,
        lambda value: value.encode("utf-8") if isinstance(value, str) else bytes(value),
        bytes,
    )
    return mapper


def _open_session(token: Any, pin: str | None) -> Any:
    """A session logged in with `pin`; PIN-pad tokens take `pin=None`."""
    flags = token.flags
    if flags & TokenFlag.USER_PIN_LOCKED:
        raise map_token_error(p11_errors.PinLocked(), flags, token.label)
    if pin is None:
        if not flags & TokenFlag.PROTECTED_AUTHENTICATION_PATH:
            raise IdentityError(f"Enter the PIN of token “{token.label}” to sign.")
        user_pin: Any = pkcs11.PROTECTED_AUTH
    else:
        user_pin = pin
    try:
        return token.open(user_pin=user_pin, attribute_mapper=_lenient_mapper())
    except p11_errors.UserAlreadyLoggedIn as exc:
        # PKCS#11 logs in per application: a second login cannot check the PIN, so do not
        # pretend it did.
        raise IdentityError(
            f"Token “{token.label}” is already unlocked by another signing session of "
            "CounterDesk. Close that session (lock the desk) before unlocking it again."
        ) from exc
    except p11_errors.PKCS11Error as exc:
        raise map_token_error(exc, _fresh_flags(token), token.label) from exc


def _close_quietly(session: Any) -> None:
    with contextlib.suppress(p11_errors.PKCS11Error):  # unplugged: the session is gone
        session.close()


def _open_public_session(token: Any) -> Any:
    try:
        return token.open(attribute_mapper=_lenient_mapper())
    except p11_errors.PKCS11Error as exc:
        raise map_token_error(exc, _fresh_flags(token), token.label) from exc


# -- objects ------------------------------------------------------------------------------


@dataclass
class _Key:
    cka_id: bytes
    label: str | None
    key_type: str
    sign: bool | None
    modulus: int | None


@dataclass
class _Cert:
    cka_id: bytes
    label: str | None
    cert: x509.Certificate
    keys: list[_Key] = field(default_factory=list)


@dataclass
class _Inventory:
    certs: list[_Cert]
    private_keys: list[_Key] | None  # None: hidden without the PIN
    public_keys: list[_Key]
    unreadable: list[str]


def _attribute(obj: Any, attribute: Attribute) -> Any:
    try:
        return obj[attribute]
    except (p11_errors.PKCS11Error, NotImplementedError, ValueError):
        return None


def _label(obj: Any) -> str | None:
    raw = _attribute(obj, Attribute.LABEL)
    if not raw:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return f"{raw.decode('utf-8', errors='replace')} (not UTF-8: {raw.hex()})"


def _read_keys(session: Any, object_class: ObjectClass) -> list[_Key]:
    usage = Attribute.SIGN if object_class is ObjectClass.PRIVATE_KEY else Attribute.VERIFY
    keys = []
    for obj in list(session.get_objects({Attribute.CLASS: object_class})):
        key_type = _attribute(obj, Attribute.KEY_TYPE)
        modulus = _attribute(obj, Attribute.MODULUS)
        keys.append(
            _Key(
                cka_id=_attribute(obj, Attribute.ID) or b"",
                label=_label(obj),
                key_type=key_type.name if key_type is not None else "unknown",
                sign=_attribute(obj, usage),
                modulus=int.from_bytes(modulus, "big") if modulus else None,
            )
        )
    return keys


def _inventory(session: Any, logged_in: bool) -> _Inventory:
    certs, unreadable = [], []
    query = {
        Attribute.CLASS: ObjectClass.CERTIFICATE,
        Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
    }
    for obj in list(session.get_objects(query)):
        cka_id = _attribute(obj, Attribute.ID) or b""
        value = _attribute(obj, Attribute.VALUE)
        try:
            cert = x509.load_der_x509_certificate(value)
        except (TypeError, ValueError):
            unreadable.append(f"certificate object with ID {cka_id.hex() or 'none'}")
            continue
        certs.append(_Cert(cka_id, _label(obj), cert))
    private_keys = _read_keys(session, ObjectClass.PRIVATE_KEY)
    if not logged_in and not private_keys:
        private_keys = None  # most tokens hide them until login; absence proves nothing
    for entry in certs:
        entry.keys = [k for k in private_keys or [] if entry.cka_id and k.cka_id == entry.cka_id]
    return _Inventory(certs, private_keys, _read_keys(session, ObjectClass.PUBLIC_KEY), unreadable)


_KEY_USAGE_NAMES = (
    "digital_signature",
    "content_commitment",
    "key_encipherment",
    "data_encipherment",
    "key_agreement",
    "key_cert_sign",
    "crl_sign",
)


def _key_usage(cert: x509.Certificate) -> tuple[str, ...]:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except (x509.ExtensionNotFound, ValueError):  # absent, or malformed extensions
        return ()
    return tuple(name for name in _KEY_USAGE_NAMES if getattr(usage, name))


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except (x509.ExtensionNotFound, ValueError):
        return False


def _name(cert_name: x509.Name) -> str:
    values = cert_name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else cert_name.rfc4514_string()


def _title(cert_name: x509.Name) -> str | None:
    values = cert_name.get_attributes_for_oid(NameOID.TITLE)
    return str(values[0].value) if values else None


def _key_matches(entry: _Cert) -> bool | None:
    if len(entry.keys) != 1:
        return None
    try:
        public = entry.cert.public_key()
    except (ValueError, UnsupportedAlgorithm):
        return None
    key = entry.keys[0]
    if isinstance(public, rsa.RSAPublicKey) and key.modulus is not None:
        return key.modulus == public.public_numbers().n
    return None


def _describe(entry: _Cert, private_keys_visible: bool) -> TokenCertificate:
    cert = entry.cert
    usage = _key_usage(cert)
    is_ca = _is_ca(cert)
    return TokenCertificate(
        cka_id=entry.cka_id.hex(),
        label=entry.label,
        common_name=_name(cert.subject),
        title=_title(cert.subject),
        subject=cert.subject.rfc4514_string({NameOID.TITLE: "T"}),
        issuer=_name(cert.issuer),
        serial=f"{cert.serial_number:x}",
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        key_usage=usage,
        is_ca=is_ca,
        can_sign=not is_ca
        and (not usage or "digital_signature" in usage or "content_commitment" in usage),
        has_private_key=bool(entry.keys) if private_keys_visible else None,
        key_matches=_key_matches(entry),
        sha256=hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest(),
    )


def _choose(inventory: _Inventory, cert_id: bytes | None, token_label: str, now: datetime) -> _Cert:
    token = f"token “{token_label}”"
    described = [(entry, _describe(entry, True)) for entry in inventory.certs]
    listing = "; ".join(d.describe() for _, d in described if not d.is_ca) or "none"
    if cert_id is not None:
        chosen = [(e, d) for e, d in described if e.cka_id == cert_id]
        if not chosen:
            raise IdentityError(
                f"No certificate with ID {cert_id.hex()} is on {token}. Certificates "
                f"there: {listing}. Correct the certificate ID in the signer settings."
            )
        # A renewal may put a new certificate for the same key under the same ID.
        valid = [(e, d) for e, d in chosen if d.not_before <= now < d.not_after]
        entry, info = max(valid or chosen, key=lambda pair: pair[1].not_after)
        _check_usable(entry, info, token, now)
        return entry
    candidates = [(e, d) for e, d in described if d.can_sign and len(e.keys) == 1]
    valid = [(e, d) for e, d in candidates if d.not_before <= now < d.not_after]
    if not candidates:
        raise IdentityError(
            f"No certificate on {token} has its private key and allows signing. "
            f"Certificates there: {listing}. Check that this is the signer's token; "
            f"otherwise {_DIAGNOSIS_HINT}."
        )
    if not valid:
        expired = "; ".join(d.describe() for _, d in candidates)
        raise IdentityError(
            f"The signing certificates on {token} are not valid today: {expired}. "
            "Ask the CA to renew the certificate."
        )
    if len(valid) > 1:
        several = "; ".join(d.describe() for _, d in valid)
        raise IdentityError(
            f"{token.capitalize()} holds several signing certificates: {several}. "
            "Choose one by its ID in the signer settings."
        )
    entry, info = valid[0]
    _check_usable(entry, info, token, now)
    return entry


def _check_usable(entry: _Cert, info: TokenCertificate, token: str, now: datetime) -> None:
    if not info.can_sign:
        usage = ", ".join(info.key_usage) or "none"
        raise IdentityError(
            f"The certificate {info.describe()} on {token} is not for signing documents "
            f"(key usage: {usage}). Choose the signing certificate in the signer settings."
        )
    if not now < info.not_after:
        raise IdentityError(
            f"The certificate {info.describe()} on {token} expired on "
            f"{_day(info.not_after)}. Ask the CA to renew it."
        )
    if now < info.not_before:
        raise IdentityError(
            f"The certificate {info.describe()} on {token} is valid only from "
            f"{_day(info.not_before)}. Check the desk clock."
        )
    if not entry.keys:
        raise IdentityError(
            f"No private key with ID {info.cka_id} is on {token} for the certificate "
            f"{info.describe()}: the certificate was copied without its key, or the key "
            f"has another ID. {_DIAGNOSIS_HINT.capitalize()}."
        )
    signing = [k for k in entry.keys if k.sign]
    if len(signing) != 1:
        problem = "is not allowed to sign" if not signing else "exists more than once"
        raise IdentityError(
            f"The private key with ID {info.cka_id} on {token} {problem}. "
            f"{_DIAGNOSIS_HINT.capitalize()}."
        )
    if info.key_matches is False:
        raise IdentityError(
            f"The private key with ID {info.cka_id} on {token} is not the key of the "
            f"certificate {info.describe()}. {_DIAGNOSIS_HINT.capitalize()}."
        )


_HASHING = {
    pkcs11.KeyType.RSA: (pkcs11.Mechanism.SHA256_RSA_PKCS, pkcs11.Mechanism.RSA_PKCS),
    pkcs11.KeyType.EC: (pkcs11.Mechanism.ECDSA_SHA256, pkcs11.Mechanism.ECDSA),
}


def _raw_signing(token: Any, key: _Key, configured: bool | None) -> bool:
    """Whether to hash on the computer: some field tokens only sign a given digest."""
    if configured is not None:
        return configured
    mechanisms = _HASHING.get(getattr(pkcs11.KeyType, key.key_type, None))
    if mechanisms is None:
        return False
    try:
        available = token.slot.get_mechanisms()
    except p11_errors.PKCS11Error:
        return False
    hashing, raw = mechanisms
    return hashing not in available and raw in available


def _to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


# -- public API ---------------------------------------------------------------------------


def open_token_signer(
    config: TokenConfig, pin: str | None, now: datetime | None = None
) -> TokenSigner:
    """Log in to the token and pair the signing certificate with its key by CKA_ID.

    `pin=None` only for tokens with a PIN pad. Raises IdentityError with what to do.
    """
    now = now or datetime.now(UTC)
    lib = _load_module(config.module)
    token = _find_token(lib, config.token_label, config.slot_id)
    session = _open_session(token, pin)
    try:
        signer, info = _paired_signer(session, token, config.cert_id_bytes, config.raw_signing, now)
    except BaseException:
        _close_quietly(session)
        raise
    return TokenSigner(session, signer, info, token)


def _paired_signer(
    session: Any, token: Any, cert_id: bytes | None, raw_signing: bool | None, now: datetime
) -> tuple[PKCS11Signer, TokenCertificate]:
    """A signer for the key paired by CKA_ID with the chosen certificate, in `session`."""
    try:
        inventory = _inventory(session, logged_in=True)
        entry = _choose(inventory, cert_id, token.label, now)
        chain = [_to_asn1(c.cert) for c in inventory.certs if _is_ca(c.cert)]
        (key,) = [k for k in entry.keys if k.sign]
        signer = PKCS11Signer(
            session,
            signing_cert=_to_asn1(entry.cert),
            cert_id=entry.cka_id,
            key_id=entry.cka_id,
            ca_chain=chain,
            use_raw_mechanism=_raw_signing(token, key, raw_signing),
        )
        _ = signer.signing_cert  # looks the key up now: fail here, not at signing
    except p11_errors.PKCS11Error as exc:
        raise map_token_error(exc, _fresh_flags(token), token.label) from exc
    info = _describe(entry, True)
    log.info("token “%s”: signing with certificate %s", token.label, info.describe())
    return signer, info


def list_token_certificates(
    module: str, token_label: str | None, pin: str | None = None
) -> list[TokenCertificate]:
    """The certificates on a token; with the PIN, whether each has its private key."""
    lib = _load_module(module)
    token = _find_token(lib, token_label, None)
    if pin is None:
        session = _open_public_session(token)
    else:
        try:
            session = _open_session(token, pin)
        except IdentityError as exc:
            if not isinstance(exc.__cause__, p11_errors.UserAlreadyLoggedIn):
                raise
            session = _open_public_session(token)  # this process is logged in already
    try:
        try:
            inventory = _inventory(session, logged_in=pin is not None)
        except p11_errors.PKCS11Error as exc:
            raise map_token_error(exc, _fresh_flags(token), token.label) from exc
    finally:
        _close_quietly(session)
    visible = inventory.private_keys is not None
    return [_describe(entry, visible) for entry in inventory.certs]


def pin_state(flags: TokenFlag | int) -> str:
    """What the token says about its user PIN: ok, count_low, final_try, locked..."""
    flags = TokenFlag(flags)
    if not flags & TokenFlag.USER_PIN_INITIALIZED:
        return "not_initialized"
    if flags & TokenFlag.USER_PIN_LOCKED:
        return "locked"
    if flags & TokenFlag.USER_PIN_FINAL_TRY:
        return "final_try"
    if flags & TokenFlag.USER_PIN_COUNT_LOW:
        return "count_low"
    if flags & TokenFlag.USER_PIN_TO_BE_CHANGED:
        return "to_be_changed"
    return "ok"


def token_pin_state(config: TokenConfig) -> str:
    """The PIN state of the configured token, to warn before asking for the PIN."""
    token = _find_token(_load_module(config.module), config.token_label, config.slot_id)
    return pin_state(_fresh_flags(token) or token.flags)


def _flag_names(flags: Any) -> list[str]:
    return sorted(f.name for f in type(flags) if f.name and f in flags and f.value)


def _key_json(key: _Key, cert_ids: set[bytes]) -> dict[str, Any]:
    return {
        "cka_id": key.cka_id.hex(),
        "label": key.label,
        "key_type": key.key_type,
        "can_sign": key.sign,
        "has_certificate": key.cka_id in cert_ids,
    }


def _diagnose_token(token: Any, pin: str | None) -> dict[str, Any]:
    flags = _fresh_flags(token) or token.flags
    out: dict[str, Any] = {
        "label": token.label,
        "manufacturer": token.manufacturer_id,
        "model": token.model,
        "serial": token.serial.decode("ascii", errors="replace").strip(),
        "flags": _flag_names(flags),
        "pin": pin_state(flags),
        "pin_pad": bool(flags & TokenFlag.PROTECTED_AUTHENTICATION_PATH),
        "logged_in": False,
    }
    if not flags & TokenFlag.TOKEN_INITIALIZED:
        return out
    try:
        session = _open_session(token, pin) if pin is not None else _open_public_session(token)
        out["logged_in"] = pin is not None
    except IdentityError as exc:
        out["login_error"] = exc.message
        try:
            session = _open_public_session(token)
        except IdentityError as again:
            out["error"] = again.message
            return out
    try:
        inventory = _inventory(session, logged_in=out["logged_in"])
    except p11_errors.PKCS11Error as exc:
        out["error"] = map_token_error(exc, _fresh_flags(token), token.label).message
        return out
    finally:
        _close_quietly(session)
    visible = inventory.private_keys is not None
    cert_ids = {c.cka_id for c in inventory.certs if c.cka_id}
    public_ids = {k.cka_id for k in inventory.public_keys if k.cka_id}
    certificates = []
    for entry in inventory.certs:
        item = _describe(entry, visible).as_json()
        item["public_key_on_token"] = bool(entry.cka_id) and entry.cka_id in public_ids
        certificates.append(item)
    out["certificates"] = certificates
    out["private_keys"] = (
        [_key_json(k, cert_ids) for k in inventory.private_keys] if visible else None
    )
    out["public_keys"] = [_key_json(k, cert_ids) for k in inventory.public_keys]
    out["unreadable_objects"] = inventory.unreadable
    if not visible:
        out["note"] = "Private keys are hidden until the PIN is given."
    return out


def diagnose(
    module_path: str, *, token_label: str | None = None, pin: str | None = None
) -> dict[str, Any]:
    """Everything the hotline needs about a token driver, as JSON-ready data.

    Without a PIN it shows what the token shows anyone: slots, tokens, certificates and
    public keys. With `pin`, the token labelled `token_label` (or the only token) is
    logged in, which shows the private keys and so each certificate's pairing.
    """
    out: dict[str, Any] = {"module": module_path}
    try:
        lib = _load_module(module_path)
    except IdentityError as exc:
        out["error"] = exc.message
        return out
    out["library"] = {
        "manufacturer": lib.manufacturer_id,
        "description": lib.library_description,
        "cryptoki_version": "{}.{}".format(*lib.cryptoki_version),
        "library_version": "{}.{}".format(*lib.library_version),
    }
    try:
        slots = lib.get_slots()
    except p11_errors.PKCS11Error as exc:
        out["error"] = map_token_error(exc, None, "").message
        return out
    present = [s for s in slots if s.flags & pkcs11.SlotFlag.TOKEN_PRESENT]
    initialised = []
    for slot in present:
        try:
            token = slot.get_token()
        except p11_errors.PKCS11Error:
            continue
        if token.flags & TokenFlag.TOKEN_INITIALIZED:
            initialised.append(token)
    if pin is not None and token_label is None and len(initialised) > 1:
        out["error"] = "Several tokens are present: name the one to log in to."
        pin = None
    out["slots"] = []
    for slot in slots:
        entry: dict[str, Any] = {
            "slot_id": slot.slot_id,
            "description": slot.slot_description,
            "manufacturer": slot.manufacturer_id,
            "flags": _flag_names(slot.flags),
            "token": None,
        }
        if slot.flags & pkcs11.SlotFlag.TOKEN_PRESENT:
            try:
                token = slot.get_token()
            except p11_errors.PKCS11Error as exc:
                entry["token_error"] = map_token_error(exc, None, "").message
            else:
                mine = token_label is None or _same_label(token.label, token_label)
                entry["token"] = _diagnose_token(token, pin if mine else None)
        out["slots"].append(entry)
    return out
