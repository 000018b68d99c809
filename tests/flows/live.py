"""Live systems for end-to-end tests: `launchsync simulate` as a process, the CLI as processes."""

import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import orjson
from pydantic import SecretStr

from launchsync import defaults
from systems.catalog import Catalog
from systems.centric.client import CentricClient
from systems.fourallportal.client import FourAllPortalClient
from systems.fourallportal.endpoints import ENDPOINTS as PIM
from systems.smintio.client import SmintIoClient
from systems.smintio.endpoints import ENDPOINTS as SMINTIO
from tests.conftest import free_port, wait_until
from tests.helpers import candidate_ids

LAUNCHSYNC = [sys.executable, "-m", "launchsync"]


@dataclass
class Live:
    """Simulators running as a `launchsync simulate` process, and how to reach them."""

    env: dict[str, str]
    catalog: Catalog
    warehouse: Path

    def cli(
        self, *args: str, check: bool = True, timeout: float = 300
    ) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [*LAUNCHSYNC, *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"launchsync {' '.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}"
            )
        return done

    def sync(self, *args: str) -> dict:
        return orjson.loads(self.cli("sync", "--json", *args).stdout)

    def sql(self, query: str) -> list[dict]:
        return orjson.loads(self.cli("sql", query, "--format", "json").stdout)

    def centric(self) -> CentricClient:
        return CentricClient.connect(
            self.env["LAUNCHSYNC_CENTRIC_URL"],
            "launchsync",
            SecretStr(self.env["LAUNCHSYNC_CENTRIC_PASSWORD"]),
        )

    def pim(self) -> FourAllPortalClient:
        return FourAllPortalClient.connect(
            self.env["LAUNCHSYNC_FOURALLPORTAL_URL"],
            SecretStr(self.env["LAUNCHSYNC_FOURALLPORTAL_API_KEY"]),
        )

    def smintio(self) -> SmintIoClient:
        """A Smint.io client sharing launchsync's token store (refresh tokens are single use)."""
        return SmintIoClient.connect(
            self.env["LAUNCHSYNC_SMINTIO_URL"],
            defaults.SMINTIO_SIMULATOR_CLIENT_ID,
            SecretStr(
                self.env.get(
                    "LAUNCHSYNC_SMINTIO_CLIENT_SECRET", defaults.SMINTIO_SIMULATOR_CLIENT_SECRET
                )
            ),
            SecretStr(
                self.env.get(
                    "LAUNCHSYNC_SMINTIO_REFRESH_TOKEN", defaults.SMINTIO_SIMULATOR_REFRESH_TOKEN
                )
            ),
            token_store=self.warehouse.parent / ".smintio-token.json",
        )

    def smintio_records(self, kind: str) -> list[dict]:
        with self.smintio() as smintio:
            return [r for page in smintio.iter_pages(SMINTIO[kind]) for r in page]

    def ledger_size(self) -> int:
        return self.sql("SELECT count(*) AS n FROM push_ledger")[0]["n"]

    def pim_objects(self, module: str) -> list[dict]:
        with FourAllPortalClient.connect(
            self.env["LAUNCHSYNC_FOURALLPORTAL_URL"],
            SecretStr(self.env["LAUNCHSYNC_FOURALLPORTAL_API_KEY"]),
        ) as pim:
            return [o for page in pim.iter_pages(PIM[module]) for o in page]


def value(obj: dict, field: str):
    entries = [e for e in obj.get(field) or [] if not e["dimensions"]]
    return entries[0]["value"] if entries else None


def transferred(products: list[dict]) -> set[str]:
    """Styles whose product launchsync wrote (products content teams made alone lack PLM fields)."""
    return {value(p, "centric_id") for p in products if value(p, "style_name") is not None}


def mapped(result: dict, name: str) -> tuple[int, int, int]:
    counts = result["by_mapping"].get(name, {})
    return counts.get("created", 0), counts.get("updated", 0), counts.get("deleted", 0)


def port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def figures_of(
    command: str, *args: str, prefect_api: str, timeout: float
) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
    """Run a launchsync command that prints a result table; return it and its last column."""
    done = subprocess.run(
        [*LAUNCHSYNC, command, *args],
        env={**os.environ, "PREFECT_API_URL": prefect_api, "COLUMNS": "200"},
        capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:] + done.stdout
    return done, dict(re.findall(r"│ ([A-Za-z ()]+?)\s+│[^│]*│ (\d+)", done.stdout))


def start_simulators(
    tmp_path: Path,
    catalog: Catalog,
    prefect_api: str,
    *extra: str,
    secrets: dict[str, str] | None = None,
):
    """Serve a catalog; with ``secrets`` (LAUNCHSYNC_* credentials) the simulators accept those."""
    path = tmp_path / "catalog.json"
    catalog.save(path)
    centric_port, pim_port, smintio_port = free_port(), free_port(), free_port()
    process = subprocess.Popen(
        [*LAUNCHSYNC, "simulate", "--catalog", str(path), "--centric-port", str(centric_port),
         "--fourallportal-port", str(pim_port), "--smintio-port", str(smintio_port),
         "--page-cap", "100", *extra],
        env={**os.environ, **(secrets or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    wait_until(
        lambda: all(port_open(p) for p in (centric_port, pim_port, smintio_port)),
        30,
        "the simulators to listen",
    )
    env = {
        **os.environ,
        "PREFECT_API_URL": prefect_api,
        "LAUNCHSYNC_CENTRIC_URL": f"http://127.0.0.1:{centric_port}/csi-requesthandler/api/v2",
        "LAUNCHSYNC_CENTRIC_PASSWORD": "simulator",
        "LAUNCHSYNC_FOURALLPORTAL_URL": f"http://127.0.0.1:{pim_port}",
        "LAUNCHSYNC_FOURALLPORTAL_API_KEY": "0d5a3f4e-2b8c-4e61-9c7a-5f3e2d1c0b9a",
        "LAUNCHSYNC_SMINTIO_URL": f"http://127.0.0.1:{smintio_port}",
        "LAUNCHSYNC_WAREHOUSE": str(tmp_path / "warehouse.duckdb"),
        **(secrets or {}),
    }
    return process, Live(env, catalog, tmp_path / "warehouse.duckdb")


@contextmanager
def simulated(tmp_path: Path, catalog: Catalog, prefect_api: str) -> Iterator["Live"]:
    """The simulators serving a catalog for the length of a block; they must stop cleanly."""
    process, live = start_simulators(tmp_path, catalog, prefect_api)
    try:
        yield live
    finally:
        stop(process)
    assert process.returncode == 0, process.stderr.read()


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        raise


def records(live: "Live", resource: str, **filters: str) -> list[dict]:
    """Every Centric record of a type (optionally filtered), through the Centric API."""
    from systems.centric.endpoints import ENDPOINTS as CENTRIC

    with live.centric() as centric:
        return [
            r
            for page in centric.iter_pages(CENTRIC[resource], filters=filters or None)
            for r in page
        ]


def planted(catalog: Catalog) -> set[str]:
    """Candidate styles the generator planted a quarantine defect in."""
    candidates = candidate_ids(catalog)
    return {d["style"] for d in catalog.defects if d["quarantine"] and d["style"] in candidates}
