"""Run a group of suites against the warehouse; failing rows are selected by SQL.

A suite file is a Great Expectations suite (``name``, ``expectations``) whose ``meta`` names
the facts it validates (``table``), the key columns that identify a failing row (``keys``) and,
for readiness suites, the ``indicator`` it feeds. Each expectation's ``meta.reason`` is the
code a failure gives; it may name key columns in braces (``LOCALE_MISSING:{locale}:{field}``).
The facts of ``meta.table`` = ``x`` come from the warehouse view ``check_x``; a run copies the
rows in its scope into the table ``batch_x`` of a small batch file beside the run
(``batch_file``), which Great Expectations reads in the validation service while the run keeps
the warehouse open.

Great Expectations judges each expectation and hands back the SQL that selects its failing
rows; DuckDB runs that query straight into a Parquet file, so no failing row passes through
Python.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from launchsync.errors import LaunchsyncError

FAILURE_SCHEMA = {
    "suite": pl.Utf8,
    "indicator": pl.Utf8,
    "reason": pl.Utf8,
    "detail": pl.Utf8,
    "style_id": pl.Utf8,
    "record_key": pl.Utf8,
    "color_code": pl.Utf8,
    "market": pl.Utf8,
    "channel": pl.Utf8,
}
# Key columns a failure is placed by when a suite has them.
PLACEMENT = ("color_code", "market", "channel")
_FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class SuiteError(LaunchsyncError):
    """A suite file is wrong or an expectation could not run."""


@dataclass(frozen=True)
class Suite:
    """A suite file of a group."""

    name: str
    table: str
    keys: tuple[str, ...]
    indicator: str | None
    document: dict[str, Any]


def _domain_columns(kwargs: dict[str, Any]) -> list[str]:
    if "column" in kwargs:
        return [kwargs["column"]]
    if "column_A" in kwargs:
        return [kwargs["column_A"], kwargs["column_B"]]
    return list(kwargs.get("column_list", []))


def _check(group: str, file: str, suite: Suite) -> None:
    if not suite.keys or suite.keys[0] != "style_id":
        raise SuiteError(f"suite file {group}/{file}: meta.keys must start with style_id")
    for expectation in suite.document["expectations"]:
        reason = (expectation.get("meta") or {}).get("reason")
        if not reason:
            raise SuiteError(
                f"suite file {group}/{file}: {expectation.get('type')} has no meta.reason"
            )
        known = set(suite.keys) | set(_domain_columns(expectation.get("kwargs", {})))
        for name in _FIELD.findall(reason):
            if name not in known:
                raise SuiteError(
                    f"suite file {group}/{file}: reason {reason} names {name}, "
                    "which is neither a key nor the checked column"
                )


def load_suites(group: str) -> list[Suite]:
    """The suites of a group folder, by file name.

    Raises:
        SuiteError: a file is not JSON, lacks the table/keys metadata or a reason.
    """
    folder = resources.files("expectations") / group
    if not folder.is_dir():
        raise SuiteError(f"no suites in expectations/{group}")
    suites = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        try:
            document = json.loads(entry.read_text())
            meta = document["meta"]
            suite = Suite(
                document["name"],
                meta["table"],
                tuple(meta["keys"]),
                meta.get("indicator"),
                document,
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise SuiteError(f"suite file {group}/{entry.name} is not usable: {exc}") from None
        _check(group, entry.name, suite)
        suites.append(suite)
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


BATCH_FILE = "batches.duckdb"


@contextmanager
def batch_file(con: duckdb.DuckDBPyConnection, folder: Path) -> Iterator[str]:
    """Attach a new batch file in ``folder`` to the run's warehouse for the block.

    Yields the catalog to create the batch tables in (``{catalog}.batch_x``). The file is
    detached (written and closed) when the block ends, so the validation service can open it
    as its own database (``folder / BATCH_FILE``) while the warehouse stays the run's: no
    checkpoint of the warehouse and no cold reopen in the middle of a run.
    """
    path = folder / BATCH_FILE
    path.unlink(missing_ok=True)
    catalog = f"batches_{uuid.uuid4().hex[:12]}"
    con.execute(f"ATTACH {_text(str(path))} AS {catalog}")
    try:
        yield catalog
    finally:
        con.execute(f"DETACH {catalog}")


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


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _column(name: str) -> str:
    return f'CAST("{name}" AS VARCHAR)'


def reason_sql(template: str) -> str:
    """SQL that fills a reason template's ``{column}`` parts from the failing row."""
    parts, last = [], 0
    for match in _FIELD.finditer(template):
        if match.start() > last:
            parts.append(_text(template[last : match.start()]))
        parts.append(f"coalesce({_column(match.group(1))}, '')")
        last = match.end()
    if last < len(template):
        parts.append(_text(template[last:]))
    return " || ".join(parts) or "''"


