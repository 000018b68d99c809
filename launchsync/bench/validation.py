"""The ``validation`` case: the project's Great Expectations route against GX on pandas.

Both validate the same rows with the same suite (``variant.skus``: GTIN present, a valid
GTIN-13, used once) and both hand back the failing rows. launchsync's route runs the suite on
the warehouse by SQL and copies the failing rows to Parquet (``expectations.runner``); the
other loads the rows into a pandas DataFrame (not timed) and runs the suite there with GX's
pandas engine, asking for the failing rows' keys.
"""

from __future__ import annotations

import multiprocessing
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import duckdb

from launchsync.bench.frame import Figure, case, log, peak_rss_mib, stopwatch
from warehouse.db import connect, migrate

VALIDATION_ROWS = 1_000_000
VALIDATION_QUICK_ROWS = 20_000
GROUP = "variant"
SUITE = "variant.skus"
FIRST_GTIN = 400_000_000_000  # 12-digit bodies from here; the check digit is computed


def fill(con: duckdb.DuckDBPyConnection, rows: int) -> None:
    """Empty batch tables for the group, and ``rows`` SKUs in the one ``SUITE`` checks.

    Every 97th SKU has no GTIN, every 101st a wrong check digit, every 89th shares its GTIN.
    """
    from expectations.runner import batch_table, facts_view, load_suites

    for suite in load_suites(GROUP):
        con.execute(
            f"CREATE OR REPLACE TABLE {batch_table(suite)} AS"
            f" SELECT * FROM {facts_view(suite)} LIMIT 0"
        )
    con.execute(
        """INSERT INTO batch_variant_skus
           WITH numbered AS (
               SELECT n, $first + n AS body,
                      list_sum(list_transform(range(1, 13), lambda p:
                          ((($first + n) // CAST(10 ** (12 - p) AS BIGINT)) % 10)
                          * CASE WHEN p % 2 = 1 THEN 1 ELSE 3 END)) AS weighted
               FROM range($rows) t(n)
           )
           SELECT 'style-' || (n // 25) AS style_id, 'sku-' || n AS sku_id,
                  'SKU' || lpad(CAST(n AS VARCHAR), 9, '0') AS sku_code,
                  CASE WHEN n % 97 = 0 THEN NULL
                       ELSE CAST(body AS VARCHAR)
                            || CAST((10 - weighted % 10 + CASE WHEN n % 101 = 1 THEN 1 ELSE 0 END) % 10
                                    AS VARCHAR)
                  END AS gtin,
                  CASE WHEN n % 89 = 2 THEN 2 ELSE 1 END AS gtin_uses
           FROM numbered""",
        {"first": FIRST_GTIN, "rows": rows},
    )


def warehouse_route(path: Path) -> tuple[int, float]:
    """Validate the batch tables by SQL, as the validation service does: failing rows, time."""
    import great_expectations  # noqa: F401 - imported before timing

    from expectations import custom  # noqa: F401 - registers the custom expectations
    from expectations.runner import export_failures, read_failures

    con = connect(path, read_only=True)
    try:
        with tempfile.TemporaryDirectory(prefix="launchsync-bench-") as out, stopwatch() as taken:
            failures = read_failures(export_failures(con, GROUP, Path(out))).height
    finally:
        con.close()
    return failures, taken["seconds"]


def pandas_route(rows_file: Path) -> tuple[int, float, float]:
    """Load the rows into pandas, then validate them: failing rows named, both times."""
    import great_expectations  # noqa: F401 - imported before timing

    from expectations import custom  # noqa: F401 - registers the custom expectations
    from expectations.runner import load_suites

    with stopwatch() as loading:
        frame = duckdb.sql(f"SELECT * FROM read_parquet('{rows_file}')").df()
    suite = next(s for s in load_suites(GROUP) if s.name == SUITE)
    with stopwatch() as validating:
        named = pandas_failures(frame, suite)
    return named, loading["seconds"], validating["seconds"]


def pandas_failures(frame: Any, suite: Any) -> int:
    """Validate a DataFrame with GX's pandas engine; how many failing rows it named."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch = (
        context.data_sources.add_pandas("frames")
        .add_dataframe_asset(name=suite.name)
        .add_batch_definition_whole_dataframe("all")
    )
    gx_suite = context.suites.add(
        gx.ExpectationSuite(name=suite.name, expectations=suite.document["expectations"])
    )
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=suite.name, data=batch, suite=gx_suite)
    )
    result = definition.run(
        batch_parameters={"dataframe": frame},
        result_format={
            "result_format": "COMPLETE",
            "unexpected_index_column_names": list(suite.keys),
        },
    )
    return sum(len(item.result.get("unexpected_index_list") or []) for item in result.results)


@case(
    "validation",
    "validate 1M rows ≥ 5× faster than GX on a pandas DataFrame of the same rows",
    size=VALIDATION_ROWS,
    quick_size=VALIDATION_QUICK_ROWS,
)
def validation_case(size: int, folder: Path) -> list[Figure]:
    """Time both routes on ``size`` SKU rows; both must name the same failing rows.

    Each route runs in a fresh process of its own with GX imported before the clock starts:
    GX keeps state process-wide, and its import time belongs to neither route.
    """
    path, rows_file = folder / "validation.duckdb", folder / "skus.parquet"
    path.unlink(missing_ok=True)
    con = connect(path)
    try:
        migrate(con)
        with stopwatch() as filling:
            fill(con, size)
        con.execute(f"COPY batch_variant_skus TO '{rows_file}' (FORMAT parquet)")
    finally:
        con.close()
    log.info("filled %d SKU rows in %.1f s", size, filling["seconds"])
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as child:
        failures, ours = child.submit(warehouse_route, path).result()
    log.info("launchsync route: %d failing rows in %.1f s", failures, ours)
    with ProcessPoolExecutor(1, mp_context=spawn) as child:
        named, loading, theirs = child.submit(pandas_route, rows_file).result()
    log.info("GX on pandas: %d failing rows in %.1f s", named, theirs)
    return [
        Figure("rows", "rows validated", size),
        Figure("failures", "failing rows: launchsync route", failures),
        Figure("pandas_failures", "failing rows: GX on pandas", named, goal="= launchsync route"),
        Figure("ours_s", "launchsync route (GX on DuckDB, SQL)", ours, "s"),
        Figure("load_s", "load the rows into pandas (not counted)", loading, "s"),
        Figure("pandas_s", "GX on pandas", theirs, "s"),
        Figure(
            "speedup",
            "GX on pandas / launchsync route",
            theirs / ours,
            "×",
            goal="≥ 5×",
        ),
        Figure("peak_rss", "peak RSS", peak_rss_mib(), "MiB"),
    ]
