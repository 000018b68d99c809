"""Readiness: judge every (style, colorway, market, channel) and keep what blocks it.

A computation chooses its scope (the styles whose records changed since the last one, every
style of a market whose rules changed, everything on a full recompute), runs the readiness
suites on the facts of that scope, and replaces the scope's rows in ``readiness``, keeping
changed rows in ``readiness_changes`` and counts per run in ``readiness_snapshots``.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from expectations.runner import batch_file, batch_table, facts_view, load_suites
from expectations.runner import suites_digest as group_digest
from expectations.worker import run_suites_isolated
from launchsync.artifacts import publish
from launchsync.config import Config, load_config
from launchsync.settings import load_settings
from tasks.validate import (
    changed_records,
    changed_since,
    shared_records_changed,
    verdicts_changed,
    written_back,
)
from warehouse.db import narrowed, open_warehouse, registered, scalar, undone
from warehouse.history import data_columns

GROUP = "readiness"
# What readiness reads of a SKU itself: where a finding of it is placed (its colorway).
SKU_PLACEMENT = {"style", "colorway", "code"}
INDICATOR_COLUMNS = (
    "core",
    "variant",
    "compliance",
    "enrichment",
    "localization",
    "assets",
    "rights",
)


def _digest(*parts: object) -> str:
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def rule_digests(config: Config) -> dict[str, str]:
    """The rules version of each market; ``*`` is the digest of the rules all markets share.

    A market's version covers the suites, the reference data, the shared settings and the
    market's own entry, so a change to one market's rules changes only its version.
    """
    fibers = (resources.files("expectations") / "fiber_names.csv").read_text(encoding="utf-8")
    shared = _digest(
        group_digest(GROUP),
        group_digest("variant"),
        fibers,
        config.milestones.model_dump(),
        config.content.model_dump(),
        config.assets.model_dump(),
        config.readiness.model_dump(),
        config.smintio.channel_usages,
    )
    digests = {"*": shared}
    for name, market in config.markets.items():
        digests[name] = _digest(shared, name, market.model_dump())
    return digests


def touched_styles(con: duckdb.DuckDBPyConnection, ignored: dict[str, set[str]]) -> str:
    """SQL for styles whose facts may have changed since ``$since``, in any system.

    A SKU's other attributes reach readiness through its style's verdict alone, so of SKUs
    only a move, a new or deleted one, or another code or colorway counts directly.
    """
    beside_placement = set(data_columns(con, "centric_skus_history")) - SKU_PLACEMENT
    return f"""
        {style_records_changed(con, ignored)}
        UNION ALL SELECT style FROM ({changed_records(con, "skus", "style", beside_placement)})
        UNION ALL {verdicts_changed(findings=True)}
    """


def style_records_changed(con: duckdb.DuckDBPyConnection, ignored: dict[str, set[str]]) -> str:
    """SQL for styles whose own records changed since ``$since``: all but SKUs and verdicts.

    Those are the style, its colorways and bills of materials in Centric, its landing
    quarantine, its 4ALLPORTAL product and files, and the Smint.io assets of its files.
    """
    changed = changed_since
    return f"""
        SELECT id AS style_id FROM ({changed_records(con, "styles", "id", ignored.get("styles", set()))})
        UNION ALL SELECT style FROM ({changed_records(con, "colorways", "style", set())})
        UNION ALL SELECT style FROM ({changed_records(con, "apparel_boms", "style", set())})
        UNION ALL SELECT b.style FROM ({changed_records(con, "apparel_bom_revisions", "apparel_bom", set())}) r
                  JOIN centric_apparel_boms_history b ON b.id = r.apparel_bom
        UNION ALL SELECT style_id FROM quarantine
                  WHERE stage = 'land' AND (detected_at > $since OR resolved_at > $since)
        UNION ALL SELECT h.centric_id FROM fourallportal_objects_history h
                  WHERE h.module = 'product' AND {changed("h")}
        UNION ALL SELECT p.centric_id
                  FROM (SELECT unnest(from_json(f.value, '["VARCHAR"]')) AS product_id
                        FROM (SELECT fields FROM fourallportal_objects_history h
                              WHERE h.module = 'file' AND {changed("h")}) h, unnest(h.fields) AS u(f)
                        WHERE f.name = 'products') x
                  JOIN fourallportal_objects p ON p.id = x.product_id
        UNION ALL SELECT p.centric_id
                  FROM (SELECT unnest(from_json(v.value, '["VARCHAR"]')) AS product_id
                        FROM fourallportal_values v
                        WHERE v.module = 'file' AND v.field = 'products' AND v.locale = ''
                          AND v.channel = '' AND v.object_id IN (
                              SELECT object_id FROM fourallportal_values
                              WHERE module = 'file' AND field = 'smintio_id' AND locale = ''
                                AND channel = '' AND json_extract_string(value, '$') IN (
                                    {SMINTIO_CHANGED.format(changed=changed("h"))}))) x
                  JOIN fourallportal_objects p ON p.id = x.product_id
    """


# Smint.io records changed since ``$since`` that 4ALLPORTAL files come from: licenses, campaign
# assets and the campaign assets of changed licenses. The files are looked up by their
# smintio_id value, not through the files view, which would read every file of the catalog.
SMINTIO_CHANGED = """
    SELECT id FROM smintio_license_transactions_history h WHERE {changed}
    UNION ALL SELECT id FROM smintio_campaign_assets_history h WHERE {changed}
    UNION ALL SELECT a.id FROM smintio_campaign_assets a, unnest(a.transactions) AS u(tx)
              WHERE tx IN (SELECT id FROM smintio_license_transactions_history h WHERE {changed})
