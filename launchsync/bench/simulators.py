"""The ``simulators`` case: the simulators alone, serving and taking a large catalog.

The simulators run in a process of their own with a generated catalog. A plain HTTP client
(no launchsync code) then reads every Centric SKU page by page from several threads, as fast
as the server answers, changes 1 % of the SKUs and lists what changed since (as a change run
asks), and writes variant objects into 4ALLPORTAL in bulk. The figures say what the
simulators can do, so a slow sync can be told apart from a slow simulator.
"""

from __future__ import annotations

import itertools
import multiprocessing
import random
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx
import orjson

from launchsync import defaults
from launchsync.bench.frame import BenchError, Figure, case, log, stopwatch
from launchsync.bench.landing import SEED, catalog_for

SIMULATOR_SKUS = 1_000_000
SIMULATOR_QUICK_SKUS = 5_000
READERS = 4
PAGE = 200  # the Centric simulator's page cap
WRITE_BATCH = 500
CHANGED_SHARE = 0.01


def serve_catalog(skus: int, pipe: Connection) -> None:
    """In the child: generate a catalog, serve it and report where, then follow orders.

    Orders: ``("change", share)`` edits the fit of that share of the SKUs, as someone working
    in Centric would, and answers how many; ``"stop"`` ends serving.
    """
    from launchsync.simulators import serve

    with stopwatch() as generating:
        catalog = catalog_for(skus)
    with serve(catalog, centric_port=0, fourallportal_port=0, smintio_port=0) as sims:
        pipe.send(
            {
                "centric": sims.centric_url,
                "fourallportal": sims.fourallportal_url,
                "environment": sims.environment(),
                "skus": len(catalog.centric["skus"]),
                "generate_s": generating["seconds"],
            }
        )
        rng = random.Random(SEED)
        while (order := pipe.recv()) != "stop":
            table = sims.centric.tables["skus"]
            ids = sorted(table.rows)
            picked = rng.sample(ids, max(1, round(len(ids) * order[1])))
            for sku_id in picked:
                fit = table.rows[sku_id].get("bx_fit")
                sims.centric.edit(
                    "skus", sku_id, {"bx_fit": "slim" if fit != "slim" else "regular"}
                )
            pipe.send(len(picked))


@contextmanager
def served(skus: int) -> Iterator[tuple[dict[str, Any], Connection]]:
    """Simulators serving ``skus`` SKUs from a process of their own, until the block ends.

    Yields what ``serve_catalog`` reported (URLs, environment, SKUs) and the line to send it
    orders on.
    """
    spawn = multiprocessing.get_context("spawn")
    ours, theirs = spawn.Pipe()
    child = spawn.Process(target=serve_catalog, args=(skus, theirs), daemon=True)
    child.start()
    try:
        while not ours.poll(0.5):
            if not child.is_alive():
                raise BenchError(f"the simulators' process ended with code {child.exitcode}")
        yield ours.recv(), ours
    finally:
        if child.is_alive():
            ours.send("stop")
            child.join(30)
        if child.is_alive():
            child.kill()


def centric_token(url: str) -> str:
    """Log in to the Centric simulator; the session token to send as ``Cookie``."""
    login = {
        "username": defaults.CENTRIC_SIMULATOR_USER,
        "password": defaults.CENTRIC_SIMULATOR_PASSWORD,
    }
    return httpx.post(f"{url}/session", json=login, timeout=60).json()["token"]


def read_all(url: str, readers: int) -> tuple[int, int, int]:
    """Read every SKU page with ``readers`` threads; records, bytes and requests."""
    token = centric_token(url)
    pages, lock = itertools.count(), threading.Lock()
    done = threading.Event()

    def reader() -> tuple[int, int, int]:
        records = size = requests = 0
        with httpx.Client(base_url=url, timeout=60, headers={"Cookie": token}) as client:
            while not done.is_set():
                with lock:
                    skip = next(pages) * PAGE
                answer = client.get("skus", params={"skip": skip, "limit": PAGE})
                answer.raise_for_status()
                requests += 1
                size += len(answer.content)
                rows = orjson.loads(answer.content)
                records += len(rows)
                if len(rows) < PAGE:
                    done.set()
        return records, size, requests

    with ThreadPoolExecutor(readers) as pool:
        results = list(pool.map(lambda _: reader(), range(readers)))
    return tuple(sum(column) for column in zip(*results, strict=True))  # type: ignore[return-value]


