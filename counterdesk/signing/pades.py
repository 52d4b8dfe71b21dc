"""PAdES baseline signatures with a visible stamp that renders Vietnamese names.

B-B for now: `/ETSI.CAdES.detached`, SHA-256, the signing certificate in the signed
attributes. The stamp uses the embedded Noto Serif through pyHanko's OpenType engine:
pyHanko's default Courier silently garbles "Nguyễn" (pyHanko#459).
"""

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from counterdesk.signing.identities import SigningKey, open_pkcs12


@dataclass(frozen=True)
class StampText:
    signer_name: str
    signer_title: str
    organisation: str


@dataclass(frozen=True)
class SignatureRequest:
    page_index: int
    box: tuple[int, int, int, int]  # PDF user space, origin bottom-left
    reason: str
    location: str
    stamp: StampText
    font_file: Path
    signed_at: datetime  # shown on the stamp, office-local time
    # One field per signature: the signer's certification, then the office's own signature
    # over it, or an inspector's export.
    field_name: str = "ChungThuc"


# Room for the CMS signature in the PDF: an RSA-4096 or ECDSA signature with a chain of
# four certificates fits with margin. Fixing it spares pyHanko a trial signature made
# only to measure the size.
SIGNATURE_BYTES_RESERVED = 16_384
# A signature time-stamp token carries the TSA's own certificates: room doubled.
TIMESTAMPED_SIGNATURE_BYTES_RESERVED = 32_768


class _InMemoryKeySigner(signers.Signer):
    """Signs with a private key parsed once.

    pyHanko's SimpleSigner re-parses the key from DER at every signature, and
    cryptography re-validates an RSA key each time it is loaded: about 40 ms a signature.
    """

    def __init__(
        self, key: SigningKey, cert: x509.Certificate, chain: list[x509.Certificate]
    ) -> None:
        super().__init__(
            signing_cert=_to_asn1(cert),
            cert_registry=SimpleCertificateStore.from_certs([_to_asn1(c) for c in chain]),
        )
        self._key = key

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        algorithm = get_pyca_cryptography_hash(digest_algorithm)
        if isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(data, padding.PKCS1v15(), algorithm)
        return self._key.sign(data, ec.ECDSA(algorithm))


def _to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


class LoadedSigner:
    """A signer ready to sign: key and certificate in memory, for one desk session."""

    def __init__(self, signer: signers.Signer) -> None:
        self._signer = signer

    @classmethod
    def from_pkcs12(cls, data: bytes, password: str, source: str) -> "LoadedSigner":
        contents = open_pkcs12(data, password, source)
        return cls(_InMemoryKeySigner(contents.key, contents.cert, contents.chain))

    @property
    def signing_certificate(self) -> x509.Certificate:
        return x509.load_der_x509_certificate(self._signer.signing_cert.dump())

    @property
    def certificate_chain(self) -> list[x509.Certificate]:
        return [x509.load_der_x509_certificate(c.dump()) for c in self._signer.cert_registry or ()]

    def sign(
        self, pdf: bytes, request: SignatureRequest, timestamper: TimeStamper | None = None
    ) -> bytes:
        """Sign at B-B, or at B-T with `timestamper` (levels.timestamper(url))."""
        stamp_lines = [
            f"Ký bởi: {request.stamp.signer_name}",
            f"Chức vụ: {request.stamp.signer_title}",
            f"Cơ quan: {request.stamp.organisation}",
            f"Ngày ký: {request.signed_at:%d/%m/%Y %H:%M}",
        ]
        style = TextStampStyle(
            stamp_text="\n".join(stamp_lines),
            text_box_style=TextBoxStyle(
                font=GlyphAccumulatorFactory(str(request.font_file), font_size=9),
                font_size=9,
                leading=12,  # room for stacked Vietnamese diacritics
            ),
            border_width=1,
        )
        meta = signers.PdfSignatureMetadata(
            field_name=request.field_name,
            subfilter=SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=request.reason,
            location=request.location,
            name=request.stamp.signer_name,
        )
        pdf_signer = signers.PdfSigner(
            meta,
            signer=self._signer,
            timestamper=timestamper,
            stamp_style=style,
            new_field_spec=fields.SigFieldSpec(
                request.field_name, box=request.box, on_page=request.page_index
            ),
        )
        # sign_pdf() runs its own event loop: call it from a worker thread, not from
        # inside a running asyncio loop.
        output = pdf_signer.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(pdf)),
            bytes_reserved=(
                TIMESTAMPED_SIGNATURE_BYTES_RESERVED if timestamper else SIGNATURE_BYTES_RESERVED
            ),
        )
        return output.getvalue()
