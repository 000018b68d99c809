"""``fourallportal_managed`` gives, per module, the rows of its earlier one-query definition."""

import re
from importlib import resources

import pytest

from launchsync.bench.landing import catalog_for, land_catalog
from launchsync.config import load_config
from tasks.validate import validate
from tests.helpers import land_records, plan_scans
from warehouse.db import connect, narrowed

MODULES = ("classification", "product", "variant", "launch_package")


def definition_before() -> str:
    """The view as migration 0008 defined it, under another name."""
    text = (resources.files("warehouse") / "migrations" / "0008_scenarios.sql").read_text()
    found = re.search(r"CREATE OR REPLACE VIEW fourallportal_managed AS\n(.*?;)\n", text, re.S)
    assert found, "0008 defines fourallportal_managed"
    return "CREATE TEMP VIEW managed_before AS\n" + found.group(1)


def pim_object(module: str, key: str, product: str) -> dict:
    fields = {"centric_id": key} | ({"product": product} if module == "variant" else {})
    return {"id": f"{module}-{key}", "module": module, "type": "item",
            "mod_time": "2026-05-01T10:00:00Z"} | {
        name: [{"value": value, "dimensions": {}}] for name, value in fields.items()
    }  # fmt: skip


@pytest.fixture(scope="module")
def landed(tmp_path_factory):
    path = tmp_path_factory.mktemp("managed") / "warehouse.duckdb"
    config = load_config()
    land_catalog(path, catalog_for(3_000), "run-1", config)
    validate(path, "run-1", True, config)
    con = connect(path)
    # Records gone inactive in Centric leave objects behind to delete.
    con.execute("UPDATE centric_styles_history SET active = false WHERE id IN "
                "(SELECT id FROM centric_styles ORDER BY id LIMIT 20)")  # fmt: skip
    con.execute("UPDATE centric_seasons_history SET active = false WHERE id IN "
                "(SELECT id FROM centric_seasons ORDER BY id LIMIT 1)")  # fmt: skip
    # Objects for some of what each module should hold, and for Centric ids that are gone.
    desired = {m: [k for (k,) in con.execute(
        f"SELECT key FROM fourallportal_desired_{m} ORDER BY key LIMIT 30").fetchall()]
        for m in MODULES}  # fmt: skip
    product = con.execute(
        "SELECT id FROM fourallportal_current WHERE module = 'product' ORDER BY id LIMIT 1"
    ).fetchone()[0]
    for module in MODULES:
        keys = desired[module] + [f"GONE-{module}-{n}" for n in range(5)]
        land_records(con, module, [pim_object(module, key, product) for key in keys], "run-1",
                     system="fourallportal")  # fmt: skip
    con.execute(definition_before())
    yield con
    con.close()


@pytest.mark.parametrize("module", MODULES)
def test_each_module_holds_the_objects_it_held_before(landed, module):
    rows = "SELECT object_id, module, key FROM {} WHERE module = ? ORDER BY ALL"
    now = landed.execute(rows.format("fourallportal_managed"), [module]).fetchall()
    before = landed.execute(rows.format("managed_before"), [module]).fetchall()
    assert now == before


def test_every_object_of_the_whole_view_is_the_same(landed):
    now = landed.execute("SELECT * FROM fourallportal_managed ORDER BY ALL").fetchall()
    assert now == landed.execute("SELECT * FROM managed_before ORDER BY ALL").fetchall()
    deleted = landed.execute(
        "SELECT count(*) FROM fourallportal_managed WHERE key NOT IN "
        "(SELECT key FROM fourallportal_desired_product UNION ALL "
        " SELECT key FROM fourallportal_desired_classification)"
        " AND module IN ('product', 'classification')"
    ).fetchone()[0]
    assert deleted > 0, "inactive records should leave objects to delete"
    modules = dict(
        landed.execute("SELECT module, count(*) FROM fourallportal_managed GROUP BY 1").fetchall()
    )
    assert all(modules.get(m, 0) >= 5 for m in MODULES), modules
    assert modules["product"] >= 30 and modules["variant"] >= 30, modules


def test_a_focus_narrows_the_variants_to_those_of_its_skus(landed):
    variants = "SELECT object_id, key FROM fourallportal_managed WHERE module = 'variant'"
    every = landed.execute(variants + " ORDER BY ALL").fetchall()
    # Some variants to keep, one to delete (its SKU is gone) and an id with no variant.
    focus = [key for _, key in every[::7]] + ["GONE-variant-0", "NO-SUCH-SKU"]
    assert "GONE-variant-0" in {key for _, key in every}
    with narrowed(landed, "diff_focus", focus):
        seen = landed.execute(variants + " ORDER BY ALL").fetchall()
        others = landed.execute(
            "SELECT * FROM fourallportal_managed WHERE module <> 'variant' ORDER BY ALL"
        ).fetchall()
    assert seen == [row for row in every if row[1] in focus]
    assert (
        others
        == landed.execute(
            "SELECT * FROM managed_before WHERE module <> 'variant' ORDER BY ALL"
        ).fetchall()
    )


def variant_scans(con, sql: str, params: list) -> list[str]:
    """The scans in DuckDB's plan of a query that read variants (by their filters)."""
    return [table for table, filters in plan_scans(con, sql, params) if "'variant'" in filters]


@pytest.mark.parametrize("module", ["classification", "product", "launch_package"])
def test_a_query_of_another_module_does_not_read_the_variants(landed, module):
    query = "SELECT * FROM fourallportal_managed WHERE module = ?"
    assert variant_scans(landed, query, [module]) == []
    with narrowed(landed, "diff_focus", ["C1"]):
        assert variant_scans(landed, query, [module]) == []
    assert variant_scans(landed, query, ["variant"])  # the check can see them
