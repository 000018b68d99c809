"""The one timestamp format the systems exchange: UTC, milliseconds, ``Z``."""

import threading
from datetime import UTC, datetime, timedelta


def iso_ms(value: datetime) -> str:
    """Format as ``2026-06-02T12:00:00.000Z`` (naive values are taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_iso(value: str) -> datetime:
    """Parse an ISO-8601 timestamp; a missing offset means UTC.

    Raises:
        ValueError: ``value`` is not a timestamp.
    """
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class Clock:
    """Strictly increasing modification times, as a server stamps them on writes."""

    def __init__(self) -> None:
        self._last = datetime(1970, 1, 1, tzinfo=UTC)
        self._lock = threading.Lock()

    def observe(self, stamp: datetime) -> None:
        """Never hand out a time at or before ``stamp`` (e.g. from loaded data).

        A stamp more than a year ahead is a broken record, not a clock to follow.
        """
        with self._lock:
            if stamp - datetime.now(UTC) < timedelta(days=366):
                self._last = max(self._last, stamp)

    def now(self) -> str:
        """The current time, at least one millisecond after the previous stamp."""
        with self._lock:
            now = datetime.now(UTC)
            now = now.replace(microsecond=now.microsecond // 1000 * 1000)
            if now <= self._last:
                now = self._last + timedelta(milliseconds=1)
            self._last = now
            return iso_ms(now)
