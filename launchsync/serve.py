"""`launchsync serve`: a single-machine install in one command.

It starts (or joins) a Prefect server, creates the process work pool, deploys every deployment
of prefect.yaml, starts a worker and the webhook receiver, and, unless told otherwise, serves
the simulators the runs talk to. Ctrl-C (or SIGTERM) stops everything it started.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from launchsync.errors import LaunchsyncError

REPO = Path(__file__).resolve().parent.parent
POOL = "launchsync"


@dataclass
class Services:
    """What `serve` runs: child processes by name, the environment they share, where logs go."""

    env: dict[str, str]
    logs: Path
    say: Callable[[str], None]
    children: dict[str, subprocess.Popen] = field(default_factory=dict)

    def prefect(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """Run a Prefect CLI command from the repository (where prefect.yaml is)."""
        done = subprocess.run(
            [sys.executable, "-m", "prefect", "--no-prompt", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
            raise LaunchsyncError(f"`prefect {' '.join(args)}` failed: {' '.join(tail)}")
        return done

    def launchsync(self, *args: str) -> None:
        """Run a launchsync command with the services' environment."""
        done = subprocess.run(
            [sys.executable, "-m", "launchsync", *args],
            cwd=REPO, env=self.env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        if done.returncode != 0:
            raise LaunchsyncError(f"`launchsync {' '.join(args)}` failed: {done.stderr.strip()}")

    def start(self, name: str, *args: str) -> subprocess.Popen:
        """Start a child process, its output going to ``<logs>/<name>.log``."""
        self.logs.mkdir(parents=True, exist_ok=True)
        with open(self.logs / f"{name}.log", "ab") as log:
            child = subprocess.Popen(
                [sys.executable, "-m", *args],
                cwd=REPO,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.children[name] = child
        return child

    def prefect_server(self, port: int) -> str:
        """Start ``prefect server`` on loopback at ``port``; its API URL once it answers."""
        server = self.start(
            "prefect-server", "prefect", "server", "start", "--host", "127.0.0.1",
            "--port", str(port),
        )  # fmt: skip
        api = f"http://127.0.0.1:{port}/api"
        wait_healthy(f"{api}/health", server, 180, "the Prefect server")
        return api

    def stop(self) -> None:
        """Stop the children, newest first."""
        for name, child in reversed(self.children.items()):
            if child.poll() is None:
                child.terminate()
                try:
                    child.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    child.kill()
            self.say(f"stopped {name}")

    def exited(self) -> str | None:
        """The name of a child that exited on its own, if any."""
        return next((n for n, c in self.children.items() if c.poll() is not None), None)


def wait_healthy(url: str, child: subprocess.Popen | None, timeout: float, what: str) -> None:
    """Wait until ``url`` answers 200 (or fail when its process exits or time runs out)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child is not None and child.poll() is not None:
            raise LaunchsyncError(f"{what} exited with code {child.returncode}; see its log")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise LaunchsyncError(f"{what} did not answer at {url} within {timeout:.0f} s; see its log")


@contextmanager
def simulators(catalog: object | None) -> Iterator[dict[str, str]]:
    """Serve the simulators (port 0: any free) and return the environment pointing at them."""
    if catalog is None:
        yield {}
        return
    from launchsync.settings import load_settings
    from launchsync.simulators import serve as serve_simulators

    with serve_simulators(
        catalog,  # type: ignore[arg-type]
        centric_port=0,
        fourallportal_port=0,
        smintio_port=0,
        credentials=load_settings(),
    ) as sims:
        yield sims.environment()


def run(
    *,
    catalog: object | None,
    prefect_api: str | None,
    port: int,
    webhook_port: int,
    logs: Path,
    say: Callable[[str], None],
    stop: threading.Event,
) -> None:
    """Start every part, report where each listens, and wait until ``stop`` is set."""
    if not (REPO / "prefect.yaml").is_file():
        raise LaunchsyncError(f"no prefect.yaml in {REPO}; run from a clone of the repository")
    env = {**os.environ, "LAUNCHSYNC_HOME": str(REPO), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    with ExitStack() as stack:
        env.update(stack.enter_context(simulators(catalog)))
        env["LAUNCHSYNC_WAREHOUSE"] = str(
            Path(env.get("LAUNCHSYNC_WAREHOUSE", "warehouse/launchsync.duckdb")).resolve()
        )
        services = Services(env, logs, say)
        stack.callback(services.stop)
        if catalog is not None:
            say(
                f"simulators: Centric {env['LAUNCHSYNC_CENTRIC_URL']}, 4ALLPORTAL"
                f" {env['LAUNCHSYNC_FOURALLPORTAL_URL']}, Smint.io {env['LAUNCHSYNC_SMINTIO_URL']}"
            )
        if prefect_api is None:
            prefect_api = services.prefect_server(port)
        else:
            wait_healthy(f"{prefect_api}/health", None, 30, "the Prefect server")
        env["PREFECT_API_URL"] = prefect_api
        say(f"Prefect server: {prefect_api.removesuffix('/api')}")

        if httpx.get(f"{prefect_api}/work_pools/{POOL}", timeout=30).status_code == 404:
            services.prefect("work-pool", "create", POOL, "--type", "process")
        services.prefect("deploy", "--all")
        say(f"deployed every deployment of prefect.yaml to work pool {POOL!r}")
        services.start("worker", "prefect", "worker", "start", "--pool", POOL)
        say(f"worker: started on pool {POOL!r}")

        if env.get("LAUNCHSYNC_WEBHOOK_SECRET"):
            receiver = services.start(
                "webhooks", "launchsync", "webhooks", "serve", "--port", str(webhook_port)
            )
            base = f"http://127.0.0.1:{webhook_port}"
            wait_healthy(f"{base}/health", receiver, 30, "the webhook receiver")
            say(f"webhooks: {base}/webhooks/fourallportal and {base}/webhooks/smintio")
            if catalog is not None:  # real systems are registered once, by their admins
                services.launchsync("webhooks", "register", base)
                say("webhooks: registered with the simulators")
        else:
            say("webhooks: off (set LAUNCHSYNC_WEBHOOK_SECRET to receive them)")
        say(f"Ready. Logs in {logs}. Stop with Ctrl-C.")
        while not stop.wait(0.5):
            gone = services.exited()
            if gone:
                raise LaunchsyncError(f"{gone} stopped unexpectedly; see {logs / gone}.log")


def serve_until_signalled(**kwargs: object) -> None:
    """`run` until Ctrl-C or SIGTERM."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with suppress(KeyboardInterrupt):
        run(stop=stop, **kwargs)  # type: ignore[arg-type]
