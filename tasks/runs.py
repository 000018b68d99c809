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

from expectations.reference import fiber_names
from launchsync.config import INDICATORS, Config, load_config
from launchsync.errors import ConfigError
from launchsync.settings import load_settings
from tasks.targets import written_fields
from warehouse.db import open_warehouse
from warehouse.history import data_columns
from warehouse.read_copy import publish_read_copy
from warehouse.retention import prune_raw


def rule_tables(config: Config) -> dict[str, list[list[Any]]]:
    """The rows of the tables that hold the rules of ``launchsync.toml`` (and fiber names)."""
    milestones = config.milestones
    transfer = set(milestones.at_or_past(milestones.transfer))
    released = set(milestones.at_or_past(milestones.release))
    content = config.content
    tables: dict[str, list[list[Any]]] = {
        "milestone_rules": [
            [m, i, m in transfer, False, m in released] for i, m in enumerate(milestones.order)
        ]
        + [[m, None, False, True, False] for m in milestones.dropped],
        "markets": [
            [name, m.locale, m.channels, m.compliance] for name, m in config.markets.items()
        ],
        "launch_dates": [
            [name, season, day]
            for name, m in config.markets.items()
            for season, day in m.launch.items()
        ],
        "readiness_indicators": [
            [name, name in config.readiness.mandatory, i] for i, name in enumerate(INDICATORS)
        ],
        "channel_asset_rules": [[c, "lifestyle"] for c in config.assets.lifestyle_channels]
        + [[c, "print_rendition"] for c in config.assets.print_channels],
        "fiber_names": fiber_names(),
        "channels": [[c] for c in content.channels],
        "content_requirements": [[c, f] for c, fields in content.required.items() for f in fields],
        "content_limits": [[f, n] for f, n in content.max_length.items()],
        "rule_settings": [
            ["source_locale", content.source_locale],
            ["readiness_channel", content.readiness_channel],
            ["print_min_width", str(config.assets.print_min_width)],
            ["collateral_channel", config.smintio.collateral_channel],
            ["launch_window_days", str(config.readiness.launch_window_days)],
        ],
        "channel_usages": [
            [c, u] for c, usages in config.smintio.channel_usages.items() for u in usages
        ],
        "creative_asset_types": [[t] for t in config.smintio.asset_types],
    }
    return tables


def write_rules(con: duckdb.DuckDBPyConnection, config: Config) -> None:
    """Store the rules of ``launchsync.toml`` in tables, so SQL views can use them."""
    for table, rows in rule_tables(config).items():
        con.execute(f"DELETE FROM {table}")
        if rows:
            con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)


def check_ownership(con: duckdb.DuckDBPyConnection, config: Config) -> None:
    """Refuse ownership settings that mappings would contradict.

    Raises:
        ConfigError: a content field or a pair field is written by a mapping from the other
            side, or a pair names a Centric attribute launchsync does not read.
    """
    written = written_fields(con)
    for name in config.ownership.content:
        module, field = name.split(".", 1)
        if field in written.get(("fourallportal", module), set()):
            raise ConfigError(
                f"launchsync.toml: ownership.content lists {name}, but launchsync writes it from Centric"
            )
    for pair in config.ownership.pairs:
        module, field = pair.fourallportal.split(".")
        entity, attribute = pair.centric.split(".")
        if attribute not in data_columns(con, f"centric_{entity}_history"):
            raise ConfigError(
                f"launchsync.toml: ownership pair {pair.centric} is not a Centric attribute launchsync reads"
            )
        clash = field in written.get(("fourallportal", module), set()) or attribute in written.get(
            ("centric", entity), set()
        )
        if clash:
            raise ConfigError(
                f"launchsync.toml: ownership pair {pair.fourallportal} = {pair.centric} is also written by a "
                "fixed mapping; remove the pair"
            )


INTERRUPTED = (
    "the process stopped before the run finished (killed, crashed or the machine went down);"
    " the next run re-read the systems and did what was left"
)


@task(cache_policy=NO_CACHE)
def start_run(
    flow: str, warehouse: str, parameters: dict[str, Any], parent_run_id: str | None = None
) -> str:
    """Open a run: bring the warehouse schema up to date, load the rules, return the run id."""
    config = load_config(load_settings().config)
    run_id = flow_run.get_id() or str(uuid.uuid4())
    with open_warehouse(Path(warehouse)) as con:
        check_ownership(con, config)
        con.execute("BEGIN TRANSACTION")
        write_rules(con, config)
        if parent_run_id is None:  # this run holds the warehouse: one still "running" died
            con.execute(
                "UPDATE sync_runs SET status = 'interrupted', finished_at = ?, error = ?"
                " WHERE status = 'running'",
                [datetime.now(UTC), INTERRUPTED],
            )
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
    run_id: str,
    warehouse: str,
    counts: dict[str, Any],
    error: str | None = None,
    full: bool = False,
) -> None:
    """Close a run with its counts, as completed or (with ``error``) failed, and publish it.

    Raw payloads past their retention age are dropped first; then the warehouse's read copy
    (what ``launchsync sql`` and analysts query) is replaced by the state after this run,
    compared byte for byte with the previous one after a ``full`` run.
    """
    now = datetime.now(UTC)
    days = load_config(load_settings().config).sync.raw_retention_days
    with open_warehouse(Path(warehouse)) as con:
        pruned = prune_raw(con, now, days)
        con.execute(
            "UPDATE sync_runs SET finished_at = ?, status = ?, counts = ?, error = ? WHERE run_id = ?",
            [
                now,
                "failed" if error else "completed",
                orjson.dumps({**counts, "raw_pruned": pruned}).decode(),
                error,
                run_id,
            ],
        )
        publish_read_copy(con, Path(warehouse), thorough=full)