"""


def choose_scope(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    full: bool,
    digests: dict[str, str],
    ignored: dict[str, set[str]] | None = None,
) -> tuple[int, bool]:
    """Fill ``readiness_scope`` with the (style, market) pairs to recompute.

    Everything on a full recompute, on the first one, or when the shared rules or a shared
    Centric record (season, size range, material, ...) changed; otherwise every style of a
    market whose rules changed, plus, in every market, the styles whose records changed since
    the latest computation started, those without rows yet, and those that left the scope.

    Returns:
        How many styles the scope holds, and whether it is everything.
    """
    last = con.execute(
        "SELECT started_at, rule_digests FROM readiness_runs ORDER BY started_at DESC LIMIT 1"
    ).fetchone()
    con.execute("DELETE FROM readiness_scope WHERE run_id = ?", [run_id])
    previous = json.loads(last[1]) if last else {}
    every = full or last is None or previous.get("*") != digests["*"]
    since = last[0] if last else None
    if not every:
        every = shared_records_changed(con, since)
    if every:
        con.execute(
            "INSERT INTO readiness_scope SELECT ?, s.style_id, m.market "
            "FROM readiness_styles s CROSS JOIN markets m",
            [run_id],
        )
    else:
        changed_markets = [m for m in digests if m != "*" and previous.get(m) != digests[m]]
        con.execute(
            f"""
            INSERT INTO readiness_scope
            WITH touched AS ({touched_styles(con, ignored or {})}),
            styles AS (
                SELECT style_id FROM readiness_styles
                WHERE style_id IN (SELECT style_id FROM touched)
                   OR style_id NOT IN (SELECT style_id FROM readiness)
                UNION SELECT style_id FROM readiness
                WHERE style_id NOT IN (SELECT style_id FROM readiness_styles)
            )
            SELECT DISTINCT $run, s.style_id, m.market FROM styles s CROSS JOIN markets m
            UNION
            SELECT $run, s.style_id, m.market FROM readiness_styles s
            JOIN markets m ON list_contains($markets, m.market)
            """,
            {"run": run_id, "since": since, "markets": changed_markets},
        )
    count = scalar(
        con, "SELECT count(DISTINCT style_id) FROM readiness_scope WHERE run_id = ?", [run_id]
    )
    return int(count or 0), every


@dataclass(frozen=True)
class Focus:
    """What a computation narrows the check views to; ``None`` narrows nothing.

    ``styles`` are the styles in the run's scope, ``files`` the DAM files linked to their
    products. Found once per computation (``focus_of``) and set for each step that reads the
    check views (``focused``).
    """

    styles: list[str] | None
    files: list[str] | None

    @property
    def every(self) -> bool:
        """Whether the computation judges every style."""
        return self.styles is None


def focus_of(con: duckdb.DuckDBPyConnection, run_id: str, every: bool) -> Focus:
    """The styles of the run's scope and their DAM files; nothing narrowed when ``every``."""
    if every:
        return Focus(None, None)
    styles = [
        style
        for (style,) in con.execute(
            "SELECT DISTINCT style_id FROM readiness_scope WHERE run_id = ?", [run_id]
        ).fetchall()
    ]
    if not styles:
        return Focus(styles, [])
    with narrowed(con, "readiness_focus", styles):
        return Focus(styles, linked_files(con))


