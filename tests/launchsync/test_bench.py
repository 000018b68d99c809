"""The quick readiness benchmark: counts only, no timing."""

import pytest

from launchsync import bench
from launchsync.config import load_config
from launchsync.errors import LaunchsyncError
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


def test_quick_readiness_case_reports_sane_counts(tmp_path):
    figures = {f.key: f.value for f in bench.run_case(bench.CASES["readiness"], True, tmp_path)}
    config = load_config()
    pairs = sum(len(m.channels or config.content.channels) for m in config.markets.values())
    assert (len(config.markets), pairs) == (5, 4 * 3 + 2)

    assert figures["skus"] >= bench.READINESS_QUICK_SKUS
    keys = colorways_judged(tmp_path / "readiness" / "readiness.duckdb") * pairs
    assert figures["expected_keys"] == figures["full_keys"] == keys
    assert figures["full_styles"] < figures["styles"]  # dropped styles are not judged

    changed = figures["changed_styles"]
    assert changed == round(figures["styles"] * bench.CHANGED_SHARE)
    assert figures["incremental_styles"] == changed
    assert 0 < figures["incremental_keys"] < figures["full_keys"]
    assert (figures["idle_keys"], figures["idle_styles"]) == (0, 0)
    assert figures["peak_rss"] > 0


def test_an_unknown_case_names_the_known_ones():
    with pytest.raises(LaunchsyncError, match=r"unknown benchmark case 'nope'; known: readiness"):
        bench.choose(["readiness", "nope"])
    assert [c.name for c in bench.choose([])] == list(bench.CASES)
