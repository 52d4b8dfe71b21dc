"""PAdES levels beyond B-B: time-stamps, revocation data, archive time-stamps.

- B-T: the signature carries a time-stamp from a TSA (`timestamper`, passed to the
  signer), or a document time-stamp added later covers it (a copy signed offline).
- B-LT: the Document Security Store (DSS) holds the certificates and the OCSP responses
  or CRLs that prove the signer's and the TSA's certificates were good
  (`upgrade_to_lt`).
- B-LTA: a document time-stamp covers that DSS (`upgrade_to_lta`); adding another one
  before the last TSA certificate expires keeps the copy verifiable for decades.

`level_of` tells which level a file reached; `check_before_signing` refuses an identity
that must not sign (expired, wrong key usage, revoked, desk clock off).

Everything here takes and returns bytes and knows nothing of the desk. Functions that
talk to a TSA, OCSP responder or CRL server run their own event loop (asyncio.run): call
them from a worker thread, never inside a running loop. An unreachable service raises
`OfflineError`: the copy keeps its current level and the caller retries later.
"""

import asyncio
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

import aiohttp
from asn1crypto import cms
from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.decode_limits import DecodePurpose
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.rw_common import PdfHandler
from pyhanko.sign.general import extract_certificate_info
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps import HTTPTimeStamper, TimestampRequestError
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.validation import (
    DocumentSecurityStore,
    EmbeddedPdfSignature,
    collect_validation_info,
)
from pyhanko.sign.validation.errors import ValidationInfoReadingError
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    ExpiredError,
    InsufficientRevinfoError,
    InvalidCertificateError,
    NotYetValidError,
    PathBuildingError,
    PathValidationError,
    RevokedError,
)
from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend
from pyhanko_certvalidator.fetchers.api import OwnedFetcherBackend
from pyhanko_certvalidator.policy_decl import (
    REQUIRE_REVINFO,
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
)

from counterdesk.errors import (
    BadInputError,
    ClockError,
    CounterDeskError,
    IdentityError,
    OfflineError,
    SetupError,
)

Level = Literal["B-B", "B-T", "B-LT", "B-LTA"]
LEVELS: tuple[Level, ...] = ("B-B", "B-T", "B-LT", "B-LTA")

# A TSA answers in well under a second; a counter on a slow rural link gets ten seconds
# before the copy is signed without a time-stamp and queued for an upgrade.
TSA_TIMEOUT_SECONDS = 10.0
# Same budget for each OCSP request or CRL download.
REVOCATION_TIMEOUT_SECONDS = 10.0

# How far the desk clock may drift from the TSA's. The date printed on the stamp and
# recorded in the book comes from the desk clock, the time-stamp from the TSA: five
# minutes keeps them on the same day and minute-level plausible, yet tolerates a PC
# without time synchronisation for a few weeks.
CLOCK_TOLERANCE = timedelta(minutes=5)

# RFC 5280 key usages that allow signing documents: digitalSignature (what Vietnamese
# CAs set on signing certificates) or nonRepudiation (contentCommitment, what the EU
# profiles set). Either one will do; a certificate for encryption or TLS must not sign.
SIGNING_KEY_USAGES = frozenset({"digital_signature", "non_repudiation"})

# Room for a document time-stamp token (TSA certificate and chain included). Fixed so
# that pyHanko does not ask the TSA for a trial time-stamp only to measure it.
DOCUMENT_TIMESTAMP_BYTES_RESERVED = 16_384


# ---------------------------------------------------------------------------------------
# Time-stamps


class _TimeStamper(HTTPTimeStamper):
    """pyHanko's HTTP time-stamp client, with failures translated for the clerk."""

    async def async_timestamp(self, message_digest: bytes, md_algorithm: str) -> cms.ContentInfo:
        try:
            return await super().async_timestamp(message_digest, md_algorithm)
        except TimestampRequestError as exc:
            raise _tsa_failure(self.url, exc) from exc


