"""launchsync as operations run it: `prefect deploy --all` from the repository to a real Prefect
server, a process worker running the deployments, a schedule firing, and signed webhooks and a
milestone turning into Prefect events whose triggers run the right flow for just those records.

Every credential is a fresh random value, so the last test can look for each of them in every
log, artifact and warehouse table the runs produced.
"""

import secrets
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import httpx
import pytest
import yaml

from systems.generator import DefectRates, generate
from tests.conftest import REPO, free_port, wait_until
from tests.flows.live import Live, records, start_simulators, stop, value

pytestmark = pytest.mark.e2e

DONE = {"COMPLETED"}
BROKEN = {"FAILED", "CRASHED", "CANCELLED"}
# A run in one of these states is queued or at work (awaiting a slot is a kind of Scheduled).
ACTIVE = ["SCHEDULED", "PENDING", "RUNNING", "CANCELLING", "PAUSED"]


@dataclass
class Operated:
    live: Live
    api: str
    logs: list[Path]
    secrets: dict[str, str]
    outputs: list[str] = field(default_factory=list)
    began: datetime = field(default_factory=lambda: datetime.now(UTC))

    def prefect(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "prefect", "--no-prompt", *args],
            cwd=REPO,
            env=self.live.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        self.outputs.append(done.stdout + done.stderr)
        assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
        return done.stdout

    def call(self, method: str, path: str, body: dict | None = None) -> object:
        """One API call; a busy server (503 or no answer in time, as the Prefect client also
        retries) is asked again."""

        def attempt() -> httpx.Response | None:
            try:
                r = httpx.request(method, f"{self.api}{path}", json=body, timeout=30)
            except httpx.TimeoutException:
                return None
            return r if r.status_code != 503 else None

        response = wait_until(
            attempt, 120, f"the Prefect server to answer {method} {path}", interval=0.5
        )
        response.raise_for_status()
        return response.json()

    def post(self, path: str, body: dict) -> object:
        return self.call("POST", path, body)

    def get(self, path: str) -> object:
        return self.call("GET", path)

    def deployment(self, flow: str, name: str) -> dict:
        return self.get(f"/deployments/name/{flow}/{name}")

    def runs(self, deployment_id: str) -> list[dict]:
        return self.post(
            "/flow_runs/filter",
            {"flow_runs": {}, "deployments": {"id": {"any_": [deployment_id]}}, "limit": 200},
        )

    def finished(self, deployment_id: str, count: int, what: str, timeout: float = 420) -> list:
        """Wait until ``count`` runs of a deployment completed; fail at once when one broke."""

        def check() -> list[dict] | None:
            runs = self.runs(deployment_id)
            broken = [r for r in runs if r["state_type"] in BROKEN]
            if broken:
                raise AssertionError(f"{what}: run {broken[0]['name']} {broken[0]['state_type']}:"
                                     f" {self.worker_log()}")  # fmt: skip
            done = [r for r in runs if r["state_type"] in DONE]
            return done if len(done) >= count else None

        return wait_until(check, timeout, what, interval=1.0)

    def quiet(self, what: str) -> None:
        """Wait until no flow run is queued or at work, so the next change reaches only the
        runs a test starts: every run pulls all systems, so one already under way (a run
        triggered earlier, queued behind the warehouse lock) would take the change first."""

        def idle() -> bool:
            # Runs of this module only: a run an earlier test killed stays Running for good.
            since = {"after_": self.began.isoformat()}
            active = self.post(
                "/flow_runs/filter",
                {"flow_runs": {"state": {"type": {"any_": ACTIVE}}, "expected_start_time": since}},
            )
            return not active

        wait_until(idle, 420, f"no run at work before {what}", interval=1.0)

    def pause_schedules(self) -> None:
        """Pause every scheduled deployment: a run a schedule fires mid-test would pull (and
        push) what a test changed before the run the test watches. Pausing also deletes
        the runs the scheduler already queued; ``test_a_schedule_fires...`` resumes one."""
        for d in self.post("/deployments/filter", {"limit": 200}):
            if d["schedules"]:
                self.post(f"/deployments/{d['id']}/pause_deployment", {})

    def states(self, run_id: str) -> list[dict]:
        return self.get(f"/flow_run_states/?flow_run_id={run_id}")

    def worker_log(self) -> str:
        return self.logs[0].read_text()[-3000:]


