"""The warehouse keeps to the memory the settings give it."""

import uuid
from datetime import UTC, datetime

import duckdb
import pytest

from launchsync.errors import ConfigError
from warehouse.db import connect, held, migrate, open_warehouse
from warehouse.history import merge_snapshot, stage_rows


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


def collection(key: str, assets: list[str]) -> dict:
    """A Smint.io collection row as a pull stages it, listing ``assets``."""
    listed = "[" + ",".join(f'"{a}"' for a in assets) + "]"
    return {"id": key, "kind": "collections", "version": 1, "updated_at": datetime.now(UTC),
            "fields": [{"name": "assets", "locale": "", "channel": "", "value": listed},
                       {"name": "name", "locale": "", "channel": "", "value": f'"{key}"'}]}  # fmt: skip


def test_records_with_values_of_megabytes_merge_within_a_small_limit(tmp_path, monkeypatch):
    # 24 collections of 40,000 assets each: 36 MB of values, merged with DuckDB held to 96 MiB.
    monkeypatch.setenv("LAUNCHSYNC_WAREHOUSE_MEMORY", "96MiB")
    con = connect(tmp_path / "w.duckdb")
    migrate(con)
    assets = [str(uuid.UUID(int=i)) for i in range(64_000)]
    rows = [
        collection(f"market:M{k}:ecom", assets[k * 1000 : k * 1000 + 40_000]) for k in range(24)
    ]

    def land(batch, snapshot):
        for start in range(0, len(batch), 4):
            stage_rows(con, "smintio_objects_history", batch[start : start + 4], snapshot, "r")
        return merge_snapshot(
            con, "smintio_objects_history", snapshot_id=snapshot,
            pulled_at=datetime.now(UTC), order_by="updated_at", full=False,
        )  # fmt: skip

    assert land(rows, "s1").new_versions == 24
    assert land(rows, "s2").new_versions == 0  # the same values hash the same
    changed = collection("market:M3:ecom", [*assets[3000:42_999], "one more"])
    assert land([changed], "s3").new_versions == 1
    kept = con.execute(
        "SELECT strlen(value) FROM smintio_current_values"
        " WHERE object_id = 'market:M3:ecom' AND field = 'assets'"
    ).fetchall()
    assert kept == [(len(changed["fields"][0]["value"]),)]
    con.close()


@pytest.fixture
def tight_transaction(tmp_path, monkeypatch):
    """A warehouse held to 16 MB, in a transaction, with an empty table ``big``."""
    monkeypatch.setenv("LAUNCHSYNC_WAREHOUSE_MEMORY", "16MB")
    con = connect(tmp_path / "w.duckdb")
    con.execute("CREATE TABLE big (s VARCHAR)")
    con.execute("BEGIN TRANSACTION")
    yield con
    con.close()


def test_a_query_failing_in_a_transaction_reports_its_own_error(tight_transaction):
    # The frame cannot be dropped inside the aborted transaction; the error that aborted it
    # is what the caller sees, and the connection works again after a rollback.
    import pyarrow as pa

    from warehouse.db import registered

    con = tight_transaction
    frame = pa.table({"n": list(range(1000))})
    with pytest.raises(duckdb.OutOfMemoryException), registered(con, "frame", frame):
        con.execute("INSERT INTO big SELECT repeat('x', 100000) || n FROM frame, range(2000)")
    con.execute("ROLLBACK")
    with registered(con, "frame", frame):
        assert con.execute("SELECT count(*) FROM frame").fetchall() == [(1000,)]


def test_a_narrowed_query_failing_in_a_transaction_reports_its_own_error(tight_transaction):
    from warehouse.db import narrowed

    con = tight_transaction
    with pytest.raises(duckdb.OutOfMemoryException), narrowed(con, "readiness_focus", ["S1"]):
        con.execute("INSERT INTO big SELECT repeat('x', 100000) || range FROM range(2000000)")
    con.execute("ROLLBACK")
