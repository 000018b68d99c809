"""Partitioned pulls against simulators on loopback: the same history as one listing."""

from pathlib import Path

import pytest
from prefect.logging import disable_run_logger
from pydantic import SecretStr

from launchsync.simulators import serve
from systems.centric.client import CentricClient
from systems.generator import generate
from tasks import partition
from tasks.partition import extract, land_partitions, plan_partitions
from tasks.pull import pull
from warehouse.db import connect

COLUMNS = "* EXCLUDE (_valid_from, _valid_to, _snapshot_id, _run_id)"


@pytest.fixture
def env(tmp_path, monkeypatch):
    with serve(generate(30, seed=8), centric_port=0, fourallportal_port=0) as sims:
        for name, value in sims.environment().items():
            monkeypatch.setenv(name, value)
        # Several requests per partition, so a partition is read in chunks.
        monkeypatch.setattr(partition, "STYLES_PER_REQUEST", 2)
        yield sims, tmp_path


def pull_by_partition(warehouse: str, entity: str, run_id: str, full: bool = False) -> dict:
    with disable_run_logger():
        plan = plan_partitions.fn(warehouse, [entity], full, "collection")
        start = plan.starts[entity]
        parts = [extract.fn(entity, start[1], ids, name) for name, ids in plan.partitions]
        return land_partitions.fn(entity, run_id, warehouse, start, parts, plan.made_at)


def rows(warehouse: str, table: str) -> list[tuple]:
    con = connect(Path(warehouse), read_only=True)
    try:
        return sorted(con.execute(f"SELECT {COLUMNS} FROM {table}").fetchall(), key=repr)
    finally:
        con.close()


def test_partitions_land_the_history_one_listing_lands_and_then_only_changes(env):
    sims, tmp = env
    one, split = str(tmp / "one.duckdb"), str(tmp / "split.duckdb")
    with disable_run_logger():
        for warehouse in (one, split):
            pull.fn("centric", "styles", "r1", warehouse)
        listed = pull.fn("centric", "skus", "r1", one)
    landed = pull_by_partition(split, "skus", "r1")

    collections = {s["collection"] for s in sims.centric.tables["styles"].rows.values()}
    assert landed["partitions"] == len(collections) > 1
    assert (landed["mode"], landed["records"]) == ("full", listed["records"])
    assert landed["rejected"] == listed["rejected"]
    assert rows(split, "centric_skus_history") == rows(one, "centric_skus_history")

    sku = next(iter(sims.centric.tables["skus"].rows))
    login = (sims.centric_url, sims.centric.username, SecretStr(sims.centric.password))
    with CentricClient.connect(*login) as centric:
        centric.update("skus", sku, {"bx_fit": "relaxed"})
    again = pull_by_partition(split, "skus", "r2")
    assert again["mode"] == "incremental"
    assert (again["new_versions"], again["closed_versions"]) == (1, 0)
