"""The ``readiness`` case: readiness recomputed in full, after a 1 % change, and idle.

It lands a generated catalog straight into a fresh warehouse (no HTTP), validates it, and times
a full readiness recompute, an incremental one after a change to about 1 % of the styles, and
one without any change.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from launchsync.bench.frame import BenchError, Figure, case, log, peak_rss_mib, stopwatch
from launchsync.bench.landing import SEED, catalog_for, land, land_catalog
from launchsync.config import Config, load_config
from launchsync.settings import load_settings
from systems.catalog import Catalog
from systems.timestamps import iso_ms
from tasks.readiness import compute
from tasks.validate import validate
from warehouse.db import open_warehouse

READINESS_SKUS = 1_000_000
READINESS_QUICK_SKUS = 5_000
CHANGED_SHARE = 0.01


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
    return [{**s, "bx_reach_svhc_declared": not s["bx_reach_svhc_declared"]} for s in picked]


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


def prepare(path: Path, skus: int, config: Config) -> tuple[list[dict[str, Any]], list[Figure]]:
    """Generate a catalog, land it into a fresh warehouse and validate it; time each step.

    Returns the styles the change will touch, picked now: the catalog itself (millions of
    Python objects) is not kept, as a readiness run holds no such thing, and every garbage
    collection pass during the timed computations would walk it.
    """
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
    changed = changed_styles(catalog, config, CHANGED_SHARE, SEED)
    return changed, [
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


def change(path: Path, styles: list[dict[str, Any]], config: Config) -> list[Figure]:
    """Land a change to about 1 % of the styles as an incremental pull, and revalidate."""
    stamp = iso_ms(datetime.now(UTC))
    changed = [{**s, "_modified_at": stamp} for s in styles]
    with open_warehouse(path) as con:
        land(con, "centric", "styles", changed, "bench-change", full=False)
    with stopwatch() as validating:
        validated = validate(path, "bench-change", False, config)["validated"]
    return [
        Figure("changed_styles", "styles changed", len(changed)),
        Figure("revalidated", "styles revalidated", validated),
        Figure("revalidate_s", "revalidate", validating["seconds"], "s"),
    ]


def recompute_figures(
    key: str, label: str, done: Recompute, goal: str = "", time_goal: str = ""
) -> list[Figure]:
    """Keys, styles, time and rate of one computation (figure keys start with ``key``)."""
    figures = [
        Figure(f"{key}_keys", f"{label}: keys", done.keys, goal=goal),
        Figure(f"{key}_styles", f"{label}: styles", done.styles),
        Figure(f"{key}_s", f"{label}: time", done.seconds, "s", goal=time_goal),
    ]
    if done.keys:
        figures.append(Figure(f"{key}_rate", f"{label}: rate", done.rate, "keys/s"))
    return figures


@case(
    "readiness",
    "recompute readiness of 1M SKUs × 5 markets × 3 channels in ≤ 10 s; "
    "incremental well below full, no change next to nothing",
    size=READINESS_SKUS,
    quick_size=READINESS_QUICK_SKUS,
)
def readiness_case(size: int, folder: Path) -> list[Figure]:
    """Time a full, an incremental (1 % of styles changed) and an idle readiness recompute."""
    config = load_config(load_settings().config)
    path = folder / "readiness.duckdb"
    changing, figures = prepare(path, size, config)
    full = recompute(path, "bench-full", True, config)
    expected = next(f.value for f in figures if f.key == "expected_keys")
    if full.keys != expected:
        raise BenchError(
            f"a full recompute judged {full.keys:,} keys, not the {expected:,} of the catalog"
        )
    figures += recompute_figures("full", "full", full, goal="= keys", time_goal="≤ 10 s")
    figures += change(path, changing, config)
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
