"""Every readiness rule, with rows that pass and rows that fail, run by Great Expectations."""

from datetime import date

import pytest

from expectations.runner import load_suites, reason_sql, run_suites

LAUNCH, UNTIL = date(2027, 2, 15), date(2027, 5, 16)
OPEN = date(9999, 12, 31)

# Facts per suite table: (row, the failures it must give as (reason, color, market, channel)).
ROWS: dict[str, list[tuple[dict, set[tuple]]]] = {
    "readiness_core": [
        ({"style_id": "A", "milestone_rank": 5, "release_rank": 5, "product_id": "p"}, set()),
        ({"style_id": "A2", "milestone_rank": 6, "release_rank": 5, "product_id": "p"}, set()),
        ({"style_id": "B", "milestone_rank": 3, "release_rank": 5, "product_id": "p"},
         {("MILESTONE_NOT_REACHED", None, None, None)}),
        ({"style_id": "C", "milestone_rank": 5, "release_rank": 5, "product_id": None},
         {("NOT_IN_4ALLPORTAL", None, None, None)}),
    ],
    "readiness_compliance": [
        ({"style_id": "A", "market": "DE", "rule": "country_of_origin", "value": "PT", "country_of_origin": "PT"}, set()),
        ({"style_id": "B", "market": "DE", "rule": "country_of_origin", "value": None},
         {("COMPLIANCE_MISSING:DE:country_of_origin", None, "DE", None)}),
        ({"style_id": "C", "market": "DE", "rule": "country_of_origin", "value": "XX", "country_of_origin": "XX"},
         {("COUNTRY_OF_ORIGIN_INVALID", None, "DE", None)}),
        ({"style_id": "C", "market": "FR", "rule": "country_of_origin", "value": "pt", "country_of_origin": "pt"},
         {("COUNTRY_OF_ORIGIN_INVALID", None, "FR", None)}),
        ({"style_id": "A", "market": "DE", "rule": "hs_code", "value": "6109100010", "hs_code": "6109100010"}, set()),
        ({"style_id": "A", "market": "FR", "rule": "hs_code", "value": "610910", "hs_code": "610910"}, set()),
        ({"style_id": "B", "market": "US", "rule": "hs_code", "value": "61091", "hs_code": "61091"},
         {("HS_CODE_INVALID", None, "US", None)}),
        ({"style_id": "A", "market": "US", "rule": "prop65", "value": "no warning"}, set()),
        ({"style_id": "B", "market": "US", "rule": "prop65", "value": None},
         {("COMPLIANCE_MISSING:US:prop65", None, "US", None)}),
        ({"style_id": "B", "market": "IT", "rule": "reach_svhc", "value": None},
         {("COMPLIANCE_MISSING:IT:reach_svhc", None, "IT", None)}),
    ],
    "readiness_fiber_names": [
        ({"style_id": "A", "market": "DE", "locale": "de_DE", "fiber": "cotton", "label_name": "Baumwolle"}, set()),
        ({"style_id": "B", "market": "FR", "locale": "fr_FR", "fiber": "guanaco", "label_name": None},
         {("FIBER_NAME_MISSING:fr_FR:guanaco", None, "FR", None)}),
    ],
    "readiness_enrichment": [
        ({"style_id": "A", "channel": "ecom", "locale": "en_GB", "field": "seo_title", "text": "Title",
          "text_length": 5, "max_length": 60}, set()),
        ({"style_id": "A", "channel": "ecom", "locale": "en_GB", "field": "marketing_copy", "text": "x" * 500,
          "text_length": 500, "max_length": None}, set()),
        ({"style_id": "A", "channel": "print", "locale": "en_GB", "field": "seo_title", "text": "x" * 60,
          "text_length": 60, "max_length": 60}, set()),
        ({"style_id": "B", "channel": "ecom", "locale": "en_GB", "field": "seo_title", "text": None,
          "text_length": None, "max_length": 60},
         {("ENRICHMENT_MISSING:ecom:seo_title", None, None, "ecom")}),
        ({"style_id": "C", "channel": "ecom", "locale": "en_GB", "field": "seo_title", "text": "x" * 61,
          "text_length": 61, "max_length": 60},
         {("CONTENT_TOO_LONG:en_GB:seo_title", None, None, "ecom")}),
    ],
    "readiness_localization": [
        ({"style_id": "A", "market": "FR", "locale": "fr_FR", "channel": "ecom", "field": "seo_title",
          "text": "Titre", "source_text": "Title", "text_length": 5, "max_length": 60}, set()),
        ({"style_id": "A", "market": "IT", "locale": "it_IT", "channel": "ecom", "field": "consumer_title",
          "text": "Titolo", "source_text": None, "text_length": 6, "max_length": None}, set()),
        ({"style_id": "B", "market": "FR", "locale": "fr_FR", "channel": "ecom", "field": "seo_title",
          "text": None, "source_text": "Title", "text_length": None, "max_length": 60},
         {("LOCALE_MISSING:fr_FR:seo_title", None, "FR", "ecom")}),
        ({"style_id": "C", "market": "DE", "locale": "de_DE", "channel": "print", "field": "marketing_copy",
          "text": "Same", "source_text": "Same", "text_length": 4, "max_length": None},
         {("LOCALE_UNTRANSLATED:de_DE:marketing_copy", None, "DE", "print")}),
        ({"style_id": "A", "market": "IT", "locale": "it_IT", "channel": "ecom", "field": "seo_description",
          "text": "x" * 161, "source_text": "y", "text_length": 161, "max_length": 160},
         {("CONTENT_TOO_LONG:it_IT:seo_description", None, "IT", "ecom")}),
    ],
    "readiness_assets": [
        ({"style_id": "A", "color_code": "001", "channel": "ecom", "packshots": 1, "print_width": None,
          "print_min_width": 2400, "lifestyle_images": 1}, set()),
        ({"style_id": "A", "color_code": "001", "channel": "print", "packshots": 2, "print_width": 2400,
          "print_min_width": 2400, "lifestyle_images": None}, set()),
        ({"style_id": "B", "color_code": "001", "channel": "marketplace", "packshots": 0, "print_width": None,
          "print_min_width": 2400, "lifestyle_images": None},
         {("PACKSHOT_MISSING:001", "001", None, "marketplace")}),
        ({"style_id": "B", "color_code": "002", "channel": "print", "packshots": 1, "print_width": 1200,
          "print_min_width": 2400, "lifestyle_images": None},
         {("PRINT_RENDITION_MISSING:002", "002", None, "print")}),
        ({"style_id": "C", "color_code": "001", "channel": "ecom", "packshots": 1, "print_width": None,
          "print_min_width": 2400, "lifestyle_images": 0},
         {("LIFESTYLE_MISSING", "001", None, "ecom")}),
    ],
    "readiness_linked_assets": [
        ({"style_id": "A", "asset": "a.jpg", "approval_status": "approved"}, set()),
        ({"style_id": "A", "asset": "b.jpg", "approval_status": "draft"}, set()),
        ({"style_id": "B", "asset": "old.jpg", "approval_status": "retired"},
         {("ASSET_RETIRED:old.jpg", None, None, None)}),
    ],
    "readiness_rights": [
        ({"style_id": "A", "market": "DE", "channel": "ecom", "asset": "v1", "transaction_id": "t1",
          "license_state": "completed", "commercial_terms": 1, "covering_terms": 1,
          "earliest_start": date(2026, 1, 1), "latest_end": OPEN}, set()),
        ({"style_id": "A", "market": "GB", "channel": "ecom", "asset": "v7", "transaction_id": "t7",
          "license_state": "completed", "commercial_terms": 1, "covering_terms": 1,
          "earliest_start": LAUNCH, "latest_end": UNTIL}, set()),
        ({"style_id": "B", "market": "DE", "channel": "ecom", "asset": "v2", "transaction_id": "t2",
          "license_state": "canceled"},
         {("RIGHTS_REVOKED:v2", None, "DE", "ecom")}),
        ({"style_id": "B", "market": "FR", "channel": "ecom", "asset": "v3", "transaction_id": "t3",
          "license_state": "completed", "commercial_terms": 0},
         {("RIGHTS_EDITORIAL_ONLY:v3", None, "FR", "ecom")}),
        ({"style_id": "C", "market": "US", "channel": "ecom", "asset": "v4", "transaction_id": "t4",
          "license_state": "completed", "commercial_terms": 1, "covering_terms": 0},
         {("RIGHTS_NOT_COVERED:v4", None, "US", "ecom")}),
        ({"style_id": "C", "market": "DE", "channel": "print", "asset": "v5", "transaction_id": "t5",
          "license_state": "completed", "commercial_terms": 1, "covering_terms": 1,
          "earliest_start": date(2027, 2, 16), "latest_end": OPEN},
         {("RIGHTS_NOT_YET_VALID:v5", None, "DE", "print")}),
        ({"style_id": "C", "market": "GB", "channel": "ecom", "asset": "v6", "transaction_id": "t6",
          "license_state": "completed", "commercial_terms": 1, "covering_terms": 1,
          "earliest_start": date(2026, 1, 1), "latest_end": date(2027, 5, 15)},
         {("RIGHTS_EXPIRED:v6", None, "GB", "ecom")}),
    ],
}  # fmt: skip


