"""Benchmark: one `certify` (2-page original, paper + e-copy, PKCS#12) against bare pyHanko.

Targets (issue #3): our whole certification <= 300 ms and <= 3x pyHanko signing the same
PDF alone, both measured here in the same process on the same machine.

Run: .venv/bin/python -m benchmarks.certify [--runs N]
"""

import argparse
import io
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.stamp import TextStampStyle

from benchmarks.timing import timed
from counterdesk.desk import CertifyRequest, Desk
from counterdesk.documents.fonts import font_path
from counterdesk.documents.samples import sample_scan


def describe(name: str, samples: list[float]) -> float:
    median = statistics.median(samples)
    print(
        f"{name:<44} median {median:7.1f} ms   min {min(samples):7.1f}   "
        f"max {max(samples):7.1f}   (n={len(samples)})"
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--dpi", type=int, default=200)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scans = []
        for n in (1, 2):
            path = folder / f"page-{n}.jpg"
            path.write_bytes(sample_scan("Giấy khai sinh", n, 2, dpi=args.dpi))
            scans.append(path)
        desk = Desk.open(folder / "home")
        desk.init_office("H38.12", "UBND xã Tân Phú", "Xã Tân Phú", "Tỉnh Đồng Nai")
        identity = desk.create_test_identity("Nguyễn Thị Ngọc Ánh", "Phó Chủ tịch")
        request = CertifyRequest(scans, "Trần Văn Đức", "001090123456", "Giấy khai sinh")

        results = []
        ours = timed(lambda: results.append(desk.certify_copies(request)), args.runs)
        paper = results[-1].paper_pdf.read_bytes()
        box = (282, 50, 552, 114)
        (secret,) = desk.home.db.db.execute(
            "SELECT secret FROM identities WHERE active = 1"
        ).fetchone()

        def bare_sign(visible: bool) -> Callable[[], object]:
            signer = signers.SimpleSigner.load_pkcs12_data(
                identity.p12_path.read_bytes(), (), passphrase=secret.encode()
            )
            style = TextStampStyle(
                stamp_text="Ký bởi: Nguyễn Thị Ngọc Ánh\nNgày ký: %(ts)s",
                text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(font_path()))),
            )
            meta = signers.PdfSignatureMetadata(
                field_name="Sig", subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256"
            )
            spec = fields.SigFieldSpec("Sig", box=box if visible else None, on_page=1)

            def sign() -> bytes:
                pdf_signer = signers.PdfSigner(
                    meta, signer=signer, new_field_spec=spec, stamp_style=style if visible else None
                )
                return pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(paper))).getvalue()

            return sign

        bare_visible = timed(bare_sign(True), args.runs)
        bare_invisible = timed(bare_sign(False), args.runs)
        desk.close()

    print(f"2-page original, {args.dpi} dpi JPEG scans, {len(paper) // 1024} KB copy")
    ours_ms = describe("certify (paper + e-copy + receipt + book)", ours)
    base_ms = describe("baseline: pyHanko signs same PDF, stamp", bare_visible)
    describe("reference: pyHanko signs same PDF, no stamp", bare_invisible)
    ratio = ours_ms / base_ms
    print(f"ratio certify / bare pyHanko signing: {ratio:.2f}x  (target <= 3x)")
    print(
        f"certify target <= 300 ms: {'met' if ours_ms <= 300 else 'NOT met'}; "
        f"ratio target: {'met' if ratio <= 3 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
