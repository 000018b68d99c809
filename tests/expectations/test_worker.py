"""The validation service: started by the first run, kept between runs, one process per request."""

import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from expectations import worker
from expectations.runner import SuiteError, batch_file
from launchsync.config import load_config
from launchsync.settings import load_settings
from systems.generator import DefectRates, generate
from tasks import readiness, validate
from tests.conftest import REPO, alive, wait_until
from tests.helpers import candidate_ids, land_catalog
from warehouse.db import connect, held, migrate, open_warehouse, scalar

OPEN_ELSEWHERE = "import duckdb, sys; duckdb.connect(sys.argv[1], read_only=True).close()"


@pytest.fixture
def services(monkeypatch) -> Path:
    """A folder of validation services of this test's own, so stopping one harms no other."""
    base = Path(tempfile.mkdtemp(prefix="ls-rt-", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(base))
    yield base / "launchsync"
    if (base / "launchsync").exists():
        worker.stop_all(base / "launchsync")
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    con = connect(path)
    migrate(con)
    land_catalog(con, generate(30, seed=4, rates=DefectRates()))
    con.close()
    return path


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


def started_service() -> int:
    """Start a service and wait until it listens (it takes its lock a moment before)."""
    worker.warm_up()
    pid = wait_until(worker.service_pid, 20, "the validation service to hold its lock")
    folder = worker.runtime_dir()
    wait_until(
        lambda: any(worker._listening(s) for s in folder.glob("validate-*.sock")),
        20,
        "the validation service to listen",
    )
    return pid


def validated(warehouse) -> int:
    config = load_config(load_settings().config)
    return validate.validate(warehouse, "r1", False, config)["validated"]


def test_one_service_serves_validation_and_readiness_while_the_run_holds_the_file(
    services, warehouse, batches, monkeypatch
):
    config = load_config(load_settings().config)
    catalog = generate(30, seed=4, rates=DefectRates())
    service = started_service()
    asked = []
    connect_to = worker._connect

    def connect_noting_the_warehouse(folder, version, deadline):
        asked.append(opens_elsewhere(warehouse))
        return connect_to(folder, version, deadline)

    monkeypatch.setattr(worker, "_connect", connect_noting_the_warehouse)
    with held(warehouse):
        assert not opens_elsewhere(warehouse)  # the run holds the file between its steps
        checked = validate.validate(warehouse, "r1", False, config)
        ready = readiness.compute(warehouse, "r1", False, config)
        with open_warehouse(warehouse) as con:
            quarantined = scalar(con, "SELECT count(*) FROM style_verdicts WHERE NOT passed")
            batch_tables = scalar(
                con, "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'batch%'"
            )
    # The service read the run's batch files; the run never let go of the warehouse.
    assert asked == [False, False]
    assert batch_tables == 0
    assert checked["validated"] == len(candidate_ids(catalog))
    assert checked["failed"] == quarantined > 0  # the default defect rates break some styles
    assert ready["keys"] > 0 and ready["total"] == ready["keys"]
    assert opens_elsewhere(warehouse)
    # The service outlives the run; a run after it uses it instead of starting another.
    assert worker.service_pid() == service and alive(service)
    monkeypatch.setattr(worker, "_start", lambda *a: pytest.fail("started a second service"))
    assert worker.run_suites_isolated(validate.GROUP, batches)  # failures of the defects
    # Each request had a process of its own, noted on the service's log with its peak.
    noted = worker.requests_served(services)
    assert [n["group"] for n in noted] == ["variant", "readiness", "variant"]
    assert len({n["pid"] for n in noted} | {service}) == 4
    assert all(n["peak_mib"] > 0 and n["files"] > 0 for n in noted)


def test_the_service_holds_no_setting_or_credential_of_the_run_that_started_it(
    services, monkeypatch
):
    monkeypatch.setenv("LAUNCHSYNC_CENTRIC_PASSWORD", "s3cret-of-the-run")
    monkeypatch.setenv("launchsync_smintio_client_secret", "another-s3cret")  # read as well
    service = started_service()
    environment = Path(f"/proc/{service}/environ").read_bytes().split(b"\0")
    assert not [v for v in environment if v.upper().startswith((b"LAUNCHSYNC_", b"PREFECT_"))]
    assert not [v for v in environment if b"s3cret" in v]
    assert any(v.startswith(b"PATH=") for v in environment)


def test_a_failing_group_is_reported_and_the_service_serves_the_next(services, warehouse, batches):
    service = started_service()
    with pytest.raises(
        SuiteError, match="validation of nope failed: no suites in expectations/nope"
    ):
        worker.run_suites_isolated("nope", batches)
    assert validated(warehouse) > 0
    assert worker.service_pid() == service and alive(service)


def test_a_service_that_died_is_replaced_by_the_next_run(services, warehouse):
    dead = started_service()
    os.kill(dead, signal.SIGKILL)
    wait_until(lambda: not alive(dead), 10, "the validation service to die")
    assert validated(warehouse) > 0
    assert worker.service_pid() not in (None, dead)


def test_a_validation_that_takes_too_long_is_reported_and_the_service_serves_on(services, batches):
    service = started_service()
    with pytest.raises(SuiteError, match=r"took longer than 0\.001 s and was stopped"):
        worker.run_suites_isolated(validate.GROUP, batches, timeout=0.001)
    assert alive(service)
    assert worker.run_suites_isolated("variant", batches, timeout=600)


def test_a_request_that_runs_out_of_time_before_the_service_listens_says_so(services, batches):
    """Not "the service did not start": the request's own time ran out, the service is fine."""
    with pytest.raises(SuiteError, match=r"took longer than 0\.001 s and was stopped"):
        worker.run_suites_isolated(validate.GROUP, batches, timeout=0.001)
    assert worker.run_suites_isolated(validate.GROUP, batches, timeout=600)


def test_a_request_whose_caller_leaves_ends_without_finishing(services, batches):
    started_service()
    path = next(services.glob("validate-*.sock"))
    request = {"batches": str(batches / "batches.duckdb"), "group": validate.GROUP,
               "folder": str(batches), "memory": "1GB"}  # fmt: skip
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as caller:
        caller.connect(str(path))
        caller.sendall(json.dumps(request).encode() + b"\n")
        pid = json.loads(caller.makefile("rb").readline())["pid"]  # validating from now on
    wait_until(lambda: not alive(pid), 10, "the request's process to end with its caller")
    assert pid not in [n["pid"] for n in worker.requests_served(services)]  # never answered
    assert not list(batches.glob("*.parquet"))


def test_a_service_that_ends_before_answering_fails_the_request_with_its_log(
    services, batches, monkeypatch, tmp_path
):
    broken = tmp_path / "broken"
    (broken / "great_expectations").mkdir(parents=True)
    (broken / "great_expectations" / "__init__.py").write_text(
        "raise ImportError('great_expectations is broken here')"
    )
    monkeypatch.setenv("PYTHONPATH", f"{broken}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    monkeypatch.setattr(worker, "START", 5.0)
    with pytest.raises(SuiteError) as raised:
        worker.run_suites_isolated(validate.GROUP, batches, timeout=120)
    message = str(raised.value)
    # Whether the request reached the service before it ended or not, the message says why
    # the service ended, or where to read it, in one line.
    assert "\n" not in message
    if "did not start" in message:
        assert "ImportError: great_expectations is broken here" in message
    else:
        assert message.startswith("validation of variant failed: the validation service ended")
    log = Path(message.rsplit("(see ", 1)[1].rstrip(")"))
    assert "great_expectations is broken here" in log.read_text()


def test_asking_whether_a_service_runs_never_takes_an_old_pid_for_one(services):
    service = started_service()
    [lock] = services.glob("validate-*.lock")
    worker.stop_all(services)
    wait_until(lambda: not alive(service), 10, "the service to end")
    with lock.open("r") as other_asker:  # another run asking at the same moment
        fcntl.flock(other_asker, fcntl.LOCK_SH | fcntl.LOCK_NB)
        assert worker.service_pid() is None
        assert worker.stop_all(services) == []


def test_a_service_that_has_yet_to_write_its_pid_is_running_but_has_no_pid_yet(services):
    services.mkdir(mode=0o700)
    lock = worker._paths(services, worker.code_version())[1]
    with lock.open("a+") as starting:  # as a service holds it before writing its pid
        fcntl.flock(starting, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert worker._serving(lock) == -1  # warm_up starts no second one
        assert worker.service_pid() is None  # and no pid is made up
        assert worker.stop_all(services) == []


def test_a_service_whose_folder_was_removed_leaves_the_next_ones_socket(
    services, warehouse, monkeypatch
):
    monkeypatch.setattr(worker, "IDLE", 2.0)
    orphan = started_service()
    shutil.rmtree(services)  # as a logout empties XDG_RUNTIME_DIR
    monkeypatch.setattr(worker, "IDLE", 900.0)
    successor = started_service()
    wait_until(lambda: not alive(orphan), 30, "the orphaned service to end when idle")
    assert list(services.glob("validate-*.sock"))
    monkeypatch.setattr(worker, "_start", lambda *a: pytest.fail("started a third service"))
    assert validated(warehouse) > 0
    assert worker.service_pid() == successor


def test_a_caller_that_never_sends_its_request_holds_up_no_other(services, warehouse):
    started_service()
    path = next(services.glob("validate-*.sock"))
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as stalled:
        stalled.connect(str(path))
        assert validated(warehouse) > 0
        # Still waiting for its request: a service serving one caller at a time would
        # have had to give up on it before serving the other.
        with pytest.raises(BlockingIOError):
            stalled.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)


def test_an_idle_service_ends_and_the_next_run_starts_another(services, warehouse, monkeypatch):
    monkeypatch.setattr(worker, "IDLE", 1.0)
    service = started_service()
    wait_until(lambda: not alive(service), 60, "the idle service to end")
    assert not list(services.glob("validate-*.sock"))
    assert worker.service_pid() is None
    assert validated(warehouse) > 0
    assert worker.service_pid() not in (None, service)


def test_a_change_to_the_code_it_runs_names_another_service(monkeypatch, tmp_path):
    for pattern in worker.CODE:
        for file in REPO.glob(pattern):
            copy = tmp_path / file.relative_to(REPO)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, copy)
    monkeypatch.setattr(worker, "ROOT", tmp_path)
    before = worker.code_version()
    assert worker.code_version() == before
    changed = tmp_path / "expectations" / "runner.py"
    changed.write_text(changed.read_text() + "\n# changed\n")
    assert worker.code_version() != before


def test_the_code_version_covers_every_module_the_service_runs(batches):
    """A module the service runs but the version ignores would be served stale after a change."""
    script = f"""
import json, sys
from pathlib import Path
import great_expectations
from expectations import custom, gx_duckdb, runner, worker
reply = worker._answer({{"batches": {str(batches / "batches.duckdb")!r}, "group": "variant",
                        "folder": {str(batches)!r}, "memory": "1GB"}})
assert "files" in reply, reply
root = worker.ROOT
loaded = sorted({{str(Path(m.__file__).resolve()) for m in list(sys.modules.values())
                 if getattr(m, "__file__", None)
                 and Path(m.__file__).resolve().is_relative_to(root)
                 and not Path(m.__file__).resolve().is_relative_to(sys.prefix)}})
print(json.dumps(loaded))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = {Path(name) for name in json.loads(done.stdout.splitlines()[-1])}
    assert Path(worker.__file__).resolve() in loaded
    assert loaded <= set(worker.code_files())


def test_a_services_folder_other_users_can_open_is_refused(services):
    services.mkdir()
    services.chmod(0o755)
    with pytest.raises(SuiteError, match="open to other users: remove it, or set XDG_RUNTIME"):
        worker.runtime_dir()
    services.chmod(0o700)
    assert worker.runtime_dir() == services


def test_a_run_whose_output_is_read_to_the_end_is_not_held_by_the_service(services):
    """The service keeps none of the starting process's output open (a Prefect worker reads
    a flow run's output until it closes)."""
    done = subprocess.run(
        [sys.executable, "-c", "from expectations import worker; worker.warm_up()"],
        cwd=REPO,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert alive(wait_until(worker.service_pid, 20, "the validation service"))


def test_the_sync_command_starts_the_service_before_its_checks_and_leaves_it_running(
    services, monkeypatch
):
    from typer.testing import CliRunner

    from launchsync import cli
    from launchsync.errors import ConfigError

    seen = []

    def failing_checks(scenarios=None):
        seen.append(wait_until(worker.service_pid, 20, "the validation service"))
        raise ConfigError("LAUNCHSYNC_CENTRIC_URL: unreachable")

    monkeypatch.setattr(cli, "_preflight", failing_checks)
    done = CliRunner().invoke(cli.app, ["sync"])
    assert isinstance(done.exception, ConfigError)
    [service] = seen
    assert alive(service) and worker.service_pid() == service


def test_a_long_log_keeps_its_last_lines_and_the_service_writes_on_at_its_end(tmp_path):
    log = tmp_path / "validate-x.log"
    lines = [f'{{"at": "t", "n": {n}}}\n'.encode() for n in range(60_000)]
    log.write_bytes(b"".join(lines))
    assert log.stat().st_size > worker.LOG_MAX
    with log.open("ab") as service_output:  # as the service's standard error is opened
        worker._trim(log)
        service_output.write(b"after\n")
    kept = log.read_bytes()
    assert len(kept) <= worker.LOG_KEEP + len(b"after\n")
    assert kept.endswith(lines[-1] + b"after\n")
    assert kept.split(b"\n", 1)[0] + b"\n" in lines  # starts at a whole line, no zeros before
    worker._trim(log)
    assert log.read_bytes() == kept  # under the limit: left alone
