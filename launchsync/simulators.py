"""Serve the simulators as real HTTP servers on loopback, in a background thread."""

import asyncio
import gc
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn

from launchsync import defaults
from launchsync.errors import LaunchsyncError
from launchsync.settings import Settings
from systems.catalog import Catalog
from systems.centric.simulator import CentricSimulator
from systems.faults import Fault, FaultInjector
from systems.fourallportal.simulator import FourAllPortalSimulator
from systems.smintio.simulator import SmintIoSimulator


@dataclass
class RunningSimulators:
    """Simulators being served, their state and their base URLs."""

    centric: CentricSimulator
    fourallportal: FourAllPortalSimulator
    smintio: SmintIoSimulator
    centric_url: str
    fourallportal_url: str
    smintio_url: str
    # The fault injector in front of each simulator, by system name (its request log too).
    injectors: dict[str, FaultInjector]

    def environment(self) -> dict[str, str]:
        """Environment variables that point launchsync at these simulators."""
        return {
            "LAUNCHSYNC_CENTRIC_URL": self.centric_url,
            "LAUNCHSYNC_CENTRIC_USERNAME": self.centric.username,
            "LAUNCHSYNC_CENTRIC_PASSWORD": self.centric.password,
            "LAUNCHSYNC_FOURALLPORTAL_URL": self.fourallportal_url,
            "LAUNCHSYNC_FOURALLPORTAL_API_KEY": self.fourallportal.api_key,
            "LAUNCHSYNC_SMINTIO_URL": self.smintio_url,
            "LAUNCHSYNC_SMINTIO_CLIENT_ID": self.smintio.client_id,
            "LAUNCHSYNC_SMINTIO_CLIENT_SECRET": self.smintio.client_secret,
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
    smintio_port: int = defaults.SMINTIO_PORT,
    page_cap: int = 200,
    token_uses: int | None = None,
    ready_timeout: float = 20.0,
    credentials: Settings | None = None,
    faults: list[Fault] | None = None,
    fault_seed: int = 0,
) -> Iterator[RunningSimulators]:
    """Serve Centric, 4ALLPORTAL and Smint.io simulators until the block ends (port 0: any free).

    ``token_uses`` makes every Smint.io access token expire after that many calls, so a run
    has to refresh tokens as it goes. With ``credentials``, the simulators accept those
    (as configured for launchsync) instead of their built-in ones. ``faults`` are injected
    into every simulator (``systems.faults``), each with its own seeded dice.

    Raises:
        LaunchsyncError: a port is taken or the servers did not start in time.
    """
    _check_free(host, centric_port, "--centric-port")
    _check_free(host, fourallportal_port, "--fourallportal-port")
    _check_free(host, smintio_port, "--smintio-port")
    centric = CentricSimulator(catalog.centric, page_cap=page_cap)
    pim = FourAllPortalSimulator(catalog.fourallportal)
    smint = SmintIoSimulator(catalog.smintio, token_uses=token_uses)
    if credentials:
        centric.username = credentials.centric_username
        centric.password = credentials.centric_password.get_secret_value()
        pim.api_key = credentials.fourallportal_api_key.get_secret_value()
        smint.client_id = credentials.smintio_client_id
        smint.client_secret = credentials.smintio_client_secret.get_secret_value()
        smint.add_refresh_token(credentials.smintio_refresh_token.get_secret_value())
    injectors = {
        "centric": FaultInjector(centric.app(), faults or [], seed=fault_seed,
                                 expire=centric.expire_sessions),
        "fourallportal": FaultInjector(pim.app(), faults or [], seed=fault_seed + 1),
        "smintio": FaultInjector(smint.app(), faults or [], seed=fault_seed + 2,
                                 expire=smint.expire_access_tokens),
    }  # fmt: skip
    servers = [
        uvicorn.Server(
            uvicorn.Config(
                app, host=host, port=port, log_level="warning", lifespan="off", access_log=False
            )
        )
        for app, port in (
            (injectors["centric"], centric_port),
            (injectors["fourallportal"], fourallportal_port),
            (injectors["smintio"], smintio_port),
        )
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
    # The catalog lives as long as the servers: keep the cycle collector from walking its
    # millions of objects on every collection (at 200,000 SKUs bulk writes took 5× longer).
    # Records written later are long-lived too and hold no cycles: collect the youngest
    # generation every 50,000 allocations instead of 700, so a bulk write of 50,000 objects
    # is not walked ten times by full collections (half of its time before).
    gc.freeze()
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, *thresholds[1:])
    try:
        yield RunningSimulators(
            centric=centric,
            fourallportal=pim,
            smintio=smint,
            centric_url=defaults.centric_url(host, ports[0]),
            fourallportal_url=defaults.fourallportal_url(host, ports[1]),
            smintio_url=defaults.smintio_url(host, ports[2]),
            injectors=injectors,
        )
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
        for s in servers:
            s.should_exit = True
        thread.join(timeout=10)
