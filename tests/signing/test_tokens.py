"""Signing with a PKCS#11 token, against real SoftHSM2 tokens made by the test.

Three tokens, all with Vietnamese labels:
- "Xã Tân Phú": the signer's key and certificate (CKA_ID 0a1b), the TEST CA certificate,
  and a decoy: an encryption key pair (CKA_ID 0c2d) whose key carries the SAME
  diacritics label as the signer's key, so only a choice by CKA_ID signs right.
- "Phường Đông Hòa": two signing certificates with keys (01, 02) and one without (03).
- "Thôn Bình An": empty, for wrong-PIN attempts.

SoftHSM 2.6 keeps the tokens in this module's own folder (SOFTHSM2_CONF); it reads that
setting when the driver is loaded, so the driver is unloaded before and after.
"""

import io
import json
import logging
import os
import statistics
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pkcs11
import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pkcs11 import TokenFlag
from pkcs11 import exceptions as p11_errors
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from counterdesk.documents.fonts import font_path
from counterdesk.documents.samples import sample_original_pdf
from counterdesk.errors import BadInputError, IdentityError
from counterdesk.signing import identities, tokens
from counterdesk.signing.identities import create_test_identity, open_pkcs12
from counterdesk.signing.pades import LoadedSigner, SignatureRequest, StampText
from counterdesk.signing.tokens import (
    TokenConfig,
    TokenSigner,
    diagnose,
    list_token_certificates,
    map_token_error,
    open_token_signer,
    pin_state,
    token_pin_state,
)
from counterdesk.signing.verify import verify_signatures
from tests.conftest import OFFICE_NAME, SIGNER_NAME, require_tool

TOKEN = "Xã Tân Phú"
TOKEN_TWO = "Phường Đông Hòa"
TOKEN_EMPTY = "Thôn Bình An"
PIN = "246810"
WRONG_PIN = "975319"
SO_PIN = "13572468"
SIGNER_ID = "0a1b"
DECOY_ID = "0c2d"
DECOY_NAME = "Nguyễn Thị Ngọc Ánh (mã hoá)"

_MODULE_CANDIDATES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
)


@dataclass
class Hsm:
    module: str
    signer: identities.TestIdentity
    ca_cert: x509.Certificate
    signer_cert: x509.Certificate

    def config(self, cert_id: str | None = SIGNER_ID, label: str = TOKEN) -> TokenConfig:
        return TokenConfig(module=self.module, token_label=label, cert_id=cert_id)


def _softhsm_module() -> str:
    for path in _MODULE_CANDIDATES:
        if Path(path).is_file():
            return path
    pytest.fail(f"libsofthsm2.so is not installed (looked in {_MODULE_CANDIDATES})")


def _usage(*names: str) -> x509.KeyUsage:
    flags = {
        name: name in names
        for name in (
            "digital_signature",
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
        )
    }
    return x509.KeyUsage(**flags, encipher_only=False, decipher_only=False)


