"""Helpers for tests that need a warehouse filled from a catalog without running flows."""

import json
from datetime import UTC, datetime

from launchsync.config import load_config
from systems.catalog import Catalog
from systems.registry import ENDPOINTS
from tasks.pull import normalize_page, quarantine_rejects, store_raw
from tasks.runs import write_rules
from warehouse.history import merge_snapshot, stage_rows


def land_catalog(con, catalog: Catalog, run_id: str = "run-1") -> None:
    """Normalize and land every Centric record of a catalog, as one full pull would."""
    now = datetime.now(UTC)
    write_rules(con, load_config())
    con.execute(
        "INSERT INTO sync_runs (run_id, flow, started_at, status) VALUES (?, 'test', ?, 'running')",
        [run_id, now],
    )
    for name, endpoint in ENDPOINTS["centric"].items():
        page = normalize_page(endpoint, catalog.centric.get(name, []))
        snapshot = f"{run_id}-{name}"
        con.execute(
            "INSERT INTO snapshots (snapshot_id, run_id, system, entity, mode, pulled_at) VALUES (?, ?, 'centric', ?, 'full', ?)",
            [snapshot, run_id, name, now],
        )
        stage_rows(con, endpoint.table, page.rows, snapshot, run_id)
        store_raw(con, page.raw, snapshot, "centric", name, now)
        quarantine_rejects(con, endpoint, page.rejects, run_id, now)
        stats = merge_snapshot(
            con,
            endpoint.table,
            snapshot_id=snapshot,
            pulled_at=now,
            order_by="modified_at",
            full=True,
        )
        con.execute(
            "UPDATE snapshots SET new_versions = ? WHERE snapshot_id = ?",
            [stats.new_versions, snapshot],
        )


def land_records(con, name: str, records: list[dict], run_id: str, system: str = "centric") -> None:
    """Land changed records of one type, as an incremental pull in ``run_id`` would."""
    endpoint = ENDPOINTS[system][name]
    now = datetime.now(UTC)
    snapshot = f"{run_id}-{name}-{now.timestamp()}"
    page = normalize_page(endpoint, records)
    stage_rows(con, endpoint.table, page.rows, snapshot, run_id)
    store_raw(con, page.raw, snapshot, system, name, now)
    merge_snapshot(
        con,
        endpoint.table,
        snapshot_id=snapshot,
        pulled_at=now,
        order_by=endpoint.cursor,
        full=False,
    )


def candidate_ids(catalog: Catalog) -> set[str]:
    """Styles at or past the shipped transfer milestone (active)."""
    config = load_config()
    transfer = set(config.milestones.at_or_past(config.milestones.transfer))
    return {
        s["id"]
        for s in catalog.centric["styles"]
        if s["bx_milestone"] in transfer and s.get("active", True)
    }


def max_overlap(entries: list[dict]) -> int:
    """Most requests the simulator was answering at the same time."""
    edges = sorted([(e["at"], 1) for e in entries] + [(e["answered"], -1) for e in entries])
    most = now = 0
    for _, step in edges:
        now += step
        most = max(most, now)
    return most


def plan_scans(con, sql: str, params: list | None = None) -> list[tuple[str, str]]:
    """The table scans in DuckDB's plan of a query: (table name, its filters as text)."""
    plan = con.execute(f"EXPLAIN (FORMAT JSON) {sql}", params).fetchall()[0][1]
    found: list[tuple[str, str]] = []

    def walk(node: dict) -> None:
        info = node.get("extra_info", {})
        if info.get("Table"):
            found.append((info["Table"].split(".")[-1], str(info.get("Filters", ""))))
        for child in node.get("children", []):
            walk(child)

    for node in json.loads(plan):
        walk(node)
    return found
