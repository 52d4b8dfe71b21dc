"""Signing identities: PKCS#12 files, and a clearly marked TEST CA for demos and tests."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from counterdesk.errors import IdentityError

SigningKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

TEST_CA_NAME = "CounterDesk TEST CA - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"


@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    common_name: str
    title: str | None
    not_before: datetime
    not_after: datetime
    sha256: str


@dataclass(frozen=True)
class TestIdentity:
    p12: bytes
    password: str
    ca_cert_pem: bytes
    info: CertificateInfo


def describe(cert: x509.Certificate) -> CertificateInfo:
    def attribute(oid: x509.ObjectIdentifier) -> str | None:
        values = cert.subject.get_attributes_for_oid(oid)
        return str(values[0].value) if values else None

    return CertificateInfo(
        subject=cert.subject.rfc4514_string({NameOID.TITLE: "T"}),
        common_name=attribute(NameOID.COMMON_NAME) or cert.subject.rfc4514_string(),
        title=attribute(NameOID.TITLE),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        sha256=hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest(),
    )


def create_test_identity(name: str, title: str, organisation: str, now: datetime) -> TestIdentity:
    """A throw-away CA and a signer certificate for `name`, marked TEST in every name."""
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, TEST_CA_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CounterDesk TEST"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        ]
    )
    start = now - timedelta(days=1)
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.TITLE, title),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"{organisation} (TEST)"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    password = secrets.token_urlsafe(24)
    p12 = pkcs12.serialize_key_and_certificates(
        name=b"counterdesk-test-signer",
        key=key,
        cert=cert,
        cas=[ca_cert],
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode()),
    )
    return TestIdentity(
        p12=p12,
        password=password,
        ca_cert_pem=ca_cert.public_bytes(serialization.Encoding.PEM),
        info=describe(cert),
    )


@dataclass(frozen=True)
class Pkcs12Contents:
    key: SigningKey
    cert: x509.Certificate
    chain: list[x509.Certificate]


def open_pkcs12(data: bytes, password: str, source: str) -> Pkcs12Contents:
    """Open a PKCS#12 with `password`: it must hold an RSA or ECDSA key and its certificate."""
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(data, password.encode())
    except ValueError as exc:
        raise IdentityError(
            f"{source} cannot be opened: the password is wrong or the file is not a "
            "PKCS#12 (.p12/.pfx) identity. Check the password and the file."
        ) from exc
    if key is None or cert is None:
        raise IdentityError(
            f"{source} holds no private key with its certificate; export the signer's "
            "identity again including the private key."
        )
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise IdentityError(
            f"{source} has a {type(key).__name__}; only RSA and ECDSA signing keys are supported."
        )
    return Pkcs12Contents(key, cert, chain)


def read_pkcs12(data: bytes, password: str, source: str) -> CertificateInfo:
    """Check that a PKCS#12 can sign, and describe its certificate."""
    return describe(open_pkcs12(data, password, source).cert)
