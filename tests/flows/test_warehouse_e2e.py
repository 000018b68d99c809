"""The warehouse for analysts, after real syncs: time travel, queries during a sync, export."""

import os
import subprocess
import sys
import time

import orjson
import pyarrow.parquet as pq
import pytest

from systems.generator import generate
from tests.conftest import wait_until
from tests.flows.live import LAUNCHSYNC, start_simulators, stop

pytestmark = pytest.mark.e2e

# A second process that queries the published copy in a loop until told to stop, and reports
# every answer. Each answer must describe whole runs only.
READER = """
import sys, time, orjson
from pathlib import Path
from launchsync.query import reader
stop, answers, failures = Path(sys.argv[1]), [], []
while not stop.exists():
    try:
        with reader() as con:
            answers.append(con.execute('''
                SELECT count(*) FILTER (WHERE status = 'running'),
                       count(*) FILTER (WHERE status = 'completed'),
                       (SELECT count(*) FROM snapshots WHERE run_id NOT IN
                            (SELECT run_id FROM sync_runs WHERE finished_at IS NOT NULL)),
                       (SELECT count(*) FROM push_ledger WHERE run_id NOT IN
                            (SELECT run_id FROM sync_runs WHERE finished_at IS NOT NULL))
                FROM sync_runs''').fetchall()[0])
    except Exception as exc:
        failures.append(repr(exc))
    time.sleep(0.05)
sys.stdout.write(orjson.dumps({"answers": answers, "failures": failures}).decode())
"""


@pytest.fixture(scope="module")
def synced(tmp_path_factory, prefect_api):
    """Simulators with one finished sync; the test changes things and syncs again."""
    tmp = tmp_path_factory.mktemp("warehouse")
    process, live = start_simulators(tmp, generate(40, seed=12), prefect_api)
    live.sync()
    yield live
    stop(process)


def test_queries_during_a_sync_never_fail_and_see_whole_runs(synced, tmp_path):
    live = synced
    with live.centric() as centric:
        style = centric.get("styles", live.sql("SELECT id FROM centric_styles LIMIT 1")[0]["id"])
        centric.update("styles", style["id"], {"description": "Changed during the reader test."})
    stop_file = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(stop_file)],
        env=live.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        before = live.sql("SELECT count(*) AS n FROM sync_runs")[0]["n"]
        sync = subprocess.run(
            [*LAUNCHSYNC, "sync", "--json"],
            env=live.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert sync.returncode == 0, sync.stderr[-3000:]
        # Let the reader see the published state after the run before it stops.
        wait_until(
            lambda: live.sql("SELECT count(*) AS n FROM sync_runs")[0]["n"] == before + 1,
            30,
            "the new run to be published",
        )
        time.sleep(0.5)
    finally:
        stop_file.touch()
        out, err = reader.communicate(timeout=60)
    report = orjson.loads(out)
    assert report["failures"] == [], err[-2000:]
    answers = report["answers"]
    assert len(answers) >= 20  # it kept querying while the sync ran
    assert all(a[0] == 0 and a[2] == 0 and a[3] == 0 for a in answers)  # never half a run
    completed = [a[1] for a in answers]
    assert completed == sorted(completed)  # runs appear whole, in order
    assert completed[0] == before and completed[-1] == before + 1


def test_as_of_returns_what_centric_said_before_a_change(synced):
    live = synced
    style = live.sql("SELECT id, description FROM centric_styles ORDER BY id LIMIT 1")[0]
    moment = live.sql("SELECT now()::VARCHAR AS t")[0]["t"]
    with live.centric() as centric:
        centric.update("styles", style["id"], {"description": "New care instructions."})
    run = live.sync()
    now = live.sql(f"SELECT description FROM centric_styles WHERE id = '{style['id']}'")
    assert now == [{"description": "New care instructions."}]
    then = live.sql(
        f"SELECT description FROM centric_styles_as_of(TIMESTAMPTZ '{moment}')"
        f" WHERE id = '{style['id']}'"
    )
    assert then == [{"description": style["description"]}]
    changed = live.sql(
        "SELECT id, before, after FROM centric_field_changes"
        f" WHERE field = 'description' AND run_id = '{run['run_id']}'"
    )
    assert changed == [
        {
            "id": style["id"],
            "before": orjson.dumps(style["description"]).decode(),
            "after": '"New care instructions."',
        }
    ]
    previous = live.sql(
        f"SELECT run_id FROM sync_runs WHERE run_id <> '{run['run_id']}'"
        " ORDER BY started_at DESC LIMIT 1"
    )[0]["run_id"]
    between = live.sql(
        f"SELECT system, entity, id, change FROM changes_between('{previous}', '{run['run_id']}')"
        " WHERE system = 'centric' AND entity = 'styles' AND change = 'updated'"
    )
    assert {"system": "centric", "entity": "styles", "id": style["id"], "change": "updated"} in (
        between
    )


def test_sql_cannot_write_and_export_writes_parquet(synced, tmp_path):
    live = synced
    refused = live.cli("sql", "DROP TABLE sync_runs", check=False)
    assert refused.returncode == 2 and "read-only" in refused.stderr
    for statement in (
        f"COPY sync_runs TO '{tmp_path / 'x.csv'}'",
        f"ATTACH '{tmp_path / 'other.duckdb'}' AS other",
        "SET enable_external_access = true",
    ):
        done = live.cli("sql", statement, check=False)
        assert done.returncode == 2 and "error:" in done.stderr, statement
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "other.duckdb").exists()
    assert live.sql("SELECT count(*) AS n FROM sync_runs")[0]["n"] >= 1  # intact

    out = tmp_path / "runs.parquet"
    live.cli(
        "sql", "SELECT run_id, status FROM sync_runs", "--format", "parquet", "--out", str(out)
    )
    runs = live.sql("SELECT run_id, status FROM sync_runs")
    assert sorted(pq.read_table(out).to_pylist(), key=str) == sorted(runs, key=str)

    folder = tmp_path / "export"
    live.cli("export", "--out", str(folder))
    manifest = orjson.loads((folder / "manifest.json").read_bytes())
    for name in ("centric_styles", "centric_styles_history", "readiness", "push_ledger"):
        expected = live.sql(f"SELECT count(*) AS n FROM {name}")[0]["n"]
        assert manifest["files"][name] == expected
        assert pq.read_metadata(folder / f"{name}.parquet").num_rows == expected
    assert not any(name.startswith("batch_") for name in manifest["files"])
    assert os.path.getsize(folder / "centric_styles_history.parquet") > 0
