"""The validation process: started when a run begins, used by its validation and readiness."""

import json
import os
import signal
import subprocess
import sys

import pytest

from expectations import worker
from expectations.runner import BATCH_FILE, SuiteError, batch_file
from launchsync.config import load_config
from launchsync.settings import load_settings
from systems.generator import DefectRates, generate
from tasks import readiness, validate
from tests.conftest import wait_until
from tests.helpers import candidate_ids, land_catalog
from warehouse.db import connect, held, migrate, open_warehouse, scalar

OPEN_ELSEWHERE = "import duckdb, sys; duckdb.connect(sys.argv[1], read_only=True).close()"


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    con = connect(path)
    migrate(con)
    land_catalog(con, generate(30, seed=4, rates=DefectRates()))
    con.close()
    yield path
    worker.stop()


@pytest.fixture
def batches(warehouse, tmp_path):
    """A folder with a batch file of every candidate style's variant facts, as validation fills it."""
    config = load_config(load_settings().config)
    folder = tmp_path / "batches"
    folder.mkdir()
    with open_warehouse(warehouse) as con:
        scope, _ = validate.choose_scope(
            con, "r1", True, "digest", validate.written_back(con, config)
        )
        with batch_file(con, folder) as catalog:
            validate.materialize_checks(con, "r1", catalog)
    assert scope
    return folder


def opens_elsewhere(path) -> bool:
    """Whether another process can open the warehouse file right now."""
    return subprocess.run([sys.executable, "-c", OPEN_ELSEWHERE, str(path)]).returncode == 0


def test_one_warm_process_serves_validation_and_readiness_while_the_run_holds_the_file(
    warehouse, monkeypatch
):
    config = load_config(load_settings().config)
    catalog = generate(30, seed=4, rates=DefectRates())
    worker.warm_up()
    process = worker._worker.child
    asked = []
    run = worker.Worker.run

    def run_noting_the_warehouse(self, batches, group, folder, timeout):
        asked.append((group, opens_elsewhere(warehouse), batches != warehouse))
        return run(self, batches, group, folder, timeout)

    monkeypatch.setattr(worker.Worker, "run", run_noting_the_warehouse)
    with held(warehouse):
        assert not opens_elsewhere(warehouse)  # the run holds the file between its steps
        checked = validate.validate(warehouse, "r1", False, config)
        ready = readiness.compute(warehouse, "r1", False, config)
        with open_warehouse(warehouse) as con:
            quarantined = scalar(con, "SELECT count(*) FROM style_verdicts WHERE NOT passed")
            batch_tables = scalar(
                con, "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'batch%'"
            )
    # The process read its own batch files; the run never let go of the warehouse.
    assert asked == [("variant", False, True), ("readiness", False, True)]
    assert batch_tables == 0
    assert worker._worker.child is process and process.poll() is None
    assert checked["validated"] == len(candidate_ids(catalog))
    assert checked["failed"] == quarantined > 0  # the default defect rates break some styles
    assert ready["keys"] > 0 and ready["total"] == ready["keys"]
    assert opens_elsewhere(warehouse)
    worker.stop()
    assert process.poll() == 0  # input closed: the process ended cleanly, not killed


def test_a_failing_group_is_reported_and_the_process_serves_the_next(warehouse, batches):
    worker.warm_up()
    process = worker._worker.child
    with pytest.raises(
        SuiteError, match="validation of nope failed: no suites in expectations/nope"
    ):
        worker.run_suites_isolated("nope", batches)
    assert worker._worker.child is process and process.poll() is None
    config = load_config(load_settings().config)
    assert validate.validate(warehouse, "r1", False, config)["validated"] > 0


def test_a_process_that_died_is_replaced(warehouse):
    worker.warm_up()
    dead = worker._worker.child
    os.kill(dead.pid, signal.SIGKILL)
    wait_until(lambda: dead.poll() is not None, 10, "the validation process to die")
    config = load_config(load_settings().config)
    assert validate.validate(warehouse, "r1", False, config)["validated"] > 0
    assert worker._worker.child is not dead


def test_a_validation_that_takes_too_long_is_stopped(batches):
    worker.warm_up()
    process = worker._worker.child
    with pytest.raises(SuiteError, match=r"took longer than 0\.001 s and was stopped"):
        worker.run_suites_isolated(validate.GROUP, batches, timeout=0.001)
    assert process.poll() is not None


def test_a_reply_to_an_abandoned_request_is_not_taken_for_the_next_one(warehouse, batches):
    """A request whose answer nobody read (its caller gave up) must not answer the next one."""
    worker.warm_up()
    own = worker._worker
    abandoned = {"id": -1, "batches": str(batches / BATCH_FILE), "group": "nope",
                 "folder": str(batches)}  # fmt: skip
    own.child.stdin.write((json.dumps(abandoned) + "\n").encode())
    own.child.stdin.flush()
    config = load_config(load_settings().config)
    assert validate.validate(warehouse, "r1", False, config)["validated"] > 0
    with pytest.raises(SuiteError, match="validation of nope failed: no suites"):
        worker.run_suites_isolated("nope", batches, timeout=120)
    assert worker._worker is own and own.child.poll() is None


def test_the_sync_command_starts_the_process_before_its_checks_and_stops_it_when_they_fail(
    monkeypatch,
):
    from typer.testing import CliRunner

    from launchsync import cli
    from launchsync.errors import ConfigError

    seen = []

    def failing_checks(scenarios=None):
        seen.append(worker._worker.child if worker._worker and worker._worker.alive() else None)
        raise ConfigError("LAUNCHSYNC_CENTRIC_URL: unreachable")

    monkeypatch.setattr(cli, "_preflight", failing_checks)
    done = CliRunner().invoke(cli.app, ["sync"])
    assert isinstance(done.exception, ConfigError)
    [child] = seen
    assert child is not None  # running while the checks ran
    assert worker._worker is None
    assert child.wait(timeout=10) is not None  # and ended with the command
