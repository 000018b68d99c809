"""``launchsync sql``: read-only queries on the warehouse."""

import csv
import sys

import duckdb
import orjson
from rich.console import Console
from rich.table import Table

from launchsync.errors import LaunchsyncError
from launchsync.settings import load_settings
from warehouse.db import connect

FORMATS = ("table", "csv", "json")


def run_query(query: str, fmt: str, max_rows: int, console: Console) -> None:
    """Run ``query`` on a read-only connection and print the result.

    Raises:
        LaunchsyncError: unknown format, a write statement, or an SQL error (one line).
    """
    if fmt not in FORMATS:
        raise LaunchsyncError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    con = connect(load_settings().warehouse, read_only=True)
    try:
        try:
            result = con.execute(query)
        except duckdb.Error as exc:
            message = str(exc).splitlines()[0]
            if "read-only" in message:
                raise LaunchsyncError(
                    "launchsync sql is read-only: the warehouse cannot be changed through it"
                ) from None
            raise LaunchsyncError(f"SQL error: {message}") from None
        if result.description is None:
            return
        columns = [d[0] for d in result.description]
        rows = result.fetchall()
    finally:
        con.close()
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        sys.stdout.write(orjson.dumps(records, default=str).decode() + "\n")
    else:
        table = Table(*columns, show_lines=False)
        for row in rows[:max_rows]:
            table.add_row(*("" if v is None else str(v) for v in row))
        console.print(table)
        more = f" (showing {max_rows})" if len(rows) > max_rows else ""
        console.print(f"{len(rows)} rows{more}", style="dim")
