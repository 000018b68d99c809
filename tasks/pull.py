"""Pull and land: read an entity from its system into the warehouse, then merge it into history."""

import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from pydantic import ValidationError

from launchsync import clients
from launchsync.config import load_config
from launchsync.settings import load_settings
from systems.endpoints import Endpoint
from systems.registry import endpoint
from warehouse.db import open_warehouse, registered, scalar
from warehouse.history import discard_stage, merge_snapshot, stage_rows

PROGRESS_EVERY_SECONDS = 5.0


@dataclass
class Reject:
    """A record that could not be normalized."""

    record_key: str | None
    style_id: str | None
    detail: str


@dataclass
class NormalizedPage:
    """Rows ready for the warehouse, the rejects, and the raw payloads of one page."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    raw: list[tuple[str | None, str]] = field(default_factory=list)


def describe_error(exc: ValidationError) -> str:
    """One line naming the first problem of a validation error, e.g. ``bx_gtin: ...``."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "record"
    more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def normalize_page(ep: Endpoint, records: list[Any]) -> NormalizedPage:
    """Check each record against the endpoint's model; split into rows and rejects."""
    page = NormalizedPage()
    for record in records:
        if not isinstance(record, dict):
            page.rejects.append(Reject(None, None, f"not a JSON object: {type(record).__name__}"))
            page.raw.append((None, orjson.dumps(record).decode()))
            continue
        key = record.get(ep.key)
        key = key if isinstance(key, str) else None
        page.raw.append((key, orjson.dumps(record).decode()))
        try:
            page.rows.append(ep.model.model_validate(record).to_row())
        except ValidationError as exc:
            style = record.get(ep.style_field) if ep.style_field else None
            style = style if isinstance(style, str) else None
            page.rejects.append(Reject(key, style, describe_error(exc)))
    return page


def _read_cursor(con: Any, system: str, entity: str) -> datetime | None:
    return scalar(
        con, "SELECT cursor FROM sync_cursors WHERE system = ? AND entity = ?", [system, entity]
    )


@task(task_run_name="pull {system}/{entity}", cache_policy=NO_CACHE)
def pull(
    system: str, entity: str, run_id: str, warehouse: str, full: bool = False
) -> dict[str, Any]:
    """Read an entity page by page into the warehouse's staging area.

    Incremental unless ``full`` or no cursor exists yet: then it asks for records modified
    after the cursor minus the configured overlap. Malformed records are quarantined with
    the reason and their raw payload; the rest carry on.
    """
    log = get_run_logger()
    settings, ep = load_settings(), endpoint(system, entity)
    config = load_config(settings.config)
    pulled_at = datetime.now(UTC)
    snapshot_id = str(uuid.uuid4())
    records = rejected = pages = 0
    with open_warehouse(Path(warehouse)) as con:
        cursor = None if full else _read_cursor(con, system, entity)
        mode = "incremental" if cursor is not None else "full"
        since = cursor - timedelta(seconds=config.sync.overlap_seconds) if cursor else None
        con.execute(
            "INSERT INTO snapshots (snapshot_id, run_id, system, entity, mode, modified_after, pulled_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [snapshot_id, run_id, system, entity, mode, since, pulled_at],
        )
        discard_stage(con, ep.table, keep_run=run_id)
        open_rejects = scalar(
            con,
            "SELECT count(*) FROM quarantine WHERE stage = 'land' AND resolved_at IS NULL"
            " AND system = ? AND entity = ?",
            [system, entity],
        )
        last_report = time.monotonic()
        with clients.for_system(system, settings, config) as client:
            for batch in client.iter_pages(ep, since):
                page = normalize_page(ep, batch)
                con.execute("BEGIN TRANSACTION")
                stage_rows(con, ep.table, page.rows, snapshot_id, run_id)
                store_raw(con, page.raw, snapshot_id, system, entity, pulled_at)
                quarantine_rejects(con, page.rejects, run_id, system, entity, pulled_at)
                if open_rejects:
                    resolve_rejects(con, page.rows, ep, pulled_at)
                con.execute("COMMIT")
                pages += 1
                records += len(page.rows)
                rejected += len(page.rejects)
                if time.monotonic() - last_report > PROGRESS_EVERY_SECONDS:
                    log.info("%s/%s: %d records so far (%d pages)", system, entity, records, pages)
                    last_report = time.monotonic()
        con.execute(
            "UPDATE snapshots SET records = ?, rejected = ? WHERE snapshot_id = ?",
            [records, rejected, snapshot_id],
        )
    if rejected:
        log.warning("%s/%s: %d malformed records quarantined", system, entity, rejected)
    log.info("%s/%s: pulled %d records (%s, %d pages)", system, entity, records, mode, pages)
    return {
        "system": system,
        "entity": entity,
        "run_id": run_id,
        "snapshot_id": snapshot_id,
        "mode": mode,
        "pulled_at": pulled_at.isoformat(),
        "records": records,
        "rejected": rejected,
    }


