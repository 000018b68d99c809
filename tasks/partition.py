"""Partitioned pull: the records of each season's (or collection's) styles are read on their own.

Reading a partition touches only the system's API, never the warehouse, so the reads run side
by side on the flow's task runner: threads of the sync process, or the workers of a Dask
cluster. One task per entity then lands every partition as a single snapshot, the way an
unpartitioned pull lands its pages, so history, quarantine and cursors are the same.

Only Centric resources that name their style (colorways, SKUs, BOMs, images, documents) are
partitioned; the partitions are the current styles in the warehouse, so styles are pulled
first. A record naming a style that does not exist is not in any partition; a full pull still
asks for every current record it did not see by id before it closes one.
"""

import os
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from launchsync import clients
from launchsync.config import load_config
from launchsync.errors import ConfigError
from launchsync.settings import load_settings
from systems.endpoints import Endpoint
from systems.registry import endpoint
from tasks.pull import NormalizedPage, close_snapshot, normalize_page, open_snapshot, start_point
from warehouse.db import open_warehouse

# What a run can be partitioned by, and the style column that says which partition a style is in.
PARTITION_BY = {"season": "parent_season", "collection": "collection"}
# Style ids named in one listing request (``?style=A&style=B``), short enough for any URL limit.
STYLES_PER_REQUEST = 40


def partitioned(ep: Endpoint) -> bool:
    """Whether a partitioned run reads this endpoint by partition."""
    return ep.system == "centric" and ep.style_field == "style"


def check_partition_by(by: str | None) -> None:
    """Raise ConfigError naming the choices when ``by`` is not a known partitioning."""
    if by is not None and by not in PARTITION_BY:
        raise ConfigError(f"cannot partition by {by!r}; choose from {', '.join(PARTITION_BY)}")


@dataclass
class Plan:
    """Where each entity's pull starts and which styles each partition holds."""

    starts: dict[str, tuple[str, Any]]
    partitions: list[tuple[str, list[str]]]
    # When the plan was made (our clock), before any partition was read.
    made_at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass
class Extracted:
    """The normalized pages of one partition, and the process that read them."""

    pages: list[NormalizedPage] = field(default_factory=list)
    worker: str = ""


@task(task_run_name="plan partitions by {by}", cache_policy=NO_CACHE)
def plan_partitions(warehouse: str, entities: list[str], full: bool, by: str) -> Plan:
    """The start point of each entity's pull and the current styles of each partition."""
    overlap = load_config(load_settings().config).sync.overlap_seconds
    with open_warehouse(Path(warehouse)) as con:
        starts = {e: start_point(con, endpoint("centric", e), full, overlap) for e in entities}
        rows = con.execute(
            f"SELECT coalesce({PARTITION_BY[by]}, ''), list(id ORDER BY id) FROM centric_styles"
            " GROUP BY 1 ORDER BY 1"
        ).fetchall()
    return Plan(starts, [(name, ids) for name, ids in rows])


@task(task_run_name="extract centric/{entity} {label}", cache_policy=NO_CACHE)
def extract(entity: str, since: Any, styles: list[str], label: str) -> Extracted:
    """Read and normalize the records of some styles; touches the API only."""
    settings, ep = load_settings(), endpoint("centric", entity)
    config = load_config(settings.config)
    part = Extracted(worker=f"{socket.gethostname()}:{os.getpid()}")
    with clients.for_system("centric", settings, config) as client:
        for start in range(0, len(styles), STYLES_PER_REQUEST):
            chosen = {ep.style_field or "style": styles[start : start + STYLES_PER_REQUEST]}
            for batch in client.iter_pages(ep, since, filters=chosen):
                part.pages.append(normalize_page(ep, batch))
    return part


@task(task_run_name="land centric/{entity} from partitions", cache_policy=NO_CACHE)
def land_partitions(
    entity: str,
    run_id: str,
    warehouse: str,
    start: tuple[str, Any],
    parts: list[Extracted],
    read_from: datetime,
) -> dict[str, Any]:
    """Land every partition of an entity as one snapshot and merge it into history.

    ``read_from`` is when the reading began (the plan's time), not when landing does.
    """
    log = get_run_logger()
    settings, ep = load_settings(), endpoint("centric", entity)
    mode, since = start
    with open_warehouse(Path(warehouse)) as con:
        writer = open_snapshot(con, ep, run_id, mode, since)
        writer.read_from = read_from
        pages = 0
        for part in parts:
            for page in part.pages:
                writer.write(page)
                pages += 1
        with clients.for_system("centric", settings, load_config(settings.config)) as client:
            landed = close_snapshot(con, client, ep, writer, mode, pages, log)
    return {**landed, "partitions": len(parts), "workers": sorted({p.worker for p in parts})}
