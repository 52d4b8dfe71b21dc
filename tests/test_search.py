"""Search across dossiers, in process on a real data folder (SQLite, blobs, tesseract)."""

import sqlite3
from pathlib import Path

import cv2
import pytest

from counterdesk.desk import CertifyRequest, Desk
from counterdesk.errors import BadInputError
from counterdesk.search import dossier_detail, recent, search, snippet, thumbnail
from counterdesk.store.home import DATABASE_NAME
from tests.capture.synthetic import truth_page
from tests.conftest import require_tool

COPY = "2.000815.000.00.00.H55"  # in the shipped catalog

HOSTILE = (
    '"',
    '""',
    "*",
    "**",
    "NEAR(",
    "NEAR(a b",
    "-",
    "- nguyen",
    "nguyen -van",
    "a OR",
    "AND",
    "NOT duc",
    "(",
    ")",
    "^",
    "title:",
    "body : x",
    "{body}",
    "'",
    "%",
    "_",
    "\\",
    "100%",
    "H38.12-%",
    "\x00",
    "\u0301",
    "đ" * 500,
    "ả " * 300,
    "🙂",
    "   ",
    "",
)


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    desk = Desk.open(tmp_path / "home")
    desk.init_office("H38.12", "UBND xã Tân Phú", "Xã Tân Phú", "Tỉnh Đồng Nai")
    yield desk
    desk.close()


def receive(desk: Desk, name: str, id_number: str) -> str:
    view, _ = desk.receive_dossier(COPY, name, id_number, False, False, ["Giấy khai sinh"])
    return view.code


