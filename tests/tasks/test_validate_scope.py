"""Which styles a validation looks at: everything changed since the last one, whoever landed it."""

import copy
from datetime import UTC, datetime

import pytest
from prefect.logging import disable_run_logger

from systems.generator import DefectRates, generate
from tasks.validate import validate_styles
from tests.helpers import candidate_ids, land_catalog, land_records
from warehouse.db import connect, migrate


@pytest.fixture
def warehouse(tmp_path):
    return tmp_path / "w.duckdb"


def with_con(path, action, *args):
    """Open the warehouse for one step, as the tasks do (validation runs in a child process)."""
    con = connect(path)
    migrate(con)
    try:
        return action(con, *args)
    finally:
        con.close()


def query(path, sql, params=None):
    return with_con(path, lambda con: con.execute(sql, params).fetchall())


def validate(path, run_id):
    with disable_run_logger():
        validate_styles.fn(run_id, str(path), False)
    scope = {
        r[0]
        for r in query(path, "SELECT style_id FROM validation_scope WHERE run_id = ?", [run_id])
    }
    [(every,)] = query(path, "SELECT all_styles FROM validations WHERE run_id = ?", [run_id])
    return scope, every


def verdict(path, style_id):
    return query(path, "SELECT passed, reasons FROM style_status WHERE style_id = ?", [style_id])[0]


def stamp(record):
    return {**record, "_modified_at": datetime.now(UTC).isoformat()}


@pytest.fixture
def catalog():
    return generate(40, seed=6, rates=DefectRates.none())


def test_first_validation_takes_every_candidate_and_the_next_only_changes(warehouse, catalog):
    with_con(warehouse, land_catalog, catalog)
    scope, every = validate(warehouse, "r1")
    assert every and scope == candidate_ids(catalog)
    assert validate(warehouse, "r2") == (set(), False)


def test_a_change_landed_by_a_run_that_never_validated_is_validated_next(warehouse, catalog):
    with_con(warehouse, land_catalog, catalog)
    validate(warehouse, "r1")
    style = next(s for s in catalog.centric["styles"] if s["id"] in candidate_ids(catalog))
    with_con(
        warehouse, land_records, "styles", [stamp({**style, "description": " "})], "crashed-run"
    )
    scope, _ = validate(warehouse, "r3")
    assert scope == {style["id"]}
    assert verdict(warehouse, style["id"]) == (False, ["CORE_FIELD_MISSING"])


def test_fixing_one_side_of_a_duplicate_gtin_revalidates_the_other_style(warehouse, catalog):
    a, b = sorted(candidate_ids(catalog))[:2]
    sku_a = next(k for k in catalog.centric["skus"] if k["style"] == a)
    sku_b = next(k for k in catalog.centric["skus"] if k["style"] == b)
    original = sku_a["bx_gtin"]
    sku_a["bx_gtin"] = sku_b["bx_gtin"]
    with_con(warehouse, land_catalog, catalog)
    validate(warehouse, "r1")
    assert verdict(warehouse, b)[1] == ["GTIN_DUPLICATE"]
    with_con(warehouse, land_records, "skus", [stamp({**sku_a, "bx_gtin": original})], "r2")
    scope, _ = validate(warehouse, "r2")
    assert {a, b} <= scope
    assert verdict(warehouse, a)[0] and verdict(warehouse, b)[0]


def test_a_changed_season_revalidates_everything(warehouse, catalog):
    with_con(warehouse, land_catalog, catalog)
    validate(warehouse, "r1")
    season = copy.deepcopy(catalog.centric["seasons"][0])
    with_con(warehouse, land_records, "seasons", [stamp({**season, "node_name": "Renamed"})], "r2")
    scope, every = validate(warehouse, "r2")
    assert every and scope == candidate_ids(catalog)


def test_attributes_launchsync_writes_back_do_not_count_as_changes(warehouse, catalog):
    with_con(warehouse, land_catalog, catalog)
    validate(warehouse, "r1")
    style = next(s for s in catalog.centric["styles"] if s["id"] in candidate_ids(catalog))
    written = {**style, "bx_launch_status": "blocked", "bx_launch_blockers": ["LIFESTYLE_MISSING"]}
    with_con(warehouse, land_records, "styles", [stamp(written)], "r2")
    assert validate(warehouse, "r2") == (set(), False)
    with_con(warehouse, land_records, "styles", [stamp({**written, "node_name": "Renamed"})], "r3")
    assert validate(warehouse, "r3") == ({style["id"]}, False)
