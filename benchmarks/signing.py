"""Benchmark: signing e-copies on a PKCS#11 token and in PKCS#12 batches, against bare pyHanko.

Targets: one e-copy signed on a token, the signer's signature then the office's
organisation signature ("CoQuan") over it, <= 1 s; a batch of 100 e-copies signed with a
PKCS#12 identity (one signature each) <= 10 s. Both are measured here, in the same process
on the same machine, next to pyHanko used directly to do the same work.

The token is SoftHSM2, set up by the benchmark in a temporary folder (as the e2e token
test does) with two keys and certificates: the signer's (CKA_ID 0a1b) and the office's
(CKA_ID 0c2d). PKCS#11 logs in once per application and token, and `open_token_signer`
refuses a second login while a session is open, so the two signatures are timed in two
ways: with the token unlocked once for the desk session (the office's key is used through
a second session of that login, wrapped in `LoadedSigner`), and with the token unlocked
for each signature through `open_token_signer` (PIN login, inventory, sign, close).

Run: .venv/bin/python -m benchmarks.signing [--batch 100] [--runs 20]
"""

import argparse
import io
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import pkcs11
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
from pyhanko.stamp import TextStampStyle

from benchmarks.timing import percentile, timed
from counterdesk.documents.certified_copy import CertifiedCopy, CopyDetails, build_certified_copy
from counterdesk.documents.fonts import font_path
from counterdesk.documents.originals import Original, read_original
from counterdesk.documents.samples import sample_scan
from counterdesk.domain.calendar import OFFICE_TZ
from counterdesk.domain.statement import make_statement
from counterdesk.legal_data import certification_rules_on
from counterdesk.signing.identities import TestIdentity, create_test_identity, open_pkcs12
from counterdesk.signing.pades import LoadedSigner, SignatureRequest, StampText
from counterdesk.signing.tokens import TokenConfig, open_token_signer
from counterdesk.signing.verify import verify_signatures

SIGNER = "Nguyễn Thị Ngọc Ánh"
SIGNER_TITLE = "Phó Chủ tịch"
OFFICE = "UBND xã Tân Phú"
PLACE = "Xã Tân Phú"
TOKEN = "Xã Tân Phú"
PIN = "246810"
SO_PIN = "13572468"
SIGNER_ID = "0a1b"
OFFICE_ID = "0c2d"
ORG_FIELD = "CoQuan"  # as counterdesk.signatures names it
MODULE_CANDIDATES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
)
TOKEN_TARGET_MS = 1000.0
BATCH_TARGET_S = 10.0


