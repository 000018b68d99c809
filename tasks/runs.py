"""Record runs: a row in ``sync_runs`` when a flow starts and its outcome when it ends."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import orjson
from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from launchsync.config import Config, load_config
from launchsync.settings import load_settings
from warehouse.db import open_warehouse


def write_milestone_rules(con: duckdb.DuckDBPyConnection, config: Config) -> None:
    """Store the configured milestone order so SQL views can rank styles by it."""
    milestones = config.milestones
    transfer = set(milestones.at_or_past(milestones.transfer))
    rows = [[m, i, m in transfer, False] for i, m in enumerate(milestones.order)]
    rows += [[m, None, False, True] for m in milestones.dropped]
    con.execute("DELETE FROM milestone_rules")
    con.executemany("INSERT INTO milestone_rules VALUES (?, ?, ?, ?)", rows)


@task(cache_policy=NO_CACHE)
def start_run(
    flow: str, warehouse: str, parameters: dict[str, Any], parent_run_id: str | None = None
) -> str:
    """Open a run: bring the warehouse schema up to date, load the rules, return the run id."""
    config = load_config(load_settings().config)
    run_id = flow_run.get_id() or str(uuid.uuid4())
    with open_warehouse(Path(warehouse)) as con:
        con.execute("BEGIN TRANSACTION")
        write_milestone_rules(con, config)
        con.execute(
            "INSERT INTO sync_runs (run_id, parent_run_id, flow, started_at, status, parameters, config_digest)"
            " VALUES (?, ?, ?, ?, 'running', ?, ?)",
            [
                run_id,
                parent_run_id,
                flow,
                datetime.now(UTC),
                orjson.dumps(parameters).decode(),
                config.digest,
            ],
        )
        con.execute("COMMIT")
    return run_id


@task(cache_policy=NO_CACHE)
def finish_run(
    run_id: str, warehouse: str, counts: dict[str, Any], error: str | None = None
) -> None:
    """Close a run with its counts, as completed or (with ``error``) failed."""
    with open_warehouse(Path(warehouse)) as con:
        con.execute(
            "UPDATE sync_runs SET finished_at = ?, status = ?, counts = ?, error = ? WHERE run_id = ?",
            [
                datetime.now(UTC),
                "failed" if error else "completed",
                orjson.dumps(counts).decode(),
                error,
                run_id,
            ],
        )
