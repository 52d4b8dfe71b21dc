"""The demo office: a test signer and sample scanned originals, for training and trying out.

Everything it makes is marked TEST; its data folder is separate from the real office's.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from counterdesk.errors import SetupError

if TYPE_CHECKING:
    from counterdesk.desk import CertifyResult, Desk

DEMO_OFFICE = {
    "code": "H99.01",
    "name": "UBND xã Tân Phú (DEMO)",
    "commune": "Xã Tân Phú",
    "province": "Tỉnh Đồng Nai",
}
DEMO_SIGNER = ("Nguyễn Thị Ngọc Ánh", "Phó Chủ tịch")
# Sample citizens and the dossiers they brought, for training on the queue and search.
DEMO_DOSSIERS = (
    ("Trần Văn Đức", "001090123456", "2.000815.000.00.00.H55", "Giấy khai sinh"),
    ("Lê Thị Hồng Nhung", "079190000123", "2.001035.000.00.00.H55", "Hợp đồng mua bán xe"),
    ("Phạm Minh Tuấn", "038085001234", "2.000884.000.00.00.H55", "Giấy ủy quyền"),
)


def demo_home() -> Path:
    from counterdesk.store.home import default_home

    return default_home().with_name(default_home().name + "-demo")


def prepare_demo_office(desk: Desk) -> list[Path]:
    """Set up the demo office if needed; returns the sample scans of a 2-page original."""
    from counterdesk.documents.samples import sample_scan
    from counterdesk.store.files import write_atomic

    scans = []
    for n in (1, 2):
        path = desk.home.root / "samples" / f"giay-khai-sinh-{n}.jpg"
        if not path.exists():
            write_atomic(path, sample_scan("Giấy khai sinh", n, 2))
        scans.append(path)
    try:
        desk.office()
    except SetupError:
        desk.init_office(**DEMO_OFFICE)
        desk.create_test_identity(*DEMO_SIGNER)
        for name, id_number, procedure, document in DEMO_DOSSIERS:
            view, _ = desk.receive_dossier(procedure, name, id_number, False, False, [document])
            if document == "Giấy khai sinh":
                desk.digitize_files(scans, dossier_code=view.code, title=document)
    return scans


def reset_demo() -> None:
    """Remove the demo office; the next start makes it afresh."""
    shutil.rmtree(demo_home(), ignore_errors=True)


def run_demo_certification(desk: Desk) -> CertifyResult:
    from counterdesk.desk import CertifyRequest

    scans = prepare_demo_office(desk)
    return desk.certify_copies(
        CertifyRequest(
            files=scans,
            citizen_name="Trần Văn Đức",
            citizen_id="001090123456",
            document_title="Giấy khai sinh",
            copies=2,
        )
    )
