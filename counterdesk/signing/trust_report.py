"""The verdict on an electronic copy, as `counterdesk verify FILE --json` prints it.

    {"intact": bool,
     "signatures": [{"signer", "organisation", "signed_at", "level", "trusted",
                     "revocation_checked", "timestamped"}],
     "certification": {"label", "dossier_code", "office"},
     "in_our_book": null,
     "verdict": "valid" | "invalid" | "indeterminate",
     "reasons": ["sentences a clerk can read out"]}

- "invalid": a signature's bytes changed (or the file was altered after the last
  signature beyond adding validation data), a signature is cryptographically broken, or
  pyHanko finds a definite failure such as a certificate revoked before signing.
- "indeterminate": nothing is broken, but trust or revocation cannot be established (an
  unknown CA, no revocation answer, an untrusted time-stamp). Not valid: the clerk must
  not accept the copy as proof yet.
- "valid": every signature intact, its certificate chained to a trusted root and
  confirmed not revoked, and every time-stamp trusted.

`in_our_book` is the desk's to fill (whether the office's own book records the copy).
Validation is at the present time, with the revocation data in the file's DSS plus, when
`allow_fetching`, fresh answers from the CAs. (A B-LTA copy whose certificates have
expired needs the ETSI long-term validation of pyHanko's incubating AdES module; until
then it comes out "indeterminate", never "valid".)
"""

import asyncio
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from cryptography import x509
from pyhanko.pdf_utils.generic import DictionaryObject
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESStatus
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    async_validate_pdf_signature,
    async_validate_pdf_timestamp,
)
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import (
    DocumentTimestampStatus,
    PdfSignatureStatus,
    SignatureStatus,
)

from counterdesk.signing.levels import (
    SIGNING_KEY_USAGES,
    SignatureLevel,
    signature_levels,
    token_time,
    validation_context,
)

Verdict = Literal["valid", "invalid", "indeterminate"]

# Keys of the PDF Info dictionary our copies carry; the same names as
# counterdesk.documents.certified_copy.LABEL_KEY / DOSSIER_KEY (signing cannot import
# documents), plus the standard /Author where the office's name is written.
LABEL_KEY = "/CounterDeskBookLabel"
DOSSIER_KEY = "/CounterDeskDossierCode"
OFFICE_KEY = "/Author"

# What may follow a signature without changing what was signed: nothing, or validation
# data and document time-stamps (B-LT/B-LTA upgrades); before a later signature, also
# that signature's field being filled in.
_AFTER_LAST_SIGNATURE = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)
_BEFORE_LATER_SIGNATURE = (*_AFTER_LAST_SIGNATURE, ModificationLevel.FORM_FILLING)


@dataclass
class _Checked:
    entry: dict[str, Any] | None  # None for a document time-stamp
    verdict: Verdict
    reasons: list[str]
    intact: bool = True


def _name_part(cert: Any, key: str) -> str | None:
    return cert.subject.native.get(key) if cert is not None else None


def _text(info: Any, key: str) -> str | None:
    value = info.get(key) if isinstance(info, DictionaryObject) else None
    return str(value) if value is not None else None


def _certification(reader: PdfFileReader, first: EmbeddedPdfSignature | None) -> dict[str, Any]:
    """The copy's book label, dossier code and office, as they were when first signed."""
    try:
        handler = reader if first is None else reader.get_historical_resolver(first.signed_revision)
        info = handler.trailer_view.get("/Info")
        info = info.get_object() if info is not None else None
    except Exception:  # a damaged trailer still gets a signature verdict
        info = None
    return {
        "label": _text(info, LABEL_KEY),
        "dossier_code": _text(info, DOSSIER_KEY),
        "office": _text(info, OFFICE_KEY),
    }


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


def _trusted(status: SignatureStatus | None) -> bool:
    return status is not None and status.intact and status.valid and status.trusted


def _failed(status: SignatureStatus) -> bool:
    indication = status.trust_problem_indic
    return indication is not None and indication.status == AdESStatus.FAILED


