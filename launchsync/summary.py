"""Human-readable summaries of sync runs for the terminal."""

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from warehouse.db import connect, scalar


def counts_table(title: str, runs: dict[str, dict[str, Any]]) -> Table:
    """A table of the main counts, one column per run."""
    table = Table(title=title, title_justify="left")
    table.add_column("")
    for name in runs:
        table.add_column(name, justify="right")
    rows = (
        ("records pulled", "pulled"),
        ("malformed records", "rejected"),
        ("styles validated", "validated"),
        ("styles held back now", "quarantined"),
        ("objects created in 4ALLPORTAL", "created"),
        ("objects updated", "updated"),
        ("objects deleted", "deleted"),
        ("writes refused by 4ALLPORTAL", "push_rejected"),
    )
    for label, key in rows:
        table.add_row(label, *(str(r.get(key, 0)) for r in runs.values()))
    return table


def print_run(console: Console, result: dict[str, Any]) -> None:
    """Summary of one sync run."""
    console.print(counts_table(f"Run {result['run_id']}", {"this run": result}))


def quarantine_table(warehouse: Path, limit: int = 10) -> Table:
    """The styles held back, with reasons, read from the warehouse."""
    con = connect(warehouse, read_only=True)
    try:
        rows = con.execute(
            "SELECT style_number, season, reasons, details[1] FROM quarantined_styles"
            " ORDER BY season, style_number LIMIT ?",
            [limit],
        ).fetchall()
        total = scalar(con, "SELECT count(*) FROM quarantined_styles")
    finally:
        con.close()
    table = Table(
        title=f"Styles held back ({total}; first {min(limit, total)})", title_justify="left"
    )
    for column in ("style", "season", "reasons", "first detail"):
        table.add_column(column)
    for number, season, reasons, detail in rows:
        table.add_row(str(number), str(season), ", ".join(reasons), str(detail or ""))
    return table


def print_demo(
    console: Console,
    warehouse: Path,
    first: dict[str, Any],
    second: dict[str, Any],
    changed: dict[str, Any],
) -> None:
    """Summary of the demo: both runs, what was held back, where to look next."""
    console.print(
        counts_table("launchsync demo", {"first sync": first, "after one change": second})
    )
    console.print(quarantine_table(warehouse))
    console.print(f"Changed in Centric between the runs: style {changed['code']} (description).")
    console.print(f"Warehouse: {warehouse}")
    console.print("Look around:")
    console.print(
        f"  LAUNCHSYNC_WAREHOUSE={warehouse} launchsync sql 'SELECT * FROM quarantined_styles'"
    )
    console.print(
        f"  LAUNCHSYNC_WAREHOUSE={warehouse} launchsync sql 'SELECT flow, status, counts FROM sync_runs'"
    )