def read_changed(url: str, since: datetime) -> int:
    """List the SKUs modified after ``since``, page by page, as a change run does; how many."""
    token = centric_token(url)
    after = since.isoformat().replace("+00:00", "Z")
    listed = 0
    with httpx.Client(base_url=url, timeout=60, headers={"Cookie": token}) as client:
        while True:
            answer = client.get(
                "skus", params={"modified_after": after, "skip": listed, "limit": PAGE}
            )
            answer.raise_for_status()
            rows = orjson.loads(answer.content)
            listed += len(rows)
            if len(rows) < PAGE:
                return listed


def write_variants(url: str, count: int) -> int:
    """Create ``count`` variant objects in 4ALLPORTAL in bulk batches; the ids it gave back."""
    headers = {"Authorization": f"Bearer {defaults.FOURALLPORTAL_SIMULATOR_API_KEY}"}
    created = 0
    with httpx.Client(base_url=url, timeout=120, headers=headers) as client:
        for start in range(0, count, WRITE_BATCH):
            batch: list[dict[str, Any]] = [
                {
                    "type": "sku",
                    "centric_id": [{"value": f"bench-{n}", "dimensions": {}}],
                    "color_code": [{"value": "001", "dimensions": {}}],
                    "size": [{"value": "M", "dimensions": {}}],
                }
                for n in range(start, min(start + WRITE_BATCH, count))
            ]
            answer = client.patch("api/modules/variant/objects", content=orjson.dumps(batch),
                                  headers={"Content-Type": "application/json"})  # fmt: skip
            answer.raise_for_status()
            created += len(answer.json())
    return created


@case(
    "simulators",
    "the simulators alone: read 1M SKUs at ≥ 100,000 records/s, bulk writes ≥ 50,000 objects/s;"
    " a listing of what changed costs what changed",
    size=SIMULATOR_SKUS,
    quick_size=SIMULATOR_QUICK_SKUS,
)
def simulators_case(size: int, folder: Path) -> list[Figure]:
    """Serve a catalog of ``size`` SKUs in a child process; read it all, write variants."""
    with served(size) as (serving, orders):
        log.info("serving %d SKUs", serving["skus"])
        with stopwatch() as reading:
            records, size_read, requests = read_all(serving["centric"], READERS)
        log.info("read %d SKUs in %.1f s", records, reading["seconds"])
        # The servers stamp writes in whole milliseconds: an edit within the millisecond of
        # the time taken here would carry a stamp not after it, and go unlisted.
        now = datetime.now(UTC)
        since = now.replace(microsecond=now.microsecond // 1000 * 1000) - timedelta(milliseconds=1)
        orders.send(("change", CHANGED_SHARE))
        changed = orders.recv()
        with stopwatch() as listing:
            listed = read_changed(serving["centric"], since)
        log.info("listed %d changed SKUs in %.2f s", listed, listing["seconds"])
        writes = max(WRITE_BATCH, size // 20)
        with stopwatch() as writing:
            created = write_variants(serving["fourallportal"], writes)
        log.info("created %d variants in %.1f s", created, writing["seconds"])
    return [
        Figure("skus", "SKUs served", serving["skus"], goal=f"≥ {size:,}"),
        Figure("generate_s", "generate the catalog", serving["generate_s"], "s"),
        Figure("read", "SKUs read", records, goal="= SKUs served"),
        Figure("requests", f"pages read ({READERS} readers, {PAGE} per page)", requests),
        Figure("read_s", "read every SKU", reading["seconds"], "s"),
        Figure(
            "read_rate",
            "read rate",
            records / reading["seconds"],
            "records/s",
            goal="≥ 100,000 records/s",
        ),
        Figure("read_mib", "read throughput", size_read / 2**20 / reading["seconds"], "MiB/s"),
        Figure("changed", f"SKUs changed ({CHANGED_SHARE:.0%})", changed),
        Figure(
            "changed_listed",
            "listed as modified after the change began",
            listed,
            goal="= SKUs changed",
        ),
        Figure("changed_s", "list them (one reader)", listing["seconds"], "s"),
        Figure(
            "changed_share",
            "time to list them / time to read every SKU",
            listing["seconds"] / reading["seconds"],
            "×",
            goal=f"about {CHANGED_SHARE:g}",
        ),
        Figure("created", "variants created in bulk", created, goal=f"= {writes:,}"),
        Figure("write_s", f"create them ({WRITE_BATCH} per call)", writing["seconds"], "s"),
        Figure(
            "write_rate",
            "write rate",
            created / writing["seconds"],
            "objects/s",
            goal="≥ 50,000 objects/s",
        ),
    ]
