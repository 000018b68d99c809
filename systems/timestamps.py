"""The one timestamp format the systems exchange: UTC, milliseconds, ``Z``."""

import threading
import time
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


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MILLISECOND = timedelta(milliseconds=1)


class Clock:
    """Strictly increasing modification times, as a server stamps them on writes.

    Kept as whole milliseconds since the epoch; the text of the current second is formatted
    once, so a bulk write of thousands of objects pays for a few string joins per stamp.
    """

    def __init__(self) -> None:
        self._last = 0
        self._second = -1
        self._prefix = ""
        self._lock = threading.Lock()

    def observe(self, stamp: datetime) -> None:
        """Never hand out a time at or before ``stamp`` (e.g. from loaded data).

        A stamp more than a year ahead is a broken record, not a clock to follow.
        """
        with self._lock:
            if stamp - datetime.now(UTC) < timedelta(days=366):
                self._last = max(self._last, (stamp - _EPOCH) // _MILLISECOND)

    def now(self) -> str:
        """The current time, at least one millisecond after the previous stamp."""
        with self._lock:
            now = max(time.time_ns() // 1_000_000, self._last + 1)
            self._last = now
            second, millisecond = divmod(now, 1000)
            if second != self._second:
                moment = _EPOCH + timedelta(seconds=second)
                self._second, self._prefix = second, moment.strftime("%Y-%m-%dT%H:%M:%S.")
            return f"{self._prefix}{millisecond:03d}Z"
