"""Import webhook deliveries the receiver left in the inbox."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from prefect import task
from prefect.cache_policies import NO_CACHE

from launchsync.settings import load_settings
from warehouse.db import open_warehouse


def read_inbox(inbox: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Deliveries waiting in the inbox, oldest first (unreadable files are skipped)."""
    found = []
    for path in (
        sorted(inbox.glob("*.json"), key=lambda p: p.stat().st_mtime) if inbox.is_dir() else []
    ):
        try:
            found.append((path, orjson.loads(path.read_bytes())))
        except (OSError, orjson.JSONDecodeError):
            continue
    return found


@task(cache_policy=NO_CACHE)
def import_inbox(run_id: str, warehouse: str) -> int:
    """Move verified webhook deliveries from the inbox into ``webhook_events``."""
    deliveries = read_inbox(load_settings().inbox)
    if not deliveries:
        return 0
    rows = []
    for path, event in deliveries:
        received = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        rows.append([event.get("delivery"), event.get("type"), event.get("module"), event.get("object_id"),
                     event.get("object_type"), event.get("mod_time"), received, run_id,
                     event.get("system", "fourallportal")])  # fmt: skip
    with open_warehouse(Path(warehouse)) as con:
        con.execute("BEGIN TRANSACTION")
        con.executemany(
            "INSERT INTO webhook_events (delivery_id, event_type, module, object_id, object_type,"
            " mod_time, received_at, run_id, system) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
            " (SELECT 1 FROM webhook_events WHERE delivery_id = ?)",
            [[*r, r[0]] for r in rows],
        )
        con.execute("COMMIT")
    for path, _ in deliveries:
        path.unlink(missing_ok=True)
    return len(rows)
