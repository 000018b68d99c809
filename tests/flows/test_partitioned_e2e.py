"""A partitioned sync, its reads fanned out on a real Dask cluster, lands what one process lands:
the same history, the same quarantine, the same planned changes."""

import os
import subprocess
import sys

import duckdb
import orjson
import pytest
from distributed import Client

from systems.generator import generate
from tests.conftest import free_port, wait_until
from tests.flows.live import LAUNCHSYNC, simulated

pytestmark = pytest.mark.e2e

CENTRIC = ["seasons", "collections", "size_ranges", "product_sizes", "materials", "styles",
           "colorways", "skus", "apparel_boms", "apparel_bom_revisions", "images", "documents"]  # fmt: skip
RUN_COLUMNS = "_valid_from, _valid_to, _snapshot_id, _run_id"
QUARANTINE = (
    "SELECT stage, system, entity, record_key, style_id, reason, detail FROM {db}.quarantine"
)
CHANGES = (
    "SELECT system, entity, mapping, level, record_key, object_id, operation, field, locale,"
    " channel, old_value, new_value FROM {db}.field_changes"
)


@pytest.fixture
def live(tmp_path, prefect_api):
    with simulated(tmp_path, generate(60, seed=29), prefect_api) as handle:
        yield handle


@pytest.fixture
def cluster(live):
    """A Dask scheduler and two workers as processes, with the environment a sync has."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", str(port), "--dashboard-address", ":0", "--no-show"],
        env=live.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker = [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "2",
              "--no-nanny", "--dashboard-address", ":0", "--host", "127.0.0.1"]  # fmt: skip
    # As docs/scaling.md asks of a cluster the sync runs on: no statistical profiler.
    env = {**live.env, "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False"}
    workers = [
        subprocess.Popen(worker, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(2)
    ]
    try:
        with Client(address, timeout=60) as client:
            wait_until(lambda: len(client.scheduler_info()["workers"]) == 2, 60, "two Dask workers")
            pids = set(client.run(os.getpid).values())
        yield address, pids
    finally:
        for process in [*workers, scheduler]:
            process.terminate()
            process.wait(timeout=30)


def sync(live, warehouse, *args: str, **env: str) -> dict:
    done = subprocess.run(
        [*LAUNCHSYNC, "sync", "--json", "--dry-run", *args],
        env={**live.env, "LAUNCHSYNC_WAREHOUSE": str(warehouse), **env},
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return orjson.loads(done.stdout)


def differences(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple]:
    """Rows one warehouse has and the other has not (both ways, counting duplicates)."""
    one, other = query.format(db="single"), query.format(db="fanned")
    return con.execute(
        f"({one} EXCEPT ALL {other}) UNION ALL ({other} EXCEPT ALL {one})"
    ).fetchall()


def test_a_sync_partitioned_by_collection_on_dask_lands_what_one_process_lands(
    live, cluster, tmp_path
):
    address, worker_pids = cluster
    # Both warehouses in one folder: they share the Smint.io token store (tokens are single use).
    single = sync(live, tmp_path / "single.duckdb")
    fanned = sync(
        live,
        tmp_path / "fanned.duckdb",
        "--partition-by",
        "collection",
        LAUNCHSYNC_DASK_ADDRESS=address,
    )

    collections = {s["collection"] for s in live.catalog.centric["styles"]}
    assert fanned["partitions"]["partitions"] == len(collections) > 1
    read_by = {int(worker.rsplit(":", 1)[1]) for worker in fanned["partitions"]["workers"]}
    assert read_by and read_by <= worker_pids, "every partition is read on a Dask worker"
    assert "partitions" not in single
    for key in ("pulled", "rejected", "quarantined", "planned"):
        assert fanned[key] == single[key], key
    assert fanned["entities"] == single["entities"]
    assert single["entities"]["centric/skus"]["records"] > 0

    with duckdb.connect() as con:
        con.execute(f"ATTACH '{tmp_path / 'single.duckdb'}' AS single (READ_ONLY)")
        con.execute(f"ATTACH '{tmp_path / 'fanned.duckdb'}' AS fanned (READ_ONLY)")
        for entity in CENTRIC:
            table = f"centric_{entity}_history"
            rows = f"SELECT * EXCLUDE ({RUN_COLUMNS}) FROM {{db}}.{table}"
            assert differences(con, rows) == [], table
        assert differences(con, QUARANTINE) == []
        assert differences(con, CHANGES) == []
        planned = con.execute("SELECT count(*) FROM fanned.field_changes").fetchone()[0]
        assert planned > 0


def test_an_unknown_partitioning_is_refused_in_one_line(live, tmp_path):
    done = subprocess.run(
        [*LAUNCHSYNC, "sync", "--partition-by", "brand"],
        env={**live.env, "LAUNCHSYNC_WAREHOUSE": str(tmp_path / "w.duckdb")},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0
    assert "--partition-by brand: choose from season, collection" in done.stderr
    assert "Traceback" not in done.stderr
