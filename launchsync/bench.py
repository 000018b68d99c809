"""Benchmarks: named cases that measure launchsync at a given size and report figures.

A case is a name, the goal it checks, and a function that takes a size and a work folder and
returns the figures it measured. Register one with :func:`case`; ``launchsync bench`` runs the
chosen cases (all by default) and prints one table.

The ``readiness`` case lands a generated catalog straight into a fresh warehouse (no HTTP),
validates it, and times a full readiness recompute, an incremental one after a change to about
1 % of the styles, and one without any change.
"""

from __future__ import annotations

import logging
import math
import random
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
from rich.table import Table

from launchsync.config import Config, load_config
from launchsync.errors import LaunchsyncError
from launchsync.settings import load_settings
from systems.catalog import Catalog
from systems.fourallportal.simulator import FourAllPortalSimulator
from systems.generator import generate
from systems.registry import ENDPOINTS
from systems.timestamps import iso_ms
from tasks.pull import SnapshotWriter, normalize_page, record_landing
from tasks.readiness import compute
from tasks.runs import write_rules
from tasks.validate import validate
from warehouse.db import open_warehouse
from warehouse.history import merge_snapshot

log = logging.getLogger("launchsync.bench")

Runner = Callable[[int, Path], list["Figure"]]


class BenchError(LaunchsyncError):
    """A benchmark cannot run as asked (e.g. an unknown case)."""


@dataclass(frozen=True)
class Figure:
    """One measured figure of a case.

    Attributes:
        key: Stable identifier, for code reading the figures.
        label: What the figure is, for people.
        value: The measured or counted value.
        unit: Unit of the value (``s``, ``keys/s``, ``MiB``); empty for a count.
        goal: What the value should be, when the case sets a goal for it.
    """

    key: str
    label: str
    value: float | int
    unit: str = ""
    goal: str = ""

    def text(self) -> str:
        """The value formatted for a table, with its unit."""
        value = self.value
        if isinstance(value, int):
            shown = f"{value:,}"
        elif abs(value) >= 100:
            shown = f"{value:,.0f}"
        elif abs(value) >= 1:
            shown = f"{value:.2f}"
        else:
            shown = f"{value:.3f}"
        return f"{shown} {self.unit}".strip()


@dataclass(frozen=True)
class Case:
    """A benchmark case.

    Attributes:
        name: Name on the command line.
        goal: What the case checks, in one line.
        run: Takes a size and a work folder, returns the figures.
        size: Size of a normal run (the case says what it counts, e.g. SKUs).
        quick_size: Size of a ``--quick`` run, small enough for CI.
    """

    name: str
    goal: str
    run: Runner
    size: int
    quick_size: int


CASES: dict[str, Case] = {}


def case(name: str, goal: str, size: int, quick_size: int) -> Callable[[Runner], Runner]:
    """Register the decorated function as the benchmark case ``name``."""

    def register(run: Runner) -> Runner:
        CASES[name] = Case(name, goal, run, size, quick_size)
        return run

    return register


def choose(names: list[str]) -> list[Case]:
    """The cases named (every case when none is), in the order given.

    Raises:
        BenchError: a name is not a known case.
    """
    unknown = [n for n in names if n not in CASES]
    if unknown:
        raise BenchError(
            f"unknown benchmark case {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(sorted(CASES))}"
        )
    return [CASES[n] for n in dict.fromkeys(names)] if names else list(CASES.values())


def run_case(chosen: Case, quick: bool, work_dir: Path) -> list[Figure]:
    """Run one case in its own folder under ``work_dir``."""
    folder = work_dir / chosen.name
    folder.mkdir(parents=True, exist_ok=True)
    return chosen.run(chosen.quick_size if quick else chosen.size, folder)


def run_cases(
    cases: list[Case], quick: bool, work_dir: Path | None
) -> list[tuple[Case, list[Figure]]]:
    """Run cases one after the other; their files stay in ``work_dir`` when one is given."""
    if work_dir is not None:
        return [(c, run_case(c, quick, work_dir)) for c in cases]
    with tempfile.TemporaryDirectory(prefix="launchsync-bench-") as folder:
        return [(c, run_case(c, quick, Path(folder))) for c in cases]


def figures_table(results: list[tuple[Case, list[Figure]]]) -> Table:
    """The figures of every case: case, figure, value, goal."""
    table = Table(title="Benchmarks", title_justify="left")
    table.add_column("case")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("goal")
    for chosen, figures in results:
        table.add_row(chosen.name, "goal", "", chosen.goal)
        for figure in figures:
            table.add_row("", figure.label, figure.text(), figure.goal)
        table.add_section()
    return table


