"""Landing: normalized rows of one snapshot merged into a history table (SCD type 2).

A history table holds one row per version of a record: the API's fields, then ``_hash``,
``_valid_from``, ``_valid_to`` (null while current), ``_snapshot_id`` and ``_run_id``. Pulls
append rows to a staging copy of the table; ``merge_snapshot`` then, in one transaction,
stores a new version for every record whose content changed, and on a full pull closes the
current version of records that are gone.

A staging copy is a temporary table of the pull's own connection: rows in transit are not
written to the file's log only to be deleted at the merge, and a pull that stops leaves
nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from warehouse.db import registered, row, scalar

META_COLUMNS = ("_hash", "_valid_from", "_valid_to", "_snapshot_id", "_run_id")


@dataclass(frozen=True)
class MergeStats:
    """What one merge did."""

    records: int
    new_versions: int
    closed_versions: int
    max_cursor: datetime | None


def data_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The record columns of a history table (everything but the ``_`` metadata)."""
    try:
        names = con.table(table).columns  # a tenth of an information_schema query's time
    except duckdb.CatalogException:
        raise LookupError(f"no table {table} in the warehouse") from None
    return [name for name in names if not name.startswith("_")]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# A field-value list (4ALLPORTAL and Smint.io records) enters the hash with each value by its
# own MD5: one value can be megabytes (a Smint.io collection lists thousands of assets), and
# the JSON of rows of them took more than a gigabyte for 200 MB of values (BENCHMARKS.md).
VALUE_LIST = "fields"
VALUE_LIST_DIGEST = (
    f"{VALUE_LIST} := list_transform({VALUE_LIST}, lambda f: struct_pack("
    "name := f.name, locale := f.locale, channel := f.channel, value := md5(f.value)))"
)


def hash_expression(columns: list[str]) -> str:
    """SQL for the content hash of a row: MD5 of its record columns as JSON, in table order.

    A field-value list counts by the MD5 of each value (see ``VALUE_LIST``).
    """
    cols = ", ".join(VALUE_LIST_DIGEST if c == VALUE_LIST else _quote(c) for c in columns)
    return f"md5(CAST(to_json(struct_pack({cols})) AS VARCHAR))"


def history_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every history table of the warehouse."""
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND table_name LIKE '%\\_history' ESCAPE '\\'"
    ).fetchall()
    return [name for (name,) in rows]


# History tables whose current field values are also kept unnested, in a table of their own
# (migration 0022): the views that read values would otherwise unnest every object per query.
# Each entry: the values table and the columns of the object each value row repeats.
VALUE_TABLES = {
    "fourallportal_objects_history": (
        "fourallportal_current_values",
        "h.id, h.module, h.type, h.centric_id",
    ),
    "smintio_objects_history": ("smintio_current_values", "h.id, h.kind"),
}


def refresh_values(
    con: duckdb.DuckDBPyConnection, table: str, ids: str, params: Any = None
) -> None:
    """Bring the values table of ``table`` in line for the objects ``ids`` (SQL) lists.

    Their value rows are replaced by those of their current versions (none for an object
    without one). Tables without a values table are left alone.
    """
    if table not in VALUE_TABLES:
        return
    target, head = VALUE_TABLES[table]
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _refreshed AS SELECT DISTINCT * FROM ({ids}) t(id)", params
    )
    if scalar(con, "SELECT count(*) FROM _refreshed"):
        con.execute(f"DELETE FROM {target} WHERE object_id IN (SELECT id FROM _refreshed)")
        # The versions first, then their fields: unnesting every object's fields to keep a few
        # would cost as much as rebuilding the table.
        con.execute(
            f"""INSERT INTO {target}
                SELECT {head}, f.name, f.locale, f.channel, f.value
                FROM (SELECT * FROM {table}
                      WHERE _valid_to IS NULL AND id IN (SELECT id FROM _refreshed)) h,
                     unnest(h.fields) AS u(f)"""
        )
    con.execute("DROP TABLE _refreshed")


def rebuild_values(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every values table from its history table."""
    for table, (target, _) in VALUE_TABLES.items():
        con.execute(f"DELETE FROM {target}")
        refresh_values(con, table, f"SELECT id FROM {table} WHERE _valid_to IS NULL")


def close_current(con: duckdb.DuckDBPyConnection, table: str, ids: list[str], at: datetime) -> None:
    """Close the current versions of ``ids`` (the records are gone) at ``at``."""
    con.execute(
        f"UPDATE {table} SET _valid_to = ? WHERE _valid_to IS NULL AND list_contains(?, id)",
        [at, ids],
    )
    refresh_values(con, table, "SELECT unnest(?::VARCHAR[])", [ids])


def after_schema_change(con: duckdb.DuckDBPyConnection) -> None:
    """Bring derived state in line after migrations changed tables.

    The hash of current rows is recomputed (without that, a new empty column would make every
    record look changed on the next pull), the values tables are rebuilt, and the agreements of
    earlier diffs are forgotten.
    """
    for table in history_tables(con):
        expression = hash_expression(data_columns(con, table))
        con.execute(f"UPDATE {table} SET _hash = {expression} WHERE _valid_to IS NULL")
    rebuild_values(con)
    # Views or hashes may have changed: every record is compared again on the next diff.
    con.execute("DELETE FROM diff_agreements")
    con.execute("DELETE FROM diff_marks")


def stage_name(table: str) -> str:
    """The staging copy of a history table: a temporary table of the connection."""
    return f"temp.main.stage_{table}"


