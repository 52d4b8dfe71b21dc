"""How moments are stored: ISO 8601 text in UTC, to the second (sorts as it compares)."""

from datetime import UTC, datetime


def stored_time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")
