"""Retention: raw API payloads age out, the normalized history stays.

``raw_records`` keeps every payload exactly as an API returned it, which is what makes a
malformed record fixable and a full pull's deletions provable; after a while it is only bulk.
Pruning drops payloads older than the configured age except those something still reads:

- the latest payload of a record still held back at landing (it is the only copy of it);
- the latest payload of every Smint.io license transaction (its download URLs are read from it
  until the file is fetched).

The current run's own snapshots are always younger than the cutoff.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb

from warehouse.db import scalar

PRUNE = """
WITH needed AS (
    SELECT system, entity, record_key, max(pulled_at) AS pulled_at
    FROM raw_records r
    WHERE record_key IS NOT NULL
      AND ((system, entity, record_key) IN (
                SELECT system, entity, record_key FROM quarantine
                WHERE stage = 'land' AND resolved_at IS NULL AND record_key IS NOT NULL)
           OR (system = 'smintio' AND entity = 'license_transactions'))
    GROUP BY ALL
)
DELETE FROM raw_records r
WHERE r.pulled_at < $cutoff
  AND NOT EXISTS (SELECT 1 FROM needed n
                  WHERE n.system = r.system AND n.entity = r.entity
                    AND n.record_key = r.record_key AND n.pulled_at = r.pulled_at)
"""


def prune_raw(con: duckdb.DuckDBPyConnection, now: datetime, days: int) -> int:
    """Drop raw payloads older than ``days`` that nothing needs any more.

    Returns:
        How many payloads were dropped.
    """
    cutoff = now - timedelta(days=days)
    # Payloads are appended in time order, so this reads little when nothing is old enough.
    if not scalar(con, "SELECT count(*) FROM raw_records WHERE pulled_at < ?", [cutoff]):
        return 0
    before = scalar(con, "SELECT count(*) FROM raw_records")
    con.execute(PRUNE, {"cutoff": cutoff})
    after = scalar(con, "SELECT count(*) FROM raw_records")
    return int(before) - int(after)