async def _check_signature(
    level: SignatureLevel,
    is_last: bool,
    strict_context: Any,
    lenient_context: Any,
    doc_ts_status: dict[int, DocumentTimestampStatus | None],
) -> _Checked:
    sig = level.signature
    cert = sig.signer_cert
    who = _name_part(cert, "common_name") or "an unnamed signer"
    entry: dict[str, Any] = {
        "signer": _name_part(cert, "common_name"),
        "organisation": _name_part(cert, "organization_name"),
        "signed_at": _when(sig.self_reported_timestamp),
        "level": level.level,
        "trusted": False,
        "revocation_checked": False,
        "timestamped": False,
    }
    usage = KeyUsageConstraints(key_usage=set(SIGNING_KEY_USAGES))
    try:
        strict: PdfSignatureStatus = await async_validate_pdf_signature(
            sig,
            signer_validation_context=strict_context,
            ts_validation_context=strict_context,
            key_usage_settings=usage,
        )
    except Exception:  # pyHanko raises many unrelated types for mangled signatures
        return _Checked(
            entry, "invalid", [f"The signature of {who} is damaged and cannot be checked."], False
        )
    accepted = _AFTER_LAST_SIGNATURE if is_last else _BEFORE_LATER_SIGNATURE
    if not (strict.intact and strict.valid):
        return _Checked(
            entry,
            "invalid",
            [f"The signature of {who} does not match the file: it was changed after signing."],
            False,
        )
    if strict.modification_level not in accepted or strict.docmdp_ok is False:
        return _Checked(
            entry,
            "invalid",
            [f"The file was changed after {who} signed it (more than validation data added)."],
            False,
        )

    lenient = strict
    if not strict.trusted and not strict.revoked:
        lenient = await async_validate_pdf_signature(
            sig,
            signer_validation_context=lenient_context,
            ts_validation_context=lenient_context,
            key_usage_settings=usage,
            skip_diff=True,
        )

    # The time: the signature's own time-stamp, else the document time-stamp covering it.
    ts_status: SignatureStatus | None = None
    if level.time_from_document_timestamp is not None:
        ts_status = doc_ts_status.get(id(level.time_from_document_timestamp))
        if ts_status is not None:
            entry["signed_at"] = _when(ts_status.timestamp)
    elif level.time_token is not None:
        ts_status = strict.timestamp_validity
        if not _trusted(ts_status):
            ts_status = lenient.timestamp_validity
        entry["signed_at"] = _when(
            ts_status.timestamp if ts_status is not None else token_time(level.time_token)
        )
    entry["timestamped"] = _trusted(ts_status)
    entry["trusted"] = strict.trusted or lenient.trusted
    entry["revocation_checked"] = strict.trusted or strict.revoked
    verdict, reasons = _trust_verdict(strict, lenient, who)
    if level.time_token is not None and not entry["timestamped"]:
        reasons.append(f"The time-stamp on the signature of {who} is not from a trusted authority.")
        if verdict == "valid":
            verdict = "indeterminate"
    if verdict == "valid":
        when = entry["signed_at"] or "an unknown time"
        how = "time-stamped" if entry["timestamped"] else "as claimed by the signer's computer"
        reasons.append(
            f"Signed by {who} at {when} ({how}); unchanged since; the certificate is "
            f"trusted and not revoked (PAdES {level.level})."
        )
    return _Checked(entry, verdict, reasons)


def _trust_verdict(
    strict: PdfSignatureStatus, lenient: PdfSignatureStatus, who: str
) -> tuple[Verdict, list[str]]:
    """Judge the signer's certificate: trusted, revoked, or not established."""
    if strict.revoked:
        details = strict.revocation_details
        when = f" on {details.revocation_date:%d/%m/%Y}" if details is not None else ""
        why = f"The certificate of {who} was revoked by its CA{when}."
        return ("invalid" if _failed(strict) else "indeterminate"), [why]
    if not (strict.trusted or lenient.trusted):
        if _failed(lenient):
            return "invalid", [
                f"The certificate of {who} is not acceptable ({_indication(lenient)})."
            ]
        return "indeterminate", [
            f"The certificate of {who} does not chain to a trusted root certificate; "
            "who signed cannot be confirmed."
        ]
    if not strict.trusted:
        return "indeterminate", [
            f"Whether the certificate of {who} was revoked cannot be confirmed: the file "
            "holds no revocation data and the CA could not be asked."
        ]
    return "valid", []


