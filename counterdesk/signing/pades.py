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
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.stamp import TextStampStyle

from counterdesk.errors import IdentityError


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


class LoadedSigner:
    """A signer ready to sign: key and certificate in memory, for one desk session."""

    def __init__(self, signer: signers.Signer) -> None:
        self._signer = signer

    @property
    def certificate(self) -> asn1_x509.Certificate:
        return self._signer.signing_cert

    @classmethod
    def from_pkcs12(cls, data: bytes, password: str, source: str) -> "LoadedSigner":
        try:
            signer = signers.SimpleSigner.load_pkcs12_data(
                data, other_certs=(), passphrase=password.encode()
            )
        except (ValueError, OSError) as exc:
            raise IdentityError(
                f"The signing identity {source} cannot be opened ({exc}). "
                "Import it again with its password."
            ) from exc
        return cls(signer)

    def sign(self, pdf: bytes, request: SignatureRequest) -> bytes:
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
            field_name="ChungThuc",
            subfilter=SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=request.reason,
            location=request.location,
            name=request.stamp.signer_name,
        )
        pdf_signer = signers.PdfSigner(
            meta,
            signer=self._signer,
            stamp_style=style,
            new_field_spec=fields.SigFieldSpec(
                "ChungThuc", box=request.box, on_page=request.page_index
            ),
        )
        # sign_pdf() runs its own event loop: call it from a worker thread, not from
        # inside a running asyncio loop.
        output = pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
        return output.getvalue()