def _issue(
    ca_key: rsa.RSAPrivateKey, ca_name: x509.Name, name: str, usage: x509.KeyUsage
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    start = datetime.now(UTC) - timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


@pytest.fixture(scope="module")
def hsm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hsm]:
    softhsm_util = require_tool("softhsm2-util")
    pkcs11_tool = require_tool("pkcs11-tool")
    module = _softhsm_module()
    root = tmp_path_factory.mktemp("softhsm")
    (root / "tokens").mkdir()
    conf = root / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {root / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    files = iter(range(1000))

    def run(*args: str) -> None:
        proc = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
        assert proc.returncode == 0, (args[:3], proc.stdout, proc.stderr)

    def put_key(token: str, key: rsa.RSAPrivateKey, cka_id: str, label: str) -> None:
        path = root / f"key-{next(files)}.pem"
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        run(softhsm_util, "--import", str(path), "--token", token, "--label", label,
            "--id", cka_id, "--pin", PIN)  # fmt: skip

    def put_cert(token: str, cert: x509.Certificate, cka_id: str | None, label: str) -> None:
        path = root / f"cert-{next(files)}.der"
        path.write_bytes(cert.public_bytes(serialization.Encoding.DER))
        id_args = ("--id", cka_id) if cka_id else ()
        run(pkcs11_tool, "--module", module, "--token-label", token, "--login", "--pin", PIN,
            "--write-object", str(path), "--type", "cert", *id_args, "--label", label)  # fmt: skip

    for label in (TOKEN, TOKEN_TWO, TOKEN_EMPTY):
        run(softhsm_util, "--init-token", "--free", "--label", label,
            "--so-pin", SO_PIN, "--pin", PIN)  # fmt: skip

    signer = create_test_identity(SIGNER_NAME, "Phó Chủ tịch", OFFICE_NAME, datetime.now(UTC))
    contents = open_pkcs12(signer.p12, signer.password, "test identity")
    (ca_cert,) = contents.chain
    other_ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    other_ca = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CounterDesk TEST CA 2")])

    # The decoy goes in first, under the same key label as the signer's key.
    decoy_key, decoy_cert = _issue(
        other_ca_key, other_ca, DECOY_NAME, _usage("key_encipherment", "data_encipherment")
    )
    put_key(TOKEN, decoy_key, DECOY_ID, SIGNER_NAME)
    put_cert(TOKEN, decoy_cert, DECOY_ID, DECOY_NAME)
    put_key(TOKEN, contents.key, SIGNER_ID, SIGNER_NAME)
    put_cert(TOKEN, contents.cert, SIGNER_ID, SIGNER_NAME)
    put_cert(TOKEN, ca_cert, None, "CounterDesk TEST CA")

    signing = _usage("digital_signature", "content_commitment")
    for cka_id, name in (("01", "Lê Văn Hùng"), ("02", "Phạm Thị Hoa")):
        key, cert = _issue(other_ca_key, other_ca, name, signing)
        put_key(TOKEN_TWO, key, cka_id, name)
        put_cert(TOKEN_TWO, cert, cka_id, name)
    _, keyless_cert = _issue(other_ca_key, other_ca, "Võ Minh Tâm", signing)
    put_cert(TOKEN_TWO, keyless_cert, "03", "Võ Minh Tâm")

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOFTHSM2_CONF", str(conf))
        pkcs11.unload(module)
        yield Hsm(module, signer, ca_cert, contents.cert)
        pkcs11.unload(module)


def _request(pdf_pages: int) -> SignatureRequest:
    return SignatureRequest(
        page_index=pdf_pages - 1,
        box=(320, 40, 560, 110),
        reason="Chứng thực bản sao điện tử từ bản chính",
        location=TOKEN,
        stamp=StampText(SIGNER_NAME, "Phó Chủ tịch", OFFICE_NAME),
        font_file=font_path(),
        signed_at=datetime(2026, 3, 2, 9, 30),
    )


@pytest.fixture(scope="module")
def original() -> bytes:
    return sample_original_pdf("Giấy khai sinh", 2)


def _validated_signer(pdf: bytes, ca_cert: x509.Certificate) -> str:
    root = asn1_x509.Certificate.load(ca_cert.public_bytes(serialization.Encoding.DER))
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    (sig,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    status = validate_pdf_signature(sig, context)
    assert status.bottom_line, status.pretty_print_details()
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    return sig.signer_cert.subject.native["common_name"]


# -- signing ------------------------------------------------------------------------------


def test_signs_with_the_key_paired_by_cka_id_not_by_label(hsm: Hsm, original: bytes) -> None:
    # Both keys on the token are labelled with the signer's name; only the ID tells them apart.
    with open_token_signer(hsm.config(cert_id="0A:1B"), PIN) as signer:
        assert isinstance(signer, LoadedSigner)
        assert signer.certificate.cka_id == SIGNER_ID
        assert signer.certificate.common_name == SIGNER_NAME
        signed = signer.sign(original, _request(2))

    assert signed.startswith(original)  # an incremental update: the original bytes kept
    assert _validated_signer(signed, hsm.ca_cert) == SIGNER_NAME
    outcome = verify_signatures(signed)
    assert outcome.intact
    assert outcome.signer == SIGNER_NAME


def test_without_a_cert_id_the_one_signing_certificate_is_chosen(hsm: Hsm, original: bytes) -> None:
    # The decoy has a key too, but its certificate is for encryption only.
    with open_token_signer(hsm.config(cert_id=None), PIN) as signer:
        assert signer.certificate.cka_id == SIGNER_ID
        signed = signer.sign(original, _request(2))
    assert _validated_signer(signed, hsm.ca_cert) == SIGNER_NAME


def test_tokens_that_only_sign_digests_are_served_raw(hsm: Hsm, original: bytes) -> None:
    # Some field tokens lack CKM_SHA256_RSA_PKCS: the digest is made on the computer and
    # signed with CKM_RSA_PKCS (chosen automatically from the token's mechanism list).
    config = TokenConfig(hsm.module, TOKEN, cert_id=SIGNER_ID, raw_signing=True)
    with open_token_signer(config, PIN) as signer:
        assert signer.certificate.title == "Phó Chủ tịch"
        signed = signer.sign(original, _request(2))
    assert _validated_signer(signed, hsm.ca_cert) == SIGNER_NAME


def test_several_signing_certificates_are_listed_to_choose_from(hsm: Hsm) -> None:
    with pytest.raises(IdentityError) as caught:
        open_token_signer(hsm.config(cert_id=None, label=TOKEN_TWO), PIN)
    message = caught.value.message
    assert "several signing certificates" in message
    assert "“Lê Văn Hùng” (ID 01" in message
    assert "“Phạm Thị Hoa” (ID 02" in message
    assert "Võ Minh Tâm" not in message  # no key: not a candidate

    with open_token_signer(hsm.config(cert_id="02", label=TOKEN_TWO), PIN) as signer:
        assert signer.certificate.common_name == "Phạm Thị Hoa"


@pytest.mark.parametrize(
    ("label", "cert_id", "expected"),
    [
        (TOKEN_TWO, "03", "No private key with ID 03 is on token “Phường Đông Hòa”"),
        (TOKEN, DECOY_ID, "is not for signing documents (key usage: key_encipherment"),
        (TOKEN, "ffff", "No certificate with ID ffff is on token “Xã Tân Phú”"),
    ],
)
def test_a_certificate_that_cannot_sign_is_refused(
    hsm: Hsm, label: str, cert_id: str, expected: str
) -> None:
    with pytest.raises(IdentityError) as caught:
        open_token_signer(hsm.config(cert_id=cert_id, label=label), PIN)
    assert expected in caught.value.message
    assert caught.value.exit_code == 5


def test_an_expired_certificate_is_refused(hsm: Hsm) -> None:
    later = datetime.now(UTC) + timedelta(days=3 * 365)
    with pytest.raises(IdentityError, match=r"expired on .* Ask the CA to renew it"):
        open_token_signer(hsm.config(), PIN, now=later)
    with pytest.raises(IdentityError, match="not valid today"):
        open_token_signer(hsm.config(cert_id=None), PIN, now=later)


def test_a_closed_signer_asks_for_the_pin_again(hsm: Hsm, original: bytes) -> None:
    signer = open_token_signer(hsm.config(), PIN)
    signer.close()
    signer.close()  # twice is harmless
    with pytest.raises(IdentityError, match="enter the PIN again"):
        signer.sign(original, _request(2))


def test_a_second_login_while_unlocked_is_refused_not_waved_through(hsm: Hsm) -> None:
    # PKCS#11 logs in per process: a second login could not check the PIN at all.
    with open_token_signer(hsm.config(), PIN):
        with pytest.raises(IdentityError, match="already unlocked"):
            open_token_signer(hsm.config(), WRONG_PIN)
        # Listing still works, through the open login.
        listed = list_token_certificates(hsm.module, TOKEN, PIN)
        assert {c.cka_id for c in listed if c.has_private_key} == {SIGNER_ID, DECOY_ID}


# -- PIN ----------------------------------------------------------------------------------


def _chain_text(exc: BaseException) -> str:
    parts = []
    current: BaseException | None = exc
    while current is not None:
        parts += [str(current), repr(current)]
        current = current.__cause__ or current.__context__
    return "\n".join(parts)


def test_a_wrong_pin_says_so_without_showing_it(hsm: Hsm, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(IdentityError) as caught:
        open_token_signer(hsm.config(), WRONG_PIN)
    message = caught.value.message
    assert message.startswith("The PIN for the token “Xã Tân Phú” is wrong.")
    # SoftHSM flags CKF_USER_PIN_COUNT_LOW after a wrong PIN, and gives no count (no
    # PKCS#11 token does): the message says what the token says.
    assert "few tries are left before it locks" in message
    assert WRONG_PIN not in _chain_text(caught.value)
    assert token_pin_state(hsm.config()) == "count_low"

    with open_token_signer(hsm.config(), PIN):
        pass
    assert token_pin_state(hsm.config()) == "ok"  # a good PIN clears the warning
    assert WRONG_PIN not in caplog.text
    assert PIN not in caplog.text


def test_softhsm_never_locks_so_wrong_pins_stay_wrong_pins(hsm: Hsm) -> None:
    # SoftHSM 2.6 has no retry counter: it only sets CKF_USER_PIN_COUNT_LOW and never
    # locks the user PIN, so the locked token is covered by the mapping tests below.
    config = TokenConfig(hsm.module, TOKEN_EMPTY)
    for _ in range(12):
        with pytest.raises(IdentityError, match="is wrong") as caught:
            open_token_signer(config, WRONG_PIN)
        assert "locked" not in caught.value.message
    assert token_pin_state(config) == "count_low"
    assert list_token_certificates(hsm.module, TOKEN_EMPTY, PIN) == []
    assert token_pin_state(config) == "ok"


def test_pin_errors_map_to_what_the_clerk_can_do() -> None:
    pin_ok = TokenFlag.TOKEN_INITIALIZED | TokenFlag.USER_PIN_INITIALIZED
    locked = map_token_error(p11_errors.PinLocked(), pin_ok, TOKEN).message
    assert "locked after too many wrong PINs" in locked
    assert "Ask the CA that issued the certificate to unlock it" in locked
    # Some tokens answer the try that locks them with CKR_PIN_INCORRECT and the flag.
    flagged = map_token_error(p11_errors.PinIncorrect(), pin_ok | TokenFlag.USER_PIN_LOCKED, TOKEN)
    assert flagged.message == locked

    final = map_token_error(p11_errors.PinIncorrect(), pin_ok | TokenFlag.USER_PIN_FINAL_TRY, TOKEN)
    assert "is wrong. Tries left: 1. One more wrong PIN locks the token" in final.message
    low = map_token_error(p11_errors.PinIncorrect(), pin_ok | TokenFlag.USER_PIN_COUNT_LOW, TOKEN)
    assert "few tries are left" in low.message
    plain = map_token_error(p11_errors.PinIncorrect(), pin_ok, TOKEN)
    assert "Vietnamese typing (Unikey, EVKey) off" in plain.message
    assert "must be changed" in map_token_error(p11_errors.PinExpired(), pin_ok, TOKEN).message

    unplugged = map_token_error(p11_errors.DeviceRemoved(), None, TOKEN, signing=True)
    assert "not plugged in or stopped responding" in unplugged.message
    assert "enter the PIN again" in unplugged.message
    assert "hotline" in map_token_error(p11_errors.GeneralError(), None, TOKEN).message

    assert pin_state(pin_ok) == "ok"
    assert pin_state(pin_ok | TokenFlag.USER_PIN_LOCKED | TokenFlag.USER_PIN_COUNT_LOW) == "locked"
    assert pin_state(pin_ok | TokenFlag.USER_PIN_FINAL_TRY) == "final_try"
    assert pin_state(TokenFlag.TOKEN_INITIALIZED) == "not_initialized"


class _FakeSlot:
    slot_id = 7

    def __init__(self, flags_after: TokenFlag) -> None:
        self.flags_after = flags_after

    def get_token(self) -> "_FakeToken":
        return _FakeToken(self.flags_after, self.flags_after)


class _FakeToken:
    """A token as python-pkcs11 shows it, for the states SoftHSM cannot reach."""

    label = TOKEN

    def __init__(self, flags: TokenFlag, flags_after: TokenFlag) -> None:
        self.flags = flags
        self.slot = _FakeSlot(flags_after)
        self.logins = 0

    def open(self, user_pin: object = None, **_: object) -> None:
        self.logins += 1
        raise p11_errors.PinIncorrect()


def test_a_locked_token_is_not_sent_a_pin_and_the_last_try_is_announced(
    hsm: Hsm, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready = TokenFlag.TOKEN_INITIALIZED | TokenFlag.USER_PIN_INITIALIZED
    locked = _FakeToken(ready | TokenFlag.USER_PIN_LOCKED, ready | TokenFlag.USER_PIN_LOCKED)
    monkeypatch.setattr(tokens, "_find_token", lambda *_: locked)
    with pytest.raises(IdentityError, match="locked after too many wrong PINs"):
        open_token_signer(hsm.config(), PIN)
    assert locked.logins == 0  # no PIN sent: it would tell nothing and could do harm

    # The flags are read again after the failed login, as the token changes them then.
    last_try = _FakeToken(
        ready | TokenFlag.USER_PIN_COUNT_LOW, ready | TokenFlag.USER_PIN_FINAL_TRY
    )
    monkeypatch.setattr(tokens, "_find_token", lambda *_: last_try)
    with pytest.raises(IdentityError, match="Tries left: 1") as caught:
        open_token_signer(hsm.config(), WRONG_PIN)
    assert last_try.logins == 1
    assert WRONG_PIN not in _chain_text(caught.value)


def test_a_token_gone_during_the_session_asks_to_plug_it_in_again(
    hsm: Hsm, original: bytes
) -> None:
    signer = open_token_signer(hsm.config(), PIN)
    pkcs11.lib(hsm.module).reinitialize()  # the driver drops every session, as on unplug
    with pytest.raises(IdentityError) as caught:
        signer.sign(original, _request(2))
    assert "not plugged in or stopped responding" in caught.value.message
    assert "enter the PIN again" in caught.value.message
    signer.close()  # the session is gone already: closing is still harmless
    with open_token_signer(hsm.config(), PIN) as again:
        assert _validated_signer(again.sign(original, _request(2)), hsm.ca_cert) == SIGNER_NAME


# -- driver and token ---------------------------------------------------------------------


def test_a_bad_driver_path_is_an_identity_error(hsm: Hsm, tmp_path: Path) -> None:
    missing = str(tmp_path / "viettel-ca_v6.so")
    with pytest.raises(IdentityError, match=r"does not exist\. Install the token software"):
        open_token_signer(TokenConfig(missing, TOKEN), PIN)
    not_a_library = tmp_path / "token.so"
    not_a_library.write_text("not a library")
    with pytest.raises(IdentityError, match=r"cannot be loaded .*reinstall the token software"):
        open_token_signer(TokenConfig(str(not_a_library), TOKEN), PIN)
    assert "does not exist" in diagnose(missing)["error"]


def test_an_absent_token_lists_the_tokens_that_are_there(hsm: Hsm) -> None:
    with pytest.raises(IdentityError) as caught:
        open_token_signer(TokenConfig(hsm.module, "Xã Tân Lập"), PIN)
    message = caught.value.message
    assert "No token labelled “Xã Tân Lập” is plugged in" in message
    assert "“Xã Tân Phú” (slot" in message
    assert "“Phường Đông Hòa” (slot" in message
    with pytest.raises(IdentityError, match="Several tokens are plugged in"):
        open_token_signer(TokenConfig(hsm.module), PIN)
    # The slot ID alone finds the token too.
    (slot,) = [
        s["slot_id"]
        for s in diagnose(hsm.module)["slots"]
        if s["token"] and s["token"]["label"] == TOKEN
    ]
    with open_token_signer(TokenConfig(hsm.module, slot_id=slot, cert_id=SIGNER_ID), PIN) as s:
        assert s.token_label == TOKEN


def test_a_malformed_cert_id_is_bad_input() -> None:
    assert TokenConfig("x.so", cert_id="0A:1B").cert_id == SIGNER_ID
    assert TokenConfig("x.so", cert_id="0a 1b").cert_id_bytes == b"\x0a\x1b"
    with pytest.raises(BadInputError, match="not hexadecimal"):
        TokenConfig("x.so", cert_id="Nguyễn")


# -- diagnosis and listing ----------------------------------------------------------------


def _token(report: dict, label: str) -> dict:
    (token,) = [s["token"] for s in report["slots"] if s["token"] and s["token"]["label"] == label]
    return token


def test_diagnose_without_pin_shows_tokens_and_certificates(hsm: Hsm) -> None:
    report = diagnose(hsm.module)
    json.dumps(report)  # the hotline gets it as JSON
    assert report["library"]["manufacturer"] == "SoftHSM"
    assert {s["token"]["label"] for s in report["slots"] if s["token"]} >= {
        TOKEN,
        TOKEN_TWO,
        TOKEN_EMPTY,
    }
    token = _token(report, TOKEN)
    assert token["model"] == "SoftHSM v2"
    assert token["manufacturer"] == "SoftHSM project"
    assert token["serial"]
    assert "TOKEN_INITIALIZED" in token["flags"]
    assert token["pin"] in {"ok", "count_low"}
    assert token["private_keys"] is None  # hidden without the PIN, not absent
    certs = {c["cka_id"]: c for c in token["certificates"]}
    assert set(certs) == {SIGNER_ID, DECOY_ID, ""}
    signer = certs[SIGNER_ID]
    assert signer["common_name"] == SIGNER_NAME
    assert signer["serial"] == f"{hsm.signer_cert.serial_number:x}"
    assert signer["not_after"] == hsm.signer_cert.not_valid_after_utc.isoformat()
    assert signer["key_usage"] == ["digital_signature", "content_commitment"]
    assert signer["can_sign"]
    assert signer["has_private_key"] is None
    assert signer["public_key_on_token"]
    assert certs[DECOY_ID]["key_usage"] == ["key_encipherment", "data_encipherment"]
    assert certs[""]["is_ca"]
    assert {k["cka_id"] for k in token["public_keys"]} == {SIGNER_ID, DECOY_ID}


def test_diagnose_with_pin_pairs_certificates_and_keys(hsm: Hsm) -> None:
    report = diagnose(hsm.module, token_label=TOKEN, pin=PIN)
    json.dumps(report)
    token = _token(report, TOKEN)
    assert token["logged_in"]
    keys = {k["cka_id"]: k for k in token["private_keys"]}
    assert set(keys) == {SIGNER_ID, DECOY_ID}
    assert keys[SIGNER_ID]["label"] == keys[DECOY_ID]["label"] == SIGNER_NAME
    assert all(k["has_certificate"] and k["can_sign"] for k in keys.values())
    certs = {c["cka_id"]: c for c in token["certificates"]}
    assert certs[SIGNER_ID]["has_private_key"] and certs[SIGNER_ID]["key_matches"]
    assert certs[DECOY_ID]["has_private_key"] and not certs[DECOY_ID]["can_sign"]
    assert certs[""]["has_private_key"] is False

    other = _token(report, TOKEN_TWO)  # the PIN was for "Xã Tân Phú" only
    assert not other["logged_in"]
    assert other["private_keys"] is None

    wrong = _token(diagnose(hsm.module, token_label=TOKEN, pin=WRONG_PIN), TOKEN)
    assert "is wrong" in wrong["login_error"]
    assert WRONG_PIN not in json.dumps(wrong)
    assert {c["cka_id"] for c in wrong["certificates"]} == {SIGNER_ID, DECOY_ID, ""}


def test_list_token_certificates(hsm: Hsm) -> None:
    public = {c.cka_id: c for c in list_token_certificates(hsm.module, TOKEN_TWO)}
    assert set(public) == {"01", "02", "03"}
    assert all(c.has_private_key is None for c in public.values())
    with_pin = {c.cka_id: c for c in list_token_certificates(hsm.module, TOKEN_TWO, PIN)}
    assert {i for i, c in with_pin.items() if c.has_private_key} == {"01", "02"}
    assert with_pin["03"].common_name == "Võ Minh Tâm"
    assert with_pin["01"].as_json()["not_after"].endswith("+00:00")


# -- timing -------------------------------------------------------------------------------


def test_time_of_one_signature_token_vs_pkcs12(hsm: Hsm, original: bytes) -> None:
    """Not a benchmark: the order of magnitude, printed (run with -s to see it)."""
    p12 = LoadedSigner.from_pkcs12(hsm.signer.p12, hsm.signer.password, "test identity")
    timings: dict[str, list[float]] = {}
    with open_token_signer(hsm.config(), PIN) as token:
        for name, signer in (("softhsm", token), ("pkcs12", p12)):
            signer.sign(original, _request(2))  # warm-up: fonts, key handle
            runs = []
            for _ in range(7):
                start = time.perf_counter()
                signer.sign(original, _request(2))
                runs.append(time.perf_counter() - start)
            timings[name] = runs
    start = time.perf_counter()
    open_token_signer(hsm.config(), PIN).close()
    opening = time.perf_counter() - start
    summary = ", ".join(
        f"{name} median {statistics.median(runs) * 1000:.1f} ms (min {min(runs) * 1000:.1f})"
        for name, runs in timings.items()
    )
    print(f"\none signature, {len(original)} B PDF: {summary}; token open+login "
          f"{opening * 1000:.1f} ms")  # fmt: skip
    assert isinstance(token, TokenSigner)
    assert all(statistics.median(runs) < 5 for runs in timings.values())
