"""PAdES B-B to B-LTA against the loopback PKI, checked by pyHanko and by poppler's pdfsig."""

import io
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from PIL import Image, ImageChops, ImageStat
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import (
    DocumentSecurityStore,
    DocumentTimestampStatus,
    validate_pdf_signature,
    validate_pdf_timestamp,
)
from pyhanko_certvalidator import ValidationContext

from counterdesk.documents.certified_copy import CertifiedCopy
from counterdesk.documents.render import render_pages
from counterdesk.errors import BadInputError, ClockError, IdentityError, OfflineError
from counterdesk.signing import levels
from tests.conftest import require_tool
from tests.e2e.test_certify import pdfsig, pdftotext
from tests.signing.pki import SIGNER_NAME, LoopbackPki, sign

pytest_plugins = ("tests.signing.pki",)  # the pki and copy fixtures


@pytest.fixture(scope="module")
def root(pki: LoopbackPki) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pki.root_pem)


@pytest.fixture(scope="module")
def root_asn1(pki: LoopbackPki) -> asn1_x509.Certificate:
    """The root for pyHanko's own validator, which takes asn1crypto certificates."""
    return asn1_x509.Certificate.load(pki.root_der)


@pytest.fixture(scope="module")
def nssdb(tmp_path_factory: pytest.TempPathFactory, pki: LoopbackPki) -> Path:
    """An NSS database trusting the test root, as a receiving office would."""
    certutil = require_tool("certutil")
    folder = tmp_path_factory.mktemp("nss")
    db = folder / "db"
    db.mkdir()
    root_file = folder / "root.pem"
    root_file.write_bytes(pki.root_pem)
    subprocess.run([certutil, "-N", "-d", f"sql:{db}", "--empty-password"], check=True)
    subprocess.run(
        [certutil, "-A", "-d", f"sql:{db}", "-n", "TEST root", "-t", "CT,C,C", "-i", root_file],
        check=True,
    )
    return db


@pytest.fixture(scope="module")
def ladder(pki: LoopbackPki, copy: CertifiedCopy, root: x509.Certificate) -> dict[str, bytes]:
    """One copy at each level: B-B, B-T (signed with a time-stamp), then upgraded."""
    bt = sign(copy, pki.signer_p12, pki.tsa_url)
    lt = levels.upgrade_to_lt(bt, [root])
    return {
        "B-B": sign(copy, pki.signer_p12),
        "B-T": bt,
        "B-LT": lt,
        "B-LTA": levels.upgrade_to_lta(lt, pki.tsa_url, [root]),
    }


def _timestamp_ok(status: DocumentTimestampStatus) -> bool:
    return status.intact and status.valid and status.trusted


def _pdfsig_first_signature(pdf: bytes, nssdb: Path, tmp_path: Path) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    report = pdfsig(path, nssdb)
    return report.split("Signature #2:")[0]


@pytest.mark.parametrize("level", ["B-B", "B-T", "B-LT", "B-LTA"])
def test_each_level_is_recognised_and_validates(
    level: str,
    ladder: dict[str, bytes],
    root_asn1: asn1_x509.Certificate,
    nssdb: Path,
    tmp_path: Path,
) -> None:
    pdf = ladder[level]
    assert levels.level_of(pdf) == level

    reader = PdfFileReader(io.BytesIO(pdf))
    (sig,) = reader.embedded_regular_signatures
    if level in ("B-B", "B-T"):
        # Trust and revocation established online, OCSP or CRL required for every
        # certificate below the root (the TSA's too).
        context = ValidationContext(
            trust_roots=[root_asn1], allow_fetching=True, revocation_mode="require"
        )
    else:
        # B-LT: everything needed is in the file; no network at all.
        context = DocumentSecurityStore.read_dss(reader).as_validation_context(
            {"trust_roots": [root_asn1], "allow_fetching": False, "revocation_mode": "require"}
        )
    status = validate_pdf_signature(sig, context, context)
    assert status.bottom_line, status.pretty_print_details()
    assert (status.timestamp_validity is not None) == (level != "B-B")
    for ts in reader.embedded_timestamp_signatures:
        assert _timestamp_ok(validate_pdf_timestamp(ts, context))
    assert len(reader.embedded_timestamp_signatures) == (1 if level == "B-LTA" else 0)

    # poppler (NSS) agrees: intact, trusted through the test root, not revoked (it asks
    # the OCSP responder). It does not check document time-stamps, only lists them.
    report = _pdfsig_first_signature(pdf, nssdb, tmp_path)
    assert "Signature Type: ETSI.CAdES.detached" in report
    assert "Signature Validation: Signature is Valid." in report
    assert "Certificate Validation: Certificate is Trusted." in report, report
    assert f"Signer Certificate Common Name: {SIGNER_NAME}" in report


