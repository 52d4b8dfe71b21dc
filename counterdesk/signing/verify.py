"""Checking the signatures of a PDF: present, intact, who signed.

"Intact" means every signature's digest matches the bytes it covers, its cryptographic
signature is valid, and nothing but validation data was added after the last one.
Trust in the signer's CA is not judged here (the signing issue adds full validation).
"""

import io
import logging
from dataclasses import dataclass

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

_ACCEPTED_LATER_CHANGES = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)


@dataclass(frozen=True)
class SignatureCheck:
    signer: str | None
    intact: bool


@dataclass(frozen=True)
class VerifyOutcome:
    signed: bool
    intact: bool | None  # None when there is no signature to check
    signatures: tuple[SignatureCheck, ...]

    @property
    def signer(self) -> str | None:
        return self.signatures[0].signer if self.signatures else None


def _common_name(cert) -> str | None:
    if cert is None:
        return None
    return cert.subject.native.get("common_name") or cert.subject.human_friendly


def verify_signatures(pdf: bytes) -> VerifyOutcome:
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except Exception as exc:  # damaged or hostile files fail in many ways inside the parser
        # A file pyHanko cannot even parse: if it carries a signature dictionary it was
        # signed and has since been damaged.
        signed = b"/ByteRange" in pdf
        logging.getLogger(__name__).info("unreadable PDF during verification: %s", exc)
        return VerifyOutcome(signed=signed, intact=False if signed else None, signatures=())
    if not embedded:
        return VerifyOutcome(signed=False, intact=None, signatures=())
    # No roots: trust is judged by trust_report; an empty list keeps pyHanko from reading
    # the operating system's (a deprecated fallback).
    context = ValidationContext(trust_roots=[], allow_fetching=False)
    checks = []
    for sig in embedded:
        try:
            status = validate_pdf_signature(sig, signer_validation_context=context)
            intact = bool(status.intact and status.valid)
            if sig is embedded[-1]:
                intact = intact and status.modification_level in _ACCEPTED_LATER_CHANGES
        except Exception:  # pyHanko raises many unrelated types for tampered signatures
            intact = False
        checks.append(SignatureCheck(signer=_common_name(sig.signer_cert), intact=intact))
    return VerifyOutcome(
        signed=True, intact=all(c.intact for c in checks), signatures=tuple(checks)
    )
