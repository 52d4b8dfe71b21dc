"""Certify end to end through the CLI, and check every output with independent tools."""

import hashlib
import subprocess
from pathlib import Path

import pymupdf
import pytest
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from tests.conftest import SIGNER_NAME, CertifyArgs, Cli, require_tool


def pdftotext(path: Path, *options: str) -> str:
    tool = require_tool("pdftotext")
    return subprocess.run(
        [tool, *options, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdfsig(path: Path, nssdb: Path) -> str:
    tool = require_tool("pdfsig")
    proc = subprocess.run(
        [tool, "-nssdir", f"sql:{nssdb}", str(path)], capture_output=True, text=True, check=False
    )
    return proc.stdout + proc.stderr


@pytest.fixture
def nssdb(tmp_path: Path, office: Cli) -> Path:
    """An NSS database trusting the office's TEST CA, as a receiving office would."""
    certutil = require_tool("certutil")
    db = tmp_path / "nssdb"
    db.mkdir()
    subprocess.run([certutil, "-N", "-d", f"sql:{db}", "--empty-password"], check=True)
    (ca,) = (office.home / "identities").glob("*-ca.pem")
    subprocess.run(
        [
            certutil,
            "-A",
            "-d",
            f"sql:{db}",
            "-n",
            "CounterDesk TEST CA",
            "-t",
            "CT,C,C",
            "-i",
            str(ca),
        ],
        check=True,
    )
    return db


def test_certify_makes_paper_copy_e_copy_receipt_one_number_one_fee(
    office: Cli, scans: list[Path], certify_args: CertifyArgs, nssdb: Path
) -> None:
    out = office.ok(*certify_args(*scans), "--copies", "2")

    assert out["certification"] == {
        "number": 1,
        "volume": 1,
        "year": out["certification"]["year"],
        "symbol": "SCT/BS",
        "label": f"Số chứng thực: 1, Quyển số: 01/{out['certification']['year']}-SCT/BS",
    }
    assert out["dossier_code"].startswith("H38.12-")
    assert out["pages"] == 2
    assert out["copies"] == 2
    assert out["fee"]["amount_vnd"] == 8_000  # 2 pages x 2,000 đ x 2 copies; e-copy free
    for key in ("paper_pdf", "electronic_pdf", "receipt_pdf"):
        path = Path(out[key])
        assert path.is_absolute()
        assert path.is_relative_to(office.home.resolve())
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.stem

    paper, electronic = Path(out["paper_pdf"]), Path(out["electronic_pdf"])
    for pdf in (paper, electronic):
        with pymupdf.open(pdf) as doc:
            assert doc.page_count == 2
            assert all(round(p.rect.width) == 595 and round(p.rect.height) == 842 for p in doc)

    # The statement reads back exactly, on the last page, in both copies.
    label = out["certification"]["label"]
    for pdf in (paper, electronic):
        last_page = pdftotext(pdf, "-f", "2", "-l", "2").splitlines()
        for line in [
            "Chứng thực bản sao đúng với bản chính.",
            label,
            "Người thực hiện chứng thực",
            "PHÓ CHỦ TỊCH",
            "(Ký, ghi rõ họ tên và đóng dấu)",
            SIGNER_NAME,
        ]:
            assert line in last_page, (line, last_page)
        assert any(line.startswith("Xã Tân Phú, ngày ") for line in last_page)
        assert label not in pdftotext(pdf, "-f", "1", "-l", "1")

    # The e-copy is PAdES, intact, trusted through the TEST CA, by pdfsig...
    report = pdfsig(electronic, nssdb)
    assert "Signature Type: ETSI.CAdES.detached" in report
    assert "Signature Validation: Signature is Valid." in report
    assert "Certificate Validation: Certificate is Trusted." in report
    assert "Total document signed" in report
    assert f"Signer Certificate Common Name: {SIGNER_NAME}" in report

    # ...and by pyHanko.
    (ca,) = (office.home / "identities").glob("*-ca.pem")
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(ca))], allow_fetching=False)
    with electronic.open("rb") as f:
        (sig,) = PdfFileReader(f).embedded_signatures
        status = validate_pdf_signature(sig, context)
        assert status.bottom_line, status.pretty_print_details()
        assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"

    # Every font is embedded, as a subset with a ToUnicode map.
    for pdf in (electronic, Path(out["receipt_pdf"])):
        fonts = subprocess.run(
            [require_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert fonts
        assert all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in fonts), fonts

    # The visible stamp renders the Vietnamese name: its glyphs map back to the right
    # text, and there is ink in the signature box.
    stamp_text = pdftotext(electronic, "-f", "2", "-l", "2")
    assert f"Ký bởi: {SIGNER_NAME}" in stamp_text
    assert "Chức vụ: Phó Chủ tịch" in stamp_text
    with pymupdf.open(electronic) as doc:
        (widget,) = doc[1].widgets()
        pixmap = doc[1].get_pixmap(clip=widget.rect, dpi=150, colorspace=pymupdf.csGRAY)
        dark = sum(1 for value in pixmap.samples if value < 128)
        assert dark > 0.01 * pixmap.width * pixmap.height

    # The receipt states the fee in figures and in words.
    receipt = pdftotext(Path(out["receipt_pdf"]))
    assert out["fee"]["receipt_no"] in receipt
    assert "8.000 đ" in receipt
    assert "Bằng chữ: Tám nghìn đồng." in receipt
    assert out["dossier_code"] in receipt

    verified = office.ok("verify", str(electronic), "--offline")
    first_fields = ("signed", "intact", "signer", "label", "dossier_code")
    assert {key: verified[key] for key in first_fields} == {
        "signed": True,
        "intact": True,
        "signer": SIGNER_NAME,
        "label": label,
        "dossier_code": out["dossier_code"],
    }
    assert verified["in_our_book"] is True

    (entry,) = office.ok("book", "list")["entries"]
    assert entry["number"] == 1
    assert entry["label"] == label
    assert entry["citizen_name"] == "Trần Văn Đức"
    assert entry["copies"] == 2
    assert entry["electronic"] is True
    assert entry["fee_vnd"] == 8_000
    assert entry["certified_at"].endswith("+07:00")


def test_one_changed_byte_is_detected_by_pdfsig_and_verify(
    office: Cli, scans: list[Path], certify_args: CertifyArgs, nssdb: Path, tmp_path: Path
) -> None:
    out = office.ok(*certify_args(*scans))
    data = bytearray(Path(out["electronic_pdf"]).read_bytes())
    offset = len(data) // 3  # inside the first page's image, well within the signed range
    data[offset] ^= 0x01
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))

    report = pdfsig(tampered, nssdb)
    assert "Signature is Valid." not in report
    assert "Digest Mismatch" in report or "Signature is Invalid" in report, report
    verified = office.ok("verify", str(tampered))
    assert verified["signed"] is True
    assert verified["intact"] is False