@pytest.fixture(scope="module")
def ops(tmp_path_factory, prefect_api):
    tmp = tmp_path_factory.mktemp("deploy")
    creds = {
        "LAUNCHSYNC_CENTRIC_PASSWORD": f"centric-{secrets.token_hex(12)}",
        "LAUNCHSYNC_FOURALLPORTAL_API_KEY": str(uuid.uuid4()),
        "LAUNCHSYNC_SMINTIO_CLIENT_SECRET": f"smintio-{secrets.token_hex(12)}",
        "LAUNCHSYNC_SMINTIO_REFRESH_TOKEN": f"refresh-{secrets.token_hex(12)}",
        "LAUNCHSYNC_WEBHOOK_SECRET": f"webhook-{secrets.token_hex(12)}",
    }
    catalog = generate(12, seed=9, rates=DefectRates.none())
    process, live = start_simulators(tmp, catalog, prefect_api, secrets=creds)
    receiver_port = free_port()
    live.env.update({
        "LAUNCHSYNC_HOME": str(REPO),
        "LAUNCHSYNC_INBOX": str(tmp / "inbox"),
        "PREFECT_WORKER_QUERY_SECONDS": "1",
    })  # fmt: skip
    ops = Operated(live, prefect_api, [tmp / "worker.log", tmp / "receiver.log"], creds)
    if httpx.get(f"{prefect_api}/work_pools/launchsync", timeout=30).status_code == 404:
        ops.prefect("work-pool", "create", "launchsync", "--type", "process")
    ops.prefect("deploy", "--all")
    ops.pause_schedules()
    children = []
    for log, command in zip(
        ops.logs,
        (
            ["-m", "prefect", "worker", "start", "--pool", "launchsync", "--name", "it-worker"],
            ["-m", "launchsync", "webhooks", "serve", "--port", str(receiver_port)],
        ),
        strict=True,
    ):
        with open(log, "wb") as out:
            children.append(
                subprocess.Popen(
                    [sys.executable, *command],
                    cwd=REPO,
                    env=live.env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
    try:
        wait_until(
            lambda: answers(f"http://127.0.0.1:{receiver_port}/health", children[1]),
            30,
            "the webhook receiver",
            interval=0.3,
        )
        registered = live.cli("webhooks", "register", f"http://127.0.0.1:{receiver_port}")
        ops.outputs.append(registered.stdout + registered.stderr)
        yield ops
    finally:
        for child in children:
            child.terminate()
            child.wait(timeout=30)
        stop(process)


def answers(url: str, child: subprocess.Popen) -> bool:
    assert child.poll() is None, f"exited with {child.returncode}"
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def deployments() -> list[dict]:
    return yaml.safe_load((REPO / "prefect.yaml").read_text())["deployments"]


def sql(ops: Operated, query: str) -> list[tuple]:
    """Query the read copy every run publishes (the live file may be held by a running flow)."""
    with duckdb.connect(
        str(ops.live.warehouse.with_name("warehouse.read.duckdb")), read_only=True
    ) as con:
        return con.execute(query).fetchall()


def test_deploy_all_registers_every_deployment_and_the_worker_runs_one(ops):
    registered = ops.post("/deployments/filter", {"limit": 200})
    by_name = {d["name"]: d for d in registered}
    expected = {d["name"] for d in deployments()}
    assert expected <= set(by_name)
    for name in expected:
        deployment = by_name[name]
        assert deployment["work_pool_name"] == "launchsync"
        assert deployment["global_concurrency_limit"]["limit"] == 1, name
    crons = {s["schedule"]["cron"] for s in by_name["sync-incremental"]["schedules"]}
    assert crons == {"*/10 * * * *"}
    automations = ops.post("/automations/filter", {})
    triggered = {
        by_id["name"]
        for a in automations
        for action in a["actions"]
        for by_id in registered
        if by_id["id"] == action.get("deployment_id")
    }
    assert triggered == {
        "c4-launch-package",
        "s1-assets-to-creatives",
        "s7-asset-lifecycle",
        "s3-licensed-stock",
        "s4-campaign-assets",
        "s6-creative-status",
    }

    deployment = ops.deployment("launchsync-sync", "sync-incremental")
    run = ops.post(f"/deployments/{deployment['id']}/create_flow_run", {})
    wait_until(
        lambda: ops.get(f"/flow_runs/{run['id']}")["state_type"] in DONE | BROKEN,
        420,
        "the deployment run to finish",
        interval=1.0,
    )
    assert ops.get(f"/flow_runs/{run['id']}")["state_type"] == "COMPLETED", ops.worker_log()

    # Its effect, through the systems' own APIs: products and Smint.io assets exist.
    products = [p for p in ops.live.pim_objects("product") if value(p, "style_name")]
    assert products
    assert ops.live.smintio_records("assets")
    assert sql(ops, f"SELECT status FROM sync_runs WHERE run_id = '{run['id']}'") == [
        ("completed",)
    ]
    artifacts = ops.post(
        "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [run["id"]]}}, "limit": 50}
    )
    assert "launchsync-run" in {a["key"] for a in artifacts}


def running_span(ops: Operated, run_id: str) -> tuple[datetime, datetime]:
    states = ops.states(run_id)
    started = min(s["timestamp"] for s in states if s["type"] == "RUNNING")
    ended = max(s["timestamp"] for s in states if s["type"] == "COMPLETED")
    return datetime.fromisoformat(started), datetime.fromisoformat(ended)


def test_a_signed_webhook_runs_the_asset_flows_for_that_file_only_and_runs_queue(ops):
    ops.quiet("renaming two files")
    assets = {a["external_id"]: a for a in ops.live.smintio_records("assets")}
    first, second = sorted(assets)[:2]
    s1 = ops.deployment("s1-assets-to-creatives", "s1-assets-to-creatives")
    s7 = ops.deployment("s7-asset-lifecycle", "s7-asset-lifecycle")
    with ops.live.pim() as pim:  # one call, two signed deliveries, two events
        pim.bulk_upsert(
            "file",
            [{"id": f, "name": [{"value": f"renamed-{f}.jpg", "dimensions": {}}]}
             for f in (first, second)],
        )  # fmt: skip

    def for_files(deployment_id: str) -> dict[str, dict] | None:
        runs = [r for r in ops.runs(deployment_id) if r["parameters"].get("ids") in ([first], [second])]  # fmt: skip
        broken = [r for r in runs if r["state_type"] in BROKEN]
        assert not broken, f"run {broken[0]['name']} {broken[0]['state_type']}: {ops.worker_log()}"
        done = {r["parameters"]["ids"][0]: r for r in runs if r["state_type"] in DONE}
        return done if len(done) == 2 else None

    triggered = wait_until(lambda: for_files(s1["id"]), 420, "two triggered S1 runs", interval=1)
    s7_runs = wait_until(lambda: for_files(s7["id"]), 420, "two triggered S7 runs", interval=1)

    names = {a["external_id"]: a["name"] for a in ops.live.smintio_records("assets")}
    assert names[first] == f"renamed-{first}.jpg" and names[second] == f"renamed-{second}.jpg"

    # Each triggered run wrote only its own file; together S1 and S7 pushed both.
    pushed = set()
    for run in [*triggered.values(), *s7_runs.values()]:
        keys = {k for (k,) in sql(ops, f"SELECT DISTINCT record_key FROM field_changes WHERE run_id = '{run['id']}'")}  # fmt: skip
        assert keys <= set(run["parameters"]["ids"])
        pushed |= keys
    assert pushed == {first, second}

    # Two runs of one deployment never overlap: the later one is picked up (PENDING) only
    # once the earlier one has finished, whether it waited for the slot on the way
    # (AwaitingConcurrencySlot) or was scheduled after the earlier one ended.
    (a_start, a_end, _), (b_start, _, later) = sorted(
        (*running_span(ops, r["id"]), r["id"]) for r in triggered.values()
    )
    assert a_end <= b_start
    picked_up = min(
        datetime.fromisoformat(s["timestamp"]) for s in ops.states(later) if s["type"] == "PENDING"
    )
    assert picked_up >= a_end - timedelta(seconds=1), (
        f"run {later} went PENDING at {picked_up} while the other ran {a_start}..{a_end}"
    )


def test_a_style_reaching_release_runs_the_launch_package_flow_for_that_style(ops):
    from launchsync.config import load_config

    milestones = load_config().milestones
    released = list(milestones.at_or_past(milestones.release))
    style = next(
        s for s in records(ops.live, "styles")
        if s.get("active", True) and s["bx_milestone"] not in [*released, *milestones.dropped]
    )  # fmt: skip
    ops.quiet("releasing a style")
    with ops.live.centric() as centric:
        centric.update("styles", style["id"], {"bx_milestone": released[0]})
    c4 = ops.deployment("c4-launch-package", "c4-launch-package")
    before = len(ops.runs(c4["id"]))

    result = ops.live.sync("--scenario", "c1")
    assert result["milestones_reached"] == 1 and result["events_emitted"] == 1

    [run] = [r for r in ops.finished(c4["id"], before + 1, "the triggered C4 run")
             if r["parameters"].get("ids")]  # fmt: skip
    assert run["parameters"]["ids"] == [style["id"]]
    keys = {k for (k,) in sql(ops, f"SELECT DISTINCT record_key FROM field_changes WHERE run_id = '{run['id']}'")}  # fmt: skip
    assert keys == {style["id"]}
    with ops.live.centric() as centric:
        assert centric.get("styles", style["id"])["bx_launch_status"] in ("ready", "blocked")


def test_a_schedule_fires_and_its_run_completes(ops, tmp_path):
    short = tmp_path / "prefect.yaml"
    short.write_text(
        (REPO / "prefect.yaml").read_text().replace('cron: "*/10 * * * *"', 'cron: "* * * * *"', 1)
    )
    ops.prefect("deploy", "--name", "sync-incremental", "--prefect-file", str(short))
    deployment = ops.deployment("launchsync-sync", "sync-incremental")
    assert {s["schedule"]["cron"] for s in deployment["schedules"]} == {"* * * * *"}
    ops.post(f"/deployments/{deployment['id']}/resume_deployment", {})
    try:
        wait_until(
            lambda: [
                r
                for r in ops.runs(deployment["id"])
                if r["auto_scheduled"] and r["state_type"] == "COMPLETED"
            ],
            240,
            "a scheduled run to complete",
            interval=2.0,
        )
    finally:
        ops.post(f"/deployments/{deployment['id']}/pause_deployment", {})


def test_no_secret_in_any_log_artifact_or_warehouse_table(ops):
    texts = [path.read_text(errors="replace") for path in ops.logs] + ops.outputs
    logs = []
    while True:
        page = ops.post("/logs/filter", {"limit": 200, "offset": len(logs)})
        logs += page
        if len(page) < 200:
            break
    texts += [entry["message"] for entry in logs]
    artifacts = ops.post("/artifacts/filter", {"limit": 200})
    texts += [str(a.get("data")) + str(a.get("description")) for a in artifacts]
    warehouse = ops.live.warehouse
    with duckdb.connect(str(warehouse.with_name("warehouse.read.duckdb")), read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
        ).fetchall()]  # fmt: skip
        for table in tables:
            texts.append(str(con.execute(f'SELECT * FROM "{table}"').fetchall()))
    assert len(logs) > 100 and len(artifacts) > 5 and len(tables) > 20
    everything = "\n".join(texts)
    for name, secret in ops.secrets.items():
        assert secret not in everything, name
