"""Markdown documentation of the warehouse schema, generated from the DuckDB catalog.

The document lists every table, view and table macro of schema ``main`` with the comments the
migrations set (``COMMENT ON ...``), grouped by what they hold. It is built from a freshly
migrated in-memory database, so it shows exactly what ``warehouse/migrations`` creates::

    python -m warehouse.schema_docs            # rewrite docs/schema.md
    python -m warehouse.schema_docs --check    # exit 1 if docs/schema.md is out of date

Left out: anything outside schema ``main`` or outside the database itself (temporary tables,
such as the staging copies of history tables a pull fills, and registered frames), DuckDB's
own objects, and
the ``schema_migrations`` bookkeeping table as long as it has no comment.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.db import migrate, row, scalar

DOCS_PATH = Path(__file__).resolve().parent.parent / "docs" / "schema.md"
REGENERATE = "python -m warehouse.schema_docs"
BOOKKEEPING_TABLE = "schema_migrations"

TABLE, VIEW, TABLE_MACRO = "table", "view", "table macro"


@dataclass(frozen=True)
class Column:
    """One column of a table or view."""

    name: str
    type: str
    nullable: bool
    comment: str | None


@dataclass(frozen=True)
class SchemaObject:
    """A documented table, view or table macro."""

    name: str
    kind: str
    comment: str | None
    columns: tuple[Column, ...] = ()
    parameters: tuple[tuple[str, ...], ...] = ()
    """Parameter lists of a table macro, one per overload."""


@dataclass(frozen=True)
class Group:
    """A section of the document: objects named in ``names`` or starting with a prefix."""

    title: str
    summary: str
    names: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()


GROUPS = (
    Group(
        "Runs and landing",
        "Flow runs, pulls (snapshots) with the raw records they brought, incremental cursors "
        "and webhook deliveries.",
        names=frozenset(
            {"sync_runs", "snapshots", "raw_records", "sync_cursors", "webhook_events"}
        ),
    ),
    Group(
        "Changes over time",
        "What changed in the history tables, across systems and between runs.",
        names=frozenset({"record_changes", "changes_between"}),
    ),
    Group(
        "Centric PLM",
        "History of every Centric entity read, views of its current version, and what "
        "launchsync wants Centric to hold (`centric_desired_*`).",
        prefixes=("centric_",),
    ),
    Group(
        "4ALLPORTAL",
        "History of the 4ALLPORTAL objects read, their current fields and files, and what "
        "launchsync wants 4ALLPORTAL to hold (`fourallportal_desired_*`).",
        prefixes=("fourallportal_",),
    ),
    Group(
        "Smint.io",
        "License purchases, campaign assets and the records launchsync pushes to Smint.io, "
        "the rights they grant, and what launchsync wants Smint.io to hold "
        "(`smintio_desired_*`).",
        prefixes=("smintio_",),
    ),
    Group(
        "Validation, quarantine and transfer",
        "Which styles are validated, held back or transferred to 4ALLPORTAL, and the facts "
        "the variant suites check (`check_variant_*`).",
        names=frozenset(
            {
                "validations",
                "validation_scope",
                "style_verdicts",
                "style_status",
                "quarantine",
                "quarantined_styles",
                "transfer_candidates",
                "transferred_styles",
                "transferred_products",
                "approved_composition",
                "style_composition",
                "linked_files",
            }
        ),
        prefixes=("check_variant_",),
    ),
    Group(
        "Launch readiness",
        "Readiness of every (style, colorway, market, channel), the facts the readiness suites "
        "check (`check_readiness_*`), its history per run and roll-ups; see "
        "[readiness](readiness.md).",
        names=frozenset({"launch_styles", "product_files", "product_texts"}),
        prefixes=("readiness", "check_readiness_"),
    ),
    Group(
        "Write-back ledger, baselines and conflicts",
        "What launchsync wrote to the target systems, the last values it wrote or confirmed, "
        "field-level differences and conflicting edits.",
        names=frozenset({"push_ledger", "sync_baseline", "field_changes", "conflicts"}),
    ),
    Group(
        "Rules and configuration",
        "Rules from launchsync.toml and the expectations folder, rewritten by every run.",
        names=frozenset(
            {
                "markets",
                "channels",
                "milestone_rules",
                "rule_settings",
                "launch_dates",
                "readiness_indicators",
                "channel_asset_rules",
                "fiber_names",
                "content_limits",
                "content_requirements",
                "creative_asset_types",
                "channel_usages",
            }
        ),
    ),
)
OTHER = Group("Other", "Objects not in any of the groups above.")


def group_of(name: str) -> Group:
    """The group an object belongs to: by exact name first, then by its longest prefix."""
    for group in GROUPS:
        if name in group.names:
            return group
    matches = [(len(p), i) for i, g in enumerate(GROUPS) for p in g.prefixes if name.startswith(p)]
    if not matches:
        return OTHER
    return GROUPS[max(matches)[1]]


def _text(comment: str | None) -> str | None:
    """A comment without surrounding or repeated whitespace; None when empty."""
    if comment is None:
        return None
    text = " ".join(comment.split())
    return text or None


def documented_objects(con: duckdb.DuckDBPyConnection) -> list[SchemaObject]:
    """Every table, view and table macro the document lists, sorted by name.

    Only objects of schema ``main`` of the connection's own database count: temporary tables
    (the staging copies of history tables among them), registered frames and DuckDB's internal objects do
    not, nor the migrations bookkeeping table while it has no comment.
    """
    where = "database_name = current_database() AND schema_name = 'main' AND NOT internal"
    columns: dict[str, list[Column]] = {}
    for table, name, data_type, nullable, comment in con.execute(
        "SELECT table_name, column_name, data_type, is_nullable, comment FROM duckdb_columns() "
        f"WHERE {where} ORDER BY table_name, column_index"
    ).fetchall():
        columns.setdefault(table, []).append(Column(name, data_type, nullable, _text(comment)))
    found: list[SchemaObject] = []
    relations = con.execute(
        f"SELECT table_name, '{TABLE}', comment FROM duckdb_tables() "
        f"WHERE {where} AND NOT temporary "
        f"UNION ALL SELECT view_name, '{VIEW}', comment FROM duckdb_views() "
        f"WHERE {where} AND NOT temporary"
    ).fetchall()
    for name, kind, comment in relations:
        if name == BOOKKEEPING_TABLE and _text(comment) is None:
            continue
        found.append(SchemaObject(name, kind, _text(comment), tuple(columns.get(name, ()))))
    macros: dict[str, tuple[str | None, list[tuple[str, ...]]]] = {}
    for name, parameters, types, comment in con.execute(
        "SELECT function_name, parameters, parameter_types, comment FROM duckdb_functions() "
        f"WHERE {where} AND function_type = 'table_macro'"
    ).fetchall():
        types = types or []
        signature = tuple(
            f"{p} {types[i]}" if i < len(types) and types[i] else p
            for i, p in enumerate(parameters)
        )
        entry = macros.setdefault(name, (None, []))
        macros[name] = (entry[0] or _text(comment), [*entry[1], signature])
    for name, (comment, signatures) in macros.items():
        found.append(SchemaObject(name, TABLE_MACRO, comment, parameters=tuple(sorted(signatures))))
    return sorted(found, key=lambda o: (o.name, o.kind))


_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def _escape(text: str) -> str:
    """Markdown-escape text for a paragraph or a table cell (keeps intraword underscores)."""
    for char in "\\`*[]<>|":
        text = text.replace(char, "\\" + char)
    return _UNDERSCORE.sub(r"\\_", text)


def _code(text: str) -> str:
    """Inline code, safe in a table cell."""
    return "`" + text.replace("|", "\\|") + "`"


class _Slugs:
    """Heading anchors as GitHub makes them, numbering repeated ones."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, heading: str) -> str:
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        count = self.seen.get(slug, 0)
        self.seen[slug] = count + 1
        return slug if count == 0 else f"{slug}-{count}"


