"""Bad input gets a one-line error naming the fix, a non-zero exit, and loses nothing.

After every refused certification: no book number used, no fee recorded, no file left
in the blob store; the next good certification still gets number 1.
"""

import json
import os
import random
import subprocess
import unicodedata
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from counterdesk import cli as cli_module
from tests.conftest import CertifyArgs, Cli


def blob_files(home: Path) -> list[Path]:
    root = home / "blobs"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def assert_refused(
    cli: Cli, args: list[str], *needles: str, env: dict[str, str] | None = None
) -> str:
    result = cli.run(*args, "--json", env=env)
    assert result.returncode != 0
    assert result.stdout == ""
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, message
    assert "Traceback" not in message
    for needle in needles:
        assert needle in message, message
    return message


def assert_nothing_recorded(cli: Cli) -> None:
    assert cli.ok("book", "list")["entries"] == []
    assert blob_files(cli.home) == []


def assert_next_certification_is_number_one(
    cli: Cli, scans: list[Path], certify_args: CertifyArgs
) -> None:
    assert cli.ok(*certify_args(*scans))["certification"]["number"] == 1


def _damaged_pdf(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n" + random.Random(7).randbytes(4000))


def _encrypted_pdf(path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="user", owner_pw="owner")


def _zero_page_pdf(path: Path) -> None:
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type/Pages/Kids[]/Count 0>> endobj\n"
        b"trailer <</Root 1 0 R>>\n%%EOF\n"
    )


def _text_file(path: Path) -> None:
    path.write_text("Đây không phải là ảnh quét.\n", encoding="utf-8")


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _truncated_jpeg(path: Path, scans: list[Path]) -> None:
    data = scans[0].read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _corrupt_png(path: Path) -> None:
    ihdr = b"IHDR" + (100).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00"
    chunk = len(ihdr[4:]).to_bytes(4, "big") + ihdr + zlib.crc32(ihdr).to_bytes(4, "big")
    idat = b"IDAT" + bytes(range(256)) * 8  # not a zlib stream
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk + len(idat[4:]).to_bytes(4, "big") + idat + b"\x00" * 4
    )


def _headerless_png(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(8).randbytes(2000))


@pytest.mark.parametrize(
    ("maker", "name", "needle"),
    [
        (_damaged_pdf, "damaged.pdf", "damaged"),
        (_encrypted_pdf, "locked.pdf", "password"),
        (_zero_page_pdf, "empty-pages.pdf", "no pages"),
        (_text_file, "notes.jpg", "not a scanned image"),
        (_empty, "empty.jpg", "empty"),
        (_truncated_jpeg, "cut.jpg", "incomplete"),
        (_corrupt_png, "noise.png", "damaged"),
        (_headerless_png, "headless.png", "damaged"),
    ],
)
def test_bad_original_files_are_refused_and_nothing_is_recorded(
    office: Cli,
    scans: list[Path],
    certify_args: CertifyArgs,
    tmp_path: Path,
    maker,
    name: str,
    needle: str,
) -> None:
    bad = tmp_path / name
    if maker is _truncated_jpeg:
        maker(bad, scans)
    else:
        maker(bad)
    # The bad file comes after a good page: nothing of the good page may be kept either.
    assert_refused(office, certify_args(scans[0], bad), str(bad), needle)
    assert_nothing_recorded(office)
    assert_next_certification_is_number_one(office, scans, certify_args)


def test_missing_file(office: Cli, certify_args: CertifyArgs, tmp_path: Path) -> None:
    assert_refused(office, certify_args(tmp_path / "nope.jpg"), "nope.jpg", "no such file")
    assert_nothing_recorded(office)


def test_bad_values_are_refused(office: Cli, scans: list[Path], certify_args: CertifyArgs) -> None:
    assert_refused(office, certify_args(*scans, citizen_id="12-34"), "ID number")
    assert_refused(office, certify_args(*scans, name="   "), "name")
    assert_refused(office, [*certify_args(*scans), "--copies", "0"], "copies")
    assert_refused(office, ["fee", "--pages", "0"], "pages")
    assert_nothing_recorded(office)


def test_no_office_and_no_identity(cli: Cli, scans: list[Path], certify_args: CertifyArgs) -> None:
    assert_refused(cli, certify_args(*scans), "No office", "init")
    cli.ok("init", "--office-code", "H38.12", "--office-name", "UBND xã Tân Phú")
    assert_refused(cli, certify_args(*scans), "identity import-p12", "create-test")
    assert_nothing_recorded(cli)


def test_a_signer_name_with_control_characters_is_refused(cli: Cli) -> None:
    cli.ok("init", "--office-code", "H38.12", "--office-name", "UBND xã Tân Phú")
    result = cli.run("identity", "create-test", "--name", "Nguyễn Văn An\x1b[2J", "--json")
    assert result.returncode != 0 and "control characters" in result.stderr
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Văn An")
    created = cli.ok("identity", "create-test", "--name", decomposed)
    assert "Nguyễn Văn An" in json.dumps(created, ensure_ascii=False)