def fill(con, table: str, rows: list[dict]) -> None:
    con.execute(f"CREATE OR REPLACE TABLE batch_{table} AS SELECT * FROM check_{table} LIMIT 0")
    columns = [r[0] for r in con.execute(f"DESCRIBE batch_{table}").fetchall()]
    for row in rows:
        unknown = set(row) - set(columns)
        assert not unknown, f"{table} has no column {unknown}"
        if table == "readiness_rights":
            row = {"launch_from": LAUNCH, "launch_until": UNTIL, **row}
        con.execute(
            f"INSERT INTO batch_{table} BY NAME SELECT {', '.join('? AS ' + c for c in row)}",
            list(row.values()),
        )


def test_every_suite_has_rows_that_pass_and_rows_that_fail():
    tables = {s.table for s in load_suites("readiness")}
    assert tables == set(ROWS)
    for table, cases in ROWS.items():
        assert any(not failures for _, failures in cases), table
        assert any(failures for _, failures in cases), table


@pytest.fixture
def facts(warehouse):
    for suite in load_suites("readiness"):
        fill(warehouse, suite.table, [])
    return warehouse


@pytest.mark.parametrize("table", sorted(ROWS))
def test_suite_fails_exactly_the_failing_rows(facts, table):
    fill(facts, table, [row for row, _ in ROWS[table]])
    found = run_suites(facts, "readiness")
    got = {
        (r["style_id"], r["reason"], r["color_code"], r["market"], r["channel"])
        for r in found.iter_rows(named=True)
    }
    expected = {(row["style_id"], *f) for row, failures in ROWS[table] for f in failures}
    assert got == expected
    suites = {s.name: s for s in load_suites("readiness")}
    assert {r["indicator"] for r in found.iter_rows(named=True)} == {
        suites[n].indicator for n in found["suite"].unique()
    }


def test_failure_detail_names_the_values(facts):
    fill(facts, "readiness_localization", [ROWS["readiness_localization"][3][0]])
    (failure,) = run_suites(facts, "readiness").iter_rows(named=True)
    assert failure["detail"] == (
        "market=DE, locale=de_DE, channel=print, field=marketing_copy, text=Same, source_text=Same"
    )
    assert failure["record_key"] == "DE"


def test_a_reason_may_only_name_key_columns():
    from expectations import runner

    suite = load_suites("readiness")[0]
    bad = runner.Suite(suite.name, suite.table, suite.keys, suite.indicator, {
        "expectations": [{"type": "x", "kwargs": {"column": "text"}, "meta": {"reason": "X:{nope}"}}]
    })  # fmt: skip
    with pytest.raises(runner.SuiteError, match="names nope"):
        runner._check("readiness", "x.json", bad)


def test_reason_templates_become_sql_that_quotes_text():
    import duckdb

    sql = reason_sql("IT'S:{locale}:{field}")
    con = duckdb.connect()
    value = con.execute(f"SELECT {sql} FROM (SELECT 'fr_FR' AS locale, NULL AS field)").fetchall()
    assert value == [("IT'S:fr_FR:",)]
