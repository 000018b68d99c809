"""Landing generated catalogs straight into a warehouse, without HTTP, for the cases."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from launchsync.config import Config
from systems.catalog import Catalog
from systems.fourallportal.simulator import FourAllPortalSimulator
from systems.generator import generate
from systems.registry import ENDPOINTS
from tasks.pull import FLUSH_RECORDS, SnapshotWriter, normalize_page, record_landing
from tasks.runs import write_rules
from warehouse.db import open_warehouse
from warehouse.history import merge_snapshot

SKUS_PER_STYLE = 27  # the generator's average; the SKU count made is reported
SEED = 7


def as_served(section: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """4ALLPORTAL records as the simulator serves them (files linked to products, stamped)."""
    pim = FourAllPortalSimulator(section)
    return {module: pim.objects(module) for module in pim.tables}


def land(
    con: duckdb.DuckDBPyConnection,
    system: str,
    name: str,
    records: list[dict[str, Any]],
    run_id: str,
    full: bool,
) -> int:
    """Land the records of one endpoint as one page of a pull, and return how many landed.

    A full landing closes current records it did not see; an incremental one only adds new
    versions. Malformed records are quarantined, as a pull does.
    """
    ep = ENDPOINTS[system][name]
    now = datetime.now(UTC)
    snapshot = f"{run_id}-{system}-{name}"
    con.execute(
        "INSERT INTO snapshots (snapshot_id, run_id, system, entity, mode, pulled_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [snapshot, run_id, system, name, "full" if full else "incremental", now],
    )
    writer = SnapshotWriter(con, ep, snapshot, run_id, now)
    # In slices, as a pull writes: after one insert of 203,328 colorways, the merge found none
    # of them by their snapshot id (DuckDB 2.0.0), and no colorway or SKU landed at 1M SKUs.
    for start in range(0, len(records), FLUSH_RECORDS):
        writer.write(normalize_page(ep, records[start : start + FLUSH_RECORDS]))
    writer.flush()
    stats = merge_snapshot(
        con,
        ep.table,
        snapshot_id=snapshot,
        pulled_at=now,
        order_by=ep.cursor,
        full=full,
        partition=(ep.shared_table, ep.name) if ep.shared_table else None,
    )
    record_landing(con, snapshot, writer, stats)
    return writer.records


def record_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str) -> None:
    """Record a benchmark run in ``sync_runs``, as the rows it lands refer to one."""
    con.execute(
        "INSERT INTO sync_runs (run_id, flow, started_at, status) VALUES (?, 'bench', ?, ?)",
        [run_id, datetime.now(UTC), status],
    )


def land_catalog(path: Path, catalog: Catalog, run_id: str, config: Config) -> int:
    """Create a fresh warehouse and land every record of a catalog, as full pulls would.

    Returns:
        How many records landed.
    """
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    sections = {
        "centric": catalog.centric,
        "fourallportal": as_served(catalog.fourallportal),
        "smintio": catalog.smintio,
    }
    landed = 0
    with open_warehouse(path) as con:
        write_rules(con, config)
        record_run(con, run_id, "completed")
        for system, section in sections.items():
            for name in ENDPOINTS[system]:
                landed += land(con, system, name, section.get(name, []), run_id, full=True)
    return landed


def catalog_for(skus: int, seed: int = SEED) -> Catalog:
    """A generated catalog (default defect rates) with at least ``skus`` SKUs."""
    styles = max(1, math.ceil(skus / SKUS_PER_STYLE))
    while True:
        catalog = generate(styles, seed=seed)
        made = int(catalog.info["skus"])
        if made >= skus:
            return catalog
        styles = math.ceil(styles * skus / max(made, 1)) + 1