def _p12(tmp_path: Path, password: str, not_after: datetime) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Lê Thị Hồng Đào")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_after - timedelta(days=365))
        .not_valid_after(not_after)
        .sign(key, hashes.SHA256())
    )
    path = tmp_path / f"signer-{not_after:%Y}.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"signer",
            key,
            cert,
            None,
            serialization.BestAvailableEncryption(password.encode()),
        )
    )
    return path


def test_import_p12_checks_password_and_validity(
    cli: Cli, scans: list[Path], certify_args: CertifyArgs, tmp_path: Path
) -> None:
    cli.ok("init", "--office-code", "H38.12", "--office-name", "UBND xã Tân Phú")
    now = datetime.now(UTC)
    good = _p12(tmp_path, "đúng-mật-khẩu", now + timedelta(days=300))
    assert_refused(
        cli,
        ["identity", "import-p12", str(good), "--password-env", "P12_PASS"],
        str(good),
        "password is wrong",
        env={"P12_PASS": "sai"},
    )
    assert_refused(
        cli, ["identity", "import-p12", str(good), "--password-env", "UNSET_VAR_X"], "UNSET_VAR_X"
    )
    expired = _p12(tmp_path, "pw", now - timedelta(days=2))
    result = cli.run(
        "identity", "import-p12", str(expired), "--password-env", "P12_PASS", env={"P12_PASS": "pw"}
    )
    assert result.returncode != 0
    assert "expired" in result.stderr
    assert_refused(cli, certify_args(*scans), "identity")  # none was stored

    imported = cli.ok(
        "identity",
        "import-p12",
        str(good),
        "--password-env",
        "P12_PASS",
        "--title",
        "Chủ tịch",
        env={"P12_PASS": "đúng-mật-khẩu"},
    )
    assert "Lê Thị Hồng Đào" in imported["subject"]
    assert Path(imported["p12_path"]).is_file()
    assert "ca_cert_path" not in imported
    out = cli.ok(*certify_args(*scans))
    assert cli.ok("verify", out["electronic_pdf"])["signer"] == "Lê Thị Hồng Đào"


def test_verify_refuses_a_non_pdf(cli: Cli, scans: list[Path]) -> None:
    assert_refused(cli, ["verify", str(scans[0])], "not a PDF")


# -- data folder on a real, small or read-only filesystem ------------------------------


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs: a data folder that can really be filled up or made read-only."""
    if os.geteuid() != 0:
        pytest.fail("mounting a test filesystem needs root (CI runs as root)")
    mount_point = tmp_path / "fs"
    mount_point.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)], check=True)
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def _office_on(folder: Path) -> Cli:
    cli = Cli(home=folder / "home")
    cli.ok("init", "--office-code", "H38.12", "--office-name", "UBND xã Tân Phú")
    cli.ok("identity", "create-test", "--name", "Nguyễn Văn An")
    return cli


def test_full_data_folder(small_fs: Path, scans: list[Path], certify_args: CertifyArgs) -> None:
    cli = _office_on(small_fs)
    filler = small_fs / "filler"
    free = os.statvfs(small_fs).f_bavail * os.statvfs(small_fs).f_frsize
    filler.write_bytes(b"\0" * (free - 200_000))  # leave less room than one certification
    assert_refused(cli, certify_args(*scans), "full", "nothing was recorded")
    filler.unlink()
    assert_nothing_recorded(cli)
    assert not list(small_fs.rglob("*.partial"))
    assert_next_certification_is_number_one(cli, scans, certify_args)


def test_read_only_data_folder(
    small_fs: Path, scans: list[Path], certify_args: CertifyArgs
) -> None:
    cli = _office_on(small_fs)
    subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True)
    assert_refused(cli, certify_args(*scans), "read-only")
    subprocess.run(["mount", "-o", "remount,rw", str(small_fs)], check=True)
    assert_nothing_recorded(cli)
    assert_next_certification_is_number_one(cli, scans, certify_args)


def test_a_sliver_of_an_image_is_refused_by_scan(cli: Cli, tmp_path: Path) -> None:
    sliver = tmp_path / "line.png"
    cv2.imwrite(str(sliver), np.zeros((1, 5000), np.uint8))
    assert_refused(cli, ["scan", str(sliver)], "5000 x 1 pixels", "too small")
    assert_refused(cli, ["scan", str(tmp_path / "gone.jpg")], "no such file")


def test_an_unexpected_error_gives_one_line_and_a_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(desk, args):  # a bug somewhere below the CLI
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(cli_module, "_fee", broken)
    code = cli_module.main(["--home", str(tmp_path / "home"), "fee", "--pages", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    log = tmp_path / "home" / "logs" / "errors.log"
    assert str(log) in err
    assert "ZeroDivisionError: boom" in log.read_text(encoding="utf-8")
