"""Readiness over a catalog landed from every system: the DAM files behind assets and rights."""

import random
from contextlib import closing
from datetime import UTC, datetime

import pytest

from launchsync.bench.landing import catalog_for, land, land_catalog
from launchsync.config import load_config
from systems.timestamps import iso_ms
from tasks.readiness import compute, focus_of, focused
from tasks.validate import validate
from warehouse.db import connect


@pytest.fixture(scope="module")
def landed(tmp_path_factory):
    """Every system of a generated catalog landed and validated, readiness computed in full."""
    config = load_config()
    path = tmp_path_factory.mktemp("files") / "w.duckdb"
    catalog = catalog_for(1_500)
    land_catalog(path, catalog, "land", config)
    validate(path, "land", True, config)
    compute(path, "r1", True, config)
    return path, catalog, config


def test_the_focus_turns_only_the_dam_files_of_its_styles_into_columns(landed):
    path, _, _ = landed
    with closing(connect(path)) as con:
        linked = set(con.execute("SELECT style_id, id FROM product_files").fetchall())
        style_id = min(linked)[0]
        con.execute("INSERT INTO readiness_scope VALUES ('focus', ?, 'DE')", [style_id])
        every = con.execute("SELECT count(*) FROM fourallportal_files").fetchone()[0]
        with focused(con, focus_of(con, "focus", every=False)):
            own = set(con.execute("SELECT style_id, id FROM product_files").fetchall())
            assert own == {r for r in linked if r[0] == style_id}  # all of them, and only them
            files = {f for (f,) in con.execute("SELECT id FROM fourallportal_files").fetchall()}
            assert files == {f for _, f in own} and 0 < len(files) < every
        assert con.execute("SELECT count(*) FROM fourallportal_files").fetchone()[0] == every
        con.execute("DELETE FROM readiness_scope WHERE run_id = 'focus'")


def test_an_incremental_recompute_judges_assets_and_rights_as_a_full_one_does(landed, tmp_path):
    path, catalog, config = landed
    con = connect(path)
    with_files = sorted(
        {s for (s,) in con.execute("SELECT style_id FROM product_files").fetchall()}
    )
    con.close()
    picked = random.Random(3).sample(with_files, 8)
    styles = {s["id"]: s for s in catalog.centric["styles"]}
    stamp = iso_ms(datetime.now(UTC))
    changed = [
        {**styles[s], "bx_reach_svhc_declared": not styles[s]["bx_reach_svhc_declared"],
         "_modified_at": stamp}
        for s in picked
    ]  # fmt: skip
    con = connect(path)
    land(con, "centric", "styles", changed, "change", full=False)
    con.close()
    validate(path, "change", False, config)
    full_path = tmp_path / "full.duckdb"
    full_path.write_bytes(path.read_bytes())

    incremental = compute(path, "r2", False, config)
    assert not incremental["full"] and incremental["styles"] == len(picked)
    assert compute(full_path, "r2", True, config)["full"]
    judged = (
        "SELECT * EXCLUDE (run_id, computed_at) FROM readiness WHERE style_id IN ? ORDER BY ALL"
    )
    rows = {}
    for name, where in (("incremental", path), ("full", full_path)):
        con = connect(where, read_only=True)
        rows[name] = con.execute(judged, [picked]).fetchall()
        con.close()
    assert rows["incremental"] == rows["full"] and rows["full"]
    # The picked styles' asset verdicts vary: the comparison has teeth.
    assets = {r[9] for r in rows["full"]}
    assert assets == {True, False}
