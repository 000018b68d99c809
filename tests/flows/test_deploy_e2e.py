"""launchsync as operations run it: `prefect deploy --all` from the repository to a real Prefect
server, and a process worker running the deployments against the simulators.

Every credential is a fresh random value the simulators accept.
"""

import secrets
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import httpx
import pytest
import yaml

from systems.generator import DefectRates, generate
from tests.conftest import REPO, free_port, wait_until
from tests.flows.live import Live, start_simulators, stop, value

pytestmark = pytest.mark.e2e

DONE = {"COMPLETED"}
BROKEN = {"FAILED", "CRASHED", "CANCELLED"}


@dataclass
class Operated:
    live: Live
    api: str
    logs: list[Path]
    secrets: dict[str, str]
    outputs: list[str] = field(default_factory=list)

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
        """One API call; a busy server (503, as the Prefect client also retries) is asked again."""
        response = wait_until(
            lambda: (
                r
                if (
                    r := httpx.request(method, f"{self.api}{path}", json=body, timeout=30)
                ).status_code
                != 503
                else None
            ),
            60,
            f"the Prefect server to answer {method} {path}",
            interval=0.5,
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