def test_pdf_original_keeps_its_text_and_pages(
    office: Cli, original_pdf: Path, certify_args: CertifyArgs
) -> None:
    out = office.ok(*certify_args(original_pdf, title="Bằng tốt nghiệp"))
    assert out["pages"] == 3
    assert out["fee"]["amount_vnd"] == 5_000
    text = pdftotext(Path(out["paper_pdf"]), "-f", "1", "-l", "1")
    assert "BẰNG TỐT NGHIỆP" in text  # vector text of the original survives, not a re-render


def test_electronic_only_and_paper_only(
    office: Cli, scans: list[Path], certify_args: CertifyArgs
) -> None:
    e_only = office.ok(*certify_args(*scans), "--electronic-only")
    assert e_only["paper_pdf"] is None
    assert e_only["electronic_pdf"] is not None
    assert e_only["fee"]["amount_vnd"] == 4_000

    paper = office.ok(*certify_args(*scans), "--no-electronic", "--copies", "3")
    assert paper["electronic_pdf"] is None
    assert paper["fee"]["amount_vnd"] == 12_000
    assert paper["certification"]["number"] == 2

    unsigned = office.ok("verify", paper["paper_pdf"])
    assert unsigned["signed"] is False
    assert unsigned["label"] == paper["certification"]["label"]

    entries = office.ok("book", "list")["entries"]
    assert [(e["number"], e["electronic"], e["copies"]) for e in entries] == [
        (1, True, 1),
        (2, False, 3),
    ]


