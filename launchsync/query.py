"""``launchsync sql`` and ``launchsync export``: read-only access to the warehouse.

Both read the published copy of the warehouse (the state after the latest run, see
``warehouse.read_copy.publish_read_copy``), so a query never waits for a sync, never blocks
one, and never sees half of a run. A warehouse without a copy yet is read directly. The
connection is read-only and cannot reach files or other databases, so no statement can change
anything.
"""

import csv
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import orjson
import pyarrow as pa
import pyarrow.parquet as pq
from rich.console import Console
from rich.table import Table

from launchsync.errors import LaunchsyncError
from launchsync.settings import load_settings
from warehouse.db import connect
from warehouse.read_copy import read_copy

FORMATS = ("table", "csv", "json", "parquet")


@contextmanager
def reader(warehouse: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the published copy (or the warehouse itself, before any run)."""
    path = warehouse or load_settings().warehouse
    copy = read_copy(path)
    con = connect(copy if copy.exists() else path, read_only=True)
    try:
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        yield con
    finally:
        con.close()


def _refused(exc: duckdb.Error) -> LaunchsyncError:
    message = str(exc).splitlines()[0]
    if "read-only" in message or "operations are disabled" in message:
        return LaunchsyncError(
            "launchsync sql is read-only: the warehouse cannot be changed through it"
            " (use the sync, or `launchsync export` for files)"
        )
    return LaunchsyncError(f"SQL error: {message}")


def run_query(
    query: str, fmt: str, max_rows: int, console: Console, out: Path | None = None
) -> None:
    """Run ``query`` read-only and print the result, or write it to ``out``.

    Raises:
        LaunchsyncError: unknown format, parquet without --out, a write statement, or an SQL
            error (one line).
    """
    if fmt not in FORMATS:
        raise LaunchsyncError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if fmt == "parquet" and out is None:
        raise LaunchsyncError("--format parquet writes a file: add --out FILE")
    if fmt == "table" and out is not None:
        raise LaunchsyncError("--out writes csv, json or parquet: add --format")
    with reader() as con:
        try:
            if fmt == "parquet":
                relation = con.sql(query)
                if relation is not None:
                    _write_parquet(relation.to_arrow_table(), out, console)
                return
            result = con.execute(query)
        except duckdb.Error as exc:
            raise _refused(exc) from None
        if result.description is None:
            return
        columns = [d[0] for d in result.description]
        rows = result.fetchall()
    if fmt == "table":
        table = Table(*columns, show_lines=False)
        for row in rows[:max_rows]:
            table.add_row(*("" if v is None else str(v) for v in row))
        console.print(table)
        more = f" (showing {max_rows})" if len(rows) > max_rows else ""
        console.print(f"{len(rows)} rows{more}", style="dim")
        return
    with _output(out) as stream:
        if fmt == "csv":
            writer = csv.writer(stream)
            writer.writerow(columns)
            writer.writerows(rows)
        else:
            records = [dict(zip(columns, row, strict=True)) for row in rows]
            stream.write(orjson.dumps(records, default=str).decode() + "\n")


def _write_parquet(table: pa.Table, out: Path | None, console: Console) -> None:
    assert out is not None
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, out)
    console.print(f"{table.num_rows} rows written to {out}", style="dim")


@contextmanager
def _output(out: Path | None) -> Iterator:
    if out is None:
        yield sys.stdout
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as stream:
        yield stream


def export_tables(out_dir: Path, console: Console) -> dict[str, int]:
    """Write every table and every current-state view of the warehouse as Parquet files.

    History tables (``*_history``) carry every version; the view of the same name without the
    suffix is the current state. A ``manifest.json`` lists the files, their row counts and the
    latest run they include.

    Returns:
        Rows written per file name.
    """
    written: dict[str, int] = {}
    out_dir.mkdir(parents=True, exist_ok=True)
    with reader() as con:
        names = [
            n
            for (n,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
                " AND table_name NOT LIKE 'batch\\_%' ESCAPE '\\'"
                " UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main'"
                " AND view_name || '_history' IN (SELECT table_name FROM duckdb_tables())"
                " ORDER BY 1"
            ).fetchall()
        ]
        latest = con.execute("SELECT max_by(run_id, started_at) FROM sync_runs").fetchall()[0]
        for name in names:
            batches = con.sql(f'SELECT * FROM "{name}"').to_arrow_reader()
            path = out_dir / f"{name}.parquet"
            with pq.ParquetWriter(path, batches.schema) as writer:
                rows = 0
                for batch in batches:
                    writer.write_batch(batch)
                    rows += batch.num_rows
            written[name] = rows
            console.print(f"{name}: {rows} rows", style="dim")
    manifest = {"run_id": latest[0] if latest else None, "files": written}
    (out_dir / "manifest.json").write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    return written
