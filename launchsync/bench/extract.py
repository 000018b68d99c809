"""The ``extract`` case: launchsync and dlt read the same Centric endpoints into DuckDB.

One Centric simulator, in a process of its own, serves a generated catalog. launchsync reads
every Centric endpoint it syncs with its pull tasks inside a Prefect flow, as a sync does:
records checked against their models, malformed ones quarantined, raw payloads kept, history
merged. dlt reads the same endpoints with its ``rest_api`` source into a DuckDB file, set up
as fast as it goes here: parquet load files and endpoints read in parallel. Each side is
timed from its first request to its last write, without imports or server start.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from prefect import flow

from launchsync.bench.frame import Figure, case, log
from launchsync.bench.landing import record_run
from launchsync.bench.simulators import PAGE, centric_token, served
from launchsync.runtime import fewer_collections
from systems.centric.endpoints import ENDPOINTS
from tasks.pull import pull
from warehouse.db import held, open_warehouse

EXTRACT_SKUS = 100_000
EXTRACT_QUICK_SKUS = 2_000


@flow(name="bench-extract", log_prints=False)
def pull_centric(run_id: str, warehouse: str) -> tuple[int, float]:
    """Full pulls of every Centric endpoint; records read (landed or quarantined), seconds."""
    started = time.perf_counter()
    pulls = [pull(ep.system, name, run_id, warehouse, True) for name, ep in ENDPOINTS.items()]
    return sum(p["records"] + p["rejected"] for p in pulls), time.perf_counter() - started


def launchsync_route(url: str, folder: Path) -> tuple[int, float]:
    """Pull with launchsync into a fresh warehouse; records read, seconds."""
    os.environ["LAUNCHSYNC_CENTRIC_URL"] = url
    # The first Arrow conversion of a process imports pandas (pyarrow looks for it), about
    # 1 s: an import, which neither side's time includes.
    import pyarrow

    pyarrow.array([0])
    path = folder / "launchsync.duckdb"
    path.unlink(missing_ok=True)
    with open_warehouse(path) as con:
        record_run(con, "bench-extract", "running")
    # As a sync holds its warehouse open for its steps and paces the garbage collector.
    with held(path), fewer_collections():
        return pull_centric("bench-extract", str(path))


def dlt_route(url: str, folder: Path) -> tuple[dict[str, int], float]:
    """Read with dlt's rest_api source into DuckDB; rows per endpoint table, seconds."""
    os.environ["RUNTIME__DLTHUB_TELEMETRY"] = "false"
    os.environ["DLT_DATA_DIR"] = str(folder / "dlt-data")
    os.environ["DLT_PROJECT_DIR"] = str(folder)
    os.environ["EXTRACT__WORKERS"] = "8"
    import dlt
    from dlt.sources.helpers.rest_client.auth import APIKeyAuth
    from dlt.sources.helpers.rest_client.paginators import OffsetPaginator
    from dlt.sources.rest_api import rest_api_source

    token = centric_token(url)
    paging = OffsetPaginator(limit=PAGE, offset_param="skip", limit_param="limit",
                             total_path=None, stop_after_empty_page=True)  # fmt: skip
    source = rest_api_source(
        {
            "client": {
                "base_url": url.rstrip("/") + "/",
                "auth": APIKeyAuth(name="Cookie", api_key=token, location="header"),
                "paginator": paging,
            },
            "resource_defaults": {
                "primary_key": "id",
                "write_disposition": "replace",
                "parallelized": True,
                "endpoint": {"data_selector": "$"},
            },
            "resources": list(ENDPOINTS),
        }
    )
    path = folder / "dlt.duckdb"
    path.unlink(missing_ok=True)
    pipeline = dlt.pipeline(
        pipeline_name="bench_extract",
        destination=dlt.destinations.duckdb(str(path)),
        dataset_name="centric",
        pipelines_dir=str(folder / "dlt-pipelines"),
    )
    started = time.perf_counter()
    pipeline.run(source, loader_file_format="parquet")
    seconds = time.perf_counter() - started
    with pipeline.sql_client() as client:
        tables = {row[0] for row in client.execute_sql(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'centric'"
        )}  # fmt: skip
        counts = {
            name: client.execute_sql(f"SELECT count(*) FROM {name}")[0][0] if name in tables else 0
            for name in ENDPOINTS  # an endpoint without records gets no table
        }
    return counts, seconds


@case(
    "extract",
    "extract + land the Centric endpoints ≥ 3× faster than dlt's rest_api source",
    size=EXTRACT_SKUS,
    quick_size=EXTRACT_QUICK_SKUS,
)
def extract_case(size: int, folder: Path) -> list[Figure]:
    """Serve ``size`` SKUs; time launchsync's pull and dlt's against the same server."""
    spawn = multiprocessing.get_context("spawn")
    with served(size) as (serving, _):
        url = serving["centric"]
        with ProcessPoolExecutor(1, mp_context=spawn) as child:
            landed, our_s = child.submit(launchsync_route, url, folder).result()
        log.info("launchsync: %d records in %.1f s", landed, our_s)
        with ProcessPoolExecutor(1, mp_context=spawn) as child:
            counts, dlt_s = child.submit(dlt_route, url, folder).result()
        log.info("dlt: %d rows in %.1f s", sum(counts.values()), dlt_s)
    return [
        Figure("skus", "SKUs served", serving["skus"], goal=f"≥ {size:,}"),
        Figure("records", "records read by launchsync (landed or quarantined)", landed),
        Figure(
            "dlt_rows",
            "rows loaded by dlt (endpoint tables)",
            sum(counts.values()),
            goal="= launchsync",
        ),
        Figure("ours_s", "launchsync: pull (Prefect tasks)", our_s, "s"),
        Figure("dlt_s", "dlt rest_api: run (parquet, parallel)", dlt_s, "s"),
        Figure("speedup", "dlt / launchsync", dlt_s / our_s, "×", goal="≥ 3×"),
    ]
