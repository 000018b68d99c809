"""GX's reflection of DuckDB tables, answered from DuckDB's own catalog."""

import duckdb
import pytest
import sqlalchemy as sa
from sqlalchemy import types

from expectations.gx_duckdb import install


def inspector_over(con: duckdb.DuckDBPyConnection) -> sa.Inspector:
    from duckdb_engine import ConnectionWrapper

    engine = sa.create_engine("duckdb:///:memory:", creator=lambda: ConnectionWrapper(con.cursor()))
    return sa.inspect(engine)


def test_columns_and_primary_key_come_from_the_duckdb_catalog():
    install()
    con = duckdb.connect()
    con.execute(
        """CREATE TABLE facts (style_id VARCHAR PRIMARY KEY, sizes INTEGER NOT NULL,
           weight DECIMAL(18, 3), share DOUBLE, seen TIMESTAMPTZ, codes VARCHAR[],
           active BOOLEAN DEFAULT true)"""
    )
    con.execute("CREATE TABLE plain (style_id VARCHAR, n BIGINT)")
    inspector = inspector_over(con)

    columns = inspector.get_columns("facts")
    assert [c["name"] for c in columns] == [
        "style_id", "sizes", "weight", "share", "seen", "codes", "active",
    ]  # fmt: skip
    kinds = {c["name"]: c["type"] for c in columns}
    assert isinstance(kinds["style_id"], types.String)
    assert isinstance(kinds["sizes"], types.Integer)
    assert isinstance(kinds["weight"], types.Numeric)
    assert isinstance(kinds["share"], types.Float)
    assert isinstance(kinds["seen"], types.TIMESTAMP)
    assert isinstance(kinds["active"], types.Boolean)
    assert isinstance(kinds["codes"], types.NullType)
    assert {c["name"]: c["nullable"] for c in columns}["sizes"] is False
    assert inspector.get_pk_constraint("facts")["constrained_columns"] == ["style_id"]
    assert inspector.get_pk_constraint("plain")["constrained_columns"] == []
    assert [c["name"] for c in inspector.get_columns("plain")] == ["style_id", "n"]


def test_a_missing_table_is_reported_as_missing():
    install()
    inspector = inspector_over(duckdb.connect())
    with pytest.raises(sa.exc.NoSuchTableError, match="nowhere"):
        inspector.get_columns("nowhere")
