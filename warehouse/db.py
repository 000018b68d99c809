"""The DuckDB warehouse file: opening it and applying numbered migrations."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb
import polars as pl

from launchsync.errors import LaunchsyncError
from launchsync.settings import load_settings

_MIGRATION = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class WarehouseError(LaunchsyncError):
    """The warehouse file cannot be opened or upgraded."""


def migrations() -> list[tuple[int, str, str]]:
    """The migration files as (version, name, SQL), in order."""
    folder = resources.files("warehouse") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION.match(entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text()))
    return sorted(found)


def out_of_memory(exc: duckdb.OutOfMemoryException) -> str:
    """One line for a query that needed more memory than the warehouse may use."""
    first = str(exc).splitlines()[0]
    limit = load_settings().warehouse_memory
    return f"{first}; the warehouse may use LAUNCHSYNC_WAREHOUSE_MEMORY={limit}: raise it"


def connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file (creating its folder) with UTC as the session time zone.

    Raises:
        WarehouseError: the file cannot be opened (missing for read-only use, locked by a
            writing process, or not a DuckDB file).
    """
    if read_only and not path.exists():
        raise WarehouseError(
            f"no warehouse at {path}: run `launchsync sync` first or set LAUNCHSYNC_WAREHOUSE"
        )
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        raise WarehouseError(f"cannot open warehouse {path}: {first}") from None
    con.execute("SET TimeZone = 'UTC'")
    # DuckDB would otherwise keep up to 80 % of the machine's memory for its cache (see
    # BENCHMARKS.md); past the limit it evicts, and spills work to ``<file>.tmp``.
    con.execute(f"SET memory_limit = '{load_settings().warehouse_memory}'")
    if not read_only:
        # A run checkpoints when it ends (publish_read_copy). At DuckDB's default of 16 MB,
        # most commits before that checkpointed as well: at 1M SKUs, merging 10k changed SKUs
        # took 1.0 s instead of 0.2 s. What has not been checkpointed stays in memory, so the
        # threshold is the size past which memory costs more than the time saved (see
        # BENCHMARKS.md).
        con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
    return con


# Write-ahead log size past which a commit checkpoints (see ``connect``).
CHECKPOINT_THRESHOLD = "256MB"

Params = list | dict | None


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> pl.DataFrame:
    """Run a query and return its result as a Polars frame (through Arrow)."""
    return con.sql(sql, params=params).pl()


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, data: object) -> Iterator[str]:
    """Make a Polars frame or Arrow table queryable as ``name`` for the block.

    Explicit registration instead of DuckDB's implicit scan of Python variables: the
    reference is dropped when the block ends, so no frame outlives its use. When the block
    fails inside a transaction, the transaction is aborted and cannot drop it: the block's
    error is what goes up (the connection's end drops the reference).
    """
    con.register(name, data)
    with undone(lambda: con.unregister(name)):
        yield name


@contextmanager
def undone(undo: Callable[[], object]) -> Iterator[None]:
    """Run ``undo`` when the block ends.

    When the block failed inside a transaction, the transaction is aborted and refuses any
    further work, ``undo`` included: the block's error is what goes up, not the refusal (the
    connection's end undoes what is left).
    """
    try:
        yield
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            undo()
        raise
    undo()


@contextmanager
def narrowed(
    con: duckdb.DuckDBPyConnection, variable: str, values: list[str] | None
) -> Iterator[None]:
    """Set the session variable a view narrows itself by (``values``) while open.

    Views that honour one (``readiness_focus``, ``diff_focus``) then hold only the rows of
    those ids, so a query over them reads what changed, not the whole catalog. ``None``
    leaves the variable unset: the views hold everything.
    """
    if values is None:
        yield
        return
    con.execute(f"SET VARIABLE {variable} = ?::VARCHAR[]", [values])
    with undone(lambda: con.execute(f"RESET VARIABLE {variable}")):
        yield


def row(con: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> tuple | None:
    """The first row of a query, reading the result to its end.

    DuckDB 2 refuses new work on a connection while an ``execute`` result is partly read.
    """
    rows = con.execute(sql, params).fetchall()
    return rows[0] if rows else None


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> object:
    """The first value of the first row of a query (None without rows)."""
    first = row(con, sql, params)
    return first[0] if first else None


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest applied migration, 0 for an empty file."""
    exists = scalar(
        con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    )
    if not exists:
        return 0
    return scalar(con, "SELECT coalesce(max(version), 0) FROM schema_migrations")


def migrate(con: duckdb.DuckDBPyConnection, target: int | None = None) -> list[int]:
    """Apply the migrations the file does not have yet (up to ``target``), each in a transaction.

    Returns:
        The versions applied.
    """
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER NOT NULL, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    )
    current = schema_version(con)
    applied = []
    for version, name, sql in migrations():
        if version <= current or (target is not None and version > target):
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [version, name, datetime.now(UTC)],
            )
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise WarehouseError(f"migration {version:04d}_{name} failed: {exc}") from exc
        applied.append(version)
    if applied and current:
        from warehouse.history import after_schema_change

        after_schema_change(con)
    if applied:
        # Into the file at once: DuckDB cannot replay a WAL that comments on a column a later
        # statement added to a view (linked_files.source), so a run killed before its first
        # checkpoint would leave a warehouse that no longer opens.
        con.execute("CHECKPOINT")
    return applied


# Warehouses a run keeps open in this process (see ``held``), by resolved path.
_held: dict[Path, duckdb.DuckDBPyConnection] = {}
_held_lock = threading.Lock()


@contextmanager
def open_warehouse(path: Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse, bring its schema up to date (unless read-only), close it after.

    While a run holds the file (``held``), the block gets a cursor of the run's open database
    instead: no reopening, no schema check, no checkpoint per step.
    """
    with _held_lock:
        base = _held.get(path.resolve())
        con = base.cursor() if base is not None else None
    if con is not None:
        try:
            con.execute("SET TimeZone = 'UTC'")
            yield con
        finally:
            con.close()
        return
    con = connect(path, read_only=read_only)
    try:
        if not read_only:
            migrate(con)
        yield con
    finally:
        con.close()


@contextmanager
def held(path: Path) -> Iterator[None]:
    """Keep the warehouse open in this process for the block (a run): its steps share it.

    Each step still opens and closes the warehouse, and commits its own transaction; only the
    file stays open between them, which spares a reopen and a checkpoint per step.
    """
    key = path.resolve()
    con = connect(path)
    try:
        migrate(con)
    except BaseException:
        con.close()
        raise
    with _held_lock:
        _held[key] = con
    try:
        yield
    finally:
        with _held_lock:
            _held.pop(key, None)
        con.close()


@contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """Hold the warehouse for one run: a second run (any flow, any deployment) waits here.

    DuckDB lets one process write a file; runs open it step by step, so without this lock
    two runs would interleave and fail on each other's open.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logging.getLogger("launchsync.warehouse").info(
                "another run is writing %s; waiting for it to finish", path
            )
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def writing(path: Path) -> bool:
    """Whether a run holds the warehouse ``path`` (see ``writer_lock``) right now."""
    lock_path = path.with_name(path.name + ".lock")
    if not lock_path.exists():
        return False
    with open(lock_path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock, fcntl.LOCK_UN)
        return False
