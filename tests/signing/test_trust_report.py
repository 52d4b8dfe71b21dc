"""The verify report (`counterdesk verify FILE --json`) against the loopback PKI."""

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from counterdesk.documents.certified_copy import CertifiedCopy
from counterdesk.errors import IdentityError
from counterdesk.signing import levels
from counterdesk.signing.trust_report import verify_report
from tests.signing.pki import (
    DOSSIER_CODE,
    LABEL,
    OFFICE,
    ORGANISATION,
    REVOKED_SIGNER_NAME,
    SIGNER_NAME,
    LoopbackPki,
    sign,
)

pytest_plugins = ("tests.signing.pki",)  # the pki and copy fixtures

SIGNATURE_KEYS = {
    "signer",
    "organisation",
    "signed_at",
    "level",
    "trusted",
    "revocation_checked",
    "timestamped",
}


@pytest.fixture(scope="module")
def root(pki: LoopbackPki) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pki.root_pem)


@pytest.fixture(scope="module")
def signed(pki: LoopbackPki, copy: CertifiedCopy, root: x509.Certificate) -> dict[str, bytes]:
    bt = sign(copy, pki.signer_p12, pki.tsa_url)
    return {
        "B-B": sign(copy, pki.signer_p12),
        "B-T": bt,
        "B-LTA": levels.upgrade_to_lta(bt, pki.tsa_url, [root]),
    }


def _unrelated_root() -> x509.Certificate:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Some Other Root CA")])
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )


def test_lta_copy_is_valid_offline_with_the_exact_json_shape(
    signed: dict[str, bytes], root: x509.Certificate
) -> None:
    report = verify_report(signed["B-LTA"], [root], allow_fetching=False)
    assert json.loads(json.dumps(report, ensure_ascii=False)) == report  # plain JSON
    assert set(report) == {
        "intact",
        "signatures",
        "certification",
        "in_our_book",
        "verdict",
        "reasons",
    }
    assert report["verdict"] == "valid", report["reasons"]
    assert report["intact"] is True
    assert report["in_our_book"] is None
    assert report["certification"] == {
        "label": LABEL,
        "dossier_code": DOSSIER_CODE,
        "office": OFFICE,
    }
    (signature,) = report["signatures"]
    assert set(signature) == SIGNATURE_KEYS
    assert signature["signer"] == SIGNER_NAME
    assert signature["organisation"] == ORGANISATION
    assert signature["level"] == "B-LTA"
    assert signature["trusted"] is True
    assert signature["revocation_checked"] is True
    assert signature["timestamped"] is True
    signed_at = datetime.fromisoformat(signature["signed_at"])
    assert abs(signed_at - datetime.now(UTC)) < timedelta(minutes=5)
    assert len(report["reasons"]) == 1
    assert SIGNER_NAME in report["reasons"][0]


def test_revocation_needs_the_dss_or_the_network(
    signed: dict[str, bytes], root: x509.Certificate
) -> None:
    for level in ("B-B", "B-T"):
        offline = verify_report(signed[level], [root], allow_fetching=False)
        assert offline["verdict"] == "indeterminate"
        assert offline["intact"] is True
        (signature,) = offline["signatures"]
        assert signature["level"] == level
        assert signature["trusted"] is True
        assert signature["revocation_checked"] is False
        assert signature["timestamped"] is (level == "B-T")
        assert any("revoked cannot be confirmed" in r for r in offline["reasons"])

        online = verify_report(signed[level], [root], allow_fetching=True)
        assert online["verdict"] == "valid", online["reasons"]
        assert online["signatures"][0]["revocation_checked"] is True


def test_copy_signed_offline_and_upgraded_later_is_valid(
    pki: LoopbackPki, copy: CertifiedCopy, root: x509.Certificate
) -> None:
    lta = levels.upgrade_to_lta(sign(copy, pki.signer_p12), pki.tsa_url, [root])
    report = verify_report(lta, [root], allow_fetching=False)
    assert report["verdict"] == "valid", report["reasons"]
    (signature,) = report["signatures"]
    assert signature["level"] == "B-LTA"
    assert signature["timestamped"] is True  # by the first document time-stamp
    assert "(time-stamped)" in report["reasons"][0]


def test_one_changed_byte_makes_the_copy_invalid(
    signed: dict[str, bytes], root: x509.Certificate
) -> None:
    data = bytearray(signed["B-LTA"])
    data[len(data) // 4] ^= 0x01  # inside the page content, under every signature
    report = verify_report(bytes(data), [root])
    assert report["verdict"] == "invalid"
    assert report["intact"] is False
    assert any("changed after signing" in r for r in report["reasons"])


def test_appended_content_after_signing_makes_the_copy_invalid(
    signed: dict[str, bytes], root: x509.Certificate
) -> None:
    # An incremental update that rewrites the page: the signature bytes are intact, but
    # what a reader sees is no longer what was signed.
    writer = IncrementalPdfFileWriter(io.BytesIO(signed["B-T"]))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 700 Td (FORGED) Tj ET")
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    report = verify_report(out.getvalue(), [root], allow_fetching=True)
    assert report["verdict"] == "invalid"
    assert report["intact"] is False
    assert any("changed after" in r for r in report["reasons"])


def test_unknown_root_is_indeterminate(signed: dict[str, bytes]) -> None:
    report = verify_report(signed["B-LTA"], [_unrelated_root()], allow_fetching=False)
    assert report["verdict"] == "indeterminate"
    assert report["intact"] is True
    (signature,) = report["signatures"]
    assert signature["trusted"] is False
    assert signature["timestamped"] is False
    assert any("trusted root" in r for r in report["reasons"])


def test_revoked_signer_is_not_valid(
    pki: LoopbackPki, copy: CertifiedCopy, root: x509.Certificate
) -> None:
    # A copy signed while the desk could not learn of the revocation (offline, no guard).
    pdf = sign(copy, pki.revoked_p12, pki.tsa_url, name=REVOKED_SIGNER_NAME)
    report = verify_report(pdf, [root], allow_fetching=True)
    assert report["verdict"] in ("invalid", "indeterminate")
    assert report["verdict"] != "valid"
    assert report["intact"] is True
    (signature,) = report["signatures"]
    assert signature["signer"] == REVOKED_SIGNER_NAME
    assert signature["trusted"] is False
    assert signature["revocation_checked"] is True
    assert any("revoked" in r for r in report["reasons"])

    # Nor can it be given long-term validation data.
    with pytest.raises(IdentityError, match="revoked"):
        levels.upgrade_to_lt(pdf, [root])


def test_unsigned_and_damaged_files_are_invalid(
    copy: CertifiedCopy, signed: dict[str, bytes], root: x509.Certificate
) -> None:
    unsigned = verify_report(copy.pdf, [root])
    assert unsigned["verdict"] == "invalid"
    assert unsigned["signatures"] == []
    assert unsigned["intact"] is False
    assert unsigned["certification"]["label"] == LABEL
    assert any("no signature" in r for r in unsigned["reasons"])

    truncated = verify_report(signed["B-T"][:2000], [root])
    assert truncated["verdict"] == "invalid"
    assert truncated["intact"] is False
    assert truncated["reasons"]