def _latest_migration(con: duckdb.DuckDBPyConnection) -> str | None:
    """``NNNN_name`` of the highest applied migration, None without the bookkeeping table."""
    exists = scalar(
        con,
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND table_name = ?",
        [BOOKKEEPING_TABLE],
    )
    if not exists:
        return None
    latest = row(
        con, f"SELECT version, name FROM {BOOKKEEPING_TABLE} ORDER BY version DESC LIMIT 1"
    )
    return f"{latest[0]:04d}_{latest[1]}" if latest else None


def _intro(con: duckdb.DuckDBPyConnection, objects: list[SchemaObject]) -> list[str]:
    counts = {kind: sum(o.kind == kind for o in objects) for kind in (TABLE, VIEW, TABLE_MACRO)}
    latest = _latest_migration(con)
    listed = any(o.name == BOOKKEEPING_TABLE for o in objects)
    scope = f"Schema after migration `{latest}`: " if latest else "Schema: "
    left_out = (
        "Not listed: the temporary staging copies of history tables, which only hold pulled "
        "rows until they are merged (`warehouse/history.py`)"
        + ("." if listed else ", and the `schema_migrations` table of applied migrations.")
    )
    return [
        "# Warehouse schema",
        "",
        f"<!-- Generated by `{REGENERATE}` from the migrations; do not edit. -->",
        "",
        "Every table, view and table macro of the DuckDB warehouse, with the comments its "
        "migrations (`warehouse/migrations/*.sql`) give them. This file is generated from the "
        "catalog of a freshly migrated database: do not edit it, change or add a migration "
        "(`COMMENT ON ...` for the texts) and regenerate it.",
        "",
        "```sh",
        f"{REGENERATE}            # rewrite docs/schema.md",
        f"{REGENERATE} --check    # exit 1 if docs/schema.md is out of date",
        "```",
        "",
        "`tests/warehouse/test_schema_docs.py` fails while this file is out of date, and while a "
        "table, view or column has no comment.",
        "",
        f"{scope}{counts[TABLE]} tables, {counts[VIEW]} views and {counts[TABLE_MACRO]} table "
        f"macros. {left_out}",
        "",
        "A `*_history` table holds every version of a record (SCD type 2): its fields, then "
        "`_hash` (content hash), `_valid_from`, `_valid_to` (null while current), "
        "`_snapshot_id` and `_run_id`. The view of the same name without `_history` shows the "
        "current versions. `*_desired_*` views hold what launchsync wants a target system to "
        "hold, one row per `key`.",
        "",
    ]


