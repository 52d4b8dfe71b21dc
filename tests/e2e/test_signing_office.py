"""An office signing for real: the signer and the office's organisation signature, B-T
when the TSA answers, B-B offline then upgraded to B-LTA, and the guards before signing.

Everything runs against the loopback CA, OCSP responder, CRLs and TSA of
tests/signing/pki.py, through the CLI as a clerk (or a scheduled task) would run it, and
is checked back with pyHanko and with poppler's pdfsig.
"""

import io
import sqlite3
import subprocess
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from counterdesk.desk import CertifyRequest, Desk
from counterdesk.errors import ClockError
from counterdesk.signing.levels import level_of
from tests.conftest import OFFICE_NAME, CertifyArgs, Cli, require_tool
from tests.e2e.test_certify import pdfsig
from tests.e2e.test_copy_qr import scan_page
from tests.signing.pki import ORGANISATION, SIGNER_NAME, LoopbackPki

pytest_plugins = ("tests.signing.pki",)  # the pki fixture


@pytest.fixture
def signing_office(tmp_path: Path, pki: LoopbackPki) -> Cli:
    """An office whose signer and organisation certificates come from the loopback CA,
    its root trusted, its TSA and revocation checking set."""
    cli = Cli(tmp_path / "home")
    cli.ok("init", "--office-code", "H38.12", "--office-name", OFFICE_NAME,
           "--commune", "Xã Tân Phú")  # fmt: skip
    env = {"P12_PASSWORD": pki.password}
    for name, data, extra in (
        ("signer.p12", pki.signer_p12, []),
        ("office.p12", pki.organisation_p12, ["--organisation"]),
    ):
        (tmp_path / name).write_bytes(data)
        cli.ok("identity", "import-p12", str(tmp_path / name), "--password-env", "P12_PASSWORD",
               *extra, env=env)  # fmt: skip
    (cli.home / "trust").mkdir()
    (cli.home / "trust" / "test-root.pem").write_bytes(pki.root_pem)
    settings = cli.ok("signing", "settings", "--tsa", pki.tsa_url, "--revocation", "on")
    assert settings == {"tsa_url": pki.tsa_url, "check_revocation": True, "pending_upgrades": 0}
    return cli


@pytest.fixture
def nssdb(tmp_path: Path, pki: LoopbackPki) -> Path:
    """An NSS database trusting the test root, as a receiving office would."""
    certutil = require_tool("certutil")
    db = tmp_path / "nssdb"
    db.mkdir()
    (tmp_path / "root.pem").write_bytes(pki.root_pem)
    subprocess.run([certutil, "-N", "-d", f"sql:{db}", "--empty-password"], check=True)
    subprocess.run([certutil, "-A", "-d", f"sql:{db}", "-n", "TEST root", "-t", "CT,C,C",
                    "-i", str(tmp_path / "root.pem")], check=True)  # fmt: skip
    return db


def current_ecopy(home: Path) -> tuple[bytes, str]:
    """The e-copy as the book now keeps it (upgrades replace the stored file) and its level."""
    with closing(sqlite3.connect(home / "counterdesk.sqlite3")) as db:
        sha256, level = db.execute(
            "SELECT sha256, level FROM documents WHERE role = 'electronic_copy'"
        ).fetchone()
    return (home / "blobs" / sha256[:2] / f"{sha256}.pdf").read_bytes(), level


def pdfsig_signatures(pdf: bytes, nssdb: Path, folder: Path) -> list[str]:
    path = folder / "checked.pdf"
    path.write_bytes(pdf)
    return pdfsig(path, nssdb).split("Signature #")[1:]


def test_online_e_copy_carries_both_signatures_time_stamped(
    signing_office: Cli,
    scans: list[Path],
    certify_args: CertifyArgs,
    nssdb: Path,
    tmp_path: Path,
) -> None:
    made = signing_office.ok(*certify_args(*scans))
    pdf = Path(made["electronic_pdf"]).read_bytes()
    assert level_of(pdf) == "B-T"
    assert current_ecopy(signing_office.home)[1] == "B-T"

    # The office signs second, over the signer's signature; both are fields of the file.
    reader = PdfFileReader(io.BytesIO(pdf))
    first, second = reader.embedded_regular_signatures
    assert (first.field_name, second.field_name) == ("ChungThuc", "CoQuan")
    assert first.signer_cert.subject.native["common_name"] == SIGNER_NAME
    assert second.signer_cert.subject.native["common_name"] == ORGANISATION
    assert second.signed_revision > first.signed_revision

    report = signing_office.ok("verify", made["electronic_pdf"])
    assert report["verdict"] == "valid", report["reasons"]
    assert [(s["signer"], s["level"], s["trusted"], s["timestamped"]) for s in
            report["signatures"]] == [(SIGNER_NAME, "B-T", True, True),
                                      (ORGANISATION, "B-T", True, True)]  # fmt: skip
    assert report["in_our_book"] is True

    # poppler (NSS) sees two valid, trusted signatures with their Vietnamese names.
    found = pdfsig_signatures(pdf, nssdb, tmp_path)
    assert len(found) == 2, found
    for text, name in zip(found, (SIGNER_NAME, ORGANISATION), strict=True):
        assert "Signature Validation: Signature is Valid." in text, text
        assert "Certificate Validation: Certificate is Trusted." in text, text
        assert f"Signer Certificate Common Name: {name}" in text, text


