"""Pieces every simulator shares: the write clock and new object ids."""

import os
import uuid
from datetime import UTC, datetime, timedelta

from systems.simulation import new_uuid
from systems.timestamps import Clock, iso_ms, parse_iso


def test_clock_stamps_follow_the_wall_clock_and_never_go_back():
    clock = Clock()
    before = datetime.now(UTC) - timedelta(milliseconds=1)
    stamps = [clock.now() for _ in range(5_000)]  # far more than one per millisecond
    after = datetime.now(UTC) + timedelta(milliseconds=1)
    assert stamps == sorted(stamps)
    assert len(set(stamps)) < len(stamps)  # writes within one millisecond share it
    parsed = [parse_iso(s) for s in stamps]
    assert all(iso_ms(p) == s for p, s in zip(parsed, stamps, strict=True))
    assert before <= parsed[0] and parsed[-1] <= after  # a burst does not run ahead


def test_a_new_version_of_a_record_is_stamped_after_its_previous_one():
    clock = Clock()
    version = clock.now()
    for _ in range(2_000):
        newer = clock.now(after=version)
        assert parse_iso(newer) > parse_iso(version)
        version = newer
    assert parse_iso(clock.now()) >= parse_iso(version)  # and the clock keeps up with it
    assert clock.now(after="not a time") >= version


def test_clock_follows_observed_stamps_but_not_broken_ones():
    clock = Clock()
    ahead = datetime.now(UTC) + timedelta(days=3)
    clock.observe(ahead.replace(microsecond=999_000))
    assert parse_iso(clock.now()) == ahead.replace(microsecond=999_000)
    clock.observe(datetime.now(UTC) + timedelta(days=400))  # a broken record's stamp
    assert parse_iso(clock.now()) < datetime.now(UTC) + timedelta(days=4)


def test_new_ids_are_distinct_version_4_uuids():
    ids = [new_uuid() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)
    for text in ids[:2_000]:
        parsed = uuid.UUID(text)
        assert str(parsed) == text
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122


def test_a_forked_process_draws_other_ids_than_its_parent():
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        os.write(write, new_uuid().encode())
        os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    theirs = os.read(read, 64).decode()
    os.close(read)
    assert uuid.UUID(theirs).version == 4
    assert theirs != new_uuid()