def _tsa_failure(url: str, exc: TimestampRequestError) -> CounterDeskError:
    cause = exc.__cause__
    if isinstance(cause, aiohttp.ClientResponseError) and cause.status < 500:
        return SetupError(
            f"The time-stamping service at {url} refused the request (HTTP {cause.status}); "
            "check its address in the office settings."
        )
    if isinstance(cause, aiohttp.ClientError | OSError | TimeoutError):
        return OfflineError(
            f"The time-stamping service at {url} cannot be reached; the copy will be "
            "time-stamped when the connection is back."
        )
    return SetupError(
        f"The time-stamping service at {url} did not give a valid time-stamp ({exc}); "
        "check its address in the office settings."
    )


def timestamper(tsa_url: str, timeout: float = TSA_TIMEOUT_SECONDS) -> TimeStamper:
    """A time-stamp client for `tsa_url` (RFC 3161 over HTTP) raising OfflineError."""
    return _TimeStamper(tsa_url, timeout=timeout)


def tsa_time(stamper: TimeStamper) -> datetime:
    """The TSA's current time, from a time-stamp over an empty message."""

    async def ask() -> datetime:
        token = await stamper.async_timestamp(hashlib.sha256(b"").digest(), "sha256")
        return token_time(token["content"])

    return asyncio.run(ask())


# ---------------------------------------------------------------------------------------
# Revocation and the checks before signing


@dataclass(frozen=True)
class RevocationStatus:
    state: Literal["good", "revoked", "unknown"]
    detail: str  # a sentence for the clerk
    revoked_at: datetime | None = None


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _fetcher() -> OwnedFetcherBackend:
    return OwnedFetcherBackend(
        AIOHttpFetcherBackend(per_request_timeout=REVOCATION_TIMEOUT_SECONDS)
    )


def validation_context(
    trust_roots: Sequence[x509.Certificate],
    *,
    allow_fetching: bool,
    require_revocation: bool = True,
    reader: PdfHandler | None = None,
) -> ValidationContext:
    """A pyHanko validation context trusting only `trust_roots`.

    With `reader`, the certificates, OCSP responses and CRLs of the file's DSS are
    preloaded, so a B-LT copy can be checked offline. `require_revocation` demands
    revocation data for every certificate below the root (hard fail); without it,
    missing revocation data is tolerated (a revoked certificate still fails).
    """
    policy = (
        REQUIRE_REVINFO if require_revocation else RevocationCheckingPolicy.from_legacy("soft-fail")
    )
    certs, ocsps, crls = _dss_contents(reader) if reader is not None else ([], [], [])
    return ValidationContext(
        trust_roots=[_asn1(c) for c in trust_roots],
        other_certs=certs,
        ocsps=ocsps,
        crls=crls,
        allow_fetching=allow_fetching,
        revinfo_policy=CertRevTrustPolicy(policy),
        fetcher_backend=_fetcher() if allow_fetching else None,
    )


def check_revocation(
    cert: x509.Certificate,
    chain: Sequence[x509.Certificate],
    trust_roots: Sequence[x509.Certificate],
    *,
    allow_fetching: bool = True,
) -> RevocationStatus:
    """Ask the certificate's OCSP responder or CRL whether it is revoked.

    Never raises for a network failure: an unanswered question is "unknown" (the desk
    may sign offline; the upgrade to B-LT asks again later).
    """

    async def ask() -> RevocationStatus:
        context = validation_context(trust_roots, allow_fetching=allow_fetching)
        validator = CertificateValidator(
            _asn1(cert), intermediate_certs=[_asn1(c) for c in chain], validation_context=context
        )
        try:
            await validator.async_validate_usage(key_usage=set())
        except RevokedError as exc:
            when = exc.revocation_dt
            return RevocationStatus(
                "revoked", f"The certificate was revoked on {when:%d/%m/%Y %H:%M} UTC.", when
            )
        except InsufficientRevinfoError:
            return RevocationStatus(
                "unknown", "The CA's revocation service could not be reached or gave no answer."
            )
        except PathBuildingError:
            return RevocationStatus(
                "unknown", "The certificate does not chain to a trusted root certificate."
            )
        except (ExpiredError, NotYetValidError):
            return RevocationStatus("unknown", "The certificate is outside its validity period.")
        except (PathValidationError, InvalidCertificateError) as exc:
            return RevocationStatus("unknown", f"The certificate could not be checked ({exc}).")
        finally:
            await context.aclose()
        return RevocationStatus("good", "The CA confirms the certificate is not revoked.")

    return asyncio.run(ask())


