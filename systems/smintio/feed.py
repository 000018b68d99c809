"""Records in change order, read by continuation cursors (the Smint.io paging style).

Every write moves a record to the end of the order. A cursor names a position in the order;
reading from it returns the records changed after that position, so a client that keeps the
last cursor it received later sees exactly what changed since, and nothing twice.
"""

import bisect
import uuid
from typing import Any


class UnknownCursor(LookupError):
    """A continuation cursor this feed never handed out."""


class Feed:
    """One kind of record, keyed by ``key``, with cursor paging over its change order."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.rows: dict[str, dict[str, Any]] = {}
        self._seq: dict[str, int] = {}
        self._order: list[tuple[int, str]] = []
        self._counter = 0
        self._cursors: dict[str, int] = {}
        self._cursor_at: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, record_id: str) -> dict[str, Any] | None:
        """The record with this id, or None."""
        return self.rows.get(record_id)

    def put(self, record: dict[str, Any], record_id: str | None = None) -> None:
        """Insert or replace a record; it becomes the latest change.

        ``record_id`` stores the record under another id than its own key (a malformed record
        served as it is).
        """
        record_id = str(record[self.key]) if record_id is None else record_id
        self._counter += 1
        self.rows[record_id] = record
        self._seq[record_id] = self._counter
        self._order.append((self._counter, record_id))

    def delete(self, record_id: str) -> bool:
        """Remove a record; tell whether it existed."""
        self._seq.pop(record_id, None)
        return self.rows.pop(record_id, None) is not None

    def cursor(self, position: int) -> str:
        """The continuation cursor of a position (the same one each time)."""
        found = self._cursor_at.get(position)
        if found is None:
            found = str(uuid.uuid4())
            self._cursor_at[position] = found
            self._cursors[found] = position
        return found

    def page(self, cursor: str | None, limit: int) -> tuple[list[dict[str, Any]], str]:
        """Up to ``limit`` records changed after ``cursor``, and the cursor after them.

        Raises:
            UnknownCursor: the cursor was not issued by this feed.
        """
        if cursor is None:
            position = 0
        elif cursor in self._cursors:
            position = self._cursors[cursor]
        else:
            raise UnknownCursor(f"unknown continuation_uuid {cursor!r}")
        found: list[dict[str, Any]] = []
        index = bisect.bisect_right(self._order, (position, "\uffff"))
        while index < len(self._order) and len(found) < limit:
            seq, record_id = self._order[index]
            index += 1
            if self._seq.get(record_id) == seq:
                found.append(self.rows[record_id])
                position = seq
        if len(found) < limit:
            position = max(position, self._counter)
        return found, self.cursor(position)
