"""The ``sync`` case: ``launchsync sync`` end to end, in full and after a 1 % change.

For each of two catalog sizes (a tenth of ``size``, and ``size``) the simulators serve a
generated catalog in a process of their own and a Prefect server runs, as in production. A
first ``launchsync sync`` reads everything, validates, diffs, pushes and computes readiness
into a fresh warehouse; the fit of 1 % of the SKUs is then changed in Centric and a second
sync takes the change. A third does the same for another 1 %: its overlap window holds the
writes of the run before it (a change run), while the second one's holds the last writes of
the full sync, so the third is what a schedule of change runs costs. The first change is made
once the overlap window (``sync.overlap_seconds``) has passed after the full sync, as a
schedule would find it: made at once, the third run's window would still reach back to the
full sync's last writes and read them all again. Wall time and peak memory are those of the
sync process, measured by ``launchsync.bench.peak``, or of the validation service's process
that served it, whichever is larger. Each catalog size has a validation service of its own,
started by its full sync.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from expectations import worker
from launchsync.bench.frame import BenchError, Figure, case, log
from launchsync.bench.simulators import served
from launchsync.config import load_config
from launchsync.serve import Services
from launchsync.settings import load_settings

SYNC_SKUS = 1_000_000
SYNC_QUICK_SKUS = 2_000
CHANGED_SHARE = 0.01


@dataclass(frozen=True)
class Run:
    """One ``launchsync sync``: seconds and peak resident memory."""

    seconds: float
    peak_mib: float


def sync(env: dict[str, str], log_file: Path) -> Run:
    """Run ``launchsync sync`` to the end; fail with its last lines when it fails.

    The peak is the larger of the sync process's and that of the validation service's
    processes that served it (``expectations.worker``, noted on its log).
    """
    peak = log_file.with_suffix(".peak")
    services = Path(env["XDG_RUNTIME_DIR"]) / "launchsync"
    served_before = len(worker.requests_served(services)) if services.exists() else 0
    started = time.perf_counter()
    with open(log_file, "ab") as output:
        code = subprocess.call(
            [sys.executable, "-m", "launchsync.bench.peak", str(peak),
             sys.executable, "-m", "launchsync", "sync"],
            env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    seconds = time.perf_counter() - started
    if code != 0:
        tail = log_file.read_text(errors="replace").strip().splitlines()[-3:]
        raise BenchError(f"launchsync sync failed ({code}): {' / '.join(tail)}")
    validation = [r["peak_mib"] for r in worker.requests_served(services)[served_before:]]
    return Run(seconds, max([int(peak.read_text()) / 1024, *validation]))


@contextmanager
def stopped_services(runtime: Path) -> Iterator[None]:
    """Stop the validation services in ``runtime`` and remove it when the block ends."""
    try:
        yield
    finally:
        if (runtime / "launchsync").exists():
            worker.stop_all(runtime / "launchsync")
        shutil.rmtree(runtime, ignore_errors=True)


def overlap_seconds() -> int:
    """How far back an incremental pull reads again (``sync.overlap_seconds``)."""
    return load_config(load_settings().config).sync.overlap_seconds


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def play(skus: int, folder: Path, prefect_api: str) -> dict[str, Any]:
    """Serve ``skus`` SKUs; a full sync, a 1 % change, an incremental sync."""
    folder.mkdir(parents=True, exist_ok=True)
    # A validation service of its own, started by the full sync as on a fresh machine.
    runtime = Path(tempfile.mkdtemp(prefix="ls-bench-", dir="/tmp"))
    with served(skus) as (serving, orders), stopped_services(runtime):
        env = {
            **os.environ,
            "XDG_RUNTIME_DIR": str(runtime),
            **serving["environment"],
            "PREFECT_API_URL": prefect_api,
            "LAUNCHSYNC_WAREHOUSE": str(folder / "warehouse.duckdb"),
            "LAUNCHSYNC_INBOX": str(folder / "inbox"),
            "LAUNCHSYNC_SMINTIO_TOKEN_STORE": str(folder / ".smintio-token.json"),
        }
        full = sync(env, folder / "sync.log")
        log.info("%d SKUs: full sync in %.1f s", serving["skus"], full.seconds)
        # Not timed: the next scheduled run comes after the overlap window has passed.
        time.sleep(overlap_seconds() + 2)
        orders.send(("change", CHANGED_SHARE))
        changed = orders.recv()
        incremental = sync(env, folder / "sync.log")
        log.info("%d SKUs changed: sync in %.1f s", changed, incremental.seconds)
        # Again, as the next scheduled run would find it: the overlap window now holds the
        # writes of a change run, not those of a full sync.
        orders.send(("change", CHANGED_SHARE))
        changed_again = orders.recv()
        steady = sync(env, folder / "sync.log")
        log.info("%d SKUs changed again: sync in %.1f s", changed_again, steady.seconds)
    return {"skus": serving["skus"], "changed": changed, "full": full, "incremental": incremental,
            "changed_again": changed_again, "steady": steady}  # fmt: skip


@case(
    "sync",
    "full sync of 1M SKUs ≤ 60 s and ≤ 2 GB; 1 % changed ≤ 5 s at 100k and 1M, ratio ≤ 1.5",
    size=SYNC_SKUS,
    quick_size=SYNC_QUICK_SKUS,
)
def sync_case(size: int, folder: Path) -> list[Figure]:
    """Play a tenth of ``size`` and ``size`` against one Prefect server."""
    port = free_port()
    home = folder / "prefect-home"
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_UI_ENABLED": "false"}  # fmt: skip
    env.pop("PREFECT_API_URL", None)
    services = Services(env, folder / "logs", log.info)
    try:
        prefect_api = services.prefect_server(port)
        small = play(max(1, size // 10), folder / "small", prefect_api)
        large = play(size, folder / "large", prefect_api)
    finally:
        services.stop()
    ratio = large["steady"].seconds / small["steady"].seconds
    return [
        Figure("skus", "SKUs", large["skus"], goal=f"≥ {size:,}"),
        Figure("full_s", "full sync: time", large["full"].seconds, "s", goal="≤ 60 s"),
        Figure(
            "full_mib", "full sync: peak memory", large["full"].peak_mib, "MiB", goal="≤ 2,048 MiB"
        ),
        Figure("small_skus", "smaller catalog: SKUs", small["skus"]),
        Figure("small_changed", "smaller catalog: SKUs changed", small["changed"]),
        Figure(
            "small_incremental_s",
            "smaller catalog: sync after the change",
            small["incremental"].seconds,
            "s",
            goal="≤ 5 s",
        ),
        Figure("changed", "SKUs changed", large["changed"]),
        Figure(
            "incremental_s",
            "sync after the change",
            large["incremental"].seconds,
            "s",
            goal="≤ 5 s",
        ),
        Figure(
            "steady_s",
            "after a second change (the next scheduled run)",
            large["steady"].seconds,
            "s",
            goal="≤ 5 s",
        ),
        Figure(
            "small_steady_s",
            "smaller catalog: after a second change",
            small["steady"].seconds,
            "s",
            goal="≤ 5 s",
        ),
        Figure("ratio", "after a second change: larger / smaller (time)", ratio, "×", goal="≤ 1.5"),
        Figure("small_full_s", "smaller catalog: full sync", small["full"].seconds, "s"),
    ]
