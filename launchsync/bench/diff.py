"""The ``diff`` case: field-level diff of two large snapshots that differ in 1 % of their rows.

Both snapshots are built with Polars expressions (no Python per row): ``size`` rows of
``key, field, locale, channel, value`` for records of 20 fields each. The target holds one,
the owner wants the other; the baseline (last agreed values) equals what the target holds, so
every difference is a change to push and none is a conflict. The diff runs twice: on the
snapshots as built (rows in the same order, as reads sorted alike give them) and with the
target's rows shuffled.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from launchsync.bench.frame import Figure, case, log, peak_rss_mib, stopwatch
from tasks.changeset import diff

DIFF_ROWS = 20_000_000
DIFF_QUICK_ROWS = 200_000
FIELDS = 20
CHANGED_PER_10K = 100  # 1 % of the rows
SEED = 7


def snapshots(rows: int, seed: int = SEED) -> dict[str, pl.DataFrame]:
    """Keys, objects, the desired and the current snapshot, the baseline, and the changed rows."""
    records = max(1, rows // FIELDS)
    numbers = pl.DataFrame({"n": pl.arange(0, records, eager=True)})
    heads = numbers.select(
        key=pl.lit("sku-") + pl.col("n").cast(pl.Utf8).str.zfill(8),
        object_id=pl.lit("obj-") + pl.col("n").cast(pl.Utf8).str.zfill(8),
        type=pl.lit("variant"),
    )
    names = pl.DataFrame({"field": [f"field_{i:02d}" for i in range(FIELDS)]})
    held = (
        heads.join(names, how="cross")
        .with_row_index("row")
        .with_columns(
            locale=pl.lit(""),
            channel=pl.lit(""),
            value=pl.format('"{}"', pl.col("row").hash(seed).cast(pl.Utf8)),
        )
    )
    changed = (pl.col("row").hash(seed + 1) % 10_000) < CHANGED_PER_10K
    wanted = pl.when(changed).then(pl.format('"changed {}"', pl.col("row"))).otherwise("value")
    values = ["field", "locale", "channel"]
    return {
        "keys": heads.select("key", "type"),
        "objects": heads.select("key", "object_id"),
        "desired": held.select("key", "type", *values, value=wanted),
        "current": held.select("key", "object_id", *values, "value"),
        "baseline": held.select("key", *values, "value"),
        "changed": held.filter(changed).select("key", "field"),
    }


@case(
    "diff",
    "diff two snapshots of 20M rows with 1 % changed in ≤ 10 s",
    size=DIFF_ROWS,
    quick_size=DIFF_QUICK_ROWS,
)
def diff_case(size: int, folder: Path) -> list[Figure]:
    """Time :func:`tasks.changeset.diff` on two snapshots of ``size`` rows."""
    with stopwatch() as building:
        frames = snapshots(size)
    rows = frames["current"].height
    log.info("built two snapshots of %d rows in %.1f s", rows, building["seconds"])
    with stopwatch() as diffing:
        found = diff(
            frames["keys"],
            frames["desired"],
            frames["current"],
            frames["objects"],
            frames["baseline"],
        )
    log.info("diffed them in %.1f s", diffing["seconds"])
    made = frames["changed"]
    found_rows = found.changes.select("key", "field")
    missed = made.join(found_rows, on=["key", "field"], how="anti").height
    # Snapshots read in the same order line up row by row; in another order every row goes
    # through the hash join.
    current = frames.pop("current").sample(fraction=1.0, shuffle=True, seed=SEED)
    with stopwatch() as reordered:
        again = diff(
            frames["keys"], frames["desired"], current, frames["objects"], frames["baseline"]
        )
    log.info("diffed them again, one in another order, in %.1f s", reordered["seconds"])
    same_answer = again.changes.sort(["key", "field"]).equals(found.changes.sort(["key", "field"]))
    return [
        Figure("rows", "rows per snapshot", rows, goal=f"≥ {size:,}"),
        Figure("records", "records (20 fields each)", frames["keys"].height),
        Figure("changed", "rows changed", made.height),
        Figure("changes", "field changes found", found.changes.height, goal="= rows changed"),
        Figure("missed", "changed rows not found", missed, goal="0"),
        Figure("conflicts", "conflicts", found.conflicts.height, goal="0"),
        Figure("build_s", "build both snapshots", building["seconds"], "s"),
        Figure("diff_s", "diff", diffing["seconds"], "s", goal="≤ 10 s"),
        Figure("rate", "rate", rows / diffing["seconds"], "rows/s"),
        Figure("reordered_s", "diff, target rows in another order", reordered["seconds"], "s"),
        Figure("reordered_same", "same changes found in another order", int(same_answer), goal="1"),
        Figure("peak_rss", "peak RSS", peak_rss_mib(), "MiB"),
    ]
