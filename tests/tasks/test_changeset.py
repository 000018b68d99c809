import polars as pl

from tasks.changeset import (
    BASELINE_SCHEMA,
    CURRENT_SCHEMA,
    centric_payload,
    diff,
    fourallportal_payload,
    plan_writes,
    stale,
    to_long,
)

S = pl.Utf8
WIDE = {
    "key": S,
    "type": S,
    "level": pl.Int32,
    "centric_id": S,
    "style_name": S,
    "sizes": pl.List(S),
}


def wide(rows):
    return pl.DataFrame(rows, schema=WIDE, orient="row")


def current(rows):
    return pl.DataFrame(rows, schema=CURRENT_SCHEMA, orient="row")


def baseline(rows):
    return pl.DataFrame(rows, schema=BASELINE_SCHEMA, orient="row")


def objects(pairs):
    return pl.DataFrame(pairs, schema={"key": S, "object_id": S}, orient="row")


def keys_of(frame):
    return frame.select("key", "type").unique("key")


def run(desired_wide, held, objs, base=None, **options):
    desired = to_long(desired_wide)
    return diff(keys_of(desired_wide), desired, held, objs, base, **options)


def held_as(desired_wide, object_id="o1", **overrides):
    rows = []
    for r in to_long(desired_wide).iter_rows(named=True):
        rows.append(
            (r["key"], object_id, r["field"], "", "", overrides.get(r["field"], r["value"]))
        )
    return current(rows)


def test_to_long_writes_canonical_json_skips_nulls_and_expands_dimensions():
    long = to_long(
        wide([("C1", "style", 0, "C1", "Tee", ["S", "M"]), ("C2", "style", 0, "C2", None, [])])
    )
    assert long.filter(pl.col("key") == "C1").select("field", "value").rows() == [
        ("centric_id", '"C1"'), ("style_name", '"Tee"'), ("sizes", '["S","M"]')]  # fmt: skip
    assert "style_name" not in long.filter(pl.col("key") == "C2")["field"].to_list()
    dims = pl.DataFrame(
        {"key": ["C1"], "status__dims": [[{"locale": "de_DE", "channel": "ecom", "value": "ready"},
                                          {"locale": "fr_FR", "channel": "print", "value": None}]]},
    )  # fmt: skip
    assert to_long(dims).select("field", "locale", "channel", "value").rows() == [
        ("status", "de_DE", "ecom", '"ready"')
    ]


def test_missing_objects_are_created_with_every_value_unless_the_mapping_only_updates():
    desired = wide([("C1", "style", 0, "C1", "Tee", ["S"])])
    found = run(desired, current([]), objects([]))
    assert set(found.changes["operation"]) == {"create"}
    assert set(found.changes["field"]) == {"centric_id", "style_name", "sizes"}
    assert run(desired, current([]), objects([]), creates=False).changes.is_empty()


def test_only_differing_values_are_updated_and_removed_values_deleted():
    desired = wide([("C1", "style", 0, "C1", "Tee 2", ["S"])])
    held = held_as(desired, style_name='"Tee"')
    found = run(desired, held, objects([("C1", "o1")]))
    assert found.changes.select("object_id", "operation", "field", "old_value", "new_value", "change").rows() == [
        ("o1", "update", "style_name", '"Tee"', '"Tee 2"', "update")]  # fmt: skip
    assert found.conflicts.is_empty()
    gone = run(wide([("C1", "style", 0, "C1", None, ["S"])]), held, objects([("C1", "o1")]))
    assert gone.changes.select("field", "new_value", "change").rows() == [
        ("style_name", None, "delete")
    ]


def test_nothing_to_do_when_the_target_agrees_and_agreement_is_remembered_once():
    desired = wide([("C1", "style", 0, "C1", "Tee", ["S"])])
    found = run(desired, held_as(desired), objects([("C1", "o1")]))
    assert found.changes.is_empty()
    assert found.agreed.height == 3
    known = found.agreed
    assert run(desired, held_as(desired), objects([("C1", "o1")]), known).agreed.is_empty()


def test_an_edit_in_the_target_is_a_conflict_and_the_owner_wins_by_default():
    desired = wide([("C1", "style", 0, "C1", "Tee", ["S"])])
    base = baseline([("C1", "style_name", "", "", '"Tee"')])
    edited = held_as(desired, style_name='"Tee (edited in PIM)"')
    found = run(desired, edited, objects([("C1", "o1")]), base)
    assert found.conflicts.select("field", "owner_value", "target_value", "base_value").rows() == [
        ("style_name", '"Tee"', '"Tee (edited in PIM)"', '"Tee"')]  # fmt: skip
    assert found.changes.select("field", "new_value").rows() == [("style_name", '"Tee"')]
    held = run(desired, edited, objects([("C1", "o1")]), base, hold_conflicts=True)
    assert held.conflicts.height == 1 and held.changes.is_empty()


def test_an_owner_change_over_an_untouched_target_is_no_conflict():
    desired = wide([("C1", "style", 0, "C1", "Tee 2", ["S"])])
    base = baseline([("C1", "style_name", "", "", '"Tee"')])
    found = run(desired, held_as(desired, style_name='"Tee"'), objects([("C1", "o1")]), base)
    assert found.conflicts.is_empty() and found.changes.height == 1


def test_stale_objects_are_deleted():
    changes = stale(pl.DataFrame({"key": ["C1"]}), objects([("C1", "o1"), ("C9", "o9")]))
    assert changes.select("key", "object_id", "operation").rows() == [("C9", "o9", "delete")]


def test_writes_group_changes_per_object_and_format_for_each_system():
    desired = wide([("C1", "style", 0, "C1", "Tee", None), ("C2", "style", 0, "C2", "New", None)])
    held = current(
        [("C2", "o2", "centric_id", "", "", '"C2"'), ("C2", "o2", "style_name", "", "", '"Old"')]
    )
    changes = diff(keys_of(desired), to_long(desired), held, objects([("C2", "o2")])).changes
    create, update = plan_writes(changes)
    assert fourallportal_payload(create) == {
        "type": "style",
        "centric_id": [{"value": "C1", "dimensions": {}}],
        "style_name": [{"value": "Tee", "dimensions": {}}],
    }
    assert fourallportal_payload(update) == {
        "id": "o2",
        "style_name": [{"value": "New", "dimensions": {}}],
    }
    assert centric_payload(update) == {"style_name": "New"}
    assert update.fields == ["style_name"]
    again = plan_writes(
        diff(keys_of(desired), to_long(desired), held, objects([("C2", "o2")])).changes
    )
    assert (
        create.idempotency_key("x") == again[0].idempotency_key("x") != update.idempotency_key("x")
    )
