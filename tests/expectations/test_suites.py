import random

import duckdb
import pytest
import sqlalchemy as sa
from duckdb_engine import Dialect

from expectations.gtin import gtin13_condition
from expectations.runner import SuiteError, load_suites, run_suites, suites_digest
from launchsync.gtin import is_valid_gtin13, make_gtin13
from systems.generator import DefectRates, generate
from tasks.validate import choose_scope, materialize_checks, record_verdicts
from tests.helpers import candidate_ids, land_catalog


def test_gtin_sql_condition_agrees_with_the_python_rule():
    rng = random.Random(8)
    values = [make_gtin13("".join(rng.choice("0123456789") for _ in range(12))) for _ in range(300)]
    values += [v[:12] + str((int(v[12]) + 1) % 10) for v in values[:100]]
    values += [
        "",
        "123",
        "40063813339311",
        "4OO6381333931",
        "400638133393x",
        "4006381333931 ",
        "٤٠٠٦٣٨١٣٣٣٩٣١",
    ]
    expression = gtin13_condition(sa.column("gtin"))
    sql = str(expression.compile(dialect=Dialect(), compile_kwargs={"literal_binds": True}))
    con = duckdb.connect()
    con.execute("CREATE TABLE t (gtin VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?)", [[v] for v in values])
    verdicts = dict(con.execute(f"SELECT gtin, coalesce({sql}, false) FROM t").fetchall())
    assert verdicts == {v: is_valid_gtin13(v) for v in values}


def test_suites_are_readable_files_with_reasons():
    suites = load_suites("variant")
    assert {s.table for s in suites} == {
        "variant_styles",
        "variant_size_slots",
        "variant_skus",
        "variant_composition",
    }
    for suite in suites:
        assert suite.keys[0] == "style_id"
        assert all(e["meta"]["reason"] for e in suite.document["expectations"])
    assert len(suites_digest("variant")) == 12


def validate_all(con, run_id="run-1"):
    digest = suites_digest("variant")
    choose_scope(con, run_id, True, digest)
    materialize_checks(con, run_id, "main")
    failures = run_suites(con, "variant")
    record_verdicts(con, run_id, failures, digest)
    return failures


def test_quarantine_matches_exactly_the_planted_defects(warehouse):
    catalog = generate(250, seed=21)
    land_catalog(warehouse, catalog)
    validate_all(warehouse)
    candidates = candidate_ids(catalog)
    planted: dict[str, set[str]] = {}
    for defect in catalog.defects:
        if defect["quarantine"] and defect["style"] in candidates:
            planted.setdefault(defect["style"], set()).add(defect["code"])
    assert planted, "the catalog should plant defects in candidate styles"
    held = {
        row[0]: set(row[1])
        for row in warehouse.execute("SELECT style_id, reasons FROM quarantined_styles").fetchall()
    }
    assert set(held) == set(planted)
    for style, codes in planted.items():
        assert codes <= held[style], style
    passed = warehouse.execute("SELECT count(*) FROM style_status WHERE passed").fetchall()[0][0]
    assert passed == len(candidates) - len(planted)


def test_failure_details_name_the_record(warehouse):
    catalog = generate(
        60, seed=3, rates=DefectRates(**{**DefectRates.none().__dict__, "gtin_invalid": 1.0})
    )
    land_catalog(warehouse, catalog)
    failures = validate_all(warehouse)
    gtin = failures.filter(failures["reason"] == "GTIN_INVALID")
    assert gtin.height == len(candidate_ids(catalog))
    first = gtin.row(0, named=True)
    assert first["detail"].startswith("sku_code=") and "gtin=" in first["detail"]
    assert first["record_key"].startswith(first["detail"].split("sku_code=")[1][:4])


def test_a_broken_expectation_fails_loudly_instead_of_passing(warehouse, monkeypatch):
    land_catalog(warehouse, generate(20, seed=2))
    from expectations import runner

    original = runner.load_suites

    def broken(group):
        suites = original(group)
        suites[0].document["expectations"][0]["kwargs"]["column"] = "no_such_column"
        return suites

    monkeypatch.setattr(runner, "load_suites", broken)
    choose_scope(warehouse, "run-1", True, "x")
    materialize_checks(warehouse, "run-1", "main")
    with pytest.raises(SuiteError, match="no_such_column"):
        runner.run_suites(warehouse, "variant")