# -- set-up -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    module: str
    ca_certs: list[asn1_x509.Certificate]  # the CA certificates stored on the token


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _set_up_token(folder: Path, identities: dict[str, TestIdentity]) -> Token:
    """A SoftHSM2 token labelled TOKEN holding each identity's key and certificate by CKA_ID.

    Sets SOFTHSM2_CONF in os.environ: SoftHSM reads it when its module is loaded.
    """
    softhsm_util, pkcs11_tool = shutil.which("softhsm2-util"), shutil.which("pkcs11-tool")
    module = next((m for m in MODULE_CANDIDATES if Path(m).is_file()), None)
    if softhsm_util is None or pkcs11_tool is None or module is None:
        sys.exit("SoftHSM2 and OpenSC (softhsm2-util, pkcs11-tool) are needed: run scripts/setup")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)

    def run(*args: str) -> None:
        done = subprocess.run(args, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.exit(f"token set-up failed: {args[:3]}\n{done.stdout}{done.stderr}")

    run(softhsm_util, "--init-token", "--free", "--label", TOKEN, "--so-pin", SO_PIN,
        "--pin", PIN)  # fmt: skip
    ca_certs = []
    for cka_id, identity in identities.items():
        contents = open_pkcs12(identity.p12, identity.password, "benchmark identity")
        key = folder / f"key-{cka_id}.pem"
        key.write_bytes(
            contents.key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        cert = folder / f"cert-{cka_id}.der"
        cert.write_bytes(contents.cert.public_bytes(serialization.Encoding.DER))
        name = identity.info.common_name
        run(softhsm_util, "--import", str(key), "--token", TOKEN, "--label", name,
            "--id", cka_id, "--pin", PIN)  # fmt: skip
        run(pkcs11_tool, "--module", module, "--token-label", TOKEN, "--login", "--pin", PIN,
            "--write-object", str(cert), "--type", "cert", "--id", cka_id,
            "--label", name)  # fmt: skip
        for n, ca in enumerate(contents.chain):
            path = folder / f"ca-{cka_id}-{n}.der"
            path.write_bytes(ca.public_bytes(serialization.Encoding.DER))
            run(pkcs11_tool, "--module", module, "--token-label", TOKEN, "--login",
                "--pin", PIN, "--write-object", str(path), "--type", "cert",
                "--label", f"CA {name}")  # fmt: skip
            ca_certs.append(_asn1(ca))
    return Token(module, ca_certs)


@contextmanager
def _softhsm_env() -> Iterator[list[str]]:
    """A list to note the PKCS#11 modules loaded in; they are unloaded on exit.

    Entered inside the temporary folder, so SoftHSM is unloaded before its token folder is
    removed; SOFTHSM2_CONF is restored as it was.
    """
    before = os.environ.get("SOFTHSM2_CONF")
    loaded: list[str] = []
    try:
        yield loaded
    finally:
        for module in loaded:
            pkcs11.unload(module)
        if before is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = before


def _originals(folder: Path) -> list[Original]:
    """A 2-page original scanned at 200 dpi (JPEG), as at the counter."""
    paths = []
    for n in (1, 2):
        path = folder / f"page-{n}.jpg"
        path.write_bytes(sample_scan("Giấy khai sinh", n, 2, dpi=200))
        paths.append(path)
    return [read_original(p) for p in paths]


def _copy(originals: list[Original], number: int, now: datetime) -> CertifiedCopy:
    label = f"Số chứng thực: {number}, Quyển số: 02/2026-SCT/BS"
    rules = certification_rules_on(now.date())
    statement = make_statement(rules, label, PLACE, now.date(), SIGNER, SIGNER_TITLE)
    details = CopyDetails("Giấy khai sinh", label, f"H38.12-260302-{number:04d}", OFFICE, now)
    return build_certified_copy(originals, statement, details)


def _requests(copy: CertifiedCopy, now: datetime) -> tuple[SignatureRequest, SignatureRequest]:
    """The signer's request in the copy's signature spot; the office's in its own, as the
    desk signs (counterdesk.signatures)."""
    spot = copy.signature_spot
    signer = SignatureRequest(
        page_index=spot.page_index,
        box=spot.box,
        reason="Chứng thực bản sao điện tử từ bản chính",
        location=f"{PLACE}, Tỉnh Đồng Nai",
        stamp=StampText(SIGNER, SIGNER_TITLE, OFFICE),
        font_file=font_path(),
        signed_at=now.astimezone(OFFICE_TZ),
    )
    rules = certification_rules_on(now.date())
    office = replace(
        signer,
        box=copy.organisation_spot.box,
        reason=rules.organisation_signature_reason,
        stamp=StampText(OFFICE, "Cơ quan thực hiện chứng thực", OFFICE),
        field_name=ORG_FIELD,
    )
    return signer, office


# -- bare pyHanko -------------------------------------------------------------------------


def bare_sign(pdf: bytes, request: SignatureRequest, signer: signers.Signer) -> bytes:
    """pyHanko used directly: the same stamp, field and PAdES settings as pades.py, no more.

    No fixed `bytes_reserved`: pyHanko's default (a dry run sizes the signature).
    """
    stamp = request.stamp
    lines = [
        f"Ký bởi: {stamp.signer_name}",
        f"Chức vụ: {stamp.signer_title}",
        f"Cơ quan: {stamp.organisation}",
        f"Ngày ký: {request.signed_at:%d/%m/%Y %H:%M}",
    ]
    style = TextStampStyle(
        stamp_text="\n".join(lines),
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(str(request.font_file), font_size=9),
            font_size=9,
            leading=12,
        ),
        border_width=1,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=request.field_name,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=request.reason,
        location=request.location,
        name=stamp.signer_name,
    )
    spec = fields.SigFieldSpec(request.field_name, box=request.box, on_page=request.page_index)
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, new_field_spec=spec)
    return pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf))).getvalue()


def _bare_token_signer(session: pkcs11.Session, cka_id: str, token: Token) -> PKCS11Signer:
    key_id = bytes.fromhex(cka_id)
    return PKCS11Signer(session, cert_id=key_id, key_id=key_id, ca_chain=token.ca_certs)


def _bare_session(token: Token) -> pkcs11.Session:
    return open_pkcs11_session(
        token.module, token_criteria=TokenCriteria(label=TOKEN), user_pin=PIN
    )