@contextmanager
def stopwatch() -> Iterator[dict[str, float]]:
    """Measure the wall time of a block; ``["seconds"]`` holds it afterwards."""
    timing = {"seconds": 0.0}
    start = time.perf_counter()
    try:
        yield timing
    finally:
        timing["seconds"] = time.perf_counter() - start


def peak_rss_mib() -> float:
    """Peak resident memory so far of this process or of its largest finished child, in MiB.

    On Linux a child starts from the high-water mark of its parent, so the two are not told
    apart.
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


# --- landing and validating without HTTP -----------------------------------------------------


def as_served(section: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """4ALLPORTAL records as the simulator serves them (files linked to products, stamped)."""
    pim = FourAllPortalSimulator(section)
    return {module: pim.objects(module) for module in pim.tables}


def land(
    con: duckdb.DuckDBPyConnection,
    system: str,
    name: str,
    records: list[dict[str, Any]],
    run_id: str,
    full: bool,
) -> int:
    """Land the records of one endpoint as one page of a pull, and return how many landed.

    A full landing closes current records it did not see; an incremental one only adds new
    versions. Malformed records are quarantined, as a pull does.
    """
    ep = ENDPOINTS[system][name]
    now = datetime.now(UTC)
    snapshot = f"{run_id}-{system}-{name}"
    con.execute(
        "INSERT INTO snapshots (snapshot_id, run_id, system, entity, mode, pulled_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [snapshot, run_id, system, name, "full" if full else "incremental", now],
    )
    writer = SnapshotWriter(con, ep, snapshot, run_id, now)
    writer.write(normalize_page(ep, records))
    stats = merge_snapshot(
        con,
        ep.table,
        snapshot_id=snapshot,
        pulled_at=now,
        order_by=ep.cursor,
        full=full,
        partition=(ep.shared_table, ep.name) if ep.shared_table else None,
    )
    record_landing(con, snapshot, writer, stats)
    return writer.records


def land_catalog(path: Path, catalog: Catalog, run_id: str, config: Config) -> int:
    """Create a fresh warehouse and land every record of a catalog, as full pulls would.

    Returns:
        How many records landed.
    """
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    sections = {
        "centric": catalog.centric,
        "fourallportal": as_served(catalog.fourallportal),
        "smintio": catalog.smintio,
    }
    landed = 0
    with open_warehouse(path) as con:
        write_rules(con, config)
        con.execute(
            "INSERT INTO sync_runs (run_id, flow, started_at, status)"
            " VALUES (?, 'bench', ?, 'completed')",
            [run_id, datetime.now(UTC)],
        )
        for system, section in sections.items():
            for name in ENDPOINTS[system]:
                landed += land(con, system, name, section.get(name, []), run_id, full=True)
    return landed


# --- readiness -------------------------------------------------------------------------------

READINESS_SKUS = 100_000
READINESS_QUICK_SKUS = 5_000
SKUS_PER_STYLE = 27  # the generator's average; the SKU count made is reported
CHANGED_SHARE = 0.01
SEED = 7


def catalog_for(skus: int, seed: int = SEED) -> Catalog:
    """A generated catalog (default defect rates) with at least ``skus`` SKUs."""
    styles = max(1, math.ceil(skus / SKUS_PER_STYLE))
    while True:
        catalog = generate(styles, seed=seed)
        made = int(catalog.info["skus"])
        if made >= skus:
            return catalog
        styles = math.ceil(styles * skus / max(made, 1)) + 1


def covered_styles(catalog: Catalog, config: Config) -> list[dict[str, Any]]:
    """Styles readiness judges: active and not dropped."""
    dropped = set(config.milestones.dropped)
    return [
        s
        for s in catalog.centric["styles"]
        if s.get("active", True) and s["bx_milestone"] not in dropped
    ]


def changed_styles(
    catalog: Catalog, config: Config, share: float, seed: int
) -> list[dict[str, Any]]:
    """``share`` of the styles (judged ones), each with its REACH declaration flipped."""
    styles = covered_styles(catalog, config)
    count = max(1, round(len(catalog.centric["styles"]) * share))
    picked = random.Random(seed).sample(styles, min(count, len(styles)))
    stamp = iso_ms(datetime.now(UTC))
    return [
        {**s, "bx_reach_svhc_declared": not s["bx_reach_svhc_declared"], "_modified_at": stamp}
        for s in picked
    ]


def market_channels(config: Config) -> int:
    """How many (market, channel) pairs each colorway is judged in."""
    return sum(len(m.channels or config.content.channels) for m in config.markets.values())


@dataclass(frozen=True)
class Recompute:
    """What one readiness computation did and how long it took."""

    keys: int
    styles: int
    seconds: float

    @property
    def rate(self) -> float:
        """Keys recomputed per second."""
        return self.keys / self.seconds if self.seconds > 0 else 0.0


def recompute(path: Path, run_id: str, full: bool, config: Config) -> Recompute:
    """Run one readiness computation and time it."""
    with stopwatch() as timing:
        result = compute(path, run_id, full, config)
    done = Recompute(int(result["keys"]), int(result["styles"]), timing["seconds"])
    log.info("%s: %d keys of %d styles in %.1f s", run_id, done.keys, done.styles, done.seconds)
    return done


def prepare(path: Path, skus: int, config: Config) -> tuple[Catalog, list[Figure]]:
    """Generate a catalog, land it into a fresh warehouse and validate it; time each step."""
    with stopwatch() as generating:
        catalog = catalog_for(skus)
    log.info(
        "generated %d styles with %d SKUs", len(catalog.centric["styles"]), catalog.info["skus"]
    )
    with stopwatch() as landing:
        records = land_catalog(path, catalog, "bench-land", config)
    with stopwatch() as validating:
        validated = validate(path, "bench-land", True, config)["validated"]
    log.info("landed %d records, validated %d styles", records, validated)
    colorways = sum(len(s["active_colorways"]) for s in covered_styles(catalog, config))
    pairs = market_channels(config)
    return catalog, [
        Figure("styles", "styles generated", len(catalog.centric["styles"])),
        Figure("skus", "SKUs", int(catalog.info["skus"]), goal=f"≥ {skus:,}"),
        Figure("records", "records landed (all systems)", records),
        Figure("colorways", "colorways judged", colorways),
        Figure("markets", "markets", len(config.markets), goal="5"),
        Figure("channels", "channels", len(config.content.channels), goal="3"),
        Figure("market_channels", "(market, channel) pairs", pairs),
        Figure("expected_keys", "keys (colorways × pairs)", colorways * pairs),
        Figure("generate_s", "generate catalog", generating["seconds"], "s"),
        Figure("land_s", "land catalog (no HTTP)", landing["seconds"], "s"),
        Figure("validate_s", "validate every candidate style", validating["seconds"], "s"),
    ]


def change(path: Path, catalog: Catalog, config: Config) -> list[Figure]:
    """Land a change to about 1 % of the styles as an incremental pull, and revalidate."""
    changed = changed_styles(catalog, config, CHANGED_SHARE, SEED)
    with open_warehouse(path) as con:
        land(con, "centric", "styles", changed, "bench-change", full=False)
    with stopwatch() as validating:
        validated = validate(path, "bench-change", False, config)["validated"]
    return [
        Figure("changed_styles", "styles changed", len(changed)),
        Figure("revalidated", "styles revalidated", validated),
        Figure("revalidate_s", "revalidate", validating["seconds"], "s"),
    ]


def recompute_figures(key: str, label: str, done: Recompute, goal: str = "") -> list[Figure]:
    """Keys, styles, time and rate of one computation (figure keys start with ``key``)."""
    figures = [
        Figure(f"{key}_keys", f"{label}: keys", done.keys, goal=goal),
        Figure(f"{key}_styles", f"{label}: styles", done.styles),
        Figure(f"{key}_s", f"{label}: time", done.seconds, "s"),
    ]
    if done.keys:
        figures.append(Figure(f"{key}_rate", f"{label}: rate", done.rate, "keys/s"))
    return figures


@case(
    "readiness",
    "recompute readiness of ≥100,000 SKUs × 5 markets × 3 channels; "
    "incremental well below full, no change next to nothing",
    size=READINESS_SKUS,
    quick_size=READINESS_QUICK_SKUS,
)
def readiness_case(size: int, folder: Path) -> list[Figure]:
    """Time a full, an incremental (1 % of styles changed) and an idle readiness recompute."""
    config = load_config(load_settings().config)
    path = folder / "readiness.duckdb"
    catalog, figures = prepare(path, size, config)
    full = recompute(path, "bench-full", True, config)
    figures += recompute_figures("full", "full", full, goal="= keys")
    figures += change(path, catalog, config)
    incremental = recompute(path, "bench-incremental", False, config)
    figures += recompute_figures("incremental", "incremental", incremental, goal="< full")
    idle = recompute(path, "bench-idle", False, config)
    figures += recompute_figures("idle", "no change", idle, goal="0")
    return [
        *figures,
        Figure("incremental_share", "incremental / full (keys)", incremental.keys / full.keys),
        Figure(
            "incremental_ratio",
            "incremental / full (time)",
            incremental.seconds / full.seconds,
            goal="< 1",
        ),
        Figure(
            "idle_ratio",
            "no change / full (time)",
            idle.seconds / full.seconds,
            goal="< incremental / full",
        ),
        Figure("peak_rss", "peak RSS (largest process)", peak_rss_mib(), "MiB"),
    ]