def test_fee_command(cli: Cli) -> None:
    assert cli.ok("fee", "--pages", "3", "--copies", "2")["amount_vnd"] == 10_000
    assert cli.ok("fee", "--pages", "250")["amount_vnd"] == 200_000
    assert cli.ok("fee", "--pages", "3", "--electronic-only")["amount_vnd"] == 5_000
    lines = cli.ok("fee", "--pages", "1")["lines"]
    assert lines == [
        {
            "description": "Chứng thực bản sao từ bản chính, 1 trang/bản",
            "quantity": 1,
            "unit_vnd": 2_000,
            "amount_vnd": 2_000,
        }
    ]


def test_json_flag_is_accepted_before_the_subcommand(cli: Cli) -> None:
    result = cli.run("--json", "fee", "--pages", "2")
    assert result.returncode == 0
    assert '"amount_vnd": 4000' in result.stdout


def test_init_is_idempotent_for_the_same_office_and_refuses_another(cli: Cli) -> None:
    first = cli.ok("init", "--office-code", "H38.12", "--office-name", "UBND xã A")
    assert first["office"] == {"code": "H38.12", "name": "UBND xã A"}
    assert (
        cli.ok("init", "--office-code", "H38.12", "--office-name", "UBND xã B")["office"]["name"]
        == "UBND xã B"
    )
    other = cli.run("init", "--office-code", "H38.99", "--office-name", "UBND xã C")
    assert other.returncode != 0
    assert "H38.12" in other.stderr


def test_demo_office_certifies_a_sample_original(cli: Cli) -> None:
    out = cli.ok("--demo", "demo-certify")
    assert out["certification"]["number"] == 1
    assert "DEMO" in pdftotext(Path(out["receipt_pdf"]))
    assert (
        cli.ok("--demo", "demo-certify")["certification"]["number"] == 2
    )  # the same demo office again


def test_verify_gives_a_verdict_with_reasons_and_whether_our_book_has_the_entry(
    office: Cli, scans: list[Path], certify_args: CertifyArgs, tmp_path: Path
) -> None:
    done = office.ok(*certify_args(*scans))
    report = office.ok("verify", done["electronic_pdf"], "--offline")
    assert report["intact"] is True and report["in_our_book"] is True
    assert report["certification"]["dossier_code"] == done["dossier_code"]
    [signature] = report["signatures"]
    assert signature["signer"] == SIGNER_NAME and signature["level"] == "B-B"
    assert signature["trusted"] is True  # the TEST CA this desk made
    # A TEST identity has no revocation service: not a green tick, and the reason says why.
    assert report["verdict"] == "indeterminate" and report["reasons"]
    assert signature["revocation_checked"] is False

    changed = tmp_path / "changed.pdf"
    data = bytearray(Path(done["electronic_pdf"]).read_bytes())
    data[len(data) // 3] ^= 0x01  # inside the first page's image, within the signed range
    changed.write_bytes(bytes(data))
    assert office.ok("verify", str(changed), "--offline")["verdict"] == "invalid"

    other = Cli(tmp_path / "other")
    other.ok("init", "--office-code", "H38.99", "--office-name", "UBND xã Khác")
    foreign = other.ok("verify", done["electronic_pdf"], "--offline")
    assert foreign["in_our_book"] is None  # another commune's copy: not ours to look up
    assert foreign["verdict"] == "indeterminate"  # its CA is not among this desk's roots
    assert not any(s["trusted"] for s in foreign["signatures"])