def test_signed_offline_then_upgraded_when_the_tsa_is_back(
    pki: LoopbackPki,
    copy: CertifiedCopy,
    root: x509.Certificate,
    root_asn1: asn1_x509.Certificate,
) -> None:
    with pytest.raises(OfflineError, match="cannot be reached"):
        sign(copy, pki.signer_p12, pki.closed_port_url)
    bb = sign(copy, pki.signer_p12)  # the desk signs without a time-stamp and queues
    assert levels.level_of(bb) == "B-B"

    with pki.offline():
        with pytest.raises(OfflineError):
            levels.upgrade_to_lta(bb, pki.tsa_url, [root])
        with pytest.raises(OfflineError):
            levels.upgrade_to_lt(bb, [root], tsa_url=pki.tsa_url)
    with pytest.raises(BadInputError, match="without a time-stamp"):
        levels.upgrade_to_lt(bb, [root])

    # Back online: a document time-stamp gives the signature its time, then the DSS, then
    # the archive time-stamp over it.
    lt = levels.upgrade_to_lt(bb, [root], tsa_url=pki.tsa_url)
    assert levels.level_of(lt) == "B-LT"
    lta = levels.upgrade_to_lta(bb, pki.tsa_url, [root])
    assert levels.level_of(lta) == "B-LTA"
    reader = PdfFileReader(io.BytesIO(lta))
    assert len(reader.embedded_timestamp_signatures) == 2
    context = DocumentSecurityStore.read_dss(reader).as_validation_context(
        {"trust_roots": [root_asn1], "allow_fetching": False, "revocation_mode": "require"}
    )
    status = validate_pdf_signature(reader.embedded_regular_signatures[0], context)
    assert status.bottom_line, status.pretty_print_details()
    for ts in reader.embedded_timestamp_signatures:
        assert _timestamp_ok(validate_pdf_timestamp(ts, context))


def test_lta_renewal_adds_another_archive_timestamp(
    pki: LoopbackPki, ladder: dict[str, bytes], root: x509.Certificate
) -> None:
    renewed = levels.upgrade_to_lta(ladder["B-LTA"], pki.tsa_url, [root])
    assert levels.level_of(renewed) == "B-LTA"
    assert len(PdfFileReader(io.BytesIO(renewed)).embedded_timestamp_signatures) == 2


def test_upgrade_refuses_a_signer_outside_the_trusted_roots(
    ladder: dict[str, bytes],
) -> None:
    other = _certificate(datetime.now(UTC), days=30)
    with pytest.raises(Exception, match="trusted root") as caught:
        levels.upgrade_to_lt(ladder["B-T"], [other])
    assert caught.type.__name__ == "SetupError"


def test_unsigned_pdf_has_no_level(copy: CertifiedCopy) -> None:
    with pytest.raises(BadInputError, match="no signature"):
        levels.level_of(copy.pdf)


# ---------------------------------------------------------------------------------------
# The checks before signing


def test_revoked_signer_is_refused_before_signing(pki: LoopbackPki, root: x509.Certificate) -> None:
    interm = x509.load_pem_x509_certificate(pki.interm_pem)
    now = datetime.now(UTC)

    revoked = levels.check_revocation(pki.revoked_cert, [interm], [root])
    assert revoked.state == "revoked"
    assert revoked.revoked_at is not None and revoked.revoked_at < now
    with pytest.raises(IdentityError, match="revoked"):
        levels.check_before_signing(pki.revoked_cert, now, revocation=revoked)

    good = levels.check_revocation(pki.signer_cert, [interm], [root])
    assert good.state == "good"
    levels.check_before_signing(pki.signer_cert, now, revocation=good)

    # Offline the question stays open: signing goes ahead, the upgrade asks again later.
    with pki.offline():
        unknown = levels.check_revocation(pki.revoked_cert, [interm], [root])
    assert unknown.state == "unknown"
    levels.check_before_signing(pki.revoked_cert, now, revocation=unknown)