def _failing_rows_sql(suite: Suite, config: Any, query: str) -> str:
    """SQL over GX's failing-rows query giving the columns of ``FAILURE_SCHEMA``."""
    columns = _domain_columns(config.kwargs)
    shown = [k for k in suite.keys if k != "style_id"] + [c for c in columns if c not in suite.keys]
    detail = ", ".join(f"{_text(c + '=')} || coalesce({_column(c)}, 'null')" for c in shown)
    none = "CAST(NULL AS VARCHAR)"
    placed = {k: (_column(k) if k in suite.keys else none) for k in PLACEMENT}
    record_key = _column(suite.keys[1]) if len(suite.keys) > 1 else none
    return f"""
        SELECT {_text(suite.name)} AS suite, {_text(suite.indicator or "")} AS indicator,
               {reason_sql(config.meta["reason"])} AS reason,
               {f"concat_ws(', ', {detail})" if shown else none} AS detail,
               CAST(style_id AS VARCHAR) AS style_id, {record_key} AS record_key,
               {placed["color_code"]} AS color_code, {placed["market"]} AS market,
               {placed["channel"]} AS channel
        FROM ({query.strip().rstrip(";")}) AS failing
    """


def export_failures(con: duckdb.DuckDBPyConnection, group: str, folder: Path) -> list[Path]:
    """Validate the batch tables of a group with Great Expectations, by SQL.

    Each failing expectation's rows go to a Parquet file in ``folder`` with the columns of
    ``FAILURE_SCHEMA``.

    Returns:
        The files written.

    Raises:
        SuiteError: an expectation raised instead of returning a result, or its failing rows
            could not be selected exactly.
    """
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    from expectations import custom  # noqa: F401 - registers the custom expectations
    from expectations.gx_duckdb import duckdb_datasource

    suites = load_suites(group)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    # An ephemeral context is never read back from its store, yet GX serialises the whole
    # project to YAML each time an asset or batch definition is added (about 50 ms per suite).
    context._save_project_config = lambda: None
    files: list[Path] = []
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
                    "result_format": "BASIC",
                    "unexpected_index_column_names": list(suite.keys),
                    "return_unexpected_index_query": True,
                }
            )
            for item in result.results:
                path = folder / f"{suite.name}.{len(files)}.parquet"
                if _export(con, suite, item, path):
                    files.append(path)
    return files


def _export(con: duckdb.DuckDBPyConnection, suite: Suite, item: Any, path: Path) -> bool:
    config = item.expectation_config
    where = f"suite {suite.name}: {config.type} on {', '.join(_domain_columns(config.kwargs))}"
    problem = _raised(item.exception_info)
    if problem:
        raise SuiteError(f"{where} could not run: {problem}")
    if item.success:
        return False
    query = item.result.get("unexpected_index_query")
    expected = item.result.get("unexpected_count")
    if not isinstance(query, str) or not expected:
        # A failure that names no rows must not let every row pass.
        raise SuiteError(f"{where} failed without naming the failing rows")
    sql = _failing_rows_sql(suite, config, query)
    con.execute(f"COPY ({sql}) TO '{path}' (FORMAT parquet)")
    written = con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()[0][0]
    if written != expected:
        raise SuiteError(f"{where}: {expected} rows failed but {written} were selected")
    return True


def read_failures(files: list[Path]) -> pl.DataFrame:
    """The failures in files written by ``export_failures``."""
    if not files:
        return pl.DataFrame(schema=FAILURE_SCHEMA)
    return pl.concat([pl.read_parquet(f).cast(FAILURE_SCHEMA) for f in files])  # type: ignore[arg-type]


def run_suites(con: duckdb.DuckDBPyConnection, group: str) -> pl.DataFrame:
    """Validate a group's batch tables in this process and return the failures."""
    with tempfile.TemporaryDirectory(prefix="launchsync-failures-") as folder:
        return read_failures(export_failures(con, group, Path(folder)))