def _indication(status: SignatureStatus) -> str:
    indication = status.trust_problem_indic
    return indication.standard_name if indication is not None else "unknown problem"


async def _check_document_timestamp(
    ts: EmbeddedPdfSignature, is_last: bool, strict_context: Any, lenient_context: Any
) -> tuple[DocumentTimestampStatus | None, _Checked]:
    try:
        status = await async_validate_pdf_timestamp(ts, validation_context=strict_context)
        if status.intact and status.valid and not status.trusted:
            status = await async_validate_pdf_timestamp(
                ts, validation_context=lenient_context, skip_diff=True
            )
    except Exception:  # pyHanko raises many unrelated types for mangled signatures
        why = "A document time-stamp is damaged and cannot be checked."
        return None, _Checked(None, "invalid", [why], False)
    accepted = _AFTER_LAST_SIGNATURE if is_last else _BEFORE_LATER_SIGNATURE
    if not (status.intact and status.valid):
        why = "A document time-stamp does not match the file: it was changed after time-stamping."
        return status, _Checked(None, "invalid", [why], False)
    if status.modification_level is not None and status.modification_level not in accepted:
        why = "The file was changed after a document time-stamp was added."
        return status, _Checked(None, "invalid", [why], False)
    if not status.trusted:
        why = "A document time-stamp does not come from a trusted time-stamping authority."
        return status, _Checked(None, "indeterminate", [why])
    return status, _Checked(None, "valid", [])


def _broken(pdf: bytes, why: str) -> dict[str, Any]:
    signed = b"/ByteRange" in pdf
    return {
        "intact": False,
        "signatures": [],
        "certification": {"label": None, "dossier_code": None, "office": None},
        "in_our_book": None,
        "verdict": "invalid",
        "reasons": [
            f"The file is damaged and cannot be read as a PDF ({why})."
            + (" It carried a signature: it was changed after signing." if signed else "")
        ],
    }


async def _report(
    reader: PdfFileReader,
    levels: list[SignatureLevel],
    trust_roots: Sequence[x509.Certificate],
    allow_fetching: bool,
) -> dict[str, Any]:
    everything = reader.embedded_signatures
    last = everything[-1] if everything else None
    strict_context = validation_context(trust_roots, allow_fetching=allow_fetching, reader=reader)
    lenient_context = validation_context(
        trust_roots, allow_fetching=False, require_revocation=False, reader=reader
    )
    checks: list[_Checked] = []
    ts_status: dict[int, DocumentTimestampStatus | None] = {}
    try:
        for ts in reader.embedded_timestamp_signatures:
            status, checked = await _check_document_timestamp(
                ts, ts is last, strict_context, lenient_context
            )
            ts_status[id(ts)] = status
            checks.append(checked)
        for level in levels:
            checks.append(
                await _check_signature(
                    level, level.signature is last, strict_context, lenient_context, ts_status
                )
            )
    finally:
        await strict_context.aclose()
        await lenient_context.aclose()
    if not levels:
        why = "The file carries no signature: it is not an electronic copy."
        checks.append(_Checked(None, "invalid", [why]))
    verdicts = {c.verdict for c in checks}
    verdict: Verdict = next(v for v in ("invalid", "indeterminate", "valid") if v in verdicts)
    return {
        "intact": bool(levels) and all(c.intact for c in checks),
        "signatures": [c.entry for c in checks if c.entry is not None],
        "certification": _certification(reader, levels[0].signature if levels else None),
        "in_our_book": None,
        "verdict": verdict,
        # Problems first, then what is fine.
        "reasons": [r for c in checks if c.verdict != "valid" for r in c.reasons]
        + [r for c in checks if c.verdict == "valid" for r in c.reasons],
    }


def verify_report(
    pdf: bytes, trust_roots: Sequence[x509.Certificate], allow_fetching: bool = False
) -> dict[str, Any]:
    """The verdict on `pdf` against `trust_roots` (see the module docstring)."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        levels = signature_levels(reader)
    except Exception as exc:  # damaged or hostile files fail in many ways inside the parser
        return _broken(pdf, str(exc) or type(exc).__name__)
    return asyncio.run(_report(reader, levels, trust_roots, allow_fetching))


def load_certificates(pem: bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM file (a trust root, or a bundle of them)."""
    return x509.load_pem_x509_certificates(pem)
