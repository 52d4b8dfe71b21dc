"""A USB token through the CLI: SoftHSM2 set up by the test with the signer's key."""

import io
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader

from counterdesk.signing.identities import create_test_identity, open_pkcs12
from tests.conftest import OFFICE_NAME, SIGNER_NAME, Cli, require_tool

PIN = "246810"
TOKEN = "Xã Tân Phú"
CERT_ID = "0a1b"
OFFICE_CERT_ID = "0c2d"
MODULE_CANDIDATES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
)


@pytest.fixture
def token(tmp_path: Path) -> dict[str, str]:
    """A token holding the signer's key and certificate under CKA_ID 0a1b; the env to use it."""
    softhsm_util, pkcs11_tool = require_tool("softhsm2-util"), require_tool("pkcs11-tool")
    module = next((m for m in MODULE_CANDIDATES if Path(m).is_file()), None)
    if module is None:
        pytest.fail("libsofthsm2.so is not installed; run scripts/setup")
    (tmp_path / "tokens").mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nlog.level = ERROR\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}

    def run(*args: str) -> None:
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, (args[:3], done.stdout, done.stderr)

    run(softhsm_util, "--init-token", "--free", "--label", TOKEN, "--so-pin", "13572468",
        "--pin", PIN)  # fmt: skip
    # The signer's key, and the office's own beside it (some communes keep both on one).
    for name, cka_id in ((SIGNER_NAME, CERT_ID), (OFFICE_NAME, OFFICE_CERT_ID)):
        made = create_test_identity(name, "Phó Chủ tịch", OFFICE_NAME, datetime.now(UTC))
        contents = open_pkcs12(made.p12, made.password, "test identity")
        key = tmp_path / f"{cka_id}.key.pem"
        key.write_bytes(
            contents.key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        cert = tmp_path / f"{cka_id}.cert.der"
        cert.write_bytes(contents.cert.public_bytes(serialization.Encoding.DER))
        run(softhsm_util, "--import", str(key), "--token", TOKEN, "--label", name,
            "--id", cka_id, "--pin", PIN)  # fmt: skip
        run(pkcs11_tool, "--module", module, "--token-label", TOKEN, "--login", "--pin", PIN,
            "--write-object", str(cert), "--type", "cert", "--id", cka_id,
            "--label", name)  # fmt: skip
    return {"SOFTHSM2_CONF": str(conf), "MODULE": module, "PIN": PIN, "BAD": "135799"}


def test_the_token_signs_copies_with_its_pin_given_for_the_session(
    cli: Cli, token: dict[str, str], scans: list[Path], certify_args
) -> None:
    cli.ok("init", "--office-code", "H38.12", "--office-name", OFFICE_NAME)
    module = token["MODULE"]
    seen = cli.ok("identity", "diagnose", "--module", module, env=token)
    [found] = [s["token"] for s in seen["slots"] if s["token"] and s["token"]["label"] == TOKEN]
    assert sorted(c["cka_id"] for c in found["certificates"]) == [CERT_ID, OFFICE_CERT_ID]
    added = cli.ok(
        "--pin-env", "PIN", "identity", "add-pkcs11", "--module", module, "--token", TOKEN,
        "--cert-id", CERT_ID, env=token,
    )  # fmt: skip
    assert (added["signer"], added["cert_id"], added["token"]) == (SIGNER_NAME, CERT_ID, TOKEN)
    listed = cli.ok("identity", "list", env=token)["identities"]
    assert listed[0]["kind"] == "pkcs11" and listed[0]["active"]
    assert all(PIN not in str(value) for value in listed[0].values())

    done = cli.ok("--pin-env", "PIN", *certify_args(*scans), env=token)
    report = cli.ok("verify", done["electronic_pdf"])
    assert report["signed"] and report["intact"] and report["signer"] == SIGNER_NAME

    # No PIN (no terminal to ask on): a clear refusal, no number taken.
    missing = cli.run(*certify_args(*scans), env=token)
    assert missing.returncode == 5 and "PIN" in missing.stderr and TOKEN in missing.stderr
    wrong = cli.run("--pin-env", "BAD", *certify_args(*scans), env=token)
    assert wrong.returncode == 5 and "PIN" in wrong.stderr
    assert token["BAD"] not in wrong.stderr and PIN not in wrong.stderr
    assert [e["number"] for e in cli.ok("book", "list")["entries"]] == [1]
    logs = cli.home / "logs"
    for log in logs.glob("*") if logs.exists() else ():
        assert PIN not in log.read_text(errors="replace")


def test_the_signer_and_the_office_sign_with_two_keys_of_one_token_and_one_pin(
    cli: Cli, token: dict[str, str], scans: list[Path], certify_args
) -> None:
    cli.ok("init", "--office-code", "H38.12", "--office-name", OFFICE_NAME)
    for cka_id, extra in ((CERT_ID, []), (OFFICE_CERT_ID, ["--organisation"])):
        cli.ok("--pin-env", "PIN", "identity", "add-pkcs11", "--module", token["MODULE"],
               "--token", TOKEN, "--cert-id", cka_id, *extra, env=token)  # fmt: skip
    listed = cli.ok("identity", "list", env=token)["identities"]
    assert {(i["purpose"], i["cert_id"]) for i in listed if i["active"]} == {
        ("signer", CERT_ID),
        ("organisation", OFFICE_CERT_ID),
    }

    done = cli.ok("--pin-env", "PIN", *certify_args(*scans), env=token)
    reader = PdfFileReader(io.BytesIO(Path(done["electronic_pdf"]).read_bytes()))
    signed = [
        (s.field_name, s.signer_cert.subject.native["common_name"])
        for s in reader.embedded_regular_signatures
    ]
    assert signed == [("ChungThuc", SIGNER_NAME), ("CoQuan", OFFICE_NAME)]
    assert cli.ok("verify", done["electronic_pdf"])["intact"] is True
