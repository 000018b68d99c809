"""Human-readable summaries of sync runs for the terminal."""

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from warehouse.db import connect, scalar

# What a run counts, as people read it.
COUNT_LABELS = (
    ("records pulled", "pulled"),
    ("malformed records", "rejected"),
    ("styles validated", "validated"),
    ("styles held back now", "quarantined"),
    ("records created", "created"),
    ("records updated", "updated"),
    ("records deleted", "deleted"),
    ("edits by the non-owning system", "conflicts"),
    ("writes refused by a system", "push_rejected"),
)


def run_markdown(flow: str, run_id: str, counts: dict[str, Any], error: str | None) -> str:
    """A run's outcome and counts as Markdown, for a Prefect artifact."""
    state = "failed" if error else "completed"
    lines = [f"# {flow} run {run_id}: {state}", ""]
    if error:
        lines += [f"**Error:** {error}", ""]
    lines += ["| | count |", "|---|---:|"]
    lines += [f"| {label} | {counts.get(key, 0)} |" for label, key in COUNT_LABELS]
    by_mapping = counts.get("by_mapping") or {}
    if by_mapping:
        lines += ["", "| mapping | created | updated | deleted |", "|---|---:|---:|---:|"]
        for name, c in sorted(by_mapping.items()):
            lines.append(f"| {name} | {c['created']} | {c['updated']} | {c['deleted']} |")
    readiness = counts.get("readiness")
    if readiness:
        lines += [
            "",
            f"Readiness: {readiness['keys']} keys recomputed, {readiness['changed']} changed;"
            f" {readiness['ready']} of {readiness['total']} keys ready.",
        ]
    return "\n".join(lines) + "\n"


def counts_table(title: str, runs: dict[str, dict[str, Any]]) -> Table:
    """A table of the main counts, one column per run."""
    table = Table(title=title, title_justify="left")
    table.add_column("")
    for name in runs:
        table.add_column(name, justify="right")
    for label, key in COUNT_LABELS:
        table.add_row(label, *(str(r.get(key, 0)) for r in runs.values()))
    return table


def mappings_table(result: dict[str, Any]) -> Table:
    """What each mapping wrote in a run."""
    table = Table(title="Written by mapping", title_justify="left")
    for column in ("mapping", "created", "updated", "deleted"):
        table.add_column(column, justify="left" if column == "mapping" else "right")
    for name, counts in sorted(result.get("by_mapping", {}).items()):
        table.add_row(name, *(str(counts[k]) for k in ("created", "updated", "deleted")))
    return table


def print_run(console: Console, result: dict[str, Any]) -> None:
    """Summary of one sync run."""
    console.print(counts_table(f"Run {result['run_id']}", {"this run": result}))
    if result.get("by_mapping"):
        console.print(mappings_table(result))


def blockers_table(warehouse: Path, limit: int = 8) -> Table:
    """The most frequent launch blockers of released styles."""
    con = connect(warehouse, read_only=True)
    try:
        rows = con.execute(
            "SELECT split_part(code, ':', 1) AS kind, count(DISTINCT style_id) AS styles FROM ("
            " SELECT style_id, unnest(blockers) AS code FROM readiness"
            " WHERE style_id IN (SELECT style_id FROM launch_styles))"
            " GROUP BY kind ORDER BY styles DESC, kind LIMIT ?",
            [limit],
        ).fetchall()
        released = scalar(con, "SELECT count(*) FROM launch_styles")
        ready = scalar(con, "SELECT count(*) FROM centric_styles WHERE bx_launch_status = 'ready'")
    finally:
        con.close()
    table = Table(
        title=f"Launch blockers ({ready} of {released} released styles ready)", title_justify="left"
    )
    table.add_column("blocker")
    table.add_column("styles", justify="right")
    for kind, styles in rows:
        table.add_row(kind, str(styles))
    return table


def readiness_matrix(warehouse: Path) -> Table:
    """Colorways ready per market and channel, and the most frequent blockers of each market."""
    con = connect(warehouse, read_only=True)
    try:
        cells = con.execute(
            "SELECT market, channel, count(*) FILTER (WHERE ready), count(*) FROM readiness"
            " GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        top = dict(
            con.execute(
                "SELECT market, list(blocker ORDER BY n DESC, blocker)[:3] FROM ("
                " SELECT market, blocker, sum(variants) AS n FROM readiness_blocker_counts"
                " GROUP BY ALL) GROUP BY market"
            ).fetchall()
        )
    finally:
        con.close()
    channels = sorted({c for _, c, _, _ in cells})
    table = Table(title="Launch readiness (colorways ready / judged)", title_justify="left")
    table.add_column("market")
    for channel in channels:
        table.add_column(channel, justify="right")
    table.add_column("top blockers")
    for market in sorted({m for m, _, _, _ in cells}):
        row = {c: f"{r} / {n}" for m, c, r, n in cells if m == market}
        table.add_row(market, *(row.get(c, "—") for c in channels), ", ".join(top.get(market, [])))
    return table


def print_readiness(console: Console, warehouse: Path, result: dict[str, Any]) -> None:
    """Summary of a readiness computation."""
    how = "every key" if result["full"] else "changes only"
    console.print(
        f"Readiness: {result['keys']} keys of {result['styles']} styles recomputed ({how}),"
        f" {result['changed']} changed; {result['ready']} of {result['total']} keys ready."
    )
    console.print(readiness_matrix(warehouse))


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


def rights_table(warehouse: Path) -> Table:
    """Licensed stock from Smint.io by rights status, and where it may be used."""
    con = connect(warehouse, read_only=True)
    try:
        rows = con.execute(
            "SELECT rights_status, count(DISTINCT transaction_id), list(DISTINCT c ORDER BY c) FILTER (WHERE c IS NOT NULL)"
            " FROM (SELECT rights_status, unnest(CASE WHEN len(commerce_channels) = 0 THEN [NULL]"
            " ELSE commerce_channels END) AS c, transaction_id FROM smintio_license_status)"
            " GROUP BY rights_status ORDER BY rights_status"
        ).fetchall()
    finally:
        con.close()
    table = Table(title="Licensed stock from Smint.io", title_justify="left")
    for column in ("rights", "images", "offered for"):
        table.add_column(column, justify="right" if column == "images" else "left")
    for status, count, channels in rows:
        table.add_row(status, str(count), ", ".join(channels or []) or "no channel")
    return table


def print_demo(
    console: Console,
    warehouse: Path,
    first: dict[str, Any],
    second: dict[str, Any],
    changed: dict[str, Any],
) -> None:
    """Summary of the demo: both runs, what was written, held back and blocked, where to look."""
    runs = {"first sync": first, "after one change": second}
    console.print(counts_table("launchsync demo", runs))
    console.print(mappings_table(first))
    console.print(quarantine_table(warehouse))
    console.print(blockers_table(warehouse))
    console.print(readiness_matrix(warehouse))
    console.print(rights_table(warehouse))
    console.print(f"Changed in Centric between the runs: style {changed['code']} (description).")
    console.print(f"Warehouse: {warehouse}")
    console.print("Look around:")
    for query in (
        "SELECT * FROM quarantined_styles",
        "SELECT * FROM readiness_findings LIMIT 20",
        "SELECT * FROM readiness_by_style WHERE NOT ready LIMIT 20",
        "SELECT flow, status, counts FROM sync_runs",
        "SELECT content_name, territory, usage, valid_until, status FROM smintio_rights",
    ):
        console.print(
            f"  LAUNCHSYNC_WAREHOUSE={warehouse} launchsync sql '{query}'", soft_wrap=True
        )
