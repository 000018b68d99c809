import polars as pl

from tasks.changeset import diff, plan_writes, stale, to_long

WIDE_SCHEMA = {
    "centric_id": pl.Utf8,
    "type": pl.Utf8,
    "level": pl.Int32,
    "style_name": pl.Utf8,
    "sizes": pl.List(pl.Utf8),
}
CURRENT_SCHEMA = {
    "centric_id": pl.Utf8,
    "object_id": pl.Utf8,
    "field": pl.Utf8,
    "locale": pl.Utf8,
    "channel": pl.Utf8,
    "value": pl.Utf8,
}


def wide(rows):
    return pl.DataFrame(rows, schema=WIDE_SCHEMA, orient="row")


def current(rows):
    return pl.DataFrame(rows, schema=CURRENT_SCHEMA, orient="row")


def objects(pairs):
    return pl.DataFrame(pairs, schema={"centric_id": pl.Utf8, "object_id": pl.Utf8}, orient="row")


def test_to_long_writes_canonical_json_and_skips_nulls():
    long = to_long(wide([("C1", "style", 0, "Tee", ["S", "M"]), ("C2", "style", 0, None, [])]))
    assert long.filter(pl.col("centric_id") == "C1").select("field", "value").rows() == [
        ("centric_id", '"C1"'), ("style_name", '"Tee"'), ("sizes", '["S","M"]')]  # fmt: skip
    assert "style_name" not in long.filter(pl.col("centric_id") == "C2")["field"].to_list()


def test_missing_objects_are_created_with_every_value():
    changes = diff(to_long(wide([("C1", "style", 0, "Tee", ["S"])])), current([]), objects([]))
    assert set(changes["operation"]) == {"create"}
    assert set(changes["field"]) == {"centric_id", "style_name", "sizes"}
    assert changes["object_type"].to_list() == ["style"] * 3


def test_only_differing_values_are_updated_and_removed_values_deleted():
    desired = to_long(wide([("C1", "style", 0, "Tee 2", ["S"])]))
    held = current([
        ("C1", "o1", "centric_id", "", "", '"C1"'),
        ("C1", "o1", "style_name", "", "", '"Tee"'),
        ("C1", "o1", "sizes", "", "", '["S"]'),
    ])  # fmt: skip
    changes = diff(desired, held, objects([("C1", "o1")]))
    assert changes.select("object_id", "operation", "field", "old_value", "new_value", "change").rows() == [
        ("o1", "update", "style_name", '"Tee"', '"Tee 2"', "update")]  # fmt: skip
    gone = diff(to_long(wide([("C1", "style", 0, None, ["S"])])), held, objects([("C1", "o1")]))
    assert gone.select("field", "new_value", "change").rows() == [("style_name", None, "delete")]


def test_nothing_to_do_when_the_target_already_agrees():
    desired = to_long(wide([("C1", "style", 0, "Tee", ["S"])]))
    held = current(
        [
            (r["centric_id"], "o1", r["field"], "", "", r["value"])
            for r in desired.iter_rows(named=True)
        ]
    )
    assert diff(desired, held, objects([("C1", "o1")])).is_empty()


def test_stale_objects_are_deleted():
    keys = pl.DataFrame({"centric_id": ["C1"]})
    changes = stale(keys, objects([("C1", "o1"), ("C9", "o9")]))
    assert changes.select("centric_id", "object_id", "operation").rows() == [("C9", "o9", "delete")]


def test_writes_group_changes_per_object_with_dimensions():
    desired = to_long(wide([("C1", "style", 0, "Tee", None), ("C2", "style", 0, "New", None)]))
    held = current(
        [("C2", "o2", "centric_id", "", "", '"C2"'), ("C2", "o2", "style_name", "", "", '"Old"')]
    )
    writes = plan_writes(diff(desired, held, objects([("C2", "o2")])))
    create, update = writes
    assert create.operation == "create" and create.payload == {
        "type": "style",
        "centric_id": [{"value": "C1", "dimensions": {}}],
        "style_name": [{"value": "Tee", "dimensions": {}}],
    }
    assert update.payload == {"id": "o2", "style_name": [{"value": "New", "dimensions": {}}]}
    assert update.fields == ["style_name"]
    assert create.idempotency_key("product") == plan_writes(
        diff(desired, held, objects([("C2", "o2")]))
    )[0].idempotency_key("product")
    assert create.idempotency_key("product") != update.idempotency_key("product")
