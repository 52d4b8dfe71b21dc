"""A loopback test PKI: root and issuing CA, OCSP responder, CRLs and a TSA over HTTP.

Certomancer builds the certificates from a configuration made here in code, and its
Animator serves CRLs, OCSP and time stamps on 127.0.0.1 through werkzeug in a
background thread. Every name is marked TEST. Validity periods are computed around the
real clock, so the PKI never goes stale; the revoked signer was revoked a day ago.

A test module gets the `pki` fixture (session-wide: one server) and the `copy` fixture
(a certified copy ready to sign) with `pytest_plugins = ("tests.signing.pki",)`. `sign`
signs a copy as the desk does, through counterdesk.signing.pades, adding a signature
time-stamp when given a TSA.

Responses are adjusted for NSS (pdfsig): OCSP answered by GET too, times in whole
seconds. (PYTEST_DONT_REWRITE: test modules also import helpers from this plugin, which
would otherwise make pytest warn that it cannot rewrite its asserts.)
"""

import base64
import io
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from certomancer.integrations.animator import Animator, AnimatorArchStore
from certomancer.registry import ArchLabel, CertLabel, CertomancerConfig
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from counterdesk.documents.certified_copy import CertifiedCopy, CopyDetails, build_certified_copy
from counterdesk.documents.fonts import font_path
from counterdesk.documents.originals import read_original
from counterdesk.documents.samples import sample_original_pdf
from counterdesk.domain.statement import make_statement
from counterdesk.legal_data import certification_rules_on
from counterdesk.signing.levels import timestamper
from counterdesk.signing.pades import LoadedSigner, SignatureRequest, StampText

ARCH = "counterdesk-test"
SIGNER_NAME = "Nguyễn Thị Phương Thảo"
REVOKED_SIGNER_NAME = "Trần Văn Bình"
ORGANISATION = "UBND xã Tân Phú (TEST)"
P12_PASSWORD = "mật khẩu thử"  # non-ASCII on purpose: PKCS#12 passwords are UTF-8

_KEYS = ("root", "interm", "ocsp", "tsa", "signer", "revoked", "organisation")


@dataclass
class LoopbackPki:
    """URLs and key material of the running loopback PKI."""

    base_url: str
    tsa_url: str
    ocsp_url: str
    crl_url: str  # the issuing CA's CRL (the root's is at root_crl_url)
    root_crl_url: str
    root_pem: bytes
    root_der: bytes
    interm_pem: bytes
    signer_p12: bytes
    revoked_p12: bytes
    organisation_p12: bytes  # the office's own certificate (second signature on e-copies)
    password: str
    signer_cert: x509.Certificate
    revoked_cert: x509.Certificate
    closed_port_url: str  # nothing listens there: a TSA or responder "down"
    _stop: Callable[[], None] = field(repr=False)
    _start: Callable[[], None] = field(repr=False)

    @contextmanager
    def offline(self) -> Iterator[None]:
        """The whole PKI is unreachable (connection refused) inside the block."""
        self._stop()
        try:
            yield
        finally:
            self._start()


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


