"""A clock for use-case tests, set in the office's wall time."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


class OfficeClock:
    """Office-local wall time in, aware UTC out (stored times are UTC, the office is +7)."""

    def __init__(self, local: datetime) -> None:
        self.set(local)

    def set(self, local: datetime) -> None:
        self.now = local.replace(tzinfo=HANOI).astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now
