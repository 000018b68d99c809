"""The warehouse keeps to the memory the settings give it."""

import duckdb
import pytest

from launchsync.errors import ConfigError
from warehouse.db import connect, held, open_warehouse


def limit_of(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]


def duckdb_reads(size: str) -> str:
    with duckdb.connect() as con:
        con.execute(f"SET memory_limit = '{size}'")
        return limit_of(con)


def test_the_warehouse_keeps_2gb_unless_told_otherwise(tmp_path, monkeypatch):
    monkeypatch.delenv("LAUNCHSYNC_WAREHOUSE_MEMORY", raising=False)
    with duckdb.connect() as plain:
        machine = limit_of(plain)
    con = connect(tmp_path / "w.duckdb")
    assert limit_of(con) == duckdb_reads("2GB") != machine
    con.close()


def test_a_run_and_each_of_its_steps_keep_to_the_limit_set(tmp_path, monkeypatch):
    monkeypatch.setenv("LAUNCHSYNC_WAREHOUSE_MEMORY", "256MiB")
    path = tmp_path / "w.duckdb"
    with held(path), open_warehouse(path) as step:
        assert limit_of(step) == "256.0 MiB"
    with open_warehouse(path, read_only=True) as reader:
        assert limit_of(reader) == "256.0 MiB"


def test_work_larger_than_the_limit_spills_and_gives_the_whole_answer(tmp_path, monkeypatch):
    monkeypatch.setenv("LAUNCHSYNC_WAREHOUSE_MEMORY", "128MiB")
    con = connect(tmp_path / "w.duckdb")
    con.execute(
        "CREATE TABLE t AS SELECT range AS n, md5(range::VARCHAR) || repeat('x', 80) AS pad"
        " FROM range(1500000)"
    )
    # About 200 MB to sort at once: more than the limit lets DuckDB hold.
    con.execute("CREATE TABLE s AS SELECT * FROM t ORDER BY pad")
    assert con.execute("SELECT count(*), sum(n) FROM s").fetchone() == (1500000, 1124999250000)
    first = con.execute("SELECT pad FROM s ORDER BY rowid LIMIT 3").fetchall()
    assert first == sorted(first)
    con.close()


@pytest.mark.parametrize("size", ["lots", "0GB", "150%", "1 GX", ""])
def test_a_size_duckdb_cannot_use_names_the_variable_and_the_form(tmp_path, monkeypatch, size):
    monkeypatch.setenv("LAUNCHSYNC_WAREHOUSE_MEMORY", size)
    with pytest.raises(ConfigError, match=r'^LAUNCHSYNC_WAREHOUSE_MEMORY: .*"1GB"'):
        connect(tmp_path / "w.duckdb")
