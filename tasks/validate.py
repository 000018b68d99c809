"""Validate: run the variant suites on the styles a run touched and record verdicts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from expectations.runner import (
    FAILURE_SCHEMA,
    batch_table,
    facts_view,
    load_suites,
    run_suites_isolated,
    suites_digest,
)
from warehouse.db import open_warehouse, registered, row, scalar

GROUP = "variant"
# Entities whose change can alter the verdict of many styles at once: revalidate all.
SHARED_ENTITIES = ("seasons", "collections", "size_ranges", "product_sizes", "materials")


def changed_since(table: str) -> str:
    """SQL condition: a history row that started or ended after the watermark ``$since``."""
    return f"({table}._valid_from > $since OR {table}._valid_to > $since)"


def choose_scope(
    con: duckdb.DuckDBPyConnection, run_id: str, full: bool, digest: str
) -> tuple[int, bool]:
    """Fill ``validation_scope`` for the run.

    The watermark is the start of the latest completed validation under the same suites. Every
    candidate is validated on a full run, without a watermark, or when a shared record (season,
    size range, material, ...) changed since; otherwise the candidates whose own records changed
    since the watermark (landed by any run, also one that stopped before validating), styles
    sharing a GTIN with a changed SKU, and candidates without a verdict under these suites.

    Returns:
        How many styles the scope holds, and whether it is every candidate.
    """
    since = scalar(con, "SELECT max(started_at) FROM validations WHERE suites_digest = ?", [digest])
    con.execute("DELETE FROM validation_scope WHERE run_id = ?", [run_id])
    every = full or since is None
    if not every:
        shared = " UNION ALL ".join(
            f"SELECT 1 FROM centric_{name}_history h WHERE {changed_since('h')}"
            for name in SHARED_ENTITIES
        )
        every = bool(scalar(con, f"SELECT count(*) FROM ({shared})", {"since": since}))
    if every:
        con.execute(
            "INSERT INTO validation_scope SELECT ?, style_id FROM transfer_candidates", [run_id]
        )
    else:
        con.execute(
            f"""
            INSERT INTO validation_scope
            WITH changed_skus AS (
                SELECT style, bx_gtin FROM centric_skus_history h WHERE {changed_since("h")}
            ),
            touched AS (
                SELECT id AS style FROM centric_styles_history h WHERE {changed_since("h")}
                UNION ALL SELECT style FROM centric_colorways_history h WHERE {changed_since("h")}
                UNION ALL SELECT style FROM changed_skus
                UNION ALL SELECT style FROM centric_apparel_boms_history h WHERE {changed_since("h")}
                UNION ALL SELECT b.style FROM centric_apparel_bom_revisions_history h
                          JOIN centric_apparel_boms_history b ON b.id = h.apparel_bom
                          WHERE {changed_since("h")}
                UNION ALL SELECT style_id FROM quarantine
                          WHERE stage = 'land' AND (detected_at > $since OR resolved_at > $since)
                UNION ALL SELECT style FROM centric_skus WHERE bx_gtin IN (SELECT bx_gtin FROM changed_skus)
            )
            SELECT DISTINCT $run, c.style_id FROM transfer_candidates c
            WHERE c.style_id IN (SELECT style FROM touched)
               OR c.style_id NOT IN (SELECT style_id FROM style_status WHERE suites_digest = $digest)
            """,
            {"run": run_id, "digest": digest, "since": since},
        )
    count = scalar(con, "SELECT count(*) FROM validation_scope WHERE run_id = ?", [run_id])
    return count, every


def materialize_checks(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Copy the facts of the run's scope from the check views into batch tables for GX."""
    for suite in load_suites(GROUP):
        con.execute(
            f"""CREATE OR REPLACE TABLE {batch_table(suite)} AS
                SELECT * FROM {facts_view(suite)}
                WHERE style_id IN (SELECT style_id FROM validation_scope WHERE run_id = ?)""",
            [run_id],
        )


def record_verdicts(
    con: duckdb.DuckDBPyConnection, run_id: str, failures: pl.DataFrame, digest: str
) -> dict[str, int]:
    """Store quarantine rows and one verdict per style in scope (malformed records count)."""
    now = datetime.now(UTC)
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM quarantine WHERE run_id = ? AND stage = 'validate'", [run_id])
    con.execute("DELETE FROM style_verdicts WHERE run_id = ?", [run_id])
    if failures.height:
        with registered(con, "failures", failures):
            con.execute(
                """INSERT INTO quarantine BY NAME
                   SELECT $run AS run_id, 'validate' AS stage, 'centric' AS system, 'styles' AS entity,
                          record_key, style_id, reason, detail, suite, $now AS detected_at
                   FROM failures""",
                {"run": run_id, "now": now},
            )
    # Malformed records count until a later pull brings them well-formed.
    con.execute(
        """
        INSERT INTO style_verdicts
        SELECT $run, s.style_id, count(q.reason) = 0,
               coalesce(list(DISTINCT q.reason ORDER BY q.reason) FILTER (WHERE q.reason IS NOT NULL), []),
               $digest, $now
        FROM validation_scope s
        LEFT JOIN quarantine q
               ON q.style_id = s.style_id
              AND ((q.stage = 'validate' AND q.run_id = $run)
                   OR (q.stage = 'land' AND q.resolved_at IS NULL))
        WHERE s.run_id = $run
        GROUP BY s.style_id
        """,
        {"run": run_id, "digest": digest, "now": now},
    )
    con.execute("COMMIT")
    passed, failed = row(
        con,
        "SELECT count(*) FILTER (WHERE passed), count(*) FILTER (WHERE NOT passed) "
        "FROM style_verdicts WHERE run_id = ?",
        [run_id],
    )
    return {"validated": passed + failed, "passed": passed, "failed": failed}


@task(cache_policy=NO_CACHE)
def validate_styles(run_id: str, warehouse: str, full: bool = False) -> dict[str, Any]:
    """Run the variant suites on the run's styles; failing styles are quarantined, not pushed."""
    log = get_run_logger()
    digest = suites_digest(GROUP)
    path = Path(warehouse)
    started = datetime.now(UTC)
    with open_warehouse(path) as con:
        scope, every = choose_scope(con, run_id, full, digest)
        if scope:
            materialize_checks(con, run_id)
    failures = run_suites_isolated(path, GROUP) if scope else pl.DataFrame(schema=FAILURE_SCHEMA)
    with open_warehouse(path) as con:
        counts = record_verdicts(con, run_id, failures, digest)
        con.execute(
            "INSERT INTO validations VALUES (?, ?, ?, ?, ?)",
            [run_id, started, digest, every, scope],
        )
        held = scalar(con, "SELECT count(*) FROM quarantined_styles")
    log.info(
        "validated %d styles: %d passed, %d quarantined (%d held back in total)",
        counts["validated"],
        counts["passed"],
        counts["failed"],
        held,
    )
    return {**counts, "held_back": held}
