"""The read copy analysts query: a whole, consistent copy of the warehouse after a run."""

import os

import duckdb

from warehouse.db import clone_file, connect, publish_read_copy, read_copy


def test_the_read_copy_holds_what_the_run_committed(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    con = connect(path)
    con.execute("CREATE TABLE t AS SELECT range AS n, repeat('x', 200) AS pad FROM range(200000)")
    target = publish_read_copy(con, path)
    con.execute("INSERT INTO t VALUES (-1, 'after')")  # later writes are not in this copy
    assert target == read_copy(path)
    with duckdb.connect(str(target), read_only=True) as copy:
        assert copy.execute("SELECT count(*), sum(n) FROM t").fetchone() == (200000, 19999900000)
    con.close()
    assert not target.with_name(f"{target.name}.partial").exists()


def test_a_file_is_cloned_byte_for_byte_also_where_the_kernel_cannot(tmp_path, monkeypatch):
    source = tmp_path / "source.bin"
    source.write_bytes(os.urandom(3 * 2**20 + 17))
    clone_file(source, tmp_path / "kernel.bin")
    assert (tmp_path / "kernel.bin").read_bytes() == source.read_bytes()

    def unsupported(*_args):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", unsupported)
    (tmp_path / "plain.bin").write_bytes(b"stale and longer than nothing")
    clone_file(source, tmp_path / "plain.bin")
    assert (tmp_path / "plain.bin").read_bytes() == source.read_bytes()


def test_a_run_checkpoints_when_it_publishes_not_at_each_large_commit(tmp_path):
    # Updates spread over a large table make a big write-ahead log; at DuckDB's default
    # threshold (16 MB) each such commit would also checkpoint the whole file.
    path = tmp_path / "warehouse.duckdb"
    wal = path.with_name(path.name + ".wal")
    con = connect(path)
    con.execute("CREATE TABLE t AS SELECT range AS n, 'a' AS pad FROM range(2000000)")
    con.execute("CHECKPOINT")
    con.execute("UPDATE t SET pad = repeat('b', 20)")
    assert wal.stat().st_size > 16 * 2**20  # committed, in the log, not yet checkpointed
    target = publish_read_copy(con, path)
    assert not wal.exists() or wal.stat().st_size == 0
    with duckdb.connect(str(target), read_only=True) as copy:
        assert copy.execute("SELECT DISTINCT pad FROM t").fetchall() == [("b" * 20,)]
    con.close()
