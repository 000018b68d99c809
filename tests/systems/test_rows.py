"""Rows checked a batch at a time are the rows and reasons the models give one at a time."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from systems.centric.endpoints import ENDPOINTS as CENTRIC
from systems.registry import endpoint
from systems.rows import SLICE, FieldRecord, row_or_reason, rows_of
from tests.hostile import bases, entities, hostile_page


def same_reason(batch: str, single: str) -> bool:
    """The same words, but that a nested object need not be "an instance of" a model class.

    (A batch leaves an object of an unusual shape to its model, so its reason may still
    name the class.)
    """

    def plain(reason: str) -> str:
        return re.sub(r"valid dictionary or instance of \w+", "valid dictionary", reason)

    return plain(batch) == plain(single)


BATCHED = [(s, e) for s, e in entities() if hasattr(endpoint(s, e).model, "rows")]


def test_a_reason_is_the_same_whether_or_not_it_names_the_model_class():
    named = "centric_id.0: Input should be a valid dictionary or instance of FieldValue"
    assert same_reason(named, named)
    assert same_reason("centric_id.0: Input should be a valid dictionary", named)
    assert not same_reason("centric_id.0: Field required", named)


def test_centric_and_fourallportal_records_are_checked_a_batch_at_a_time():
    assert {s for s, _ in BATCHED} == {"centric", "fourallportal"}
    assert all(issubclass(CENTRIC[e].model, FieldRecord) for e in CENTRIC)


@pytest.mark.parametrize(("system", "entity"), BATCHED)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_batch_gives_each_record_the_row_or_reason_of_its_model(system, entity, data):
    model = endpoint(system, entity).model
    records = [r for r in data.draw(hostile_page(bases(system, entity))) if isinstance(r, dict)]
    batch, single = rows_of(model, records), [row_or_reason(model, r) for r in records]
    assert len(batch) == len(single)
    for got, expected in zip(batch, single, strict=True):
        assert same_reason(got, expected) if isinstance(expected, str) else got == expected


def test_a_refused_record_leaves_the_rest_of_its_slice_and_the_next_slices_landed():
    model = CENTRIC["skus"].model
    good = bases("centric", "skus")[0]
    records = [{**good, "id": f"C{i}"} for i in range(SLICE + 10)]
    records[3] = {**records[3], "bx_gtin": 4006381333931, "style": "centric%3A"}
    records[SLICE + 1] = {k: v for k, v in records[SLICE + 1].items() if k != "colorway"}
    out = rows_of(model, records)
    assert out[3] == "style: Value error, reference is empty (+1 more)"
    assert out[SLICE + 1] == "colorway: Field required"
    rows = [r for r in out if not isinstance(r, str)]
    assert [r["id"] for r in rows] == [
        f"C{i}" for i in range(SLICE + 10) if i not in (3, SLICE + 1)
    ]
    assert rows[0] == model.model_validate(records[0]).to_row()


def test_nested_records_become_dicts_with_their_defaults():
    model = CENTRIC["styles"].model
    style = {
        **bases("centric", "styles")[0],
        "bx_market_readiness": [{"market": "DE", "status": "ok"}],
    }
    [row] = rows_of(model, [style])
    assert row["bx_market_readiness"] == [{"market": "DE", "status": "ok", "missing": []}]
    assert row == model.model_validate(style).to_row()


@pytest.mark.parametrize(
    "dimensions", [[], "", 0, None, False, {"locale": 1}, {"locale": None}, {}, "absent"]
)
def test_a_4allportal_value_of_any_shape_gets_the_row_or_reason_of_the_model(dimensions):
    model = endpoint("fourallportal", "variant").model
    item = (
        {"value": "slim"} if dimensions == "absent" else {"value": "slim", "dimensions": dimensions}
    )
    record = {"id": "v1", "module": "variant", "mod_time": "2026-06-02T12:00:00Z", "fit": [item]}
    [got] = rows_of(model, [record])
    expected = row_or_reason(model, record)
    assert got == expected
    assert isinstance(got, str) == (dimensions not in ({"locale": None}, {}, "absent"))


def test_a_4allportal_value_that_is_no_value_object_gets_the_reason_of_the_model():
    model = endpoint("fourallportal", "classification").model
    good = bases("fourallportal", "classification")[0]
    bad = {**good, "centric_id": [None]}
    out = rows_of(model, [good, bad])
    assert out[0] == row_or_reason(model, good) and not isinstance(out[0], str)
    assert out[1] == row_or_reason(model, bad)
    assert out[1].startswith("centric_id.0: Input should be a valid dictionary")
