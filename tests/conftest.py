"""Shared fixtures: generated catalogs, in-process simulators, warehouses, a Prefect server."""

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from systems.centric.client import CentricClient
from systems.centric.simulator import CentricSimulator
from systems.fourallportal.client import FourAllPortalClient
from systems.fourallportal.simulator import FourAllPortalSimulator
from systems.generator import DefectRates, generate
from systems.http import RetryPolicy
from warehouse.db import connect, migrate

REPO = Path(__file__).resolve().parent.parent
NO_WAIT = RetryPolicy(attempts=3, backoff=0.0)


class SyncASGITransport(httpx.BaseTransport):
    """Serve sync httpx clients from an ASGI app in-process (httpx.ASGITransport is async-only)."""

    def __init__(self, app) -> None:
        self.inner = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> httpx.Response:
            body = request.read()
            forwarded = httpx.Request(
                request.method, request.url, headers=request.headers, content=body
            )
            response = await self.inner.handle_async_request(forwarded)
            content = await response.aread()
            return httpx.Response(
                response.status_code, headers=response.headers, content=content, request=request
            )

        return asyncio.run(send())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout: float, what: str, interval: float = 0.1):
    """Poll ``condition`` until it returns a truthy value or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def alive(pid: int) -> bool:
    """Whether ``pid`` is a live process (not gone, not a zombie)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.fixture(scope="session", autouse=True)
def validation_services() -> Iterator[Path]:
    """The session's validation services live in a folder of their own, stopped at the end.

    Every run of the session (in-process, CLI or Prefect worker processes) finds them through
    ``XDG_RUNTIME_DIR``, as runs of one user do.
    """
    import shutil
    import tempfile

    from expectations import worker

    before = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(tempfile.mkdtemp(prefix="ls-rt-", dir="/tmp"))
    os.environ["XDG_RUNTIME_DIR"] = str(base)
    yield base / "launchsync"
    if (base / "launchsync").exists():
        worker.stop_all(base / "launchsync")
    shutil.rmtree(base, ignore_errors=True)
    if before is None:
        os.environ.pop("XDG_RUNTIME_DIR", None)
    else:
        os.environ["XDG_RUNTIME_DIR"] = before


@pytest.fixture
def catalog():
    return generate(40, seed=11)


@pytest.fixture
def centric_sim(catalog) -> CentricSimulator:
    return CentricSimulator(catalog.centric, page_cap=50)


@pytest.fixture
def centric(centric_sim) -> Iterator[CentricClient]:
    client = CentricClient.connect(
        "http://centric.test/csi-requesthandler/api/v2",
        centric_sim.username,
        SecretStr(centric_sim.password),
        page_size=50,
        retry=NO_WAIT,
        transport=SyncASGITransport(centric_sim.app()),
    )
    yield client
    client.close()


@pytest.fixture
def pim_sim() -> FourAllPortalSimulator:
    return FourAllPortalSimulator()


@pytest.fixture
def pim(pim_sim) -> Iterator[FourAllPortalClient]:
    client = FourAllPortalClient.connect(
        "http://pim.test",
        SecretStr(pim_sim.api_key),
        page_size=25,
        retry=NO_WAIT,
        transport=SyncASGITransport(pim_sim.app()),
    )
    yield client
    client.close()


@pytest.fixture
def warehouse(tmp_path):
    con = connect(tmp_path / "test.duckdb")
    migrate(con)
    yield con
    con.close()


@pytest.fixture
def clean_catalog():
    return generate(30, seed=5, rates=DefectRates.none())


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory) -> Iterator[str]:
    """A real `prefect server` on loopback for the whole session."""
    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_UI_ENABLED": "false",
    }
    env.pop("PREFECT_API_URL", None)
    log = open(home / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "prefect",
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/api"

    def healthy() -> bool:
        if server.poll() is not None:
            raise AssertionError(
                f"prefect server exited: {(home / 'server.log').read_text()[-2000:]}"
            )
        try:
            return httpx.get(f"{url}/health", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_until(healthy, 120, "the Prefect server", interval=0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
