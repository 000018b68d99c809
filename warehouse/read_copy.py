"""The read copy: the state after the last run, for queries that must not wait for a run.

A run publishes it when it ends (``publish_read_copy``); ``launchsync sql``, the report and
the webhook relay read it, so a query never waits for a sync and never blocks one.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import struct
from pathlib import Path

import duckdb


def read_copy(path: Path) -> Path:
    """Where the published read-only copy of the warehouse ``path`` lives."""
    return path.with_name(f"{path.stem}.read{path.suffix}")


def publish_read_copy(
    con: duckdb.DuckDBPyConnection, path: Path, *, thorough: bool = False
) -> Path:
    """Publish the state after a run as the read copy analysts query, replacing it atomically.

    ``con`` must be the open read-write connection to ``path``: holding it keeps other writers
    out while the checkpointed file is copied, so the copy holds whole runs only. Readers of
    the previous copy keep reading it undisturbed until they reopen.

    Where the file system shares blocks between files (XFS, Btrfs), the copy is a clone,
    instant at any size. Elsewhere the copy before the previous one is kept as a spare
    (``<copy>.spare``): when no reader has it open any more, the blocks of it that differ
    from the warehouse are rewritten, and the two copies trade names. A run then writes what
    it changed, not the whole file, at the cost of the disk space of one more copy. A spare
    still open is left to its reader.

    Which blocks differ is told by the checksum DuckDB writes at the head of each block
    (``blocks``), so a run also reads only what it changed; ``thorough`` compares every byte
    instead (a full run does), which also mends a copy damaged by a crash of the machine
    while it was being written.
    """
    target = read_copy(path)
    con.execute("CHECKPOINT")
    if not target.exists() or shares_blocks(path, target):
        _replace_with_clone(path, target)
        return target
    layout = None if thorough else blocks(con, path)
    spare = target.with_name(f"{target.name}.spare")
    if not (spare.exists() and refresh_in_place(path, spare, layout)):
        _replace_with_clone(path, spare)
    kept = target.with_name(f"{target.name}.kept")
    kept.unlink(missing_ok=True)
    try:
        os.link(target, kept)  # the previous copy, to become the next spare
    except OSError:  # a file system without hard links: no spare next time
        kept = None
    os.replace(spare, target)
    if kept is not None:
        os.replace(kept, spare)
    return target


# A DuckDB database file: three 4 KiB headers, the first with "DUCK" at byte 8, then blocks of
# the database's block size, each starting with the checksum of the rest of it.
HEADERS = 3 * 4096
MAGIC = (8, b"DUCK")
CHECKSUM = 8


def blocks(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[int, int] | None:
    """Where the blocks of the database file ``path`` start and how large they are.

    None when the file does not look as expected (another storage format): then a copy
    compares every byte.
    """
    found = con.execute(
        "SELECT block_size FROM pragma_database_size() WHERE database_name = current_database()"
    ).fetchone()
    size = int(found[0]) if found else 0
    with open(path, "rb") as file:
        head = file.read(HEADERS)
        length = os.fstat(file.fileno()).st_size
    at, magic = MAGIC
    if size <= 0 or head[at : at + len(magic)] != magic or (length - HEADERS) % size:
        return None
    return HEADERS, size


def _replace_with_clone(source: Path, target: Path) -> None:
    partial = target.with_name(f"{target.name}.partial")
    clone_file(source, partial)
    os.replace(partial, target)


# ioctl FICLONE: make a file share all blocks of another (Linux; XFS, Btrfs and others).
_FICLONE = 0x40049409


def shares_blocks(source: Path, near: Path) -> bool:
    """Whether the file system can clone ``source`` into a file beside ``near`` instantly."""
    probe = near.with_name(f"{near.name}.probe")
    try:
        with open(source, "rb") as src, open(probe, "wb") as dst:
            fcntl.ioctl(dst.fileno(), _FICLONE, src.fileno())
        return True
    except OSError:
        return False
    finally:
        probe.unlink(missing_ok=True)


# Without a block layout both files are read this much at a time (a DuckDB block); a part
# that differs is rewritten.
STRIDE = 1 << 18
# struct flock for a write lock on the whole file (l_type, l_whence, l_start, l_len, l_pid).
_WHOLE_FILE_WRITE_LOCK = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)


def refresh_in_place(source: Path, target: Path, layout: tuple[int, int] | None = None) -> bool:
    """Make ``target`` a copy of ``source`` by rewriting only what differs.

    With ``layout`` (where the blocks start, their size: ``blocks``) a block is rewritten when
    its checksum differs, and only the checksums are read of the others; the headers before
    the blocks are always rewritten, last. A block's checksum is written after the rest of
    it, so a rewrite cut short leaves the old checksum, and the next refresh finds the block
    different again. Without ``layout`` both files are compared byte for byte.

    False, and ``target`` untouched, when a reader has it open: DuckDB locks the files it
    opens, and the write lock taken here (an open file description lock, which conflicts
    with DuckDB's even within one process) is refused then. While it is held no reader can
    open the file, so none sees it half rewritten.
    """
    lock = getattr(fcntl, "F_OFD_SETLK", None)  # Linux only; elsewhere the copy is whole
    if lock is None:
        return False
    fd = os.open(target, os.O_RDWR)
    try:
        try:
            fcntl.fcntl(fd, lock, _WHOLE_FILE_WRITE_LOCK)
        except OSError:
            return False
        src = os.open(source, os.O_RDONLY)
        try:
            size = os.fstat(src).st_size
            if layout is None:
                _rewrite_differing_strides(src, fd, size, target)
            else:
                _rewrite_differing_blocks(src, fd, size, layout, target)
            os.ftruncate(fd, size)
        finally:
            os.close(src)
        return True
    finally:
        os.close(fd)


def _rewrite_differing_strides(src: int, fd: int, size: int, target: Path) -> None:
    ours, theirs = bytearray(STRIDE), bytearray(STRIDE)
    for offset in range(0, size, STRIDE):
        read = os.preadv(src, [ours], offset)
        if read < STRIDE:  # the end of the file
            ours, theirs = ours[:read], theirs[:read]
        if not (os.preadv(fd, [theirs], offset) == read and ours == theirs):
            _write(fd, ours, offset, target)


def _rewrite_differing_blocks(
    src: int, fd: int, size: int, layout: tuple[int, int], target: Path
) -> None:
    start, block = layout
    had = os.fstat(fd).st_size
    data = bytearray(block)
    for offset in range(start, size, block):
        if offset + block <= had and os.pread(src, CHECKSUM, offset) == os.pread(
            fd, CHECKSUM, offset
        ):
            continue
        read = os.preadv(src, [data], offset)
        view = memoryview(data)[:read]
        _write(fd, view[CHECKSUM:], offset + CHECKSUM, target)
        _write(fd, view[:CHECKSUM], offset, target)
    _write(fd, os.pread(src, start, 0), 0, target)


def _write(fd: int, data: bytes | bytearray | memoryview, offset: int, target: Path) -> None:
    if os.pwrite(fd, data, offset) < len(data):
        raise OSError(f"could not write {target}: the disk may be full")


def clone_file(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` inside the kernel (``copy_file_range``).

    Where the file system can share blocks (XFS, Btrfs) the copy is instant at any size;
    elsewhere it still skips the trip through user space (460 MB on ext4: 0.24 s against
    0.37 s). Falls back to a plain copy where the call is not supported.
    """
    try:
        with open(source, "rb") as src, open(target, "wb") as dst:
            left = os.fstat(src.fileno()).st_size
            while left > 0:
                copied = os.copy_file_range(src.fileno(), dst.fileno(), left)
                if copied == 0:
                    break
                left -= copied
        if left == 0:
            return
    except OSError:
        pass
    shutil.copyfile(source, target)
