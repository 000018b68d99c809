"""Readiness over a landed catalog: keys, incremental scope, rule changes and history."""

from collections import Counter
from pathlib import Path

import pytest

from launchsync.config import load_config
from systems.generator import DefectRates, generate
from tasks.readiness import compute, focus_of, focused, linked_files
from tasks.runs import write_rules
from tests.expectations.test_suites import validate_all
from tests.helpers import land_catalog, land_records
from warehouse.db import connect, narrowed


@pytest.fixture
def landed(tmp_path):
    """A warehouse with a clean Centric catalog, validated, and one style without REACH declaration."""
    catalog = generate(30, seed=4, rates=DefectRates.none())
    path = tmp_path / "w.duckdb"
    con = connect(path)
    from warehouse.db import migrate

    migrate(con)
    for style in catalog.centric["styles"]:
        style["bx_reach_svhc_declared"] = True
    style = next(s for s in catalog.centric["styles"] if s["bx_milestone"] == "COMMERCIAL_RELEASE")
    style["bx_reach_svhc_declared"] = False
    land_catalog(con, catalog)
    validate_all(con)
    con.close()
    return path, catalog, style


def rows(path: Path, sql: str, params=None):
    con = connect(path, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def counted_here(path: Path) -> list[tuple]:
    """The cells of the readiness rows, counted in Python, as readiness_cells holds them."""
    cells: dict[tuple, list] = {}
    for style, market, channel, ready, blockers in rows(
        path, "SELECT style_id, market, channel, ready, blockers FROM readiness"
    ):
        cell = cells.setdefault((style, market, channel), [0, 0, Counter()])
        cell[0] += 1
        cell[1] += ready
        cell[2].update({b.split(":")[0] for b in blockers})
    return sorted(
        (*key, keys, ready, [{"kind": k, "keys": n} for k, n in sorted(kinds.items())])
        for key, (keys, ready, kinds) in cells.items()
    )


def assert_cells_counted(path: Path) -> None:
    """The kept cell counts equal those counted afresh from the readiness rows."""
    kept = rows(path, "SELECT * FROM readiness_cells ORDER BY style_id, market, channel")
    fresh = rows(
        path,
        "SELECT * FROM readiness_cell_counts('readiness') ORDER BY style_id, market, channel",
    )
    assert kept == fresh == counted_here(path)
    assert sum(c[3] for c in kept) == rows(path, "SELECT count(*) FROM readiness")[0][0]


def config_without(tmp_path: Path, market: str, rule: str):
    text = load_config().source
    source = Path(text).read_text()
    start = source.index(f"[markets.{market}]")
    end = source.index("[markets.", start + 1)
    section = source[start:end].replace(f'"{rule}", ', "")
    assert section != source[start:end]
    changed = tmp_path / "launchsync.toml"
    changed.write_text(source[:start] + section + source[end:])
    return load_config(changed)


def test_every_key_gets_a_row_with_indicators_and_blockers(landed):
    path, catalog, style = landed
    config = load_config()
    result = compute(path, "r1", False, config)
    assert result["full"]
    styles = [s for s in catalog.centric["styles"] if s["bx_milestone"] != "DROPPED"]
    colorways = {s["id"]: len(s["active_colorways"]) for s in styles}
    channels = sum(len(m.channels or []) for m in config.markets.values())
    assert result["keys"] == sum(colorways.values()) * channels
    # Nothing is in 4ALLPORTAL, so no key is ready and every one says why.
    assert rows(
        path, "SELECT count(*) FROM readiness WHERE ready OR core OR len(blockers) = 0"
    ) == [(0,)]
    blockers = rows(
        path,
        "SELECT market, list_sort(list_distinct(flatten(list(blockers)))) FROM readiness "
        "WHERE style_id = ? GROUP BY market ORDER BY market",
        [style["id"]],
    )
    assert dict(blockers) == {
        "DE": ["COMPLIANCE_MISSING:DE:reach_svhc", "NOT_IN_4ALLPORTAL"],
        "FR": ["COMPLIANCE_MISSING:FR:reach_svhc", "NOT_IN_4ALLPORTAL"],
        "GB": ["COMPLIANCE_MISSING:GB:reach_svhc", "NOT_IN_4ALLPORTAL"],
        "IT": ["COMPLIANCE_MISSING:IT:reach_svhc", "NOT_IN_4ALLPORTAL"],
        "US": ["NOT_IN_4ALLPORTAL"],
    }
    score = rows(
        path,
        "SELECT DISTINCT score FROM readiness WHERE style_id = ? AND market = 'DE'",
        [style["id"]],
    )
    assert score == [(71,)]  # core and compliance fail: 5 of 7 indicators pass


def test_a_second_run_without_changes_recomputes_nothing(landed):
    path, _, _ = landed
    config = load_config()
    first = compute(path, "r1", False, config)
    judged = rows(path, "SELECT * FROM readiness ORDER BY ALL")
    again = compute(path, "r2", False, config)
    assert (again["full"], again["styles"], again["keys"], again["changed"]) == (False, 0, 0, 0)
    # The rows and findings of the first computation stand.
    assert again["total"] == first["keys"] == len(judged)
    assert rows(path, "SELECT * FROM readiness ORDER BY ALL") == judged
    assert rows(path, "SELECT count(*) FROM readiness_findings WHERE run_id = 'r1'")[0][0] > 0
    assert rows(path, "SELECT count(*) FROM readiness_snapshots WHERE run_id = 'r2'")[0][0] > 0


def test_a_changed_style_is_recomputed_alone(landed):
    path, _catalog, style = landed
    config = load_config()
    compute(path, "r1", False, config)
    fixed = {**style, "bx_reach_svhc_declared": True, "_modified_at": "2026-06-01T00:00:00.000Z"}
    con = connect(path)
    write_rules(con, config)
    land_records(con, "styles", [fixed], "r2")
    con.close()
    result = compute(path, "r2", False, config)
    assert (result["full"], result["styles"]) == (False, 1)
    assert rows(path, "SELECT DISTINCT style_id FROM readiness_scope WHERE run_id = 'r2'") == [
        (style["id"],)
    ]
    codes = rows(
        path, "SELECT DISTINCT unnest(blockers) FROM readiness WHERE style_id = ?", [style["id"]]
    )
    assert codes == [("NOT_IN_4ALLPORTAL",)]
    kinds = rows(
        path,
        "SELECT DISTINCT k.kind FROM readiness_cells, unnest(kinds) u(k) WHERE style_id = ?",
        [style["id"]],
    )
    assert kinds == [("NOT_IN_4ALLPORTAL",)]
    assert_cells_counted(path)
    history = rows(
        path,
        "SELECT run_id, count(*) FROM readiness_changes WHERE style_id = ? GROUP BY run_id ORDER BY run_id",
        [style["id"]],
    )
    keys = len(style["active_colorways"]) * 3
    assert history == [("r1", len(style["active_colorways"]) * 14), ("r2", keys * 4)]


def test_a_sku_edit_that_validates_again_leaves_readiness_alone(landed):
    path, catalog, _style = landed
    config = load_config()
    compute(path, "r1", False, config)
    styles = {s["id"]: s for s in catalog.centric["styles"]}
    passing = {r[0] for r in rows(path, "SELECT style_id FROM style_status WHERE passed")}
    sku = next(
        k for k in catalog.centric["skus"]
        if k["style"] in passing and len(styles[k["style"]]["active_colorways"]) > 1
    )  # fmt: skip
    stamp = {"_modified_at": "2026-06-01T00:00:00.000Z"}
    refit = {**sku, "bx_fit": "slim" if sku.get("bx_fit") != "slim" else "regular", **stamp}
    con = connect(path)
    write_rules(con, config)
    land_records(con, "skus", [refit], "r2")
    validate_all(con, "r2")
    con.close()
    assert compute(path, "r2", False, config)["styles"] == 0

    other = next(c for c in styles[sku["style"]]["active_colorways"] if c != sku["colorway"])
    moved = {**refit, "colorway": other, "_modified_at": "2026-06-02T00:00:00.000Z"}
    con = connect(path)
    land_records(con, "skus", [moved], "r3")
    validate_all(con, "r3")
    con.close()
    compute(path, "r3", False, config)  # the SKU's findings now belong to another colorway
    assert rows(path, "SELECT DISTINCT style_id FROM readiness_scope WHERE run_id = 'r3'") == [
        (sku["style"],)
    ]


def test_a_market_rule_change_recomputes_that_market_under_a_new_version(landed, tmp_path):
    path, _, style = landed
    compute(path, "r1", False, load_config())
    before = dict(rows(path, "SELECT DISTINCT market, rules_version FROM readiness"))
    assert len(set(before.values())) == 5

    changed = config_without(tmp_path, "DE", "reach_svhc")
    con = connect(path)
    write_rules(con, changed)
    con.close()
    result = compute(path, "r2", False, changed)
    assert not result["full"]
    assert rows(path, "SELECT DISTINCT market FROM readiness_scope WHERE run_id = 'r2'") == [
        ("DE",)
    ]
    after = dict(rows(path, "SELECT DISTINCT market, rules_version FROM readiness"))
    assert after["DE"] != before["DE"]
    assert {m: v for m, v in after.items() if m != "DE"} == {
        m: v for m, v in before.items() if m != "DE"
    }
    verdicts = dict(
        rows(
            path,
            "SELECT market, list_sort(list_distinct(flatten(list(blockers)))) FROM readiness "
            "WHERE style_id = ? AND market IN ('DE', 'FR') GROUP BY market",
            [style["id"]],
        )
    )
    assert verdicts == {
        "DE": ["NOT_IN_4ALLPORTAL"],
        "FR": ["COMPLIANCE_MISSING:FR:reach_svhc", "NOT_IN_4ALLPORTAL"],
    }
    assert rows(path, "SELECT DISTINCT run_id FROM readiness WHERE market = 'DE'") == [("r2",)]
    assert rows(path, "SELECT DISTINCT run_id FROM readiness WHERE market = 'FR'") == [("r1",)]
    assert_cells_counted(path)


def test_a_market_dropped_from_the_configuration_leaves_the_counts(landed, tmp_path):
    path, _, _ = landed
    compute(path, "r1", False, load_config())
    assert rows(path, "SELECT count(*) FROM readiness_cells WHERE market = 'US'")[0][0] > 0
    source = Path(load_config().source).read_text()
    start = source.index("[markets.US]")
    changed = tmp_path / "launchsync.toml"
    changed.write_text(source[:start] + source[source.index("[markets.", start + 1) :])
    config = load_config(changed)
    con = connect(path)
    write_rules(con, config)
    con.close()
    result = compute(path, "r2", False, config)
    assert result["total"] == rows(path, "SELECT count(*) FROM readiness")[0][0]
    assert rows(path, "SELECT DISTINCT market FROM readiness_cells ORDER BY 1") == [
        ("DE",), ("FR",), ("GB",), ("IT",)
    ]  # fmt: skip
    assert_cells_counted(path)
    snapshot = "SELECT DISTINCT market FROM readiness_snapshots WHERE run_id = 'r2' ORDER BY 1"
    assert rows(path, snapshot) == [("DE",), ("FR",), ("GB",), ("IT",)]


def test_an_incremental_recompute_judges_its_styles_as_a_full_one_does(tmp_path):
    """The changed styles read through the narrowed views get the rows a full recompute gives."""
    catalog = generate(40, seed=11)  # default defect rates: findings of every indicator
    path = tmp_path / "w.duckdb"
    con = connect(path)
    from warehouse.db import migrate

    migrate(con)
    land_catalog(con, catalog)
    validate_all(con)
    con.close()
    config = load_config()
    compute(path, "r1", False, config)
    picked = [s for s in catalog.centric["styles"] if s["bx_milestone"] != "DROPPED"][:6]
    changed = [
        {**s, "bx_reach_svhc_declared": not s["bx_reach_svhc_declared"],
         "bx_country_of_origin": "" if i % 2 else s["bx_country_of_origin"],
         "_modified_at": "2026-06-01T00:00:00.000Z"}
        for i, s in enumerate(picked)
    ]  # fmt: skip
    con = connect(path)
    write_rules(con, config)
    land_records(con, "styles", changed, "r2")
    con.close()
    full_path = tmp_path / "full.duckdb"
    full_path.write_bytes(path.read_bytes())

    incremental = compute(path, "r2", False, config)
    assert (incremental["full"], incremental["styles"]) == (False, len(changed))
    assert compute(full_path, "r2", True, config)["full"]
    judged = (
        "SELECT * EXCLUDE (run_id, computed_at) FROM readiness ORDER BY style_id, color_code,"
        " market, channel"
    )
    both = rows(path, judged)
    assert both == rows(full_path, judged)
    assert_cells_counted(path)
    assert_cells_counted(full_path)
    # Kinds differ from cell to cell, and a cell may count a kind on only some of its keys.
    assert rows(path, "SELECT count(DISTINCT kinds) FROM readiness_cells")[0][0] > 3
    assert rows(
        path, "SELECT count(*) FROM readiness_cells, unnest(kinds) u(k) WHERE k.keys < keys"
    )[0][0]
    assert {r[0] for r in both} >= {s["id"] for s in changed}
    # Blockers vary from key to key: the comparison has teeth.
    assert rows(path, "SELECT count(DISTINCT blockers) FROM readiness")[0][0] > 3
    findings = "SELECT style_id, color_code, market, channel, indicator, code FROM readiness_findings ORDER BY ALL"
    assert rows(path, findings) == rows(full_path, findings)


def test_the_focus_narrows_readiness_styles_for_the_computation_only(landed):
    path, _, style = landed
    con = connect(path)
    con.execute("INSERT INTO readiness_scope VALUES ('r9', ?, 'DE')", [style["id"]])
    every = con.execute("SELECT count(*) FROM readiness_styles").fetchone()[0]
    with focused(con, focus_of(con, "r9", every=False)):
        assert con.execute("SELECT style_id FROM readiness_styles").fetchall() == [(style["id"],)]
        assert {r[0] for r in con.execute("SELECT style_id FROM readiness_keys").fetchall()} == {
            style["id"]
        }
    assert con.execute("SELECT count(*) FROM readiness_styles").fetchone()[0] == every > 1
    with focused(con, focus_of(con, "r9", every=True)):
        assert con.execute("SELECT count(*) FROM readiness_styles").fetchone()[0] == every
    con.close()


def test_readiness_artifacts_the_server_does_not_take_are_skipped_and_readiness_stands(
    landed, monkeypatch, caplog
):
    import logging

    import httpx
    import prefect.artifacts

    from tasks.readiness import publish_artifacts

    def refuse(**_: object) -> None:
        raise httpx.ConnectError("connection refused")

    path, _, _ = landed
    result = compute(path, "r1", False, load_config())
    monkeypatch.setattr(prefect.artifacts, "create_markdown_artifact", refuse)
    monkeypatch.setattr(prefect.artifacts, "create_table_artifact", refuse)
    with caplog.at_level(logging.WARNING, logger="launchsync.artifacts"):
        publish_artifacts(path, result)
    assert [r.getMessage() for r in caplog.records] == [
        f"the {key} artifact was not published (ConnectError: connection refused); "
        "the warehouse keeps the same record in readiness"
        for key in ("launch-readiness", "readiness-matrix")
    ]
    assert rows(path, "SELECT count(*) FROM readiness") == [(result["total"],)]


def test_the_focus_lists_the_files_linked_to_its_styles_products(landed):
    path, catalog, _ = landed
    con = connect(path)
    land_records(con, "product", catalog.fourallportal["product"], "r9", "fourallportal")
    (style, mine), (_, other) = con.execute(
        "SELECT style_id, product_id FROM readiness_styles WHERE product_id IS NOT NULL LIMIT 2"
    ).fetchall()
    links = {"f-mine": [mine], "f-both": [other, mine], "f-other": [other], "f-none": []}
    template = catalog.fourallportal["file"][0]
    files = [
        {**template, "id": file_id, "products": [{"value": linked, "dimensions": {}}]}
        for file_id, linked in links.items()
    ]
    land_records(con, "file", files, "r9", "fourallportal")
    with narrowed(con, "readiness_focus", [style]):
        assert sorted(linked_files(con)) == ["f-both", "f-mine"]
    con.close()
