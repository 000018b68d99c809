"""Run a group of suites against the warehouse and return one row per failing record.

A suite file is a Great Expectations suite (``name``, ``expectations``) whose ``meta`` names
the facts it validates and the key columns that identify a failing row; each expectation's
``meta.reason`` is the reason code a failure gives. The facts of ``meta.table`` = ``x`` come
from the warehouse view ``check_x``; a run copies the rows in its scope into ``batch_x``,
which Great Expectations reads.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from launchsync.errors import LaunchsyncError

FAILURE_SCHEMA = {
    "style_id": pl.Utf8,
    "reason": pl.Utf8,
    "detail": pl.Utf8,
    "suite": pl.Utf8,
    "record_key": pl.Utf8,
}


class SuiteError(LaunchsyncError):
    """A suite file is wrong or an expectation could not run."""


@dataclass(frozen=True)
class Suite:
    """A suite file of a group."""

    name: str
    table: str
    keys: tuple[str, ...]
    document: dict[str, Any]


def load_suites(group: str) -> list[Suite]:
    """The suites of a group folder, by file name.

    Raises:
        SuiteError: a file is not JSON or lacks the table/keys metadata.
    """
    folder = resources.files("expectations") / group
    suites = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        try:
            document = json.loads(entry.read_text())
            meta = document["meta"]
            suites.append(Suite(document["name"], meta["table"], tuple(meta["keys"]), document))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise SuiteError(f"suite file {group}/{entry.name} is not usable: {exc}") from None
    if not suites:
        raise SuiteError(f"no suites in expectations/{group}")
    return suites


def suites_digest(group: str) -> str:
    """A digest of a group's suite files; verdicts made under other rules get revalidated."""
    digest = hashlib.sha256()
    for suite in load_suites(group):
        digest.update(json.dumps(suite.document, sort_keys=True).encode())
    return digest.hexdigest()[:12]


def batch_table(suite: Suite) -> str:
    """The table a run fills with the facts to validate for ``suite``."""
    return f"batch_{suite.table}"


def facts_view(suite: Suite) -> str:
    """The warehouse view with the facts ``suite`` checks, over all styles."""
    return f"check_{suite.table}"


def _raised(exception_info: Any) -> str | None:
    """The message of an exception GX caught, in either shape GX reports it."""
    if not exception_info:
        return None
    if "raised_exception" in exception_info:
        infos = [exception_info]
    else:
        infos = [v for v in exception_info.values() if isinstance(v, dict)]
    for info in infos:
        if info.get("raised_exception"):
            return str(info.get("exception_message")).splitlines()[0]
    return None


def _detail(entry: dict[str, Any], column: str | None, keys: tuple[str, ...]) -> str:
    parts = [f"{k}={entry[k]}" for k in keys if k != "style_id" and k in entry]
    if column and column not in keys:
        parts.append(f"{column}={entry.get(column)}")
    return ", ".join(parts)


def run_suites(con: duckdb.DuckDBPyConnection, group: str) -> pl.DataFrame:
    """Validate the batch tables of a group with Great Expectations, by SQL.

    Returns:
        Failures: style_id, reason, detail, suite, record_key (the second key column).

    Raises:
        SuiteError: an expectation raised instead of returning a result.
    """
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    from expectations import gtin  # noqa: F401 - registers the custom expectation
    from expectations.gx_duckdb import duckdb_datasource

    suites = load_suites(group)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    failures: list[dict[str, Any]] = []
    with duckdb_datasource(context, con, "warehouse") as datasource:
        for suite in suites:
            rows = con.execute(f"SELECT count(*) FROM {batch_table(suite)}").fetchall()[0][0]
            if rows == 0:
                continue
            asset = datasource.add_table_asset(name=suite.name, table_name=batch_table(suite))
            batch = asset.add_batch_definition_whole_table("all")
            gx_suite = context.suites.add(
                gx.ExpectationSuite(
                    name=suite.name,
                    expectations=suite.document["expectations"],
                    meta=suite.document.get("meta", {}),
                )
            )
            definition = context.validation_definitions.add(
                gx.ValidationDefinition(name=suite.name, data=batch, suite=gx_suite)
            )
            result = definition.run(
                result_format={
                    "result_format": "COMPLETE",
                    "unexpected_index_column_names": list(suite.keys),
                    "partial_unexpected_count": rows,
                    "return_unexpected_index_query": False,
                }
            )
            failures.extend(_failures(suite, result))
    return pl.DataFrame(failures, schema=FAILURE_SCHEMA)


def _failures(suite: Suite, result: Any) -> list[dict[str, Any]]:
    found = []
    for item in result.results:
        config = item.expectation_config
        where = f"suite {suite.name}: {config.type} on {config.kwargs.get('column')}"
        problem = _raised(item.exception_info)
        if problem:
            raise SuiteError(f"{where} could not run: {problem}")
        if item.success:
            continue
        reason = (config.meta or {}).get("reason")
        if not reason:
            raise SuiteError(f"{where} has no meta.reason")
        entries = item.result.get("unexpected_index_list")
        if not entries:
            # A failure that names no rows must not let every row pass.
            raise SuiteError(f"{where} failed without naming the failing rows")
        column = config.kwargs.get("column")
        for entry in entries:
            found.append(
                {
                    "style_id": entry.get("style_id"),
                    "reason": reason,
                    "detail": _detail(entry, column, suite.keys),
                    "suite": suite.name,
                    "record_key": entry.get(suite.keys[1]) if len(suite.keys) > 1 else None,
                }
            )
    return found


def run_suites_isolated(warehouse: Path, group: str, timeout: float = 1800.0) -> pl.DataFrame:
    """Run a group's suites in a separate process that opens the warehouse read-only.

    Great Expectations stays out of the calling process: its import time, its process-wide
    context and the DuckDB engine it keeps alive end with the child. The warehouse must not be
    open for writing by the caller meanwhile.

    Raises:
        SuiteError: the child failed; the message is its last error line.
    """
    with tempfile.TemporaryDirectory(prefix="launchsync-validate-") as folder:
        out = Path(folder) / "failures.arrow"
        try:
            child = subprocess.run(
                [sys.executable, "-m", "expectations.runner", str(warehouse), group, str(out)],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise SuiteError(
                f"validation of {group} took longer than {timeout:g} s and was stopped"
            ) from None
        if child.returncode != 0:
            lines = [line for line in child.stderr.splitlines() if line.strip()]
            last = next(
                (line for line in reversed(lines) if "Error" in line), lines[-1] if lines else ""
            )
            raise SuiteError(f"validation of {group} failed: {last.strip()}")
        return pl.read_ipc(out)


def _main(argv: list[str]) -> int:
    from warehouse.db import connect

    warehouse, group, out = Path(argv[0]), argv[1], Path(argv[2])
    con = connect(warehouse, read_only=True)
    try:
        failures = run_suites(con, group)
    finally:
        con.close()
    failures.write_ipc(out)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
