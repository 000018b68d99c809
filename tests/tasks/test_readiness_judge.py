"""Judging keys from findings: which finding applies to which (colorway, channel) of a style."""

from datetime import UTC, datetime

import duckdb
import polars as pl

from tasks.readiness import INDICATOR_COLUMNS, _judge_sql

# One market with two channels; one style with two colorways, another with a third.
KEYS = [
    ("S1", "RED", "DE", "web"),
    ("S1", "RED", "DE", "store"),
    ("S1", "BLU", "DE", "web"),
    ("S1", "BLU", "DE", "store"),
    ("S2", "GRN", "DE", "web"),
    ("S2", "GRN", "DE", "store"),
]
# (style, colorway or none, channel or none, indicator, code)
FINDINGS = [
    ("S1", None, None, "compliance", "STYLE_WIDE"),
    ("S1", "RED", None, "assets", "RED_ANYWHERE"),
    ("S1", None, "store", "localization", "STORE_ANY_COLOR"),
    ("S1", "BLU", "web", "rights", "BLU_ON_WEB"),
    ("S1", "BLU", "web", "enrichment", "BLU_ON_WEB_WARNING"),
    ("S1", "BLU", "web", "rights", "BLU_ON_WEB"),  # the same code twice: listed once
]


def judged() -> dict[tuple[str, str, str], tuple]:
    con = duckdb.connect()
    con.execute("CREATE TABLE readiness_key_colorways (style_id VARCHAR, color_code VARCHAR)")
    con.executemany(
        "INSERT INTO readiness_key_colorways VALUES (?, ?)", sorted({k[:2] for k in KEYS})
    )
    con.execute("CREATE TABLE markets (market VARCHAR, channels VARCHAR[])")
    con.execute("INSERT INTO markets VALUES ('DE', ['web', 'store'])")
    con.execute("CREATE TABLE readiness_scope (run_id VARCHAR, style_id VARCHAR, market VARCHAR)")
    con.execute("INSERT INTO readiness_scope VALUES ('r1', 'S1', 'DE'), ('r1', 'S2', 'DE')")
    con.execute("CREATE TABLE readiness_indicators (indicator VARCHAR, mandatory BOOLEAN)")
    con.executemany(
        "INSERT INTO readiness_indicators VALUES (?, ?)",
        [(i, i != "enrichment") for i in INDICATOR_COLUMNS],
    )
    con.execute(
        "CREATE TABLE new_findings (style_id VARCHAR, color_code VARCHAR, market VARCHAR,"
        " channel VARCHAR, indicator VARCHAR, code VARCHAR)"
    )
    con.executemany("INSERT INTO new_findings VALUES (?, ?, 'DE', ?, ?, ?)", FINDINGS)
    con.register("market_versions", pl.DataFrame({"market": ["DE"], "version": ["v1"]}))
    indicators = ", ".join(f"{i} BOOLEAN" for i in INDICATOR_COLUMNS)
    con.execute(
        "CREATE TABLE readiness (style_id VARCHAR, color_code VARCHAR, market VARCHAR,"
        f" channel VARCHAR, {indicators}, score INTEGER, ready BOOLEAN, blockers VARCHAR[],"
        " warnings VARCHAR[], rules_version VARCHAR, run_id VARCHAR, computed_at TIMESTAMPTZ)"
    )
    con.execute(_judge_sql(), {"run": "r1", "now": datetime.now(UTC)})
    return {
        (style, color, channel): tuple(rest)
        for style, color, channel, *rest in con.execute(
            "SELECT style_id, color_code, channel, compliance, assets, localization, rights,"
            " enrichment, score, ready, blockers, warnings FROM readiness"
        ).fetchall()
    }


def test_each_key_carries_the_findings_that_name_its_style_colorway_and_channel():
    rows = judged()
    assert set(rows) == {(s, c, ch) for s, c, _, ch in KEYS}
    # compliance, assets, localization, rights, enrichment, score, ready, blockers, warnings
    assert rows[("S1", "RED", "web")] == (
        False,
        False,
        True,
        True,
        True,
        71,
        False,
        ["RED_ANYWHERE", "STYLE_WIDE"],
        [],
    )
    assert rows[("S1", "RED", "store")] == (
        False,
        False,
        False,
        True,
        True,
        57,
        False,
        ["RED_ANYWHERE", "STORE_ANY_COLOR", "STYLE_WIDE"],
        [],
    )
    assert rows[("S1", "BLU", "web")] == (
        False,
        True,
        True,
        False,
        False,
        57,
        False,
        ["BLU_ON_WEB", "STYLE_WIDE"],
        ["BLU_ON_WEB_WARNING"],
    )
    assert rows[("S1", "BLU", "store")] == (
        False,
        True,
        False,
        True,
        True,
        71,
        False,
        ["STORE_ANY_COLOR", "STYLE_WIDE"],
        [],
    )
    # A style without findings is ready, every indicator passing.
    assert rows[("S2", "GRN", "web")] == (True, True, True, True, True, 100, True, [], [])