@contextmanager
def focused(con: duckdb.DuckDBPyConnection, focus: Focus) -> Iterator[None]:
    """Narrow ``readiness_styles`` (and the views over it) to ``focus`` while open.

    The check views then read the facts of the changed styles, not of the whole catalog
    (migration 0027), and the DAM files linked to them, not every file (0029).
    """
    with narrowed(con, "readiness_focus", focus.styles), narrowed(con, "file_focus", focus.files):
        yield


def linked_files(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Ids of the DAM files linked to the products of the styles in ``readiness_styles``.

    With ``file_focus`` set to them, ``fourallportal_files`` (and ``product_files`` over it)
    turns only these files' values into columns, not every file's (migration 0029).
    """
    # The products are unnested in the select list, after the filter: as a lateral join,
    # DuckDB decoded the distinct values of every field of every object first (5.8 s at 1M
    # SKUs, against 0.13 s).
    return [
        file_id
        for (file_id,) in con.execute(
            """SELECT DISTINCT object_id
               FROM (SELECT object_id, unnest(from_json(value, '["VARCHAR"]')) AS product
                     FROM fourallportal_values
                     WHERE module = 'file' AND field = 'products' AND locale = ''
                       AND channel = '')
               WHERE product IN (SELECT product_id FROM readiness_styles)"""
        ).fetchall()
    ]


# Views several check views read, some more than once each (product_files: four suites).
SHARED_FACTS = ("readiness_styles", "product_texts", "product_files")


@contextmanager
def pinned(con: duckdb.DuckDBPyConnection, views: tuple[str, ...]) -> Iterator[None]:
    """Hold the rows of each view in a temp table of the same name while open.

    DuckDB looks a name up in the temp schema first, also when it binds another view, so the
    views built on these read rows computed once instead of evaluating them again (turning
    every linked file's values into columns for product_files takes 0.6 s at 1M SKUs). The
    rows are those of the focus set when pinned; later views see earlier pins.
    """

    def unpin() -> None:
        for view in views:
            con.execute(f"DROP TABLE IF EXISTS temp.{view}")

    with undone(unpin):
        for view in views:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {view} AS FROM main.{view}")
        yield


def materialize_checks(
    con: duckdb.DuckDBPyConnection, run_id: str, every: bool, catalog: str
) -> None:
    """Copy the facts of the run's scope from the check views into batch tables for GX.

    The tables go into ``catalog``, the run's attached batch file (``batch_file``). When the
    scope is ``every`` style in every market, the views hold just that: no join.
    """
    with pinned(con, SHARED_FACTS):
        for suite in load_suites(GROUP):
            if every:
                con.execute(
                    f"CREATE OR REPLACE TABLE {catalog}.{batch_table(suite)} AS "
                    f"FROM {facts_view(suite)}"
                )
                continue
            columns = {r[0] for r in con.execute(f"DESCRIBE {facts_view(suite)}").fetchall()}
            on = "s.style_id = c.style_id" + (
                " AND s.market = c.market" if "market" in columns else ""
            )
            con.execute(
                f"""CREATE OR REPLACE TABLE {catalog}.{batch_table(suite)} AS
                    SELECT c.* FROM {facts_view(suite)} c
                    SEMI JOIN (SELECT * FROM readiness_scope WHERE run_id = $run) s ON {on}""",
                {"run": run_id},
            )


def _parquet_list(files: list[Path]) -> str:
    return "[" + ", ".join("'" + str(f).replace("'", "''") + "'" for f in files) + "]"


# Rows (``r``) of readiness a computation replaces: those of its scope and of dropped markets.
REPLACED = """
    WHERE EXISTS (SELECT 1 FROM readiness_scope s WHERE s.run_id = $run
                  AND s.style_id = r.style_id AND s.market = r.market)
       OR r.market NOT IN (SELECT market FROM markets)
"""


def record_readiness(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    files: list[Path],
    digests: dict[str, str],
    started: datetime,
    focus: Focus,
) -> dict[str, int]:
    """Replace the scope's findings and readiness rows in one transaction; keep history."""
    every = focus.every
    now = datetime.now(UTC)
    versions = pl.DataFrame(
        [{"market": m, "version": v} for m, v in digests.items() if m != "*"],
        schema={"market": pl.Utf8, "version": pl.Utf8},
    )
    failures = (
        f"SELECT indicator, reason, detail, suite, style_id, color_code, market, channel "
        f"FROM read_parquet({_parquet_list(files)})"
        if files
        else "SELECT NULL::VARCHAR AS indicator, NULL::VARCHAR AS reason, NULL::VARCHAR AS detail, "
        "NULL::VARCHAR AS suite, NULL::VARCHAR AS style_id, NULL::VARCHAR AS color_code, "
        "NULL::VARCHAR AS market, NULL::VARCHAR AS channel WHERE false"
    )
    params = {"run": run_id, "now": now}
    con.execute("BEGIN TRANSACTION")
    con.execute(
        "DELETE FROM readiness_findings f WHERE EXISTS (SELECT 1 FROM readiness_scope s "
        "WHERE s.run_id = $run AND s.style_id = f.style_id AND s.market = f.market)",
        {"run": run_id},
    )
    styles = scalar(
        con, "SELECT count(DISTINCT style_id) FROM readiness_scope WHERE run_id = ?", [run_id]
    )
    # The scope's rows as they were, kept aside to compare with and removed once the judge
    # has written the new ones (DuckDB appends more slowly to a table with deletes pending).
    con.execute(
        "CREATE OR REPLACE TEMP TABLE old_readiness AS "
        f"SELECT r.rowid AS row_number, r.* FROM readiness r {REPLACED}",
        {"run": run_id},
    )
    keys = 0
    if styles:
        with focused(con, focus):
            keys = _judge(con, failures, versions, params)
    con.execute("DELETE FROM readiness WHERE rowid IN (SELECT row_number FROM old_readiness)")
    con.execute("ALTER TABLE old_readiness DROP COLUMN row_number")
    compared = ", ".join(
        [*INDICATOR_COLUMNS, "score", "ready", "blockers", "warnings", "rules_version"]
    )
    changed = con.execute(_history_sql(compared), params).fetchone()
    removed = con.execute(
        """
        INSERT INTO readiness_changes BY NAME
        SELECT r.* EXCLUDE (run_id, computed_at), $run AS run_id, $now AS computed_at, true AS removed
        FROM old_readiness r
        ANTI JOIN (SELECT * FROM readiness WHERE run_id = $run AND computed_at = $now) n
               ON n.style_id = r.style_id AND n.color_code = r.color_code
              AND n.market = r.market AND n.channel = r.channel
        """,
        params,
    ).fetchone()
    recount_cells(con, run_id, every)
    con.execute(
        """
        INSERT INTO readiness_snapshots
        SELECT $run, $now, s.season, s.collection, c.market, c.channel, sum(c.keys),
               sum(c.ready_keys), count(*), count(*) FILTER (WHERE c.keys = c.ready_keys)
        FROM readiness_cells c JOIN readiness_styles s USING (style_id)
        GROUP BY s.season, s.collection, c.market, c.channel
        """,
        params,
    )
    n_changed = int((changed or [0])[0]) + int((removed or [0])[0])
    con.execute(
        "INSERT INTO readiness_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [run_id, started, now, every, json.dumps(digests), styles, keys, n_changed],
    )
    con.execute("DROP TABLE old_readiness")
    con.execute("COMMIT")
    return {"styles": int(styles or 0), "keys": int(keys or 0), "changed": n_changed}


def recount_cells(con: duckdb.DuckDBPyConnection, run_id: str, every: bool) -> None:
    """Count the cells (``readiness_cells``) of the styles the computation replaced rows of.

    Those are the styles of its scope and of the rows of dropped markets (``old_readiness``);
    ``every`` style when it recomputed everything.
    """
    if every:
        con.execute("DELETE FROM readiness_cells")
        con.execute("INSERT INTO readiness_cells SELECT * FROM readiness_cell_counts('readiness')")
        return
    touched = """style_id IN (SELECT style_id FROM readiness_scope WHERE run_id = $run
                              UNION SELECT style_id FROM old_readiness)"""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE recounted AS SELECT * FROM readiness WHERE {touched}",
        {"run": run_id},
    )
    con.execute(f"DELETE FROM readiness_cells WHERE {touched}", {"run": run_id})
    con.execute("INSERT INTO readiness_cells SELECT * FROM readiness_cell_counts('recounted')")
    con.execute("DROP TABLE recounted")


def _judge(
    con: duckdb.DuckDBPyConnection, failures: str, versions: pl.DataFrame, params: dict[str, Any]
) -> None:
    """Store the scope's findings (suites and validation), judge its keys into readiness.

    Returns the number of keys judged.

    The findings are gathered in a temp table (``new_findings``) first: they are all the
    findings of the scope, so judging reads them there without matching each to the scope.
    """
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE new_findings AS
        WITH found AS (
            {failures}
            UNION ALL
            SELECT indicator, code, detail, suite, style_id, color_code, NULL, NULL
            FROM readiness_validation_findings
        )
        SELECT $run AS run_id, f.style_id, f.color_code, s.market, f.channel, f.indicator,
               f.reason AS code, f.detail, f.suite
        FROM found f
        JOIN readiness_scope s ON s.run_id = $run AND s.style_id = f.style_id
                              AND (f.market IS NULL OR f.market = s.market)
        """,
        {"run": params["run"]},
    )
    con.execute("INSERT INTO readiness_findings SELECT * FROM new_findings")
    with registered(con, "market_versions", versions):
        keys = con.execute(_judge_sql(), params).fetchone()
    con.execute("DROP TABLE new_findings")
    return int((keys or [0])[0])


# A finding applies to a key when it names the key's style and market and, where it names one,
# its colorway and its channel. Findings without a colorway are first merged per (style,
# market, channel), a lane, so each key joins its lane and the two finding groups that name
# its colorway: three equality joins over the keys instead of four.
LANE_PARTS = {
    "a": "a.color_code IS NULL AND a.channel IS NULL",
    "h": "h.color_code IS NULL AND h.channel = l.channel",
}
KEY_PARTS = {
    "c": "c.color_code = k.color_code AND c.channel IS NULL",
    "ch": "ch.color_code = k.color_code AND ch.channel = k.channel",
}


def _failed(parts: list[str], indicator: str) -> str:
    """SQL: whether any of the finding groups ``parts`` fails ``indicator``."""
    return " OR ".join(f"coalesce({p}.{indicator}, false)" for p in parts)


def _merged(parts: list[str], column: str) -> str:
    """SQL for the sorted distinct codes of ``column`` over the finding groups ``parts``."""
    present = " + ".join(f"({p}.{column} IS NOT NULL)::INTEGER" for p in parts)
    first = "coalesce(" + ", ".join(f"{p}.{column}" for p in parts) + ", [])"
    every = ", ".join(f"{p}.{column}" for p in parts)
    return f"CASE WHEN {present} <= 1 THEN {first} ELSE list_sort(list_distinct(list_concat({every}))) END"


def _joins(alias: str, parts: dict[str, str]) -> str:
    """SQL joining each finding group of ``parts`` to the rows of ``alias`` it applies to."""
    return "\n".join(
        f"LEFT JOIN groups {p} ON {p}.style_id = {alias}.style_id AND {p}.market = {alias}.market"
        f" AND {on}"
        for p, on in parts.items()
    )


def _judge_sql() -> str:
    """SQL adding every key of the scope to ``readiness`` with its indicators and codes.

    Findings are first summed up per (style, market, colorway or none, channel or none), so
    each key joins a few small groups instead of every finding of its style.
    """
    indicators = ", ".join(f"bool_or(f.indicator = '{i}') AS {i}" for i in INDICATOR_COLUMNS)
    lane, key = list(LANE_PARTS), ["l", *KEY_PARTS]
    lane_failed = ", ".join(f"{_failed(lane, i)} AS {i}" for i in INDICATOR_COLUMNS)
    failed = ", ".join(f"{_failed(key, i)} AS {i}_failed" for i in INDICATOR_COLUMNS)
    passes = ", ".join(f"NOT j.{i}_failed AS {i}" for i in INDICATOR_COLUMNS)
    failing = " + ".join(f"j.{i}_failed::INTEGER" for i in INDICATOR_COLUMNS)
    n = len(INDICATOR_COLUMNS)
    return f"""
        INSERT INTO readiness
        WITH scope AS (SELECT * FROM readiness_scope WHERE run_id = $run),
        lane_keys AS (
            SELECT s.style_id, m.market, unnest(m.channels) AS channel
            FROM scope s JOIN markets m USING (market)
        ),
        keys AS (
            SELECT l.style_id, c.color_code, l.market, l.channel
            FROM lane_keys l JOIN readiness_key_colorways c USING (style_id)
        ),
        groups AS (
            SELECT f.style_id, f.market, f.color_code, f.channel, {indicators},
                   list_sort(list_distinct(list(f.code) FILTER (WHERE i.mandatory))) AS blockers,
                   list_sort(list_distinct(list(f.code) FILTER (WHERE NOT i.mandatory))) AS warnings
            FROM new_findings f JOIN readiness_indicators i USING (indicator)
            GROUP BY ALL
        ),
        lanes AS (
            SELECT l.style_id, l.market, l.channel, {lane_failed},
                   {_merged(lane, "blockers")} AS blockers, {_merged(lane, "warnings")} AS warnings
            FROM lane_keys l
            {_joins("l", LANE_PARTS)}
        ),
        judged AS (
            SELECT k.style_id, k.color_code, k.market, k.channel, {failed},
                   {_merged(key, "blockers")} AS blockers, {_merged(key, "warnings")} AS warnings
            FROM keys k
            JOIN lanes l ON l.style_id = k.style_id AND l.market = k.market AND l.channel = k.channel
            {_joins("k", KEY_PARTS)}
        )
        SELECT j.style_id, j.color_code, j.market, j.channel, {passes},
               CAST(round(100.0 * ({n} - ({failing})) / {n}) AS INTEGER) AS score,
               len(j.blockers) = 0 AS ready, j.blockers, j.warnings,
               v.version AS rules_version, $run AS run_id, $now AS computed_at
        FROM judged j JOIN market_versions v ON v.market = j.market
    """


def _history_sql(compared: str) -> str:
    """SQL adding the rows this computation wrote that are new or changed to the history."""
    columns = [c.strip() for c in compared.split(",")]
    new = "struct_pack(" + ", ".join(f"{c} := n.{c}" for c in columns) + ")"
    old = "struct_pack(" + ", ".join(f"{c} := r.{c}" for c in columns) + ")"
    return f"""
        INSERT INTO readiness_changes BY NAME
        SELECT n.*, false AS removed
        FROM (SELECT * FROM readiness WHERE run_id = $run AND computed_at = $now) n
        LEFT JOIN old_readiness r
               ON r.style_id = n.style_id AND r.color_code = n.color_code
              AND r.market = n.market AND r.channel = n.channel
        WHERE r.style_id IS NULL OR {new} IS DISTINCT FROM {old}
    """


def compute(path: Path, run_id: str, full: bool, config: Config) -> dict[str, Any]:
    """Choose the scope, run the readiness suites on it and store the result."""
    digests = rule_digests(config)
    started = datetime.now(UTC)
    with (
        tempfile.TemporaryDirectory(prefix="launchsync-readiness-") as name,
        open_warehouse(path) as con,
    ):
        folder = Path(name)
        styles, every = choose_scope(con, run_id, full, digests, written_back(con, config))
        focus = focus_of(con, run_id, every)
        files: list[Path] = []
        if styles:
            with focused(con, focus), batch_file(con, folder) as catalog:
                materialize_checks(con, run_id, every, catalog)
            files = run_suites_isolated(GROUP, folder)
        counts = record_readiness(con, run_id, files, digests, started, focus)
        ready, total = con.execute(
            "SELECT coalesce(sum(ready_keys), 0), coalesce(sum(keys), 0) FROM readiness_cells"
        ).fetchone() or (0, 0)
    return {**counts, "full": every, "ready": ready, "total": total}


def publish_artifacts(path: Path, result: dict[str, Any]) -> None:
    """Publish the readiness summary as Prefect artifacts: Markdown and the matrix as a table."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    from launchsync.report import Scope, markdown, matrix_rows, summarize

    if not result["total"]:
        return
    with open_warehouse(path) as con:
        report = summarize(con, Scope())
    publish(
        create_markdown_artifact,
        key="launch-readiness",
        kept_in="readiness",
        markdown=markdown(report, result),
        description=f"Launch readiness after run {report.run_id}",
    )
    publish(
        create_table_artifact,
        key="readiness-matrix",
        kept_in="readiness",
        table=matrix_rows(report),
        description="Colorways and styles ready per market and channel",
    )


@task(cache_policy=NO_CACHE)
def assess_readiness(run_id: str, warehouse: str, full: bool = False) -> dict[str, Any]:
    """Recompute the readiness of what changed (everything when ``full``) and publish it."""
    log = get_run_logger()
    config = load_config(load_settings().config)
    result = compute(Path(warehouse), run_id, full, config)
    publish_artifacts(Path(warehouse), result)
    log.info(
        "readiness: %d keys of %d styles recomputed (%s), %d changed; %d of %d keys ready",
        result["keys"],
        result["styles"],
        "everything" if result["full"] else "changes only",
        result["changed"],
        result["ready"],
        result["total"],
    )
    return result
