"""The readiness report, written by the CLI after real runs and opened in headless Chromium."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import orjson
import pytest
from PIL import Image
from playwright.sync_api import sync_playwright

from expectations.runner import load_suites
from launchsync.charts import PALETTE
from systems.generator import generate
from tests.flows.live import start_simulators, stop
from warehouse.db import connect, migrate

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags for a machine without network or display: no background traffic, no sandbox as root.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def reported(tmp_path_factory, prefect_api):
    """Two readiness runs over a catalog with the usual gaps, then `launchsync report`."""
    tmp_path = tmp_path_factory.mktemp("report")
    process, live = start_simulators(tmp_path, generate(24, seed=21), prefect_api)
    try:
        live.cli("readiness")
        live.cli("readiness")
        out = tmp_path / "out" / "readiness.html"
        done = live.cli("report", "--out", str(out), "--data-docs")
    finally:
        stop(process)
    return live, out, done.stderr


def colored(png: bytes, color: str) -> int:
    """Pixels of exactly ``color`` (#rrggbb) in a screenshot."""
    rgb = tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(n for n, c in image.getcolors(image.width * image.height) if c == rgb)


def open_offline(browser, path: Path):
    """A page showing ``path``, refusing (and recording) every request that is not the file."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    def only_the_file(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            problems.append(f"request to {route.request.url}")
            route.abort()

    page.route("**/*", only_the_file)
    page.goto(path.as_uri())
    return page, problems


def test_report_shows_run_matrix_charts_and_checks_offline(reported, tmp_path):
    live, out, said = reported
    assert f"Wrote {out}" in said.replace("\n", " ")
    run = live.sql("SELECT run_id, finished_at FROM readiness_runs ORDER BY finished_at DESC")
    assert len(run) == 2
    cells = live.sql(
        "SELECT market, channel, count(*) FILTER (WHERE ready) AS ready, count(*) AS n"
        " FROM readiness GROUP BY ALL"
    )
    assert 0 < sum(c["ready"] for c in cells) < sum(c["n"] for c in cells)
    markets = {c["market"] for c in cells}
    top = live.sql(
        "SELECT split_part(unnest(blockers), ':', 1) AS kind, count(DISTINCT style_id) AS styles"
        " FROM readiness GROUP BY kind ORDER BY styles DESC, kind LIMIT 1"
    )[0]
    blocked = live.sql(
        "SELECT r.style_id, s.style_number, split_part(unnest(r.blockers), ':', 1) AS kind"
        " FROM readiness r JOIN readiness_styles s USING (style_id)"
        " ORDER BY s.style_number, kind LIMIT 1"
    )[0]

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page, problems = open_offline(browser, out)
            header = page.locator("#run").inner_text()
            assert run[0]["run_id"] in header
            assert run[0]["finished_at"][:16].replace("T", " ") in header  # the time it describes

            for c in cells:
                cell = page.locator(
                    f'table.matrix td.cell[data-market="{c["market"]}"][data-channel="{c["channel"]}"]'
                ).first
                assert f"{c['ready']} / {c['n']}" in cell.inner_text()

            charts = page.locator("svg.chart")
            assert charts.count() == 2
            trend, bars = charts.nth(0), charts.nth(1)
            assert trend.locator("circle.point").count() == 2 * len(markets)  # two runs
            assert bars.locator("rect.bar").first.locator("title").text_content() == (
                f"{top['kind']}: {top['styles']} styles"
            )
            for chart, color in ((trend, PALETTE[0]), (bars, PALETTE[0])):
                box = chart.bounding_box()
                assert box and box["width"] > 100 and box["height"] > 50
                assert colored(chart.screenshot(), color) > 50  # painted lines/bars, not blank

            # From a blocker to the style and its failing checks.
            link = page.locator(
                f'#blocker-{blocked["kind"]} a[href="#style-{blocked["style_id"]}"]'
            )
            link.click()
            row = page.locator(f'[id="style-{blocked["style_id"]}"]')
            # The page opens the checks on the hashchange event, after the click returns.
            row.locator("details[open]").wait_for(timeout=5_000)
            findings = row.locator("table.findings")
            assert findings.is_visible()
            assert findings.get_by_text(blocked["kind"]).first.is_visible()

            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
            assert (tmp_path / "report.png").stat().st_size > 20_000
            assert problems == []
        finally:
            browser.close()


def artifacts(prefect_api: str, key: str) -> list[dict]:
    """Artifacts with ``key`` from the Prefect server's REST API, oldest first."""
    response = httpx.post(
        f"{prefect_api}/artifacts/filter",
        json={
            "artifacts": {"key": {"any_": [key]}},
            "sort": "CREATED_DESC",
            "limit": 200,
            "offset": 0,
        },
        timeout=30,
    )
    response.raise_for_status()
    return sorted(response.json(), key=lambda a: a["created"])


def test_every_run_publishes_the_summary_as_prefect_artifacts(reported, prefect_api):
    live, _, _ = reported
    runs = [r["run_id"] for r in live.sql("SELECT run_id FROM readiness_runs ORDER BY finished_at")]
    summaries = [
        a
        for a in artifacts(prefect_api, "launch-readiness")
        if a["description"] and any(r in a["description"] for r in runs)
    ]
    assert [a["type"] for a in summaries] == ["markdown", "markdown"]
    assert [next(r for r in runs if r in a["description"]) for a in summaries] == runs
    text = summaries[-1]["data"]
    ready = live.sql(
        "SELECT count(DISTINCT style_id) - count(DISTINCT style_id) FILTER (WHERE NOT ready) AS n,"
        " count(DISTINCT style_id) AS total FROM readiness"
    )[0]
    assert f"**{ready['n']} of {ready['total']} styles** ready" in text
    cells = live.sql(
        "SELECT market, channel, count(*) FILTER (WHERE ready) AS ready, count(*) AS n"
        " FROM readiness GROUP BY ALL ORDER BY ALL"
    )
    for c in cells:
        assert f"| {c['market']} | {c['channel']} | {c['ready']} / {c['n']} " in text
    # The matrix is published by the same run as the summary.
    tables = [
        a
        for a in artifacts(prefect_api, "readiness-matrix")
        if a["flow_run_id"] == summaries[-1]["flow_run_id"]
    ]
    assert [a["type"] for a in tables] == ["table"]
    data = tables[-1]["data"]
    rows = orjson.loads(data) if isinstance(data, str) else data
    assert [(r["market"], r["channel"], r["colorways_ready"], r["colorways"]) for r in rows] == [
        (c["market"], c["channel"], c["ready"], c["n"]) for c in cells
    ]


def test_data_docs_show_every_suite(reported):
    _, out, said = reported
    index = out.parent / "data-docs" / "index.html"
    assert f"Data Docs of the suites: {index}" in said.replace("\n", "")
    links = index.read_text()
    for group in ("variant", "readiness"):
        for suite in load_suites(group):
            page = f"expectations/{suite.name.replace('.', '/')}.html"
            assert page in links
            text = (index.parent / page).read_text()
            count = len(suite.document["expectations"])
            assert f"currently contains {count} total Expectations" in text


def test_report_without_readiness_says_what_to_run(tmp_path):
    path = tmp_path / "empty.duckdb"
    con = connect(path)
    migrate(con)
    con.close()
    done = subprocess.run(
        [sys.executable, "-m", "launchsync", "report", "--out", str(tmp_path / "r.html")],
        env={**os.environ, "LAUNCHSYNC_WAREHOUSE": str(path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "run `launchsync readiness`" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "r.html").exists()


def test_every_run_publishes_its_outcome_and_counts(reported, prefect_api):
    live, _, _ = reported
    runs = live.sql("SELECT run_id, flow, status, counts FROM sync_runs ORDER BY started_at")
    published = {a["description"]: a["data"] for a in artifacts(prefect_api, "launchsync-run")}
    for run in runs:
        counts = orjson.loads(run["counts"])
        text = published[f"{run['flow']} run {run['run_id']}: {run['status']}"]
        assert f"| records pulled | {counts['pulled']} |" in text
        assert (
            f"{counts['readiness']['ready']} of {counts['readiness']['total']} keys ready" in text
        )
