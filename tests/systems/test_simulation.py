"""Pieces every simulator shares: the write clock, new object ids, record tables."""

import os
import random
import uuid
from datetime import UTC, datetime, timedelta

from systems.simulation import RecordTable, new_uuid
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


def test_a_listing_of_what_changed_since_finds_what_a_full_scan_finds_in_the_same_order():
    rng = random.Random(7)
    records = [{"id": f"r{i}", "at": rng.randrange(100), "colour": rng.choice("rgb")} for i in range(300)]  # fmt: skip
    table = RecordTable(records, stamp=lambda r: r.get("at"))
    scanned = RecordTable([dict(r) for r in records])
    both = (table, scanned)
    next_id = 300

    def listed(after: int, inclusive: bool) -> tuple[list[str], list[str]]:
        def keep(r: dict) -> bool:
            at = r.get("at")
            return (
                at is not None and (at >= after if inclusive else at > after) and r["colour"] != "b"
            )

        found = table.since(("q", after, inclusive), after, keep, inclusive=inclusive)
        expected = scanned.select(("q", after, inclusive), keep)
        return [r["id"] for r in found], [r["id"] for r in expected]

    assert listed(50, False)[0]
    clock = 100
    for step in range(600):
        action = rng.random()
        key = f"r{rng.randrange(next_id)}"
        if action < 0.35:  # a new version: replaced, stamped later
            clock += rng.choice((0, 1))
            colour = rng.choice("rgb")
            for t in both:
                if t.get(key) is not None:
                    t.put({**t.get(key), "at": clock, "colour": colour})
        elif action < 0.5:  # changed in place, as Centric's simulator does
            clock += 1
            for t in both:
                if (record := t.get(key)) is not None:
                    record["at"] = clock
                    t.touch(record)
        elif action < 0.6:
            for t in both:
                t.delete(key)
        elif action < 0.7:  # created (or deleted and created again: placed last)
            new = {"id": f"r{next_id}" if rng.random() < 0.7 else key, "at": clock, "colour": "r"}
            next_id += 1
            for t in both:
                t.put(dict(new))
        elif action < 0.75:  # changed behind the table's back, then touched without naming it
            at = rng.choice((None, 0, clock + 1))
            for t in both:
                if (record := t.get(key)) is not None:
                    record["at"] = at
                    t.touch()
        after = rng.choice((0, 60, clock - 5, clock, clock + 1))
        found, expected = listed(after, rng.random() < 0.5)
        assert found == expected, f"step {step}: after {after}"
    assert table.rows.keys() == scanned.rows.keys() and list(table.rows) == list(scanned.rows)