def _config(base_url: str, keydir: Path, now: datetime) -> dict[str, Any]:
    start = _iso(now - timedelta(days=30))
    ca_end = _iso(now + timedelta(days=3650))
    leaf_end = _iso(now + timedelta(days=730))

    def usage(*params: str) -> dict[str, Any]:
        return {
            "id": "key_usage",
            "critical": True,
            "smart-value": {"schema": "key-usage", "params": list(params)},
        }

    def eku(purpose: str) -> dict[str, Any]:
        return {"id": "extended_key_usage", "critical": True, "value": [purpose]}

    def revocation_pointers(issuer: str) -> list[dict[str, Any]]:
        """Where to ask about a certificate: the issuer's OCSP responder and its CRL."""
        return [
            {
                "id": "authority_information_access",
                "smart-value": {"schema": "aia-urls", "params": {"ocsp-responder-names": [issuer]}},
            },
            {
                "id": "crl_distribution_points",
                "smart-value": {"schema": "crl-dist-url", "params": {"crl-repo-names": [issuer]}},
            },
        ]

    no_check = {"id": "ocsp_no_check"}  # responders are not checked themselves

    def leaf(issuer: str, *extensions: dict[str, Any]) -> dict[str, Any]:
        return {
            "issuer": issuer,
            "validity": {"valid-from": start, "valid-to": leaf_end},
            "extensions": list(extensions),
        }

    signer_extensions = [
        usage("digital_signature", "non_repudiation"),
        *revocation_pointers("interm"),
    ]
    return {
        "external-url-prefix": base_url,
        "keysets": {
            ARCH: {
                "path-prefix": str(keydir),
                "keys": {name: {"path": f"{name}.key.pem"} for name in _KEYS},
            }
        },
        "pki-architectures": {
            ARCH: {
                "keyset": ARCH,
                "entity-defaults": {"country-name": "VN", "organization-name": "CounterDesk TEST"},
                "entities": {
                    "root": {"common-name": "CounterDesk TEST Root CA"},
                    "interm": {"common-name": "CounterDesk TEST Issuing CA"},
                    "ocsp": {"common-name": "CounterDesk TEST OCSP Responder"},
                    "tsa": {"common-name": "CounterDesk TEST Time Stamping Authority"},
                    "signer": {
                        "common-name": SIGNER_NAME,
                        "title": "Phó Chủ tịch",
                        "organization-name": ORGANISATION,
                    },
                    "organisation": {
                        "common-name": ORGANISATION,
                        "organization-name": ORGANISATION,
                    },
                    "revoked": {
                        "common-name": REVOKED_SIGNER_NAME,
                        "title": "Công chức Tư pháp - Hộ tịch",
                        "organization-name": ORGANISATION,
                    },
                },
                "certs": {
                    "root": {
                        "subject": "root",
                        "issuer": "root",
                        "validity": {"valid-from": start, "valid-to": ca_end},
                        "extensions": [
                            {"id": "basic_constraints", "critical": True, "value": {"ca": True}},
                            usage("digital_signature", "key_cert_sign", "crl_sign"),
                        ],
                    },
                    "interm": {
                        "issuer": "root",
                        "validity": {"valid-from": start, "valid-to": ca_end},
                        "extensions": [
                            {
                                "id": "basic_constraints",
                                "critical": True,
                                "value": {"ca": True, "path-len-constraint": 0},
                            },
                            usage("digital_signature", "key_cert_sign", "crl_sign"),
                            *revocation_pointers("root"),
                        ],
                    },
                    # One responder key, a certificate from each CA it answers for.
                    "root-ocsp": {
                        "subject": "ocsp",
                        "subject-key": "ocsp",
                        **leaf("root", usage("digital_signature"), eku("ocsp_signing"), no_check),
                    },
                    "interm-ocsp": {
                        "subject": "ocsp",
                        "subject-key": "ocsp",
                        **leaf("interm", usage("digital_signature"), eku("ocsp_signing"), no_check),
                    },
                    "tsa": leaf(
                        "root",
                        usage("digital_signature"),
                        eku("time_stamping"),
                        *revocation_pointers("root"),
                    ),
                    "signer": leaf("interm", *signer_extensions),
                    "organisation": leaf("interm", *signer_extensions),
                    "revoked": {
                        **leaf("interm", *signer_extensions),
                        "revocation": {
                            "revoked-since": _iso(now - timedelta(days=1)),
                            "reason": "key_compromise",
                        },
                    },
                },
                "services": {
                    "ocsp": {
                        ca: {
                            "for-issuer": ca,
                            "responder-cert": f"{ca}-ocsp",
                            "signing-key": "ocsp",
                        }
                        for ca in ("root", "interm")
                    },
                    "crl-repo": {
                        ca: {
                            "for-issuer": ca,
                            "signing-key": ca,
                            "simulated-update-schedule": "P1D",
                        }
                        for ca in ("root", "interm")
                    },
                    "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
                },
            }
        },
    }


def _write_keys(keydir: Path) -> dict[str, rsa.RSAPrivateKey]:
    keys = {}
    for name in _KEYS:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        (keydir / f"{name}.key.pem").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        keys[name] = key
    return keys


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _QuietHandler(WSGIRequestHandler):
    def log(self, type: str, message: str, *args: Any) -> None:
        pass


def _for_nss(app: Animator) -> Callable[..., Any]:
    """Certomancer's answers, in the form NSS (pdfsig) accepts.

    - OCSP by GET (RFC 6960 A.1), which NSS tries first: certomancer answers POST only,
      so a GET /<arch>/ocsp/<label>/<base64 request> is replayed as that POST.
    - Times in whole seconds: certomancer stamps OCSP responses (and time-stamps) with
      microseconds, which NSS cannot parse; pdfsig then reports "Unknown issue".
    """

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        now = datetime.now(UTC).replace(microsecond=0)
        # A client may still set the time itself (a TSA with a wrong clock, for a test).
        environ = {"HTTP_X_CERTOMANCER_FAKE_TIME": now.isoformat(), **environ}
        parts = environ.get("PATH_INFO", "").split("/")
        if environ["REQUEST_METHOD"] == "GET" and len(parts) == 5 and parts[2] == "ocsp":
            body = base64.b64decode(unquote(parts[4]))
            environ = {
                **environ,
                "REQUEST_METHOD": "POST",
                "PATH_INFO": "/".join(parts[:4]),
                "CONTENT_TYPE": "application/ocsp-request",
                "CONTENT_LENGTH": str(len(body)),
                "wsgi.input": io.BytesIO(body),
            }
        return app(environ, start_response)

    return wsgi


