"""Certifications across a year change and a clock set back, with an injected clock."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from counterdesk.desk import CertifyRequest, Desk
from counterdesk.errors import ClockError
from tests.e2e.invariants import check_data_folder


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def request(scans: list[Path]) -> CertifyRequest:
    return CertifyRequest(
        files=scans, citizen_name="Võ Thị Sáu", citizen_id="079190000001", document_title="Học bạ"
    )


def test_year_change_restarts_numbers_and_clock_set_back_is_refused(
    tmp_path: Path, scans: list[Path]
) -> None:
    # The certificate dates from before the clock is set back: the book's order is what
    # refuses the date, not the certificate's validity.
    clock = FakeClock(datetime(2026, 1, 5, 3, 0, tzinfo=UTC))
    desk = Desk.open(tmp_path / "home", clock)
    desk.init_office("H38.12", "UBND xã Tân Phú", "Xã Tân Phú")
    desk.create_test_identity("Nguyễn Văn An", "Chủ tịch")
    clock.now = datetime(2026, 12, 31, 16, 58, tzinfo=UTC)  # 23:58 in Hà Nội

    last_of_2026 = [desk.certify_copies(request(scans)) for _ in range(2)][-1]
    assert last_of_2026.label == "Số chứng thực: 2, Quyển số: 01/2026-SCT/BS"
    assert last_of_2026.dossier_code == "H38.12-261231-0002"

    clock.now = datetime(2026, 12, 31, 17, 1, tzinfo=UTC)  # 00:01 on 1 January 2027 locally
    first_of_2027 = desk.certify_copies(request(scans))
    assert first_of_2027.position.number == 1
    assert first_of_2027.label == "Số chứng thực: 1, Quyển số: 01/2027-SCT/BS"
    assert first_of_2027.dossier_code == "H38.12-270101-0001"
    assert first_of_2027.receipt_no == "000001/2027"

    clock.now = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)  # someone set the PC back
    with pytest.raises(ClockError, match="2027"):
        desk.certify_copies(request(scans))
    assert [e.number for e in desk.book_entries()] == [1, 2, 1]
    assert [e.number for e in desk.book_entries(2027)] == [1]
    desk.close()
    assert check_data_folder(tmp_path / "home") == [1, 2, 1]