def _certificate(
    now: datetime,
    days: int,
    starts_in: timedelta = timedelta(days=-1),
    usage: str | None = "digital_signature",
) -> x509.Certificate:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Lê Văn Tám")])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + starts_in)
        .not_valid_after(now + starts_in + timedelta(days=days))
    )
    if usage is not None:
        flags = dict.fromkeys(
            [
                "digital_signature",
                "content_commitment",
                "key_encipherment",
                "data_encipherment",
                "key_agreement",
                "key_cert_sign",
                "crl_sign",
                "encipher_only",
                "decipher_only",
            ],
            False,
        )
        flags[usage] = True
        builder = builder.add_extension(x509.KeyUsage(**flags), critical=True)
    return builder.sign(key, hashes.SHA256())


def test_guard_rules_on_the_certificate() -> None:
    now = datetime.now(UTC)
    levels.check_before_signing(_certificate(now, 30), now)
    levels.check_before_signing(_certificate(now, 30, usage="content_commitment"), now)
    with pytest.raises(IdentityError, match="expired"):
        levels.check_before_signing(_certificate(now, 1, starts_in=timedelta(days=-3)), now)
    with pytest.raises(IdentityError, match="valid only from"):
        levels.check_before_signing(_certificate(now, 30, starts_in=timedelta(days=2)), now)
    with pytest.raises(IdentityError, match="not for signing"):
        levels.check_before_signing(_certificate(now, 30, usage="key_encipherment"), now)
    levels.check_before_signing(_certificate(now, 30, usage=None), now)  # unrestricted


def test_desk_clock_must_agree_with_the_tsa(pki: LoopbackPki) -> None:
    stamper = levels.timestamper(pki.tsa_url)
    tsa_now = levels.tsa_time(stamper)
    now = datetime.now(UTC)
    assert abs(tsa_now - now) < timedelta(seconds=5)
    levels.check_before_signing(pki.signer_cert, now, tsa_time=tsa_now)
    within = now + levels.CLOCK_TOLERANCE - timedelta(seconds=30)
    levels.check_before_signing(pki.signer_cert, within, tsa_time=tsa_now)

    # The desk clock set ten minutes fast, then an hour slow.
    with pytest.raises(ClockError, match="date and time"):
        levels.check_before_signing(pki.signer_cert, now + timedelta(minutes=10), tsa_time=tsa_now)
    with pytest.raises(ClockError):
        levels.check_before_signing(pki.signer_cert, now - timedelta(hours=1), tsa_time=tsa_now)

    # A TSA whose clock is off is caught the same way (the desk cannot tell who is wrong).
    stamper.headers = {"X-Certomancer-Fake-Time": (now - timedelta(hours=2)).isoformat()}
    with pytest.raises(ClockError):
        levels.check_before_signing(pki.signer_cert, now, tsa_time=levels.tsa_time(stamper))


def test_tsa_unreachable_is_offline_for_the_clock_check(pki: LoopbackPki) -> None:
    with pytest.raises(OfflineError):
        levels.tsa_time(levels.timestamper(pki.closed_port_url))


# ---------------------------------------------------------------------------------------
# The visible stamp


def test_stamp_renders_the_vietnamese_name(
    ladder: dict[str, bytes], copy: CertifiedCopy, tmp_path: Path
) -> None:
    signed = ladder["B-LTA"]
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    page = copy.signature_spot.page_index + 1
    text = pdftotext(path, "-f", str(page), "-l", str(page))
    assert f"Ký bởi: {SIGNER_NAME}" in text
    assert "Chức vụ: Phó Chủ tịch" in text
    assert "Cơ quan: UBND xã Tân Phú" in text

    # Rendered for printing, the stamp box has ink that the unsigned copy has not.
    dpi = 100
    before = render_pages(copy.pdf, dpi)[copy.signature_spot.page_index]
    after = render_pages(signed, dpi)[copy.signature_spot.page_index]
    x0, y0, x1, y1 = copy.signature_spot.box
    scale = dpi / 72
    box = (
        round(x0 * scale),
        round((after.height_pt - y1) * scale),
        round(x1 * scale),
        round((after.height_pt - y0) * scale),
    )
    inked = ImageChops.difference(
        Image.open(io.BytesIO(before.png)).convert("L").crop(box),
        Image.open(io.BytesIO(after.png)).convert("L").crop(box),
    )
    changed = sum(inked.point(lambda v: 255 if v > 64 else 0).histogram()[255:])
    assert changed > 0.02 * inked.width * inked.height
    assert ImageStat.Stat(inked).mean[0] > 1