def test_signed_offline_queued_then_upgraded_to_lta_and_the_paper_qr_still_matches(
    signing_office: Cli,
    pki: LoopbackPki,
    scans: list[Path],
    certify_args: CertifyArgs,
    nssdb: Path,
    tmp_path: Path,
) -> None:
    with pki.offline():
        made = signing_office.ok(*certify_args(*scans))  # the counter does not wait
        signed = Path(made["electronic_pdf"]).read_bytes()
        assert level_of(signed) == "B-B"
        still = signing_office.ok("signing", "upgrade")
        assert still == {"upgraded": 0, "pending": 1, "failed": 0, "failures": []}
    assert signing_office.ok("signing", "settings")["pending_upgrades"] == 1

    done = signing_office.ok("signing", "upgrade")
    assert done == {"upgraded": 1, "pending": 0, "failed": 0, "failures": []}
    upgraded, level = current_ecopy(signing_office.home)
    assert (level, level_of(upgraded)) == ("B-LTA", "B-LTA")
    assert upgraded.startswith(signed)  # incremental: the certified bytes are kept
    assert signing_office.ok("signing", "upgrade")["upgraded"] == 0  # nothing left to do

    # Everything needed is inside now: valid without asking any server.
    upgraded_file = tmp_path / "upgraded.pdf"
    upgraded_file.write_bytes(upgraded)
    report = signing_office.ok("verify", str(upgraded_file), "--offline")
    assert report["verdict"] == "valid", report["reasons"]
    assert all(s["revocation_checked"] and s["timestamped"] for s in report["signatures"])
    first = pdfsig_signatures(upgraded, nssdb, tmp_path)[0]
    assert "Signature Validation: Signature is Valid." in first
    assert "Certificate Validation: Certificate is Trusted." in first

    # The paper copy's QR names the e-copy as certified; the upgraded file is its twin.
    page = scan_page(Path(made["paper_pdf"]), 2, tmp_path / "statement.png")
    checked = signing_office.ok("verify", "--qr", str(page), "--ecopy", str(upgraded_file))
    assert (checked["verdict"], checked["ecopy_found"], checked["ecopy_matches"]) == (
        "matches",
        True,
        True,
    )
    other = tmp_path / "other.pdf"
    other.write_bytes(upgraded[:-200] + b"\n%%EOF\n")
    assert (
        signing_office.ok("verify", "--qr", str(page), "--ecopy", str(other))["ecopy_matches"]
        is True
    )  # a truncated tail still holds the certified revision...
    middle = len(signed) // 2
    other.write_bytes(signed[:middle] + bytes([signed[middle] ^ 1]) + signed[middle + 1 :])
    assert (
        signing_office.ok("verify", "--qr", str(page), "--ecopy", str(other))["ecopy_matches"]
        is False
    )  # ...an altered one does not


def test_an_untrusted_chain_fails_the_upgrade_with_its_reason_and_is_retried(
    signing_office: Cli, pki: LoopbackPki, scans: list[Path], certify_args: CertifyArgs
) -> None:
    with pki.offline():
        made = signing_office.ok(*certify_args(*scans))
    root = signing_office.home / "trust" / "test-root.pem"
    root.rename(root.with_suffix(".off"))
    failed = signing_office.ok("signing", "upgrade")
    assert (failed["upgraded"], failed["pending"], failed["failed"]) == (0, 0, 1)
    (failure,) = failed["failures"]
    assert failure["label"] == made["certification"]["label"]
    assert "trusted root" in failure["reason"]
    assert current_ecopy(signing_office.home)[1] == "B-B"  # left as it was

    root.with_suffix(".off").rename(root)
    assert signing_office.ok("signing", "upgrade")["upgraded"] == 1


def test_a_revoked_signer_cannot_sign_and_nothing_is_recorded(
    signing_office: Cli, pki: LoopbackPki, scans: list[Path], certify_args: CertifyArgs
) -> None:
    p12 = signing_office.home.parent / "revoked.p12"
    p12.write_bytes(pki.revoked_p12)
    signing_office.ok("identity", "import-p12", str(p12), "--password-env", "P12_PASSWORD",
                      env={"P12_PASSWORD": pki.password})  # fmt: skip
    refused = signing_office.run(*certify_args(*scans), "--json")
    assert refused.returncode == 5, refused.stderr
    assert "revoked" in refused.stderr
    assert signing_office.ok("book", "list")["entries"] == []


def test_a_desk_clock_off_the_tsa_by_more_than_five_minutes_refuses_to_sign(
    signing_office: Cli, scans: list[Path]
) -> None:
    desk = Desk.open(signing_office.home, clock=lambda: datetime.now(UTC) + timedelta(minutes=7))
    try:
        with pytest.raises(ClockError, match="time-stamping service reads"):
            desk.certify_copies(
                CertifyRequest(
                    files=scans,
                    citizen_name="Lê Văn Tám",
                    citizen_id="001090123456",
                    document_title="Giấy khai sinh",
                )
            )
        assert desk.book_entries() == []
    finally:
        desk.close()
