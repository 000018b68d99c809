"""Great Expectations on DuckDB: the fixes GX 1.24 needs, kept in one place.

GX has no DuckDB dialect. Through duckdb-engine every expectation fails with ``IndexError``
(great_expectations#10738, #11579): GX closes the connection before fetching and DuckDB drops
the result. Two changes make it work and give the same failure counts as hand-written SQL:

- keep one persisted connection for the ``duckdb`` dialect, as GX already does for sqlite;
- let GX treat ``duckdb`` like postgresql where it picks operators (regex and the like).

A third change is for speed: GX reflects every validated table's columns and primary key,
which duckdb-engine answers through its emulated ``pg_catalog`` (about 0.1 s per table, a
fixed cost on every run). The duckdb dialect answers both from DuckDB's own catalog instead.

GX also runs on launchsync's own DuckDB connection (a cursor of it), so validation sees the
tables the run just wrote without a second, conflicting open of the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

_installed = False


class _DuckDBDialectName(str):
    """A dialect name that GX's persisted-connection list can hold next to its enum members."""

    value = "duckdb"


def install() -> None:
    """Apply the fixes once per process."""
    global _installed
    if _installed:
        return
    import sqlalchemy.dialects.postgresql as postgresql
    from great_expectations.execution_engine import sqlalchemy_execution_engine as engine_module

    engine_module._PERSISTED_CONNECTION_DIALECTS = (
        *engine_module._PERSISTED_CONNECTION_DIALECTS,
        _DuckDBDialectName("duckdb"),
    )
    original_init = engine_module.SqlAlchemyExecutionEngine.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        if self.dialect_name == "duckdb":
            self.dialect_module = postgresql

    engine_module.SqlAlchemyExecutionEngine.__init__ = init
    _reflect_natively()
    _installed = True


def _catalog_rows(
    connection: Any, function: str, columns: str, table: str, schema: Any, order: str = "1"
) -> list:
    from sqlalchemy import text

    query = text(
        f"SELECT {columns} FROM {function}() WHERE table_name = :table "
        f"AND schema_name = coalesce(:schema, current_schema()) ORDER BY {order}"
    )
    return list(connection.execute(query, {"table": str(table), "schema": schema}))


# DuckDB type names the dialect knows under another name.
_TYPE_ALIASES = {
    "double": "float8",
    "timestamp with time zone": "timestamptz",
    "decimal": "numeric",
}


def _column_type(dialect: Any, data_type: str) -> Any:
    """The SQLAlchemy type of a DuckDB type name; NullType where it has none."""
    from sqlalchemy.types import NullType

    if data_type.endswith("]") or ("(" in data_type and not data_type.startswith("DECIMAL")):
        return NullType()  # lists, structs, maps: GX needs no type for them
    name = data_type.split("(")[0].strip().lower()
    kind = dialect.ischema_names.get(_TYPE_ALIASES.get(name, name))
    return kind() if kind is not None else NullType()


def _reflect_natively() -> None:
    """Answer GX's reflection of columns and primary keys from DuckDB's own catalog."""
    from duckdb_engine import Dialect
    from sqlalchemy.exc import NoSuchTableError

    def get_columns(
        self: Any, connection: Any, table_name: str, schema: Any = None, **_: Any
    ) -> list:
        rows = _catalog_rows(
            connection, "duckdb_columns", "column_name, data_type, is_nullable, column_default",
            table_name, schema, order="column_index",
        )  # fmt: skip
        if not rows:
            raise NoSuchTableError(str(table_name))
        return [
            {
                "name": name,
                "type": _column_type(self, data_type),
                "nullable": bool(nullable),
                "default": default,
                "autoincrement": False,
                "comment": None,
            }
            for name, data_type, nullable, default in rows
        ]

    def get_pk_constraint(
        self: Any, connection: Any, table_name: str, schema: Any = None, **_: Any
    ) -> dict[str, Any]:
        rows = _catalog_rows(
            connection, "duckdb_constraints",
            "constraint_column_names, constraint_name, constraint_type", table_name, schema,
        )  # fmt: skip
        for columns, name, kind in rows:
            if kind == "PRIMARY KEY":
                return {"constrained_columns": list(columns), "name": name}
        return {"constrained_columns": [], "name": None}

    Dialect.get_columns = get_columns
    Dialect.get_pk_constraint = get_pk_constraint


@contextmanager
def duckdb_datasource(context: Any, con: duckdb.DuckDBPyConnection, name: str) -> Iterator[Any]:
    """A GX SQL data source over ``con``, released completely when the block ends.

    GX keeps its ephemeral context (and through it the data source, engine and the creator
    that holds ``con``) in a process-wide project. Left there, DuckDB connections outlive the
    run and DuckDB prints reference-leak warnings at exit, so the block closes the cursors,
    removes the data source and forgets the project.
    """
    from duckdb_engine import ConnectionWrapper

    install()
    wrappers: list[Any] = []
    # The engine outlives the block (dispose() recreates its pool with the same creator), so
    # the creator reaches ``con`` through a holder that is emptied at the end.
    holder = [con]

    def creator() -> Any:
        wrapper = ConnectionWrapper(holder[0].cursor())
        wrappers.append(wrapper)
        return wrapper

    datasource = context.data_sources.add_sql(
        name=name, connection_string="duckdb:///:memory:", kwargs={"creator": creator}
    )
    try:
        yield datasource
    finally:
        from great_expectations.data_context.data_context.context_factory import project_manager

        engine = datasource.get_execution_engine()
        engine.close()
        engine.engine.dispose()
        for wrapper in wrappers:
            wrapper.close()
        wrappers.clear()
        holder.clear()
        context.data_sources.delete(name)
        project_manager.set_project(None)
        _clear_dialect_caches()


def _clear_dialect_caches() -> None:
    """Empty SQLAlchemy's per-dialect ``lru_cache``s, which keep duckdb-engine's dialect alive.

    duckdb-engine's dialect subclasses the PostgreSQL one, whose reflection helpers cache by
    dialect instance at class level.
    """
    from sqlalchemy.dialects.postgresql.base import PGDialect

    for klass in PGDialect.__mro__:
        for attribute in vars(klass).values():
            clear = getattr(attribute, "cache_clear", None)
            if callable(clear):
                clear()