def _section(obj: SchemaObject) -> list[str]:
    lines = [f"### {obj.name}", ""]
    kind = obj.kind[0].upper() + obj.kind[1:] + "."
    lines += [f"{kind} {_escape(obj.comment)}" if obj.comment else kind, ""]
    if obj.kind == TABLE_MACRO:
        for signature in obj.parameters:
            names = ", ".join(_code(p) for p in signature) if signature else "none"
            lines += [f"Parameters: {names}.", ""]
        return lines
    lines += ["| column | type | comment |", "| --- | --- | --- |"]
    for column in obj.columns:
        data_type = _code(column.type) + ("" if column.nullable else " not null")
        comment = _escape(column.comment) if column.comment else ""
        lines.append(f"| {_code(column.name)} | {data_type} | {comment} |")
    return [*lines, ""]


def render(con: duckdb.DuckDBPyConnection) -> str:
    """The Markdown document of the schema of ``con``.

    Deterministic: objects sorted by name within groups in a fixed order, columns in table
    order, no timestamps.

    Args:
        con: A migrated warehouse (usually a fresh one, see ``fresh_database``).

    Returns:
        The document, ending with a newline.
    """
    objects = documented_objects(con)
    grouped: dict[str, list[SchemaObject]] = {}
    for obj in objects:
        grouped.setdefault(group_of(obj.name).title, []).append(obj)
    groups = [g for g in (*GROUPS, OTHER) if g.title in grouped]
    slug = _Slugs()
    slug("Warehouse schema")
    slug("Contents")
    anchors = {g.title: slug(g.title) for g in groups}
    object_anchors: dict[tuple[str, str], str] = {}
    for group in groups:
        for obj in grouped[group.title]:
            object_anchors[obj.name, obj.kind] = slug(obj.name)
    lines = [*_intro(con, objects), "## Contents", ""]
    for group in groups:
        lines.append(f"- [{group.title}](#{anchors[group.title]})")
        for obj in grouped[group.title]:
            anchor = object_anchors[obj.name, obj.kind]
            lines.append(f"  - [{_escape(obj.name)}](#{anchor}) ({obj.kind})")
    lines.append("")
    for group in groups:
        lines += [f"## {group.title}", "", group.summary, ""]
        for obj in grouped[group.title]:
            lines += _section(obj)
    return "\n".join(lines).rstrip("\n") + "\n"


def fresh_database() -> duckdb.DuckDBPyConnection:
    """An in-memory database with every migration applied."""
    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'UTC'")
    migrate(con)
    return con


def main(argv: Sequence[str] | None = None) -> int:
    """Write docs/schema.md, or with ``--check`` tell whether it is out of date.

    Args:
        argv: Command-line arguments (default: ``sys.argv[1:]``).

    Returns:
        The exit status: 1 when ``--check`` finds the file missing or out of date, else 0.
    """
    parser = argparse.ArgumentParser(
        prog="python -m warehouse.schema_docs",
        description="Generate the Markdown documentation of the warehouse schema.",
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the file is out of date, write nothing"
    )
    parser.add_argument(
        "--output", type=Path, default=DOCS_PATH, help="file to write or check (docs/schema.md)"
    )
    args = parser.parse_args(argv)
    default = args.output == DOCS_PATH
    shown = "docs/schema.md" if default else str(args.output)
    command = REGENERATE if default else f"{REGENERATE} --output {args.output}"
    con = fresh_database()
    try:
        text = render(con)
    finally:
        con.close()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(f"{shown} is out of date: run {command}", file=sys.stderr)
            return 1
        print(f"{shown} is up to date")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