def _key_usages(cert: x509.Certificate) -> set[str] | None:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return None
    found = set()
    if usage.digital_signature:
        found.add("digital_signature")
    if usage.content_commitment:
        found.add("non_repudiation")
    return found


def check_before_signing(
    cert: x509.Certificate,
    now: datetime,
    tsa_time: datetime | None = None,
    revocation: RevocationStatus | None = None,
) -> None:
    """Refuse to sign with `cert` at `now` (the desk clock, timezone-aware).

    `tsa_time` is the TSA's clock (see `tsa_time()`), None when offline; `revocation` the
    answer of `check_revocation`, None when it was not asked.
    """
    if now.tzinfo is None:
        raise ValueError("check_before_signing needs a timezone-aware time")
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    name = str(names[0].value) if names else cert.subject.rfc4514_string()
    if tsa_time is not None and abs(now - tsa_time) > CLOCK_TOLERANCE:
        raise ClockError(
            f"The desk clock reads {now:%d/%m/%Y %H:%M} but the time-stamping service "
            f"reads {tsa_time.astimezone(now.tzinfo):%d/%m/%Y %H:%M}. Set the computer's "
            "date and time correctly before signing."
        )
    if now < cert.not_valid_before_utc:
        raise IdentityError(
            f"The signer's certificate ({name}) is valid only from "
            f"{cert.not_valid_before_utc:%d/%m/%Y}; check the computer's date, or wait."
        )
    if now > cert.not_valid_after_utc:
        raise IdentityError(
            f"The signer's certificate ({name}) expired on "
            f"{cert.not_valid_after_utc:%d/%m/%Y}. Renew it with the CA and import the new one."
        )
    usages = _key_usages(cert)
    # No key usage extension means no restriction (RFC 5280 §4.2.1.3), as validators read it.
    if usages is not None and not usages & SIGNING_KEY_USAGES:
        raise IdentityError(
            f"The certificate ({name}) is not for signing documents (its key usage allows "
            "neither digital signature nor non-repudiation). Import the signing certificate."
        )
    if revocation is not None and revocation.state == "revoked":
        raise IdentityError(
            f"The signer's certificate ({name}) has been revoked by its CA "
            f"({revocation.detail}) It must not sign; contact the CA for a new one."
        )


# ---------------------------------------------------------------------------------------
# Reading signatures, time-stamps and the DSS


def open_pdf(pdf: bytes) -> PdfFileReader:
    try:
        return PdfFileReader(io.BytesIO(pdf), strict=False)
    except Exception as exc:  # the parser raises many unrelated types for damaged files
        raise BadInputError(f"The PDF cannot be read ({exc}).") from exc


def _dss_contents(
    handler: PdfHandler,
) -> tuple[
    list[asn1_x509.Certificate], list[asn1_ocsp.OCSPResponse], list[asn1_crl.CertificateList]
]:
    try:
        dss = DocumentSecurityStore.read_dss(handler)
    except ValidationInfoReadingError:
        return [], [], []
    ocsps = [
        asn1_ocsp.OCSPResponse.load(ref.get_object().read_data(DecodePurpose.OCSP_RESPONSE))
        for ref in dss.ocsps
    ]
    crls = [
        asn1_crl.CertificateList.load(ref.get_object().read_data(DecodePurpose.CRL))
        for ref in dss.crls
    ]
    return list(dss.load_certs()), ocsps, crls


def _covered(
    cert: asn1_x509.Certificate,
    ocsps: list[asn1_ocsp.OCSPResponse],
    crls: list[asn1_crl.CertificateList],
) -> bool:
    """Whether an OCSP response about `cert`, or a CRL of its issuer, is present."""
    for response in ocsps:
        if response["response_status"].native != "successful":
            continue
        basic = response["response_bytes"]["response"].parsed
        for single in basic["tbs_response_data"]["responses"]:
            cert_id = single["cert_id"]
            algorithm = cert_id["hash_algorithm"]["algorithm"].native
            if cert_id["serial_number"].native == cert.serial_number and (
                cert_id["issuer_name_hash"].native
                == hashlib.new(algorithm, cert.issuer.dump()).digest()
            ):
                return True
    return any(c["tbs_cert_list"]["issuer"] == cert.issuer for c in crls)


