"""The read copy analysts query: a whole, consistent copy of the warehouse after a run."""

import os

import duckdb
import pytest

from warehouse.db import connect
from warehouse.read_copy import blocks, clone_file, publish_read_copy, read_copy


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


def test_each_copy_holds_its_run_and_the_spare_is_rewritten_where_it_differs(tmp_path, monkeypatch):
    path = tmp_path / "warehouse.duckdb"
    target, spare = read_copy(path), read_copy(path).with_name("warehouse.read.duckdb.spare")
    con = connect(path)
    con.execute(
        "CREATE TABLE t AS SELECT range AS n, md5(range::VARCHAR) AS pad FROM range(2000000)"
    )
    written: list[int] = []
    pwrite = os.pwrite
    monkeypatch.setattr(
        os, "pwrite", lambda fd, data, at: written.append(len(data)) or pwrite(fd, data, at)
    )
    inodes, rewritten = [], []
    for run in range(4):
        con.execute("UPDATE t SET pad = ? WHERE n // 1000 = ?", [f"run {run}", run])
        written.clear()
        publish_read_copy(con, path)
        rewritten.append(sum(written))
        inodes.append(target.stat().st_ino)
        with duckdb.connect(str(target), read_only=True) as copy:
            assert copy.execute(
                "SELECT count(*) FROM t WHERE pad = ?", [f"run {run}"]
            ).fetchone() == (1000,)
        assert target.read_bytes() == path.read_bytes()
    # Two files take turns: the third and fourth runs rewrote the copies of the first two
    # in place, and only the parts that differed.
    assert inodes[2] == inodes[0] and inodes[3] == inodes[1] != inodes[0]
    assert spare.exists() and all(0 < n < path.stat().st_size / 4 for n in rewritten[2:])
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob("*.kept"))
    con.close()


def test_a_spare_a_reader_still_has_open_is_left_alone(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    target = read_copy(path)
    con = connect(path)
    con.execute("CREATE TABLE t AS SELECT 'first' AS run")
    publish_read_copy(con, path)
    reader = duckdb.connect(str(target), read_only=True)  # opened after the first run
    con.execute("UPDATE t SET run = 'second'")
    publish_read_copy(con, path)  # the reader's copy is now the spare
    con.execute("UPDATE t SET run = 'third'")
    publish_read_copy(con, path)
    assert reader.execute("SELECT run FROM t").fetchall() == [("first",)]
    reader.close()
    with duckdb.connect(str(target), read_only=True) as copy:
        assert copy.execute("SELECT run FROM t").fetchall() == [("third",)]
    con.close()


def test_where_files_share_blocks_the_copy_is_a_clone_and_no_spare_is_kept(tmp_path, monkeypatch):
    monkeypatch.setattr("warehouse.read_copy.shares_blocks", lambda *_: True)
    path = tmp_path / "warehouse.duckdb"
    con = connect(path)
    for run in ("first", "second", "third"):
        con.execute("CREATE OR REPLACE TABLE t AS SELECT ? AS run", [run])
        target = publish_read_copy(con, path)
        with duckdb.connect(str(target), read_only=True) as copy:
            assert copy.execute("SELECT run FROM t").fetchall() == [(run,)]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "warehouse.duckdb",
        "warehouse.read.duckdb",
    ]
    con.close()


def _changing_warehouse(tmp_path):
    """A warehouse of about 40 MB with a copy and a spare published, and a writer on it."""
    path = tmp_path / "warehouse.duckdb"
    con = connect(path)
    con.execute(
        "CREATE TABLE t AS SELECT range AS n, md5(range::VARCHAR) AS pad FROM range(2000000)"
    )
    for run in range(2):
        con.execute("UPDATE t SET pad = ? WHERE n // 1000 = ?", [f"run {run}", run])
        publish_read_copy(con, path)
    return path, con


def _counting_reads(monkeypatch):
    read: list[int] = []
    pread, preadv = os.pread, os.preadv
    monkeypatch.setattr(os, "pread", lambda fd, n, at: read.append(n) or pread(fd, n, at))
    monkeypatch.setattr(
        os,
        "preadv",
        lambda fd, bufs, at: read.append(sum(len(b) for b in bufs)) or preadv(fd, bufs, at),
    )
    return read


def test_a_run_reads_the_checksums_of_the_blocks_it_did_not_change(tmp_path, monkeypatch):
    path, con = _changing_warehouse(tmp_path)
    con.execute(f"ATTACH '{tmp_path / 'aside.duckdb'}' AS aside")  # listed before it
    con.execute("ATTACH ':memory:' AS scratch")
    assert blocks(con, path) == (4096 * 3, 262144)  # the file is laid out as expected
    read = _counting_reads(monkeypatch)
    for thorough in (False, True):
        con.execute("UPDATE t SET pad = 'changed' WHERE n // 1000 = 7")
        read.clear()
        target = publish_read_copy(con, path, thorough=thorough)
        assert target.read_bytes() == path.read_bytes()
        size = path.stat().st_size
        if thorough:
            assert sum(read) >= 2 * size  # both files, byte for byte
        else:
            assert sum(read) < size / 4
    con.close()


def test_a_rewrite_cut_short_is_finished_by_the_next_run(tmp_path, monkeypatch):
    path, con = _changing_warehouse(tmp_path)
    con.execute("UPDATE t SET pad = 'changed' WHERE n // 1000 = 7")
    pwrite = os.pwrite

    def killed(fd, data, at):  # the process dies after the first page it writes
        pwrite(fd, bytes(data[:4096]), at)
        raise OSError("killed")

    monkeypatch.setattr(os, "pwrite", killed)
    with pytest.raises(OSError, match="killed"):
        publish_read_copy(con, path)
    monkeypatch.setattr(os, "pwrite", pwrite)
    target = publish_read_copy(con, path)
    assert target.read_bytes() == path.read_bytes()
    con.close()


def test_a_thorough_run_mends_a_copy_damaged_where_the_checksums_agree(tmp_path):
    path, con = _changing_warehouse(tmp_path)
    spare = read_copy(path).with_name(f"{read_copy(path).name}.spare")
    con.execute("CHECKPOINT")
    start, size = blocks(con, path)
    ours, theirs = path.read_bytes(), spare.read_bytes()
    same = next(
        at for at in range(start, len(ours), size) if ours[at : at + size] == theirs[at : at + size]
    )
    with open(spare, "r+b") as file:  # a block's tail lost, as in a crash of the machine
        file.seek(same + size // 2)
        file.write(b"\0" * 4096)
    target = publish_read_copy(con, path, thorough=True)
    assert target.read_bytes() == path.read_bytes()
    con.close()