@pytest.fixture(scope="module")
def clean_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean page with known Vietnamese words (as in tests/e2e/test_scan.py)."""
    path = tmp_path_factory.mktemp("pages") / "clean.png"
    cv2.imwrite(str(path), truth_page(seed=6))
    return path


def test_citizens_are_found_without_accents_and_by_id_number(desk: Desk) -> None:
    duc = receive(desk, "Nguyễn Văn Đức", "001090123456")
    dao = receive(desk, "Trần Thị Bích Đào", "001090123457")
    hits = search(desk.dossiers.db, "nguyen van duc")
    assert [(h.kind, h.dossier_code, h.citizen_name) for h in hits] == [
        ("citizen", duc, "Nguyễn Văn Đức")
    ]
    assert [h.dossier_code for h in search(desk.dossiers.db, "NGUYỄN ĐỨC")] == [duc]
    assert [h.citizen_name for h in search(desk.dossiers.db, "bich dao")] == ["Trần Thị Bích Đào"]
    assert [h.citizen_name for h in search(desk.dossiers.db, "ngu")] == ["Nguyễn Văn Đức"]
    by_id = search(desk.dossiers.db, "0010901234")
    assert {h.dossier_code for h in by_id if h.kind == "citizen"} == {duc, dao}
    assert [h.dossier_code for h in search(desk.dossiers.db, "001090123457")] == [dao]
    assert search(desk.dossiers.db, "nguyen hoa") == []  # every word must match


def test_dossier_codes_are_found_whole_or_in_part(desk: Desk) -> None:
    codes = [receive(desk, "Lý Thị Hoa", f"07919000001{n}") for n in range(3)]
    exact = search(desk.dossiers.db, codes[1])
    assert exact[0].kind == "dossier" and exact[0].dossier_code == codes[1]
    assert exact[0].citizen_name == "Lý Thị Hoa"
    assert search(desk.dossiers.db, codes[1].lower())[0].dossier_code == codes[1]
    tail = codes[2][-4:]  # the day's sequence number
    assert codes[2] in [h.dossier_code for h in search(desk.dossiers.db, tail)]
    day = codes[0].split("-")[1]
    found = {h.dossier_code for h in search(desk.dossiers.db, day) if h.kind == "dossier"}
    assert found == set(codes)
    # The code typed in full comes before the codes it is part of.
    others = search(desk.dossiers.db, codes[0][:-1])
    assert {h.dossier_code for h in others} == set(codes)
    assert all(h.kind == "dossier" for h in others)


def test_ocr_text_of_a_digitized_copy_is_found_without_diacritics(
    desk: Desk, clean_page: Path
) -> None:
    require_tool("tesseract")
    code = receive(desk, "Phạm Thị Ngọc Ánh", "079190000021")
    result = desk.digitize_files([clean_page], mode="gray", dossier_code=code, title="Tờ khai")
    assert result.text_layer is True
    # The page says "Ủy ban nhân dân xã Tân Phú XÁCNHẬN nội dung khai sinh..."
    hits = [h for h in search(desk.dossiers.db, "xacnhan") if h.kind == "document"]
    assert [(h.document_id, h.dossier_code, h.title) for h in hits] == [
        (result.document_id, code, "Tờ khai")
    ]
    assert "XÁCNHẬN" in hits[0].snippet  # shown as read, with its accents
    assert hits[0].citizen_name == "Phạm Thị Ngọc Ánh"
    phrase = [h for h in search(desk.dossiers.db, "tan phu") if h.snippet]
    assert phrase and phrase[0].document_id == result.document_id
    assert "tân phú" in phrase[0].snippet.lower()
    assert search(desk.dossiers.db, "xacnhan zzyzx") == []
    # The title is searched too, with or without accents.
    titled = [h for h in search(desk.dossiers.db, "to khai") if h.document_id]
    assert titled[0].document_id == result.document_id and titled[0].snippet is None


def test_a_copy_removed_by_retention_is_no_longer_found(
    desk: Desk, clean_page: Path, tmp_path: Path
) -> None:
    require_tool("tesseract")
    result = desk.digitize_files([clean_page], mode="gray", title="Giấy tờ cũ")
    assert [h.document_id for h in search(desk.dossiers.db, "xacnhan")] == [result.document_id]
    assert search(desk.dossiers.db, "xacnhan")[0].dossier_code is None  # not linked yet
    with sqlite3.connect(tmp_path / "home" / DATABASE_NAME) as conn:
        conn.execute(
            "UPDATE digitized_documents SET removed_at = '2030-01-01T00:00:00+00:00' WHERE id = ?",
            [result.document_id],
        )
        assert conn.execute("SELECT count(*) FROM digitized_fts").fetchone() == (0,)
    assert search(desk.dossiers.db, "xacnhan") == []
    assert search(desk.dossiers.db, "giay to cu") == []


def test_certified_documents_are_found_by_title_and_their_detail_is_complete(
    desk: Desk, scans: list[Path]
) -> None:
    desk.create_test_identity("Nguyễn Thị Ngọc Ánh", "Phó Chủ tịch")
    done = desk.certify_copies(
        CertifyRequest(
            files=scans,
            citizen_name="Trần Văn Đức",
            citizen_id="001090123456",
            document_title="Bằng tốt nghiệp đại học",
            payment_channel="bank_transfer",
        )
    )
    hits = [h for h in search(desk.dossiers.db, "bang tot nghiep dai hoc") if h.kind == "document"]
    assert [(h.dossier_code, h.title, h.document_id) for h in hits] == [
        (done.dossier_code, "Bằng tốt nghiệp đại học", None)
    ]

    detail = dossier_detail(desk, done.dossier_code)
    assert detail.dossier.code == done.dossier_code
    assert [e.action for e in detail.dossier.events] == ["certify"]
    assert detail.book_entry is not None
    assert detail.book_entry.label == done.label
    assert detail.book_entry.number == done.position.number
    assert detail.book_entry.signer_name == "Nguyễn Thị Ngọc Ánh"
    assert detail.fee is not None
    assert (detail.fee.amount_vnd, detail.fee.receipt_no, detail.fee.channel) == (
        done.fee_vnd,
        done.receipt_no,
        "bank_transfer",
    )
    roles = {d.role: d for d in detail.certified}
    assert set(roles) == {"paper_copy", "electronic_copy", "receipt"}
    e_copy = roles["electronic_copy"]
    assert e_copy.path == done.electronic_pdf
    assert e_copy.signature is not None
    assert (e_copy.signature.signed, e_copy.signature.intact) == (True, True)
    assert e_copy.signature.signer == "Nguyễn Thị Ngọc Ánh"
    assert roles["paper_copy"].signature is None
    png = thumbnail(e_copy.path)
    assert png is not None and png.startswith(b"\x89PNG")

    # An e-copy changed after signing is reported as such.
    data = bytearray(e_copy.path.read_bytes())
    data[len(data) // 3] ^= 0x01  # inside the first page's image, within the signed range
    e_copy.path.write_bytes(bytes(data))
    changed = dossier_detail(desk, done.dossier_code)
    signature = next(d for d in changed.certified if d.role == "electronic_copy").signature
    assert signature is not None and signature.intact is False


def test_detail_lists_the_timeline_and_digitized_copies(desk: Desk, scans: list[Path]) -> None:
    code = receive(desk, "Lê Hoàng Phúc", "079190000031")
    desk.move_dossier(code, "advance", None, None)
    result = desk.digitize_files([scans[0]], dossier_code=code, title="Giấy khai sinh")
    detail = dossier_detail(desk, code)
    assert [(e.action, e.to_state) for e in detail.dossier.events] == [
        ("receive", "received"),
        ("advance", "in_progress"),
    ]
    assert [(d.id, d.title, d.pages) for d in detail.digitized] == [
        (result.document_id, "Giấy khai sinh", 1)
    ]
    assert detail.digitized[0].path == result.pdf_path
    assert detail.book_entry is None and detail.fee is None and detail.certified == ()
    with pytest.raises(BadInputError, match="No dossier"):
        dossier_detail(desk, "H38.12-000000-9999")


def test_hostile_queries_do_not_raise(desk: Desk) -> None:
    receive(desk, "Nguyễn Văn Đức", "001090123456")
    for query in HOSTILE:
        assert isinstance(search(desk.dossiers.db, query), list), query
    assert search(desk.dossiers.db, '"nguyen" -duc*') != []  # punctuation is just a gap


def test_the_limit_is_respected(desk: Desk) -> None:
    for n in range(12):
        receive(desk, f"Nguyễn Văn Tư {n}", f"0790900000{n:02d}")
    assert len(search(desk.dossiers.db, "nguyen")) == 12
    assert len(search(desk.dossiers.db, "nguyen", limit=5)) == 5
    assert len(search(desk.dossiers.db, "H38", limit=3)) == 3
    assert search(desk.dossiers.db, "nguyen", limit=0) == []


def test_snippets_keep_accents_and_whole_words() -> None:
    text = "Ủy ban nhân dân xã Tân Phú XÁCNHẬN nội dung khai sinh nêu trên là đúng. " * 4
    shown = snippet(text, ["xacnhan"], width=30)
    assert "XÁCNHẬN" in shown and shown.endswith("…")
    assert all(word in text for word in shown.strip("…").split())
    assert snippet("Đức", ["duc"]) == "Đức"


def test_before_any_query_the_latest_dossiers_come_first(desk: Desk) -> None:
    first = receive(desk, "Nguyễn Văn Một", "079190000501")
    second = receive(desk, "Trần Thị Hai", "079190000502")
    hits = recent(desk.dossiers.db, limit=5)
    assert [(h.dossier_code, h.citizen_name) for h in hits] == [
        (second, "Trần Thị Hai"),
        (first, "Nguyễn Văn Một"),
    ]
    assert len(recent(desk.dossiers.db, limit=1)) == 1
    assert search(desk.dossiers.db, "   ") == []  # a query of spaces is no query
