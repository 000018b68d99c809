"""The diff against a plain definition of it, on generated catalogs in any row order.

The oracle below states what the diff must find, value key by value key, in Python; the diff
must agree with it whatever the order of its input rows and even when every row hashes alike.
"""

import random

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.changeset import (
    BASELINE_SCHEMA,
    CHANGE_SCHEMA,
    CONFLICT_SCHEMA,
    CURRENT_SCHEMA,
    LONG_SCHEMA,
    diff,
)

KEYS = ["k0", "k1", "k2", "k3"]
SLOTS = [(f, loc) for f in ("f0", "f1", "f2") for loc in ("", "en_GB")]
VALUES = st.sampled_from(['"a"', '"b"', '"c"'])


@st.composite
def catalogs(draw):
    keys = draw(st.lists(st.sampled_from(KEYS), unique=True))
    objects = [(key, f"{key}-o{n}") for key in KEYS for n in range(draw(st.integers(0, 2)))]
    desired = [
        (key, "style", field, locale, "", draw(VALUES))
        for key in KEYS
        for field, locale in SLOTS
        if draw(st.booleans())
    ]
    current = [
        (key, object_id, field, locale, "", draw(VALUES))
        for key, object_id in objects
        for field, locale in SLOTS
        if draw(st.booleans())
    ]
    baseline = [
        (key, field, locale, "", draw(VALUES))
        for key in KEYS
        for field, locale in SLOTS
        if draw(st.booleans())
    ]
    return {
        "keys": [(key, "style") for key in keys],
        "objects": objects,
        "desired": desired,
        "current": current,
        "baseline": baseline,
        "hold": draw(st.booleans()),
        "seed": draw(st.integers(0, 2**32)),
    }


def expected(c):
    """What the diff must return, computed one value key at a time."""
    kinds = dict(c["keys"])
    chosen = {}
    for key, object_id in sorted(c["objects"], key=lambda p: p[1]):
        chosen.setdefault(key, object_id)
    changes, conflicts, agreed = [], [], []
    for key, kind, field, locale, channel, value in c["desired"]:
        if key in kinds and key not in chosen:
            changes.append(
                (key, None, kind, "create", field, locale, channel, None, value, "insert")
            )
    wanted = {
        (k, f, loc, ch): v for k, _, f, loc, ch, v in c["desired"] if k in kinds and k in chosen
    }
    held = {
        (k, f, loc, ch): v
        for k, o, f, loc, ch, v in c["current"]
        if k in kinds and chosen.get(k) == o
    }
    base = {(k, f, loc, ch): v for k, f, loc, ch, v in c["baseline"]}
    for slot in wanted.keys() | held.keys():
        key, field, locale, channel = slot
        want, have, last = wanted.get(slot), held.get(slot), base.get(slot)
        if want == have:
            if want != last:
                agreed.append((*slot, want))
            continue
        edited = last is not None and have != last
        if edited:
            conflicts.append((key, chosen[key], field, locale, channel, want, have, last))
        if edited and c["hold"]:
            continue
        change = "insert" if have is None else "delete" if want is None else "update"
        changes.append(
            (key, chosen[key], kinds[key], "update", field, locale, channel, have, want, change)
        )
    return sorted(changes, key=str), sorted(conflicts, key=str), sorted(agreed)


def shuffled(rows, schema, rng):
    rows = list(rows)
    rng.shuffle(rows)
    return pl.DataFrame(rows, schema=schema, orient="row")


def found(c):
    rng = random.Random(c["seed"])
    result = diff(
        shuffled(c["keys"], {"key": pl.Utf8, "type": pl.Utf8}, rng),
        shuffled(c["desired"], LONG_SCHEMA, rng),
        shuffled(c["current"], CURRENT_SCHEMA, rng),
        shuffled(c["objects"], {"key": pl.Utf8, "object_id": pl.Utf8}, rng),
        shuffled(c["baseline"], BASELINE_SCHEMA, rng),
        hold_conflicts=c["hold"],
    )
    assert result.changes.schema == pl.Schema(CHANGE_SCHEMA)
    assert result.conflicts.schema == pl.Schema(CONFLICT_SCHEMA)
    return (
        sorted(result.changes.rows(), key=str),
        sorted(result.conflicts.rows(), key=str),
        sorted(result.agreed.rows()),
    )


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(catalogs())
def test_the_diff_finds_what_the_definition_says_in_any_row_order(c):
    assert found(c) == expected(c)


@pytest.fixture
def every_row_hashes_alike(monkeypatch):
    def same_hash(self, seed=0, seed_1=None, seed_2=None, seed_3=None):
        return pl.Series("hash", [0] * self.height, dtype=pl.UInt64)

    monkeypatch.setattr(pl.DataFrame, "hash_rows", same_hash)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(catalogs())
def test_rows_that_hash_alike_are_still_told_apart(every_row_hashes_alike, c):
    assert pl.DataFrame({"a": ["x", "y"]}).hash_rows().n_unique() == 1
    assert found(c) == expected(c)


def test_a_catalog_in_the_same_order_on_both_sides_gives_the_same_answer_as_shuffled():
    rng = random.Random(3)
    rows = [(f"k{i:03d}", "style", f"f{j}", "", "", f'"{rng.randrange(3)}"') for i in range(300) for j in range(4)]  # fmt: skip
    held = [(k, f"{k}-o", f, loc, ch, v if rng.random() > 0.05 else '"x"') for k, _, f, loc, ch, v in rows]  # fmt: skip
    held = [r for r in held if rng.random() > 0.02]
    c = {
        "keys": sorted({(r[0], "style") for r in rows}),
        "objects": sorted({(r[0], r[1]) for r in held}),
        "desired": rows,
        "current": held,
        "baseline": [(k, f, loc, ch, v) for k, _, f, loc, ch, v in rows if rng.random() > 0.5],
        "hold": False,
    }
    in_order = diff(
        pl.DataFrame(c["keys"], schema={"key": pl.Utf8, "type": pl.Utf8}, orient="row"),
        pl.DataFrame(rows, schema=LONG_SCHEMA, orient="row"),
        pl.DataFrame(held, schema=CURRENT_SCHEMA, orient="row"),
        pl.DataFrame(c["objects"], schema={"key": pl.Utf8, "object_id": pl.Utf8}, orient="row"),
        pl.DataFrame(c["baseline"], schema=BASELINE_SCHEMA, orient="row"),
    )
    want = expected(c)
    assert sorted(in_order.changes.rows(), key=str) == want[0]
    assert sorted(in_order.agreed.rows()) == want[2]
    assert len(want[0]) > 50 and len(want[2]) > 100
    assert found({**c, "seed": 1}) == want
