"""From verified deliveries to Prefect events, without echoing launchsync's own writes.

Webhooks also report the changes launchsync made itself: its pushes, and what the target's
own automation did in reply (4ALLPORTAL links files to a product it creates). A run re-reads
every target it wrote, so after the run the warehouse holds those states. The relay therefore
holds deliveries while a run writes the warehouse, then raises an event only for a delivery
that reports something the warehouse does not hold yet: a 4ALLPORTAL object changed after the
version launchsync last read, or deleted while launchsync still has it. Every delivery stays
in the inbox either way, and the next scheduled run imports it.
"""

import logging
import queue
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from launchsync.events import emit_delivery
from warehouse.db import writing
from warehouse.read_copy import read_copy

log = logging.getLogger("launchsync.webhooks")

# A delivery is held at most this long behind a run before it raises its event anyway.
HOLD_SECONDS = 900.0

HELD = """
SELECT d.delivery
FROM deliveries d
LEFT JOIN fourallportal_objects_history h
    ON h.module = d.module AND h.id = d.object_id AND h._valid_to IS NULL
WHERE d.system = 'fourallportal'
  AND CASE WHEN d.type = 'moduleobject_delete' THEN h.id IS NULL
           ELSE h.mod_time >= TRY_CAST(d.mod_time AS TIMESTAMPTZ) END
"""


def already_held(warehouse: Path, deliveries: list[dict[str, Any]]) -> set[str]:
    """The deliveries whose news the published warehouse already holds."""
    copy = read_copy(warehouse)
    if not copy.exists() or not deliveries:
        return set()
    columns = ("delivery", "system", "type", "module", "object_id", "mod_time")
    frame = pl.DataFrame([{k: str(d.get(k) or "") for k in columns} for d in deliveries])
    try:
        with duckdb.connect(str(copy), read_only=True) as con:
            con.register("deliveries", frame)
            return {row[0] for row in con.execute(HELD).fetchall()}
    except duckdb.Error as exc:  # an older or damaged copy: better an extra run than none
        log.warning("could not compare deliveries with %s: %s", copy, exc)
        return set()


class Relay:
    """Raises the Prefect event of each news-bearing delivery, once no run is writing."""

    def __init__(self, warehouse: Path, hold: float = HOLD_SECONDS, poll: float = 0.25) -> None:
        self.warehouse, self.hold, self.poll = warehouse, hold, poll
        self.pending: queue.Queue[dict[str, Any]] = queue.Queue()
        self.waiting = 0  # deliveries held behind a run right now
        self.emitted = self.echoes = 0
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def put(self, delivery: dict[str, Any]) -> None:
        """Queue a delivery already kept in the inbox."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="relay", daemon=True)
                self._thread.start()
        self.pending.put(delivery)

    def _run(self) -> None:
        while True:
            batch = [self.pending.get()]
            self._after_writers(batch)
            while not self.pending.empty():
                batch.append(self.pending.get_nowait())
            self.waiting = 0
            self.dispatch(batch)

    def _after_writers(self, batch: list[dict[str, Any]]) -> None:
        """Wait, while the batch grows, until no run holds the warehouse (or ``hold`` passed)."""
        deadline = time.monotonic() + self.hold
        while writing(self.warehouse) and time.monotonic() < deadline:
            while not self.pending.empty():
                batch.append(self.pending.get_nowait())
            self.waiting = len(batch)
            time.sleep(self.poll)

    def dispatch(self, batch: list[dict[str, Any]]) -> None:
        """Emit the events of the deliveries that carry news."""
        held = already_held(self.warehouse, batch)
        for delivery in batch:
            if delivery["delivery"] in held:
                self.echoes += 1
                continue
            try:
                if emit_delivery(delivery):
                    self.emitted += 1
            except Exception as exc:  # the inbox holds it; the next scheduled run picks it up
                log.warning("delivery %s kept, but no Prefect event: %s", delivery["delivery"], exc)
        if held:
            log.info("%d deliveries report what launchsync already read; no event", len(held))