def signature_timestamp(sig: EmbeddedPdfSignature) -> cms.SignedData | None:
    """The signature time-stamp token in the signature's unsigned attributes (B-T)."""
    unsigned = sig.signer_info["unsigned_attrs"]
    if not isinstance(unsigned, cms.CMSAttributes):
        return None
    for attribute in unsigned:
        if attribute["type"].native == "signature_time_stamp_token":
            return attribute["values"][0]["content"]
    return None


def token_time(signed_data: cms.SignedData) -> datetime:
    return signed_data["encap_content_info"]["content"].parsed["gen_time"].native


@dataclass(frozen=True)
class SignatureLevel:
    signature: EmbeddedPdfSignature
    level: Level
    # What proves the signing time: the signature's own time-stamp token, or the first
    # document time-stamp after it; None for B-B.
    time_token: cms.SignedData | None
    time_from_document_timestamp: EmbeddedPdfSignature | None


def signature_levels(reader: PdfFileReader) -> list[SignatureLevel]:
    """The PAdES level of each signature (document time-stamps excluded), in order."""
    doc_timestamps = reader.embedded_timestamp_signatures
    _, current_ocsps, current_crls = _dss_contents(reader)
    results = []
    for sig in reader.embedded_regular_signatures:
        later = [ts for ts in doc_timestamps if ts.signed_revision > sig.signed_revision]
        own = signature_timestamp(sig)
        covering = None
        if own is not None:
            time_token, archival = own, later
        elif later:
            covering, archival = later[0], later[1:]
            time_token = covering.signed_data
        else:
            results.append(SignatureLevel(sig, "B-B", None, None))
            continue
        needed = [sig.signer_cert, extract_certificate_info(time_token).signer_cert]
        level: Level = "B-T"
        if all(_covered(c, current_ocsps, current_crls) for c in needed):
            level = "B-LT"
            for ts in archival:
                _, ocsps, crls = _dss_contents(reader.get_historical_resolver(ts.signed_revision))
                if all(_covered(c, ocsps, crls) for c in needed):
                    level = "B-LTA"
                    break
        results.append(SignatureLevel(sig, level, time_token, covering))
    return results


def level_of(pdf: bytes) -> Level:
    """The PAdES baseline level the file's signatures all reach (the lowest of them)."""
    reader = open_pdf(pdf)
    try:
        levels = signature_levels(reader)
    except Exception as exc:  # damaged signatures or DSS fail in many ways in the parser
        raise BadInputError(f"The PDF's signatures cannot be read ({exc}).") from exc
    if not levels:
        raise BadInputError("The PDF carries no signature.")
    return min((s.level for s in levels), key=LEVELS.index)


# ---------------------------------------------------------------------------------------
# Upgrades


def _signer_label(sig: EmbeddedPdfSignature) -> str:
    if sig.sig_object_type == "/DocTimeStamp":
        return "the time-stamping service"
    subject = sig.signer_cert.subject.native
    return subject.get("common_name") or sig.signer_cert.subject.human_friendly


def _validation_failure(exc: Exception, who: str, allow_fetching: bool) -> CounterDeskError:
    if isinstance(exc, RevokedError):
        return IdentityError(
            f"The certificate of {who} was revoked on {exc.revocation_dt:%d/%m/%Y}; "
            "the copy cannot be given long-term validation data."
        )
    if isinstance(exc, InsufficientRevinfoError):
        if allow_fetching:
            return OfflineError(
                f"The revocation service for the certificate of {who} cannot be reached or "
                "gave no usable answer; the upgrade will be retried later."
            )
        return BadInputError(
            f"The file holds no revocation data for the certificate of {who}, and fetching "
            "it was not allowed."
        )
    if isinstance(exc, PathBuildingError):
        return SetupError(
            f"The certificate of {who} does not chain to a trusted root certificate; add "
            "its CA's root certificate to the trusted roots."
        )
    if isinstance(exc, ExpiredError | NotYetValidError):
        return IdentityError(
            f"The certificate of {who} is outside its validity period; revocation data can "
            "no longer be collected for it."
        )
    return IdentityError(f"The certificate of {who} could not be validated ({exc}).")