class _Server:
    """The Animator on a fixed loopback port; can be stopped and started again."""

    def __init__(self, app: Callable[..., Any], port: int) -> None:
        self.app = app
        self.port = port
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._server = make_server(
            "127.0.0.1", self.port, self.app, threaded=True, request_handler=_QuietHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        assert self._server is not None and self._thread is not None
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
        self._server = self._thread = None


def start_pki(folder: Path, now: datetime | None = None) -> tuple[LoopbackPki, Callable[[], None]]:
    """Build the PKI under `folder` and serve it; returns it with a function to stop it."""
    now = now or datetime.now(UTC)
    keydir = folder / "keys"
    keydir.mkdir(parents=True)
    keys = _write_keys(keydir)
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    config = CertomancerConfig(_config(base_url, keydir, now), key_search_dir=str(folder))
    arch = config.get_pki_arch(ArchLabel(ARCH))
    animator = Animator(AnimatorArchStore({ArchLabel(ARCH): arch}), with_web_ui=False)
    server = _Server(_for_nss(animator), port)
    server.start()

    def cert(label: str) -> x509.Certificate:
        return x509.load_der_x509_certificate(arch.get_cert(CertLabel(label)).dump())

    root, interm = cert("root"), cert("interm")

    def p12(label: str) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            name=label.encode(),
            key=keys[label],
            cert=cert(label),
            cas=[interm, root],
            encryption_algorithm=serialization.BestAvailableEncryption(P12_PASSWORD.encode()),
        )

    pem = serialization.Encoding.PEM
    pki = LoopbackPki(
        base_url=base_url,
        tsa_url=f"{base_url}/{ARCH}/tsa/tsa",
        ocsp_url=f"{base_url}/{ARCH}/ocsp/interm",
        crl_url=f"{base_url}/{ARCH}/crls/interm/latest.crl",
        root_crl_url=f"{base_url}/{ARCH}/crls/root/latest.crl",
        root_pem=root.public_bytes(pem),
        root_der=root.public_bytes(serialization.Encoding.DER),
        interm_pem=interm.public_bytes(pem),
        signer_p12=p12("signer"),
        revoked_p12=p12("revoked"),
        organisation_p12=p12("organisation"),
        password=P12_PASSWORD,
        signer_cert=cert("signer"),
        revoked_cert=cert("revoked"),
        closed_port_url=f"http://127.0.0.1:{_free_port()}/tsa",
        _stop=server.stop,
        _start=server.start,
    )
    return pki, server.stop


# ---------------------------------------------------------------------------------------
# A certified copy, signed as the desk signs it

LABEL = "Số chứng thực: 7, Quyển số: 02/2026-SCT/BS"
DOSSIER_CODE = "H38.12-261126-0007"
OFFICE = "UBND xã Tân Phú"


def make_copy(folder: Path) -> CertifiedCopy:
    """A one-page certified copy with its statement, label and dossier code."""
    original = folder / "original.pdf"
    original.write_bytes(sample_original_pdf("Giấy khai sinh", 1))
    today = datetime.now(UTC)
    rules = certification_rules_on(today.date())
    statement = make_statement(
        rules, LABEL, "Xã Tân Phú", today.date(), SIGNER_NAME, "Phó Chủ tịch"
    )
    details = CopyDetails("Giấy khai sinh", LABEL, DOSSIER_CODE, OFFICE, today)
    return build_certified_copy([read_original(original)], statement, details)


def sign(
    copy: CertifiedCopy, p12: bytes, tsa_url: str | None = None, name: str = SIGNER_NAME
) -> bytes:
    """Sign `copy` through LoadedSigner, time-stamped by `tsa_url` if given (B-T)."""
    loaded = LoadedSigner.from_pkcs12(p12, P12_PASSWORD, "test.p12")
    request = SignatureRequest(
        page_index=copy.signature_spot.page_index,
        box=copy.signature_spot.box,
        reason="Chứng thực bản sao từ bản chính",
        location="Xã Tân Phú, Tỉnh Đồng Nai",
        stamp=StampText(name, "Phó Chủ tịch", OFFICE),
        font_file=font_path(),
        signed_at=datetime.now(UTC),
    )
    return loaded.sign(copy.pdf, request, timestamper(tsa_url) if tsa_url else None)


@pytest.fixture(scope="session")
def copy(tmp_path_factory: pytest.TempPathFactory) -> CertifiedCopy:
    return make_copy(tmp_path_factory.mktemp("copy"))


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoopbackPki]:
    running, stop = start_pki(tmp_path_factory.mktemp("pki"))
    yield running
    stop()
