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
    """Modification times as a server stamps them on writes: its wall clock, in milliseconds.

    Stamps never go back, and writes within one millisecond share it, as on a real server;
    only a new version of one record is kept after that record's previous stamp, so each of
    its versions has a time of its own. The text of the current second is formatted once, so
    a bulk write of thousands of objects pays for a few string joins per stamp.
    """

    def __init__(self) -> None:
        self._last = 0
        self._second = -1
        self._prefix = ""
        self._lock = threading.Lock()

    def observe(self, stamp: datetime) -> None:
        """Never hand out a time before ``stamp`` (e.g. from loaded data).

        A stamp more than a year ahead is a broken record, not a clock to follow.
        """
        with self._lock:
            if stamp - datetime.now(UTC) < timedelta(days=366):
                self._last = max(self._last, (stamp - _EPOCH) // _MILLISECOND)

    def now(self, after: object = None) -> str:
        """The current time; later than ``after`` (a record's previous stamp) when one is given."""
        floor = 0
        if isinstance(after, str):
            try:
                floor = (parse_iso(after) - _EPOCH) // _MILLISECOND + 1
            except ValueError:
                floor = 0
        with self._lock:
            now = max(time.time_ns() // 1_000_000, self._last, floor)
            self._last = now
            second, millisecond = divmod(now, 1000)
            if second != self._second:
                moment = _EPOCH + timedelta(seconds=second)
                self._second, self._prefix = second, moment.strftime("%Y-%m-%dT%H:%M:%S.")
            return f"{self._prefix}{millisecond:03d}Z"
