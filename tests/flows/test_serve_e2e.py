"""`launchsync serve` as a single-machine install: it deploys, starts a worker, the receiver and
the simulators, registers the receiver with them, and stops every part on SIGTERM."""

import os
import re
import secrets
import signal
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO, alive, free_port, wait_until

pytestmark = pytest.mark.e2e


def children_of(pid: int) -> list[int]:
    """The live (not zombie) child processes of ``pid``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if fields[1] == str(pid) and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def test_serve_starts_every_part_and_stops_them_all(tmp_path, prefect_api):
    started = datetime.now(UTC)
    key = str(uuid.uuid4())
    env = {
        **os.environ,
        "LAUNCHSYNC_WAREHOUSE": str(tmp_path / "w.duckdb"),
        "LAUNCHSYNC_INBOX": str(tmp_path / "inbox"),
        "LAUNCHSYNC_WEBHOOK_SECRET": f"webhook-{secrets.token_hex(12)}",
        "LAUNCHSYNC_FOURALLPORTAL_API_KEY": key,
        "PREFECT_WORKER_QUERY_SECONDS": "1",
    }
    port = free_port()
    output = tmp_path / "serve.out"
    with open(output, "wb") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "launchsync", "serve", "--styles", "4",
             "--prefect-api", prefect_api, "--webhook-port", str(port),
             "--logs", str(tmp_path / "logs")],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:

        def ready() -> bool:
            assert serve.poll() is None, output.read_text()
            return "Ready." in output.read_text()

        wait_until(ready, 300, "launchsync serve to be ready", interval=0.5)
        said = output.read_text()
        children = children_of(serve.pid)
        assert len(children) == 2, said  # the worker and the receiver (the server was given)

        assert httpx.get(f"http://127.0.0.1:{port}/health").json() == {"status": "ok"}
        deployment = httpx.get(
            f"{prefect_api}/deployments/name/launchsync-sync/sync-incremental"
        ).json()
        assert datetime.fromisoformat(deployment["updated"]) >= started
        assert deployment["work_pool_name"] == "launchsync"

        def worker_online() -> list[dict]:
            workers = httpx.post(f"{prefect_api}/work_pools/launchsync/workers/filter", json={})
            return [
                w for w in workers.json()
                if w["status"] == "ONLINE"
                and datetime.fromisoformat(w["last_heartbeat_time"]) >= started
            ]  # fmt: skip

        wait_until(worker_online, 60, "the worker to report in", interval=0.5)

        # The receiver is registered with the simulators serve started.
        pim = re.search(r"4ALLPORTAL (http://\S+?),", said).group(1)
        hooks = httpx.get(
            f"{pim}/api/system/webhooks", headers={"Authorization": f"Bearer {key}"}
        ).json()
        assert [h["url"] for h in hooks["result"]] == [
            f"http://127.0.0.1:{port}/webhooks/fourallportal"
        ]
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=90)
    said = output.read_text()
    assert serve.returncode == 0, said
    assert "Stopped." in said and "stopped worker" in said and "stopped webhooks" in said
    assert not [pid for pid in children if alive(pid)]