# -- checks and report --------------------------------------------------------------------


def _check(pdf: bytes, signers_expected: list[str], what: str) -> None:
    """The benchmark measures real signatures: each output is verified once."""
    # No trust roots here (verify_signatures does not judge trust): pyHanko logs each
    # failed path building, with a traceback, which would bury the figures.
    logger = logging.getLogger("pyhanko")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        outcome = verify_signatures(pdf)
    finally:
        logger.setLevel(level)
    found = [s.signer for s in outcome.signatures]
    if not outcome.intact or found != signers_expected:
        sys.exit(f"{what}: signatures {found} intact={outcome.intact}, expected {signers_expected}")


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _token_line(title: str, ours: tuple[str, list[float]], bare: tuple[str, list[float]]) -> None:
    print(f"  {title}")
    medians = []
    for name, samples in (ours, bare):
        median = statistics.median(samples)
        medians.append(median)
        print(f"    {name:<58} median {median:7.1f} ms   p95 {percentile(samples, 0.95):7.1f} ms")
    ours_p95 = percentile(ours[1], 0.95)
    print(
        f"    ratio ours/bare (medians) {medians[0] / medians[1]:.2f}x   target <= "
        f"{TOKEN_TARGET_MS:.0f} ms per e-copy: median {_met(medians[0] <= TOKEN_TARGET_MS)}, "
        f"p95 {_met(ours_p95 <= TOKEN_TARGET_MS)}"
    )


# -- 1. token -----------------------------------------------------------------------------


def bench_token(token: Token, copy: CertifiedCopy, now: datetime, runs: int) -> None:
    pdf = copy.pdf
    signer_request, office_request = _requests(copy, now)
    signer_config = TokenConfig(token.module, TOKEN, cert_id=SIGNER_ID)
    office_config = TokenConfig(token.module, TOKEN, cert_id=OFFICE_ID)
    expected = [SIGNER, OFFICE]

    # Ours, token unlocked once: the signer's TokenSigner, and the office's key through a
    # second session of the same login (a second open_token_signer would be refused).
    with open_token_signer(signer_config, PIN) as signer:
        office_session = pkcs11.lib(token.module).get_token(token_label=TOKEN).open()
        try:
            office = LoadedSigner(_bare_token_signer(office_session, OFFICE_ID, token))

            def ours_held() -> bytes:
                return office.sign(signer.sign(pdf, signer_request), office_request)

            _check(ours_held(), expected, "ours, token unlocked once")
            ours_held_ms = timed(ours_held, runs)
        finally:
            office_session.close()

    # Ours, token unlocked for each signature through the public API.
    def ours_login() -> bytes:
        with open_token_signer(signer_config, PIN) as signer:
            once = signer.sign(pdf, signer_request)
        with open_token_signer(office_config, PIN) as office:
            return office.sign(once, office_request)

    _check(ours_login(), expected, "ours, token unlocked per signature")
    ours_login_ms = timed(ours_login, runs)
    open_ms = timed(lambda: open_token_signer(signer_config, PIN).close(), runs)

    # Bare pyHanko, one session logged in once, one PKCS11Signer per key.
    session = _bare_session(token)
    try:
        bare_signer = _bare_token_signer(session, SIGNER_ID, token)
        bare_office = _bare_token_signer(session, OFFICE_ID, token)

        def bare_held() -> bytes:
            once = bare_sign(pdf, signer_request, bare_signer)
            return bare_sign(once, office_request, bare_office)

        _check(bare_held(), expected, "bare pyHanko, one login")
        bare_held_ms = timed(bare_held, runs)
    finally:
        session.close()

    # Bare pyHanko, a session opened and logged in for each signature.
    def bare_login() -> bytes:
        out = pdf
        for cka_id, request in ((SIGNER_ID, signer_request), (OFFICE_ID, office_request)):
            session = _bare_session(token)
            try:
                out = bare_sign(out, request, _bare_token_signer(session, cka_id, token))
            finally:
                session.close()
        return out

    _check(bare_login(), expected, "bare pyHanko, login per signature")
    bare_login_ms = timed(bare_login, runs)

    print(
        f"1. PKCS#11 token (SoftHSM2): one e-copy = the signer's signature, then the office's \""
        f'{ORG_FIELD}" signature over it (2 keys on one token), n={runs}'
    )
    _token_line(
        "token unlocked once (desk session), 2 signatures per e-copy",
        ("ours: TokenSigner + LoadedSigner(PKCS11Signer), .sign x2", ours_held_ms),
        ("bare pyHanko: PKCS11Signer + PdfSigner x2, 1 session", bare_held_ms),
    )
    _token_line(
        "token unlocked for each signature (PIN login + close, x2 per e-copy)",
        ("ours: (open_token_signer + .sign + close) x2", ours_login_ms),
        ("bare pyHanko: (open_pkcs11_session + PdfSigner + close) x2", bare_login_ms),
    )
    print(
        f"    reference: open_token_signer + close alone {statistics.median(open_ms):7.1f} ms "
        f"median, p95 {percentile(open_ms, 0.95):.1f} ms"
    )


