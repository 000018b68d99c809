"""Diff: what 4ALLPORTAL should hold against what it holds, stored as field changes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from tasks.changeset import diff, mapped_fields, stale, to_long
from warehouse.db import frame, open_warehouse, registered

DELETES = -1


def desired_view(module: str) -> str:
    """The view holding what a module should contain."""
    return f"fourallportal_desired_{module}"


def read_target(
    con: duckdb.DuckDBPyConnection, module: str, fields: list[str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Objects launchsync may change in a module, and their values of the mapped fields."""
    objects = frame(
        con,
        "SELECT centric_id, min(object_id) AS object_id FROM fourallportal_managed"
        " WHERE module = ? GROUP BY centric_id",
        [module],
    )
    values = frame(
        con,
        """SELECT v.centric_id, v.object_id, v.field, v.locale, v.channel, v.value
           FROM fourallportal_values v
           JOIN fourallportal_managed m ON m.object_id = v.object_id
           WHERE v.module = ? AND list_contains(?, v.field)""",
        [module, fields],
    )
    return objects, values


@task(cache_policy=NO_CACHE)
def desired_levels(warehouse: str, module: str) -> list[int]:
    """The write levels of a module, parents first (classification has one per tree depth)."""
    with open_warehouse(Path(warehouse)) as con:
        rows = con.execute(
            f"SELECT DISTINCT level FROM {desired_view(module)} ORDER BY level"
        ).fetchall()
    return [level for (level,) in rows]


@task(task_run_name="diff {module} level {level}", cache_policy=NO_CACHE)
def diff_module(run_id: str, warehouse: str, module: str, level: int) -> dict[str, Any]:
    """Compute field changes of one module level (``DELETES``: objects to delete)."""
    with open_warehouse(Path(warehouse)) as con:
        view = desired_view(module)
        if level == DELETES:
            keys = frame(con, f"SELECT centric_id FROM {view}")
            objects, _ = read_target(con, module, [])
            changes = stale(keys, objects)
        else:
            wide = frame(con, f"SELECT * FROM {view} WHERE level = ?", [level])
            objects, values = read_target(con, module, mapped_fields(wide))
            changes = diff(to_long(wide), values, objects)
        con.execute("BEGIN TRANSACTION")
        con.execute(
            "DELETE FROM field_changes WHERE run_id = ? AND module = ? AND level = ?",
            [run_id, module, level],
        )
        with registered(con, "changes", changes):
            con.execute(
                """INSERT INTO field_changes BY NAME
                   SELECT *, $run AS run_id, $module AS module, $level AS level, $now AS computed_at
                   FROM changes""",
                {"run": run_id, "module": module, "level": level, "now": datetime.now(UTC)},
            )
        con.execute("COMMIT")
    counts = changes.group_by("operation").agg(pl.col("centric_id").n_unique()).rows()
    summary = {op: n for op, n in counts}
    if summary:
        get_run_logger().info("%s level %d: %s objects to change", module, level, summary)
    return {"module": module, "level": level, "values": changes.height, **summary}