async def _document_timestamp(
    pdf: bytes,
    stamper: TimeStamper,
    trust_roots: Sequence[x509.Certificate],
    allow_fetching: bool,
) -> bytes:
    """Append a document time-stamp, then the TSA's validation data to the DSS."""
    context = validation_context(trust_roots, allow_fetching=allow_fetching)
    try:
        output = await PdfTimeStamper(stamper).async_timestamp_pdf(
            IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False),
            "sha256",
            validation_context=context,
            bytes_reserved=DOCUMENT_TIMESTAMP_BYTES_RESERVED,
            output=io.BytesIO(),
        )
    except (PathBuildingError, PathValidationError) as exc:
        raise _validation_failure(exc, "the time-stamping service", allow_fetching) from exc
    finally:
        await context.aclose()
    return output.getvalue()


async def _add_validation_data(
    pdf: bytes, trust_roots: Sequence[x509.Certificate], allow_fetching: bool
) -> bytes:
    reader = open_pdf(pdf)
    signatures = reader.embedded_signatures
    context = validation_context(
        trust_roots, allow_fetching=allow_fetching, reader=None if allow_fetching else reader
    )
    try:
        paths = []
        for sig in signatures:
            try:
                paths.extend(await collect_validation_info(sig, context))
            except InsufficientRevinfoError as exc:
                cert = sig.signer_cert
                if not cert.ocsp_urls and not cert.crl_distribution_points:
                    # Waiting for the network would not help (TEST certificates are such).
                    raise IdentityError(
                        f"The certificate of {_signer_label(sig)} names no OCSP responder "
                        "or CRL: its revocation status can never be proven, so the copy "
                        "cannot get long-term validation data."
                    ) from exc
                raise _validation_failure(exc, _signer_label(sig), allow_fetching) from exc
            except (PathBuildingError, PathValidationError) as exc:
                raise _validation_failure(exc, _signer_label(sig), allow_fetching) from exc
        writer = IncrementalPdfFileWriter.from_reader(reader)
        dss = DocumentSecurityStore.supply_dss_in_writer(
            writer, None, paths=paths, validation_context=context
        )
    finally:
        await context.aclose()
    if not dss.modified:
        return pdf
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


async def _upgrade_to_lt(
    pdf: bytes,
    trust_roots: Sequence[x509.Certificate],
    stamper: TimeStamper | None,
    allow_fetching: bool,
) -> bytes:
    levels = signature_levels(open_pdf(pdf))
    if not levels:
        raise BadInputError("The PDF carries no signature to upgrade.")
    if any(s.level == "B-B" for s in levels):
        # Signed offline: a document time-stamp now gives the signature its proof of time.
        if stamper is None:
            raise BadInputError(
                "The copy was signed without a time-stamp; give the time-stamping service "
                "to upgrade it."
            )
        pdf = await _document_timestamp(pdf, stamper, trust_roots, allow_fetching)
    return await _add_validation_data(pdf, trust_roots, allow_fetching)


def upgrade_to_lt(
    pdf: bytes,
    trust_roots: Sequence[x509.Certificate],
    *,
    tsa_url: str | None = None,
    allow_fetching: bool = True,
) -> bytes:
    """B-LT: the DSS gets the certificates and revocation data of every signature.

    A signature without a time-stamp (signed offline) first gets a document time-stamp
    from `tsa_url`. Raises OfflineError when a service cannot be reached.
    """
    stamper = timestamper(tsa_url) if tsa_url else None
    return asyncio.run(_upgrade_to_lt(pdf, trust_roots, stamper, allow_fetching))


def upgrade_to_lta(
    pdf: bytes,
    tsa_url: str,
    trust_roots: Sequence[x509.Certificate],
    *,
    allow_fetching: bool = True,
) -> bytes:
    """B-LTA: B-LT, then a document time-stamp over it, then the TSA's revocation data.

    Run again on a B-LTA file before its last time-stamp's certificate expires: it
    refreshes the validation data and adds a new archive time-stamp.
    """
    stamper = timestamper(tsa_url)

    async def upgrade() -> bytes:
        lt = await _upgrade_to_lt(pdf, trust_roots, stamper, allow_fetching)
        return await _document_timestamp(lt, stamper, trust_roots, allow_fetching)

    return asyncio.run(upgrade())