@task(task_run_name="land {snapshot[system]}/{snapshot[entity]}", cache_policy=NO_CACHE)
def land(snapshot: dict[str, Any], warehouse: str) -> dict[str, Any]:
    """Merge a pulled snapshot into history and move the entity's cursor."""
    ep = endpoint(snapshot["system"], snapshot["entity"])
    pulled_at = datetime.fromisoformat(snapshot["pulled_at"])
    full = snapshot["mode"] == "full"
    with open_warehouse(Path(warehouse)) as con:
        stats = merge_snapshot(
            con,
            ep.table,
            snapshot_id=snapshot["snapshot_id"],
            pulled_at=pulled_at,
            order_by=ep.cursor,
            full=full,
            partition=(ep.shared_table, ep.name) if ep.shared_table else None,
        )
        con.execute(
            "UPDATE snapshots SET landed_at = ?, new_versions = ?, closed_versions = ? WHERE snapshot_id = ?",
            [datetime.now(UTC), stats.new_versions, stats.closed_versions, snapshot["snapshot_id"]],
        )
        if stats.max_cursor is not None:
            advance_cursor(con, ep, stats.max_cursor, snapshot["run_id"])
    return {
        **snapshot,
        "new_versions": stats.new_versions,
        "closed_versions": stats.closed_versions,
    }


def advance_cursor(con: Any, ep: Endpoint, seen: datetime, run_id: str) -> None:
    """Move an entity's cursor to ``seen`` unless it is already further."""
    current = _read_cursor(con, ep.system, ep.name)
    if current is not None and current >= seen:
        return
    con.execute("DELETE FROM sync_cursors WHERE system = ? AND entity = ?", [ep.system, ep.name])
    con.execute(
        "INSERT INTO sync_cursors VALUES (?, ?, ?, ?, ?)",
        [ep.system, ep.name, seen, run_id, datetime.now(UTC)],
    )


def quarantine_rejects(
    con: Any, rejects: list[Reject], run_id: str, system: str, entity: str, at: datetime
) -> None:
    """Record malformed records with their reason; they hold their style back until fixed."""
    if not rejects:
        return
    con.executemany(
        "INSERT INTO quarantine (run_id, stage, system, entity, record_key, style_id, reason, detail,"
        " detected_at) VALUES (?, 'land', ?, ?, ?, ?, 'RECORD_MALFORMED', ?, ?)",
        [[run_id, system, entity, r.record_key, r.style_id, r.detail, at] for r in rejects],
    )


def resolve_rejects(con: Any, rows: list[dict[str, Any]], ep: Endpoint, at: datetime) -> None:
    """Mark earlier malformed records as resolved when they now arrive well-formed."""
    keys = [row[ep.key] for row in rows]
    con.execute(
        "UPDATE quarantine SET resolved_at = ? WHERE stage = 'land' AND resolved_at IS NULL"
        " AND system = ? AND entity = ? AND list_contains(?, record_key)",
        [at, ep.system, ep.name, keys],
    )


def store_raw(
    con: Any,
    raw: list[tuple[str | None, str]],
    snapshot_id: str,
    system: str,
    entity: str,
    pulled_at: datetime,
) -> None:
    """Keep the payloads of one page exactly as received."""
    if not raw:
        return
    batch = pa.table({"record_key": [k for k, _ in raw], "payload": [p for _, p in raw]})
    with registered(con, "raw_batch", batch):
        con.execute(
            "INSERT INTO raw_records SELECT ?, ?, ?, record_key, payload, ? FROM raw_batch",
            [snapshot_id, system, entity, pulled_at],
        )
