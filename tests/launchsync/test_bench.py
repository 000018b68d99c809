"""The quick benchmarks: counts only, no timing."""

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import launchsync
from launchsync import bench
from launchsync.config import load_config
from launchsync.errors import LaunchsyncError
from launchsync.gtin import is_valid_gtin13
from warehouse.db import connect


def colorways_judged(path) -> int:
    """Active colorways of active, not dropped styles, read from Centric's tables directly."""
    dropped = load_config().milestones.dropped
    con = connect(path, read_only=True)
    try:
        return con.execute(
            """SELECT count(*) FROM centric_colorways c JOIN centric_styles s ON s.id = c.style
               WHERE s.active AND c.active AND list_contains(s.active_colorways, c.id)
                 AND NOT list_contains(?, s.bx_milestone)""",
            [dropped],
        ).fetchone()[0]
    finally:
        con.close()


def quarantined_skus(path) -> int:
    """SKUs the pull quarantined as malformed (the generator plants a few)."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "SELECT count(*) FROM quarantine WHERE system = 'centric' AND entity = 'skus'"
        ).fetchall()[0][0]


def test_quick_readiness_case_reports_sane_counts(tmp_path):
    figures = {f.key: f.value for f in bench.run_case(bench.CASES["readiness"], True, tmp_path)}
    config = load_config()
    pairs = sum(len(m.channels or config.content.channels) for m in config.markets.values())
    assert (len(config.markets), pairs) == (5, 4 * 3 + 2)

    assert figures["skus"] >= bench.readiness.READINESS_QUICK_SKUS
    keys = colorways_judged(tmp_path / "readiness" / "readiness.duckdb") * pairs
    assert figures["expected_keys"] == figures["full_keys"] == keys
    assert figures["full_styles"] < figures["styles"]  # dropped styles are not judged

    changed = figures["changed_styles"]
    assert changed == round(figures["styles"] * bench.readiness.CHANGED_SHARE)
    assert figures["incremental_styles"] == changed
    assert 0 < figures["incremental_keys"] < figures["full_keys"]
    assert (figures["idle_keys"], figures["idle_styles"]) == (0, 0)
    assert figures["peak_rss"] > 0


def test_an_unknown_case_names_the_known_ones():
    with pytest.raises(
        LaunchsyncError,
        match=r"unknown benchmark case 'nope'; known: diff, extract, pages, push, readiness, simulators, sync, validation",
    ):
        bench.choose(["readiness", "nope"])
    assert [c.name for c in bench.choose([])] == list(bench.CASES)


def test_quick_diff_case_finds_exactly_the_rows_it_changed(tmp_path):
    figures = {f.key: f.value for f in bench.run_case(bench.CASES["diff"], True, tmp_path)}
    assert figures["rows"] == bench.diff.DIFF_QUICK_ROWS
    # about 1 % of the rows were changed, and the diff found those and nothing else
    assert 0.005 * figures["rows"] < figures["changed"] < 0.015 * figures["rows"]
    assert figures["changes"] == figures["changed"] and figures["missed"] == 0
    assert figures["conflicts"] == 0
    assert figures["reordered_same"] == 1 and figures["reordered_s"] > 0


def test_quick_push_case_sends_every_write_at_both_widths(tmp_path):
    figures = {f.key: f.value for f in bench.run_case(bench.CASES["push"], True, tmp_path)}
    assert figures["writes"] == bench.push.PUSH_QUICK_WRITES
    assert figures["one_rate"] > 0 and figures["four_rate"] > 0
    assert figures["ratio"] == figures["four_rate"] / figures["one_rate"]
    # 4ALLPORTAL: ten times as many creates, several batches of them.
    assert figures["bulk_objects"] == bench.push.PUSH_QUICK_WRITES * bench.push.BULK_FACTOR
    assert figures["bulk_one_rate"] > 0 and figures["bulk_four_rate"] > 0
    assert figures["bulk_ratio"] == figures["bulk_four_rate"] / figures["bulk_one_rate"]


def test_quick_pages_case_lists_every_object_at_both_widths(tmp_path):
    # The case itself fails when a listing misses, repeats or reorders an object.
    figures = {f.key: f.value for f in bench.run_case(bench.CASES["pages"], True, tmp_path)}
    assert figures["objects"] == bench.pages.PAGES_QUICK_OBJECTS
    assert figures["page_size"] < figures["objects"]  # several pages, so a plan to read ahead
    assert figures["ratio"] == figures["four_rate"] / figures["one_rate"]
    # Centric's listing has no total: its pages after the first are asked for ahead.
    assert figures["skus"] >= bench.pages.PAGES_QUICK_OBJECTS
    assert figures["centric_page_size"] < figures["skus"]
    assert figures["centric_ratio"] == figures["centric_four_rate"] / figures["centric_one_rate"]


def test_quick_validation_case_has_both_routes_name_every_bad_sku(tmp_path):
    figures = {f.key: f.value for f in bench.run_case(bench.CASES["validation"], True, tmp_path)}
    rows = duckdb.sql(
        f"SELECT gtin, gtin_uses FROM read_parquet('{tmp_path / 'validation' / 'skus.parquet'}')"
    ).fetchall()
    assert len(rows) == figures["rows"] == bench.validation.VALIDATION_QUICK_ROWS
    # one failure per row and expectation it fails: missing, not a GTIN-13, used twice
    missing = sum(gtin is None for gtin, _ in rows)
    invalid = sum(gtin is not None and not is_valid_gtin13(gtin) for gtin, _ in rows)
    shared = sum(uses > 1 for _, uses in rows)
    assert missing and invalid and shared
    assert figures["failures"] == figures["pandas_failures"] == missing + invalid + shared


def test_quick_simulators_case_reads_every_sku_lists_the_changed_and_creates_every_variant(
    tmp_path,
):
    figures = {f.key: f.value for f in bench.run_case(bench.CASES["simulators"], True, tmp_path)}
    assert figures["skus"] >= bench.simulators.SIMULATOR_QUICK_SKUS
    assert figures["read"] == figures["skus"]
    # pages of at most 200 records, one short page ends the reading
    assert figures["requests"] >= figures["skus"] / bench.simulators.PAGE
    # a listing of what was modified after the change began holds exactly the changed SKUs
    assert figures["changed"] == round(figures["skus"] * bench.simulators.CHANGED_SHARE)
    assert figures["changed_listed"] == figures["changed"]
    assert figures["created"] == bench.simulators.WRITE_BATCH


def test_quick_extract_case_has_launchsync_and_dlt_land_the_same_records(tmp_path):
    figures = {f.key: f.value for f in bench.run_case(bench.CASES["extract"], True, tmp_path)}
    assert figures["skus"] >= bench.extract.EXTRACT_QUICK_SKUS
    # every SKU and the styles, colorways, BOMs, ... around them
    assert figures["records"] > figures["skus"]
    assert figures["dlt_rows"] == figures["records"]
    warehouse = tmp_path / "extract" / "launchsync.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        skus = con.execute("SELECT count(*) FROM centric_skus").fetchall()[0][0]
    assert skus + quarantined_skus(warehouse) == figures["skus"]


def test_quick_sync_case_syncs_in_full_then_takes_a_one_percent_change(tmp_path, monkeypatch):
    # The case waits out the overlap window after each full sync: 1 s instead of 30 here.
    defaults = Path(launchsync.__file__).with_name("launchsync.toml").read_text()
    assert "overlap_seconds = 30" in defaults
    config = tmp_path / "launchsync.toml"
    config.write_text(defaults.replace("overlap_seconds = 30", "overlap_seconds = 1"))
    monkeypatch.setenv("LAUNCHSYNC_CONFIG", str(config))
    assert bench.sync.overlap_seconds() == 1
    figures = {f.key: f.value for f in bench.run_case(bench.CASES["sync"], True, tmp_path)}
    assert figures["skus"] >= bench.sync.SYNC_QUICK_SKUS
    assert figures["small_skus"] < figures["skus"]
    assert figures["changed"] == round(figures["skus"] * bench.sync.CHANGED_SHARE)
    assert figures["full_s"] > 0 and figures["incremental_s"] > 0 and figures["full_mib"] > 0
    assert figures["steady_s"] > 0 and figures["ratio"] > 0
    # the change reached the warehouse: the changed SKUs have a second version there
    warehouse = tmp_path / "sync" / "large" / "warehouse.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        versions = con.execute(
            "SELECT count(DISTINCT id) FROM centric_skus_history WHERE _valid_to IS NOT NULL"
        ).fetchall()[0][0]
    assert versions >= figures["changed"]


def test_a_case_runs_at_the_size_asked_for(tmp_path):
    figures = {f.key: f.value for f in bench.run_case(bench.CASES["diff"], False, tmp_path, 3_000)}
    assert figures["rows"] == 3_000 and figures["missed"] == 0


def test_size_and_quick_together_are_refused_in_one_line():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "launchsync", "bench", "diff", "--quick", "--size", "10"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: --size and --quick both set a size: give one of them"
    ]


def test_a_failing_case_keeps_the_figures_of_the_others_and_fails_the_run(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from launchsync.cli import app

    def broken(size, folder):
        raise RuntimeError("simulators did not start\nsecond line")

    def counted(size, folder):
        return [bench.Figure("rows", "rows counted", size)]

    cases = {
        "broken": bench.Case("broken", "never finishes", broken, 10, 1),
        "counted": bench.Case("counted", "counts", counted, 10, 1),
    }
    monkeypatch.setattr(bench.frame, "CASES", cases)
    outcomes = bench.run_cases(list(cases.values()), True, tmp_path)
    assert [(o.case.name, o.error) for o in outcomes] == [
        ("broken", "simulators did not start"),
        ("counted", None),
    ]
    assert outcomes[1].figures[0].value == 1

    done = CliRunner().invoke(app, ["bench", "--quick", "--work-dir", str(tmp_path)])
    assert done.exit_code == 1
    assert "failed" in done.output and "simulators did not start" in done.output
    assert "rows counted" in done.output


def test_peak_memory_is_the_commands_own_not_its_parents(tmp_path):
    """A command started through bench.peak reports what it used, not the benchmark's size."""
    held = b"x" * 600_000_000  # the parent holds 600 MB resident, as a bench holding catalogs
    out = tmp_path / "peak"
    code = subprocess.call(
        [sys.executable, "-m", "launchsync.bench.peak", str(out), sys.executable, "-c",
         "import sys; b = b'y' * 150_000_000; sys.exit(3)"]
    )  # fmt: skip
    peak_mb = int(out.read_text()) * 1024 / 1e6
    assert code == 3  # the command's own exit status
    assert 150 <= peak_mb < 400, peak_mb
    assert len(held) == 600_000_000
