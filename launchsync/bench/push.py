"""The ``push`` case: writes to Centric, which takes one record per call, one and four at a time.

A Centric simulator answers every style update 20 ms late, as a real server on a network
does. The push task then sends the same number of style updates with ``push_concurrency``
1 and 4 (each into a fresh warehouse), and the case reports writes per second and the gain.
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


def config_with(folder: Path, width: int) -> Path:
    """A copy of the shipped configuration with ``push_concurrency = width``."""
    source = Path(load_config().source).read_text()
    path = folder / f"launchsync-{width}.toml"
    path.write_text(re.sub(r"(?m)^push_concurrency = .*$", f"push_concurrency = {width}", source))
    return path


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
    "writes to one-record-per-call APIs several at a time: 4 in flight ≥ 3× one at a time",
    size=PUSH_WRITES,
    quick_size=PUSH_QUICK_WRITES,
)
def push_case(size: int, folder: Path) -> list[Figure]:
    """Time ``size`` Centric style updates at 20 ms each, one and four at a time."""
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
    return [
        Figure("writes", "style updates per play", len(styles), goal=f"≥ {size:,}"),
        Figure("latency_ms", "answer time of each write", LATENCY_S * 1000, "ms"),
        Figure("one_rate", "one at a time", one, "writes/s"),
        Figure("four_rate", "four in flight", four, "writes/s"),
        Figure("ratio", "four in flight / one at a time", four / one, "×", goal="≥ 3 ×"),
    ]
