"""Push: send a run's field changes to 4ALLPORTAL, recording intent and result in the ledger."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pyarrow as pa
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from launchsync import clients
from launchsync.config import Config, load_config
from launchsync.errors import LaunchsyncError
from launchsync.settings import load_settings
from systems.fourallportal.client import FourAllPortalClient
from systems.http import ApiError, NotFound, OutcomeUnknown, RequestRejected
from tasks.changeset import Write, plan_writes
from warehouse.db import frame, open_warehouse, registered, scalar

SYSTEM = "fourallportal"


class DeleteGuardTripped(LaunchsyncError):
    """A run would delete more target objects than the configuration allows."""


def chunks(items: list[Write], size: int) -> Iterator[list[Write]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Ledger:
    """Ledger entries for the writes of one module in one run."""

    def __init__(self, con: duckdb.DuckDBPyConnection, run_id: str, module: str) -> None:
        self.con = con
        self.run_id = run_id
        self.module = module

    def intend(self, writes: list[Write]) -> list[str]:
        """Record that these writes are about to be sent (state ``pending``)."""
        ids = [str(uuid.uuid4()) for _ in writes]
        batch = pa.table(
            {
                "entry_id": ids,
                "operation": [w.operation for w in writes],
                "centric_id": [w.centric_id for w in writes],
                "object_id": pa.array([w.object_id for w in writes], pa.string()),
                "fields": pa.array([w.fields for w in writes], pa.list_(pa.string())),
                "payload": [orjson.dumps(w.payload).decode() for w in writes],
                "idempotency_key": [w.idempotency_key(self.module) for w in writes],
            }
        )
        with registered(self.con, "intents", batch):
            self.con.execute(
                """INSERT INTO push_ledger BY NAME
                   SELECT *, $run AS run_id, $system AS system, $module AS module,
                          'pending' AS state, $now AS recorded_at
                   FROM intents""",
                {
                    "run": self.run_id,
                    "system": SYSTEM,
                    "module": self.module,
                    "now": datetime.now(UTC),
                },
            )
        return ids

    def applied(self, entries: list[str], object_ids: list[str | None]) -> None:
        """Record that the target confirmed the writes."""
        batch = pa.table({"entry_id": entries, "object_id": pa.array(object_ids, pa.string())})
        with registered(self.con, "confirmed", batch):
            self.con.execute(
                """UPDATE push_ledger SET state = 'applied', applied_at = $now,
                          object_id = coalesce(confirmed.object_id, push_ledger.object_id)
                   FROM confirmed WHERE push_ledger.entry_id = confirmed.entry_id""",
                {"now": datetime.now(UTC)},
            )

    def refused_before(self) -> set[str]:
        """Idempotency keys of writes this target refused and that never succeeded since."""
        rows = self.con.execute(
            "SELECT idempotency_key FROM push_ledger WHERE system = ? AND module = ? AND state = 'rejected'"
            " EXCEPT SELECT idempotency_key FROM push_ledger WHERE state = 'applied'",
            [SYSTEM, self.module],
        ).fetchall()
        return {key for (key,) in rows}

    def failed(self, entries: list[str], state: str, error: str) -> None:
        """Record that the writes did not take effect (``failed`` or ``rejected``)."""
        self.con.execute(
            "UPDATE push_ledger SET state = ?, error = ? WHERE list_contains(?, entry_id)",
            [state, error, entries],
        )


def guard_deletes(
    con: duckdb.DuckDBPyConnection, module: str, deletes: int, config: Config
) -> None:
    """Refuse a mass delete that looks like a broken source rather than real deletions.

    Raises:
        DeleteGuardTripped: more than ``sync.max_delete_share`` of the module's managed
            objects (and more than ``sync.delete_guard_floor``) would be deleted.
    """
    managed = scalar(con, "SELECT count(*) FROM fourallportal_managed WHERE module = ?", [module])
    limit = max(config.sync.delete_guard_floor, int(managed * config.sync.max_delete_share))
    if deletes > limit:
        raise DeleteGuardTripped(
            f"refusing to delete {deletes} of {managed} 4ALLPORTAL {module} objects in one run "
            f"(limit {limit}); if intended, raise sync.max_delete_share in launchsync.toml"
        )


class Pusher:
    """Sends writes of one module in batches; a refused batch is split to find the culprits."""

    def __init__(
        self, client: FourAllPortalClient, ledger: Ledger, con: duckdb.DuckDBPyConnection
    ) -> None:
        self.client = client
        self.ledger = ledger
        self.con = con
        self.counts = {"created": 0, "updated": 0, "deleted": 0, "already_gone": 0, "rejected": 0}

    def upsert(self, batch: list[Write]) -> None:
        """Create/update a batch (all or nothing at the target)."""
        entries = self.ledger.intend(batch)
        try:
            ids = self.client.bulk_upsert(self.ledger.module, [w.payload for w in batch])
        except RequestRejected as exc:
            if len(batch) == 1:
                self.ledger.failed(entries, "rejected", str(exc))
                self.quarantine(batch[0], str(exc))
                self.counts["rejected"] += 1
                return
            self.ledger.failed(entries, "failed", "batch refused; resent in halves")
            middle = len(batch) // 2
            self.upsert(batch[:middle])
            self.upsert(batch[middle:])
            return
        except OutcomeUnknown as exc:
            # Left pending: the next run re-reads the target and its diff decides what is left.
            self.ledger.failed(entries, "pending", str(exc))
            raise
        except ApiError as exc:
            self.ledger.failed(entries, "failed", str(exc))
            raise
        self.ledger.applied(entries, list(ids))
        self.resolve([w.centric_id for w in batch])
        for write in batch:
            self.counts["created" if write.operation == "create" else "updated"] += 1

    def resolve(self, keys: list[str]) -> None:
        """A write that went through ends earlier refusals of the same record."""
        self.con.execute(
            "UPDATE quarantine SET resolved_at = ? WHERE stage = 'push' AND resolved_at IS NULL"
            " AND entity = ? AND list_contains(?, record_key)",
            [datetime.now(UTC), self.ledger.module, keys],
        )

    def delete(self, write: Write) -> None:
        """Delete one object and close its history: a re-read cannot see what no longer exists.

        An object that is already gone counts as done, not as a new deletion.
        """
        entries = self.ledger.intend([write])
        try:
            self.client.delete(self.ledger.module, str(write.object_id))
            self.counts["deleted"] += 1
        except NotFound:
            self.counts["already_gone"] += 1
        except ApiError as exc:
            self.ledger.failed(entries, "failed", str(exc))
            raise
        self.ledger.applied(entries, [write.object_id])
        self.con.execute(
            "UPDATE fourallportal_objects_history SET _valid_to = ? WHERE id = ? AND _valid_to IS NULL",
            [datetime.now(UTC), write.object_id],
        )

    def quarantine(self, write: Write, error: str) -> None:
        """Keep a write the target refused, with its reason, for the people fixing it."""
        module = self.ledger.module
        style_id = write.centric_id if module == "product" else None
        if module == "variant":
            style_id = scalar(
                self.con, "SELECT style FROM centric_skus WHERE id = ?", [write.centric_id]
            )
        self.con.execute(
            "INSERT INTO quarantine (run_id, stage, system, entity, record_key, style_id, reason, detail,"
            " detected_at) VALUES (?, 'push', ?, ?, ?, ?, 'PUSH_REJECTED', ?, ?)",
            [
                self.ledger.run_id,
                SYSTEM,
                module,
                write.centric_id,
                style_id,
                error,
                datetime.now(UTC),
            ],
        )


@task(task_run_name="push {module} level {level}", cache_policy=NO_CACHE)
def push(
    run_id: str, warehouse: str, module: str, level: int, dry_run: bool = False
) -> dict[str, Any]:
    """Write one module level's changes to 4ALLPORTAL; with ``dry_run`` only count them."""
    log = get_run_logger()
    settings = load_settings()
    config = load_config(settings.config)
    with open_warehouse(Path(warehouse)) as con:
        changes = frame(
            con,
            "SELECT * EXCLUDE (run_id, module, level, computed_at) FROM field_changes"
            " WHERE run_id = ? AND module = ? AND level = ?",
            [run_id, module, level],
        )
        writes = plan_writes(changes)
        if not writes or dry_run:
            return {"module": module, "level": level, "planned": len(writes), "dry_run": dry_run}
        deletes = [w for w in writes if w.operation == "delete"]
        upserts = [w for w in writes if w.operation != "delete"]
        if deletes:
            guard_deletes(con, module, len(deletes), config)
        ledger = Ledger(con, run_id, module)
        refused = ledger.refused_before()
        repeats = [w for w in upserts if w.idempotency_key(module) in refused]
        upserts = [w for w in upserts if w.idempotency_key(module) not in refused]
        if repeats:
            log.warning(
                "%s: %d writes 4ALLPORTAL refused before are not sent again (see quarantine)",
                module,
                len(repeats),
            )
        with clients.fourallportal(settings, config) as client:
            pusher = Pusher(client, ledger, con)
            pusher.counts["still_rejected"] = len(repeats)
            for batch in chunks(upserts, config.sync.push_batch_size):
                pusher.upsert(batch)
            for write in deletes:
                pusher.delete(write)
    counts = pusher.counts
    log.info("%s level %d: pushed %s", module, level, counts)
    if counts["rejected"]:
        log.warning(
            "%s: %d objects refused by 4ALLPORTAL (see quarantine)", module, counts["rejected"]
        )
    return {"module": module, "level": level, "planned": len(writes), **counts}
