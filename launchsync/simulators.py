"""Serve the simulators as real HTTP servers on loopback, in a background thread."""

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn

from launchsync import defaults
from launchsync.errors import LaunchsyncError
from systems.catalog import Catalog
from systems.centric.simulator import CentricSimulator
from systems.fourallportal.simulator import FourAllPortalSimulator


@dataclass
class RunningSimulators:
    """Simulators being served, their state and their base URLs."""

    centric: CentricSimulator
    fourallportal: FourAllPortalSimulator
    centric_url: str
    fourallportal_url: str

    def environment(self) -> dict[str, str]:
        """Environment variables that point launchsync at these simulators."""
        return {
            "LAUNCHSYNC_CENTRIC_URL": self.centric_url,
            "LAUNCHSYNC_CENTRIC_USERNAME": self.centric.username,
            "LAUNCHSYNC_CENTRIC_PASSWORD": self.centric.password,
            "LAUNCHSYNC_FOURALLPORTAL_URL": self.fourallportal_url,
            "LAUNCHSYNC_FOURALLPORTAL_API_KEY": self.fourallportal.api_key,
        }


def _check_free(host: str, port: int, flag: str) -> None:
    if port == 0:
        return
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            raise LaunchsyncError(
                f"port {port} on {host} is in use (another simulator?); stop it or pass {flag}"
            ) from None


@contextmanager
def serve(
    catalog: Catalog,
    *,
    host: str = defaults.SIMULATOR_HOST,
    centric_port: int = defaults.CENTRIC_PORT,
    fourallportal_port: int = defaults.FOURALLPORTAL_PORT,
    page_cap: int = 200,
    ready_timeout: float = 20.0,
) -> Iterator[RunningSimulators]:
    """Serve a Centric and a 4ALLPORTAL simulator until the block ends (port 0: any free port).

    Raises:
        LaunchsyncError: a port is taken or the servers did not start in time.
    """
    _check_free(host, centric_port, "--centric-port")
    _check_free(host, fourallportal_port, "--fourallportal-port")
    centric = CentricSimulator(catalog.centric, page_cap=page_cap)
    pim = FourAllPortalSimulator(catalog.fourallportal)
    servers = [
        uvicorn.Server(
            uvicorn.Config(
                app, host=host, port=port, log_level="warning", lifespan="off", access_log=False
            )
        )
        for app, port in ((centric.app(), centric_port), (pim.app(), fourallportal_port))
    ]

    async def run_all() -> None:
        await asyncio.gather(*(s.serve() for s in servers))

    thread = threading.Thread(target=asyncio.run, args=(run_all(),), name="simulators", daemon=True)
    thread.start()
    deadline = time.monotonic() + ready_timeout
    while not all(s.started for s in servers):
        if not thread.is_alive() or time.monotonic() > deadline:
            for s in servers:
                s.should_exit = True
            raise LaunchsyncError(
                "the simulators did not start; is another process using their ports?"
            )
        time.sleep(0.02)
    ports = [s.servers[0].sockets[0].getsockname()[1] for s in servers]
    try:
        yield RunningSimulators(
            centric=centric,
            fourallportal=pim,
            centric_url=defaults.centric_url(host, ports[0]),
            fourallportal_url=defaults.fourallportal_url(host, ports[1]),
        )
    finally:
        for s in servers:
            s.should_exit = True
        thread.join(timeout=10)