# -- 2. PKCS#12 batch ---------------------------------------------------------------------


def _total_seconds(fn: Callable[[], list[bytes]]) -> tuple[float, list[bytes]]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def bench_batch(
    identity: TestIdentity, copies: list[CertifiedCopy], now: datetime, batch: int
) -> None:
    work = [(copies[i % len(copies)], _requests(copies[i % len(copies)], now)[0])
            for i in range(batch)]  # fmt: skip
    p12, password = identity.p12, identity.password

    def ours() -> list[bytes]:
        signer = LoadedSigner.from_pkcs12(p12, password, "benchmark identity")
        return [signer.sign(copy.pdf, request) for copy, request in work]

    def bare() -> list[bytes]:
        signer = signers.SimpleSigner.load_pkcs12_data(p12, (), passphrase=password.encode())
        return [bare_sign(copy.pdf, request, signer) for copy, request in work]

    # Warm-up: fonts, imports, caches (one signature each).
    first_copy, first_request = work[0]
    LoadedSigner.from_pkcs12(p12, password, "warm-up").sign(first_copy.pdf, first_request)
    bare_sign(
        first_copy.pdf,
        first_request,
        signers.SimpleSigner.load_pkcs12_data(p12, (), passphrase=password.encode()),
    )

    ours_s, ours_out = _total_seconds(ours)
    bare_s, bare_out = _total_seconds(bare)
    for out, what in ((ours_out, "ours, PKCS#12 batch"), (bare_out, "bare pyHanko batch")):
        _check(out[0], [SIGNER], what)
        _check(out[-1], [SIGNER], what)

    distinct = len({copy.pdf for copy, _ in work})
    print(
        f"2. PKCS#12 batch: {batch} e-copies, one signature each ({distinct} distinct PDFs), "
        "identity loaded once per batch"
    )
    for name, seconds in (
        ("ours: LoadedSigner.from_pkcs12 + .sign", ours_s),
        ("bare pyHanko: SimpleSigner.load_pkcs12_data + PdfSigner", bare_s),
    ):
        print(f"    {name:<58} total {seconds:6.2f} s   {seconds / batch * 1000:6.1f} ms/e-copy")
    target = BATCH_TARGET_S * batch / 100
    print(
        f"    ratio ours/bare {ours_s / bare_s:.2f}x   target <= {target:.1f} s for {batch} "
        f"({BATCH_TARGET_S:.0f} s per 100): {_met(ours_s <= target)}"
    )


# -- main ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if args.batch < 1 or args.runs < 1:
        parser.error("--batch and --runs must be at least 1")

    now = datetime.now(UTC)
    signer_identity = create_test_identity(SIGNER, SIGNER_TITLE, OFFICE, now)
    office_identity = create_test_identity(OFFICE, "Cơ quan thực hiện chứng thực", OFFICE, now)

    with tempfile.TemporaryDirectory(prefix="cd-bench-signing-") as tmp, _softhsm_env() as loaded:
        folder = Path(tmp)
        token = _set_up_token(folder, {SIGNER_ID: signer_identity, OFFICE_ID: office_identity})
        loaded.append(token.module)
        originals = _originals(folder)
        copies = [_copy(originals, n, now) for n in range(1, args.batch + 1)]
        softhsm = subprocess.run(
            ["softhsm2-util", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        print(
            f"e-copy: 2-page original, 200 dpi JPEG scans, {len(copies[0].pdf) // 1024} KB PDF; "
            f"RSA-2048 keys; pyHanko {version('pyhanko')}, python-pkcs11 "
            f"{version('python-pkcs11')}, SoftHSM {softhsm}"
        )
        bench_token(token, copies[0], now, args.runs)
        bench_batch(signer_identity, copies, now, args.batch)


if __name__ == "__main__":
    main()
