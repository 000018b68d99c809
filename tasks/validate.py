"""Validate: run the variant suites on the styles a run touched and record verdicts."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from expectations.runner import (
    FAILURE_SCHEMA,
    batch_file,
    batch_table,
    facts_view,
    load_suites,
    read_failures,
    suites_digest,
)
from expectations.worker import run_suites_isolated
from launchsync.config import Config, load_config
from launchsync.settings import load_settings
from tasks.targets import written_fields
from warehouse.db import open_warehouse, registered, row, scalar
from warehouse.history import data_columns

GROUP = "variant"
# Entities whose change can alter the verdict of many styles at once: revalidate all.
SHARED_ENTITIES = ("seasons", "collections", "size_ranges", "product_sizes", "materials")


def changed_since(table: str) -> str:
    """SQL condition: a history row that started or ended after the watermark ``$since``."""
    return f"({table}._valid_from > $since OR {table}._valid_to > $since)"


def written_back(con: duckdb.DuckDBPyConnection, config: Config) -> dict[str, set[str]]:
    """Centric attributes launchsync itself writes; a change to them needs no revalidation."""
    found = {entity: fields for (system, entity), fields in written_fields(con).items()
             if system == "centric"}  # fmt: skip
    for pair in config.ownership.pairs:
        if pair.owner == "fourallportal":
            entity, attribute = pair.centric.split(".")
            found.setdefault(entity, set()).add(attribute)
    return found


def shared_records_changed(con: duckdb.DuckDBPyConnection, since: object) -> bool:
    """Whether a season, collection, size range, size or material changed after ``since``."""
    shared = " UNION ALL ".join(
        f"SELECT 1 FROM centric_{name}_history h WHERE {changed_since('h')}"
        for name in SHARED_ENTITIES
    )
    return bool(scalar(con, f"SELECT count(*) FROM ({shared})", {"since": since}))


def verdicts_changed(findings: bool) -> str:
    """SQL for styles whose validation outcome may differ since ``$since``.

    Those revalidated since as passing when the verdict before did not pass (or there was
    none), or as failing when the one before passed; with ``findings``, also those
    revalidated as failing on findings other than the verdict before's. A style revalidated
    as passing again, as most are after an edit, counts for nothing downstream: a passing
    verdict has no findings, and its transfer stands; nor does one failing again on the same
    findings.
    """
    other_findings = (
        f"OR (NOT passed AND {_findings('run_id')} IS DISTINCT FROM {_findings('run_before')})"
        if findings
        else ""
    )
    return f"""
        SELECT style_id FROM (
            SELECT style_id, validated_at, passed, run_id,
                   lag(passed) OVER before AS passed_before, lag(run_id) OVER before AS run_before
            FROM style_verdicts
            WHERE style_id IN (SELECT style_id FROM style_verdicts WHERE validated_at > $since)
            WINDOW before AS (PARTITION BY style_id ORDER BY validated_at, run_id)) v
        WHERE validated_at > $since
          AND (passed IS DISTINCT FROM passed_before {other_findings})
    """


def _findings(run: str) -> str:
    """SQL: what the validation in ``v.{run}`` found of the style ``v.style_id``, sorted."""
    return f"""(SELECT list(struct_pack(q.entity, q.record_key, q.reason, q.detail, q.suite)
                       ORDER BY q.entity, q.record_key, q.reason, q.detail, q.suite)
                FROM quarantine q
                WHERE q.stage = 'validate' AND q.style_id = v.style_id AND q.run_id = v.{run})"""


def changed_records(
    con: duckdb.DuckDBPyConnection, entity: str, columns: str, ignored: set[str]
) -> str:
    """SQL for ``columns`` of records of an entity that changed since ``$since``.

    A new version counts only when a column other than ``modified_at`` and ``ignored`` differs
    from the version it replaced; both versions are listed (a SKU moved between styles touches
    both). A version closed without a successor (deleted) counts too.
    """
    table = f"centric_{entity}_history"
    relevant = [c for c in data_columns(con, table) if c != "modified_at" and c not in ignored]
    new = "struct_pack(" + ", ".join(f'"{c}" := h."{c}"' for c in relevant) + ")"
    old = "struct_pack(" + ", ".join(f'"{c}" := p."{c}"' for c in relevant) + ")"
    pick = ", ".join(f"{{t}}.{c.strip()}" for c in columns.split(","))
    return f"""
        SELECT {pick.format(t="h")} FROM {table} h
        LEFT JOIN {table} p ON p.id = h.id AND p._valid_to = h._valid_from
        WHERE h._valid_from > $since AND (p.id IS NULL OR {new} IS DISTINCT FROM {old})
        UNION ALL
        SELECT {pick.format(t="p")} FROM {table} h
        JOIN {table} p ON p.id = h.id AND p._valid_to = h._valid_from
        WHERE h._valid_from > $since AND {new} IS DISTINCT FROM {old}
        UNION ALL
        SELECT {pick.format(t="h")} FROM {table} h
        WHERE h._valid_to > $since
          AND NOT EXISTS (SELECT 1 FROM {table} n WHERE n.id = h.id AND n._valid_from = h._valid_to)
    """


def choose_scope(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    full: bool,
    digest: str,
    ignored: dict[str, set[str]] | None = None,
) -> tuple[int, bool]:
    """Fill ``validation_scope`` for the run.

    The watermark is the start of the latest completed validation under the same suites. Every
    candidate is validated on a full run, without a watermark, or when a shared record (season,
    size range, material, ...) changed since; otherwise the candidates whose own records changed
    since the watermark (landed by any run, also one that stopped before validating), styles
    sharing a GTIN with a changed SKU, and candidates without a verdict under these suites.
    Changes only to attributes launchsync writes back (``ignored``) do not count.

    Returns:
        How many styles the scope holds, and whether it is every candidate.
    """
    ignored = ignored or {}
    since = scalar(con, "SELECT max(started_at) FROM validations WHERE suites_digest = ?", [digest])
    con.execute("DELETE FROM validation_scope WHERE run_id = ?", [run_id])
    every = full or since is None
    if not every:
        every = shared_records_changed(con, since)
    if every:
        con.execute(
            "INSERT INTO validation_scope SELECT ?, style_id FROM transfer_candidates", [run_id]
        )
    else:
        con.execute(
            f"""
            INSERT INTO validation_scope
            WITH changed_skus AS ({changed_records(con, "skus", "style, bx_gtin", ignored.get("skus", set()))}),
            touched AS (
                SELECT id AS style FROM ({changed_records(con, "styles", "id", ignored.get("styles", set()))})
                UNION ALL SELECT style FROM ({changed_records(con, "colorways", "style", set())})
                UNION ALL SELECT style FROM changed_skus
                UNION ALL SELECT style FROM ({changed_records(con, "apparel_boms", "style", set())})
                UNION ALL SELECT b.style FROM ({changed_records(con, "apparel_bom_revisions", "apparel_bom", set())}) r
                          JOIN centric_apparel_boms_history b ON b.id = r.apparel_bom
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


def materialize_checks(con: duckdb.DuckDBPyConnection, run_id: str, catalog: str) -> None:
    """Copy the facts of the run's scope from the check views into batch tables for GX.

    The tables go into ``catalog``, the run's attached batch file (``batch_file``).
    """
    for suite in load_suites(GROUP):
        con.execute(
            f"""CREATE OR REPLACE TABLE {catalog}.{batch_table(suite)} AS
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


def validate(path: Path, run_id: str, full: bool, config: Config) -> dict[str, Any]:
    """Choose the styles to validate, run the variant suites on them and record the verdicts."""
    digest = suites_digest(GROUP)
    started = datetime.now(UTC)
    failures = pl.DataFrame(schema=FAILURE_SCHEMA)
    with (
        tempfile.TemporaryDirectory(prefix="launchsync-validate-") as name,
        open_warehouse(path) as con,
    ):
        folder = Path(name)
        scope, every = choose_scope(con, run_id, full, digest, written_back(con, config))
        if scope:
            with batch_file(con, folder) as catalog:
                materialize_checks(con, run_id, catalog)
            failures = read_failures(run_suites_isolated(GROUP, folder))
        counts = record_verdicts(con, run_id, failures, digest)
        con.execute(
            "INSERT INTO validations VALUES (?, ?, ?, ?, ?)",
            [run_id, started, digest, every, scope],
        )
        held = scalar(con, "SELECT count(*) FROM quarantined_styles")
    return {**counts, "held_back": held}


@task(cache_policy=NO_CACHE)
def validate_styles(run_id: str, warehouse: str, full: bool = False) -> dict[str, Any]:
    """Run the variant suites on the run's styles; failing styles are quarantined, not pushed."""
    result = validate(Path(warehouse), run_id, full, load_config(load_settings().config))
    get_run_logger().info(
        "validated %d styles: %d passed, %d quarantined (%d held back in total)",
        result["validated"],
        result["passed"],
        result["failed"],
        result["held_back"],
    )
    return result
