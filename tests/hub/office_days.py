"""Offline office days generated through the desk's use cases, on a fake clock.

`work_offline` opens a data folder with `Desk` (the core the CLI and the window drive),
sets its office up, then works the given number of office days (weekdays) with a seeded
RNG. A day is what a commune counter does: one dossier received, some days two (a third
of them with their file digitized at intake), copies certified most days (paper and
e-copy, or the e-copy alone), and older dossiers moved forward: advanced, sometimes sent
back for a supplement and resumed, returned once finished. One day of the run also
certifies a 24-page register, whose two PDFs (about 4.6 MB each) are uploaded in several
chunks.

OCR is off (the desk is pointed at a tesseract that is not there): it costs seconds a
page and changes nothing the sync sees but the bytes of the digitized PDFs.
"""

import os
import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

from counterdesk.desk import CertifyRequest, Desk
from counterdesk.documents.ocr import TESSERACT_ENV
from counterdesk.domain.fees import PAYMENT_CHANNELS, CopyMode
from tests.e2e.office_clock import OfficeClock

CONTRACT = "2.001035.000.00.00.H55"
SIGNATURE = "2.000884.000.00.00.H55"
COPY = "2.000815.000.00.00.H55"
FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi")
GIVEN_NAMES = ("Văn Đức", "Thị Hồng", "Minh Châu", "Thị Ngọc Ánh", "Quốc Bảo", "Thu Hà")
TITLES = ("Giấy khai sinh", "Bằng tốt nghiệp", "Học bạ", "Sổ hộ khẩu", "Hợp đồng thuê nhà")
REGISTER_PAGES = 24


def office_days(first: date, days: int) -> Iterator[date]:
    day = first
    while days:
        if day.weekday() < 5:
            yield day
            days -= 1
        day += timedelta(days=1)


def work_offline(
    home: Path,
    office: tuple[str, str],
    first_day: date,
    days: int,
    scans: list[Path],
    seed: int,
) -> tuple[int, int]:
    """Set the office up in `home` and work `days` office days; returns the acts done and
    the bytes the desk has to send (`sync status`'s pending bytes)."""
    os.environ[TESSERACT_ENV] = str(home / "no-tesseract")
    rng = random.Random(seed)
    clock = OfficeClock(datetime.combine(first_day, time(7, 30)))
    desk = Desk.open(home, clock)
    try:
        desk.init_office(*office, "Xã Tân Phú", "Tỉnh Đồng Nai")
        desk.create_test_identity("Lê Văn Tám", "Chủ tịch")
        counter = _Counter(desk, clock, rng, scans)
        register_day = rng.randrange(days)
        for n, today in enumerate(office_days(first_day, days)):
            counter.work(today, register=n == register_day)
        return counter.acts, int(desk.sync.status()["pending_bytes"])
    finally:
        desk.close()


class _Counter:
    """One desk's work over the days: what is open, finished, and how many acts."""

    def __init__(
        self, desk: Desk, clock: OfficeClock, rng: random.Random, scans: list[Path]
    ) -> None:
        self.desk = desk
        self.clock = clock
        self.rng = rng
        self.scans = scans
        self.open: dict[str, str] = {}  # code -> state, until finished
        self.finished: list[str] = []
        self.acts = 0
        self.local = datetime.min

    def _tick(self) -> None:
        self.local += timedelta(minutes=self.rng.randint(5, 40))
        self.clock.set(self.local)
        self.acts += 1

    def _citizen(self) -> tuple[str, str]:
        name = f"{self.rng.choice(FAMILY_NAMES)} {self.rng.choice(GIVEN_NAMES)}"
        return name, f"0{self.rng.randint(10**10, 10**11 - 1)}"

    def _pages(self, most: int) -> list[Path]:
        return self.rng.sample(self.scans, self.rng.randint(1, most))

    def work(self, today: date, register: bool) -> None:
        self.local = datetime.combine(today, time(7, 30))
        self._move_older()
        for _ in range(1 if self.rng.random() < 0.7 else 2):
            self._receive()
        if self.rng.random() < 0.7:
            self._certify()
        if register:
            self._tick()
            name, citizen_id = self._citizen()
            pages = self.scans * (REGISTER_PAGES // len(self.scans))
            self.desk.certify_copies(CertifyRequest(pages, name, citizen_id, "Sổ địa chính"))

    def _receive(self) -> None:
        self._tick()
        name, citizen_id = self._citizen()
        procedure = self.rng.choice((CONTRACT, CONTRACT, SIGNATURE, COPY))
        online = self.rng.random() < 0.2
        view, _slip = self.desk.receive_dossier(
            procedure, name, citizen_id, online, True, [self.rng.choice(TITLES)]
        )
        self.open[view.code] = view.state
        if self.rng.random() < 0.35:
            self._tick()
            self.desk.digitize_files(
                self._pages(2), dossier_code=view.code, title=self.rng.choice(TITLES)
            )

    def _certify(self) -> None:
        self._tick()
        name, citizen_id = self._citizen()
        mode = CopyMode.ELECTRONIC_ONLY if self.rng.random() < 0.25 else None
        self.desk.certify_copies(
            CertifyRequest(
                self._pages(2),
                name,
                citizen_id,
                self.rng.choice(TITLES),
                copies=self.rng.randint(1, 3),
                mode=mode or CopyMode.PAPER_AND_ELECTRONIC,
                payment_channel=self.rng.choice(PAYMENT_CHANNELS),
            )
        )

    def _move(self, code: str, action: str, reason: str | None = None) -> None:
        self._tick()
        view, _form = self.desk.move_dossier(code, action, reason, None)
        self.open[code] = view.state

    def _move_older(self) -> None:
        for code in self.finished[:]:
            if self.rng.random() < 0.6:
                self._tick()
                channel = self.rng.choice(("paper", "electronic", "both"))
                self.desk.move_dossier(code, "return", None, channel)
                self.finished.remove(code)
        for code, state in list(self.open.items()):
            roll = self.rng.random()
            if state == "supplement_requested":
                if roll < 0.5:
                    self._move(code, "resume")
            elif state == "received" and roll < 0.1:
                self._move(code, "supplement", "Thiếu bản sao giấy tờ tùy thân")
            elif roll < 0.7:
                self._move(code, "advance")
                if self.open[code] == "finished":
                    del self.open[code]
                    self.finished.append(code)