def ensure_stage(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """Create the connection's staging copy of a history table if needed; return its name."""
    stage = stage_name(table)
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT * FROM {table} LIMIT 0")
    return stage


def stage_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: list[dict[str, Any]],
    snapshot_id: str,
    run_id: str,
) -> list[tuple[int, str]]:
    """Append normalized rows of a snapshot to the staging copy of ``table``.

    Returns:
        (index, reason) of rows the table cannot hold (e.g. a number too large for its
        column); the others are staged.
    """
    if not rows:
        return []
    stage = ensure_stage(con, table)
    columns = data_columns(con, table)
    select = ", ".join(_quote(c) for c in columns)
    schema = con.sql(f"SELECT {select} FROM {table} LIMIT 0").to_arrow_table().schema
    unfit: list[tuple[int, str]] = []
    try:
        batch = pa.Table.from_pylist(rows, schema=schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        fitting = []
        for index, row in enumerate(rows):
            try:
                pa.Table.from_pylist([row], schema=schema)
                fitting.append(row)
            except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
                unfit.append((index, f"value does not fit the warehouse column: {exc}"))
        batch = pa.Table.from_pylist(fitting, schema=schema)
    with registered(con, "stage_batch", batch):
        con.execute(
            f"INSERT INTO {stage} BY NAME SELECT *, ? AS _snapshot_id, ? AS _run_id FROM stage_batch",
            [snapshot_id, run_id],
        )
    return unfit


def new_stage(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """An empty staging copy of a history table for the connection; return its name."""
    stage = stage_name(table)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {stage} AS SELECT * FROM {table} LIMIT 0")
    return stage


def merge_snapshot(
    con: duckdb.DuckDBPyConnection,
    table: str,
    *,
    snapshot_id: str,
    pulled_at: datetime,
    order_by: str,
    full: bool,
    partition: tuple[str, str] | None = None,
) -> MergeStats:
    """Merge the staged rows of a snapshot into history, in one transaction.

    Args:
        con: Warehouse connection.
        table: History table.
        snapshot_id: Snapshot whose staged rows to merge.
        pulled_at: When the pull started; new versions are valid from then.
        order_by: Column that orders duplicates of a record within the snapshot (the latest
            wins), e.g. the source's modification time.
        full: The snapshot holds every record, so current records whose key it did not see
            (well-formed or not, see ``raw_records``) are closed.
        partition: (column, value) limiting which current records a full snapshot covers,
            e.g. ("module", "product") when several entities share a table.
    """
    stage = ensure_stage(con, table)
    columns = data_columns(con, table)
    cols = ", ".join(_quote(c) for c in columns)
    row_hash = hash_expression(columns)
    where_partition, params = "", []
    if partition:
        where_partition = f" AND {_quote(partition[0])} = ?"
        params = [partition[1]]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _incoming AS
            SELECT {cols}, {row_hash} AS _hash FROM {stage}
            WHERE _snapshot_id = ?
            QUALIFY row_number() OVER (PARTITION BY id ORDER BY {_quote(order_by)} DESC NULLS LAST) = 1
            """,
            [snapshot_id],
        )
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _changed AS
            SELECT i.* FROM _incoming i
            LEFT JOIN {table} c ON c.id = i.id AND c._valid_to IS NULL
            WHERE c.id IS NULL OR c._hash <> i._hash
            """
        )
        con.execute(
            f"UPDATE {table} SET _valid_to = ? WHERE _valid_to IS NULL AND id IN (SELECT id FROM _changed)",
            [pulled_at],
        )
        run_id = scalar(
            con, f"SELECT any_value(_run_id) FROM {stage} WHERE _snapshot_id = ?", [snapshot_id]
        )
        con.execute(
            f"""
            INSERT INTO {table} BY NAME
            SELECT *, ?::TIMESTAMPTZ AS _valid_from, NULL::TIMESTAMPTZ AS _valid_to,
                   ? AS _snapshot_id, ? AS _run_id
            FROM _changed
            """,
            [pulled_at, snapshot_id, run_id],
        )
        con.execute("CREATE OR REPLACE TEMP TABLE _closed (id VARCHAR)")
        if full:
            # Every key the snapshot saw counts as present, malformed records included: a
            # record that could not be read is not a deleted record.
            con.execute(
                f"""
                INSERT INTO _closed
                SELECT id FROM {table}
                WHERE _valid_to IS NULL{where_partition}
                  AND id NOT IN (SELECT id FROM _incoming)
                  AND id NOT IN (SELECT record_key FROM raw_records
                                 WHERE snapshot_id = ? AND record_key IS NOT NULL)
                """,
                [*params, snapshot_id],
            )
            con.execute(
                f"UPDATE {table} SET _valid_to = ?"
                " WHERE _valid_to IS NULL AND id IN (SELECT id FROM _closed)",
                [pulled_at],
            )
        closed = scalar(con, "SELECT count(*) FROM _closed")
        refresh_values(con, table, "SELECT id FROM _changed UNION ALL SELECT id FROM _closed")
        records, max_cursor = row(con, f"SELECT count(*), max({_quote(order_by)}) FROM _incoming")
        changed = scalar(con, "SELECT count(*) FROM _changed")
        con.execute(f"DELETE FROM {stage} WHERE _snapshot_id = ?", [snapshot_id])
        con.execute("DROP TABLE _incoming")
        con.execute("DROP TABLE _changed")
        con.execute("DROP TABLE _closed")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return MergeStats(records, changed, closed, max_cursor)
