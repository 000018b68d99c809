"""The ``push`` case: writes one and four calls at a time, to Centric and to 4ALLPORTAL.

A Centric simulator answers every style update 20 ms late, as a real server on a network
does. The push task then sends the same number of style updates with ``push_concurrency``
1 and 4 (each into a fresh warehouse), and the case reports writes per second and the gain.
A 4ALLPORTAL simulator answers every bulk write 50 ms late; the push task creates ten times
as many classifications, ``push_batch_size`` (200) per call, one and four calls at a time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from prefect.logging import disable_run_logger

from launchsync.bench.frame import BenchError, Figure, case, log, stopwatch
from launchsync.config import load_config
from launchsync.settings import environment
from launchsync.simulators import serve
from systems.faults import parse_faults
from systems.generator import DefectRates, generate
from tasks.push import push
from warehouse.db import connect, migrate

PUSH_WRITES = 2_000
PUSH_QUICK_WRITES = 100
LATENCY_S = 0.02
WIDTHS = (1, 4)
MAPPING = "c4.launch_status"
# 4ALLPORTAL: objects per Centric write, and how late each bulk write is answered.
BULK_FACTOR = 10
BULK_LATENCY_S = 0.05
BULK_MAPPING = "c5.classification"


def config_with(folder: Path, width: int) -> Path:
    """A copy of the shipped configuration with ``push_concurrency = width``."""
    source = Path(load_config().source).read_text()
    path = folder / f"launchsync-{width}.toml"
    path.write_text(re.sub(r"(?m)^push_concurrency = .*$", f"push_concurrency = {width}", source))
    return path


def plan_creates(path: Path, run_id: str, keys: list[str]) -> None:
    """Record one 4ALLPORTAL classification create per key, as a diff would."""
    con = connect(path)
    migrate(con)
    now = datetime.now(UTC)
    con.executemany(
        "INSERT INTO field_changes (run_id, system, entity, mapping, level, record_key,"
        " object_type, operation, field, locale, channel, new_value, change, computed_at) VALUES"
        " (?, 'fourallportal', 'classification', ?, 0, ?, 'season', 'create', ?, '', '', ?,"
        " 'insert', ?)",
        [[run_id, BULK_MAPPING, key, field, f'"{value}"', now]
         for key in keys for field, value in (("centric_id", key), ("code", key))],
    )  # fmt: skip
    con.close()


def bulk_rates(size: int, folder: Path) -> dict[int, float]:
    """4ALLPORTAL objects created per second, with each width of calls in flight."""
    faults = parse_faults(f"latency:{BULK_LATENCY_S}@PATCH/api/modules/*/objects=1")
    rates: dict[int, float] = {}
    catalog = generate(0, seed=5, rates=DefectRates.none())
    with serve(catalog, centric_port=0, fourallportal_port=0, faults=faults) as sims:
        for width in WIDTHS:
            keys = [f"B{width}-{i:07d}" for i in range(size)]
            warehouse = folder / f"bulk-{width}.duckdb"
            plan_creates(warehouse, f"bench-bulk-{width}", keys)
            env = {**sims.environment(), "LAUNCHSYNC_CONFIG": str(config_with(folder, width))}
            with environment(env), disable_run_logger(), stopwatch() as pushing:
                counts = push.fn(f"bench-bulk-{width}", str(warehouse), BULK_MAPPING, 0)
            if counts.get("created") != size:
                raise BenchError(f"bulk push with {width} in flight created {counts}, not {size}")
            rates[width] = size / pushing["seconds"]
            log.info("%d objects, %d batches in flight: %.0f objects/s", size, width, rates[width])
        held = {o["centric_id"][0]["value"] for o in sims.fourallportal.objects("classification")}
        if len(held) != size * len(WIDTHS):
            raise BenchError(
                f"4ALLPORTAL holds {len(held)} classifications, not {size * len(WIDTHS)}"
            )
    return rates


def plan_updates(path: Path, run_id: str, styles: list[str], value: str) -> None:
    """Record one launch-status update per style, as a diff would."""
    con = connect(path)
    migrate(con)
    now = datetime.now(UTC)
    con.executemany(
        "INSERT INTO field_changes (run_id, system, entity, mapping, level, record_key, object_id,"
        " operation, field, locale, channel, new_value, change, computed_at) VALUES"
        " (?, 'centric', 'styles', ?, 0, ?, ?, 'update', 'bx_launch_status', '', '', ?, 'update', ?)",
        [[run_id, MAPPING, s, s, f'"{value}"', now] for s in styles],
    )
    con.close()


@case(
    "push",
    "writes several calls at a time (Centric records, 4ALLPORTAL batches): 4 in flight ≥ 3× one",
    size=PUSH_WRITES,
    quick_size=PUSH_QUICK_WRITES,
)
def push_case(size: int, folder: Path) -> list[Figure]:
    """Time Centric updates and 4ALLPORTAL creates, one and four calls at a time.

    ``size`` Centric style updates answered 20 ms late each; ten times as many 4ALLPORTAL
    classification creates, a batch per call, answered 50 ms late each.
    """
    catalog = generate(size, seed=5, rates=DefectRates.none())
    faults = parse_faults(f"latency:{LATENCY_S}@PUT/*/styles/*=1")
    rates: dict[int, float] = {}
    with serve(catalog, centric_port=0, fourallportal_port=0, faults=faults) as sims:
        styles = sorted(sims.centric.tables["styles"].rows)[:size]
        for width in WIDTHS:
            warehouse = folder / f"push-{width}.duckdb"
            plan_updates(warehouse, f"bench-{width}", styles, f"bench {width}")
            env = {**sims.environment(), "LAUNCHSYNC_CONFIG": str(config_with(folder, width))}
            with environment(env), disable_run_logger(), stopwatch() as pushing:
                counts = push.fn(f"bench-{width}", str(warehouse), MAPPING, 0)
            if counts.get("updated") != len(styles):
                raise BenchError(f"push with {width} in flight updated {counts}, not {len(styles)}")
            held = {sims.centric.tables["styles"].rows[s]["bx_launch_status"] for s in styles}
            if held != {f"bench {width}"}:
                raise BenchError(f"Centric holds {sorted(held)[:3]} after the push")
            rates[width] = len(styles) / pushing["seconds"]
            log.info("%d writes, %d in flight: %.0f writes/s", len(styles), width, rates[width])
    one, four = rates[WIDTHS[0]], rates[WIDTHS[1]]
    bulk = bulk_rates(size * BULK_FACTOR, folder)
    return [
        Figure("writes", "style updates per play", len(styles), goal=f"≥ {size:,}"),
        Figure("latency_ms", "answer time of each write", LATENCY_S * 1000, "ms"),
        Figure("one_rate", "one at a time", one, "writes/s"),
        Figure("four_rate", "four in flight", four, "writes/s"),
        Figure("ratio", "four in flight / one at a time", four / one, "×", goal="≥ 3 ×"),
        Figure("bulk_objects", "4ALLPORTAL creates per play", size * BULK_FACTOR),
        Figure("bulk_latency_ms", "answer time of each bulk write", BULK_LATENCY_S * 1000, "ms"),
        Figure("bulk_one_rate", "4ALLPORTAL: one batch at a time", bulk[WIDTHS[0]], "objects/s"),
        Figure(
            "bulk_four_rate", "4ALLPORTAL: four batches in flight", bulk[WIDTHS[1]], "objects/s"
        ),
        Figure(
            "bulk_ratio",
            "4ALLPORTAL: four / one",
            bulk[WIDTHS[1]] / bulk[WIDTHS[0]],
            "×",
            goal="≥ 3 ×",
        ),
    ]
