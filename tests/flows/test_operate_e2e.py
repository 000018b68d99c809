"""Operating on a real Prefect server: credentials as blocks, rate limits shared by all runs."""

from pathlib import Path

import httpx
import pytest

from launchsync.config import load_config
from systems.generator import DefectRates, generate
from tests.conftest import wait_until
from tests.flows.live import start_simulators, stop

pytestmark = pytest.mark.e2e

SECRETS = (
    "LAUNCHSYNC_CENTRIC_PASSWORD",
    "LAUNCHSYNC_FOURALLPORTAL_API_KEY",
)


@pytest.fixture
def live(tmp_path, prefect_api):
    process, handle = start_simulators(
        tmp_path, generate(8, seed=3, rates=DefectRates.none()), prefect_api
    )
    yield handle
    stop(process)


def test_runs_take_credentials_from_blocks_and_fall_back_to_the_environment(live):
    secrets = [live.env[name] for name in SECRETS]
    saved = live.cli("blocks", "save", "it-creds")
    assert saved.stderr.split() == [
        word
        for slug in ("launchsync-centric", "launchsync-fourallportal", "launchsync-smintio")
        for word in ("Saved", "block", f"{slug}/it-creds")
    ]

    wrong = {name: "wrong-secret" for name in SECRETS}
    live.env.update(wrong)
    refused = live.cli("sync", "--json", check=False)
    assert refused.returncode == 2 and "LAUNCHSYNC_CENTRIC_PASSWORD" in refused.stderr

    live.env["LAUNCHSYNC_CREDENTIALS_BLOCK"] = "it-creds"
    done = live.cli("sync", "--json")
    assert '"pulled"' in done.stdout
    assert live.sql("SELECT status FROM sync_runs ORDER BY started_at DESC LIMIT 1") == [
        {"status": "completed"}
    ]

    # Without a 4ALLPORTAL block of that name, its environment variables count again.
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from launchsync.blocks import FourAllPortalCredentials

    with temporary_settings({PREFECT_API_URL: live.env["PREFECT_API_URL"]}):
        FourAllPortalCredentials.delete("it-creds")
    fallback = live.cli("sync", "--json", check=False)
    assert fallback.returncode == 2 and "LAUNCHSYNC_FOURALLPORTAL_API_KEY" in fallback.stderr
    assert "LAUNCHSYNC_CENTRIC_PASSWORD" not in fallback.stderr

    # Wrong credentials in a block: the message names the block to fix.
    live.env.pop("LAUNCHSYNC_CREDENTIALS_BLOCK")
    live.cli("blocks", "save", "bad-creds")  # from the environment, which holds wrong secrets
    live.env["LAUNCHSYNC_CREDENTIALS_BLOCK"] = "bad-creds"
    bad = live.cli("sync", "--json", check=False)
    assert bad.returncode == 2 and "Prefect block launchsync-centric/bad-creds" in bad.stderr

    for output in (saved, refused, done, fallback, bad):
        for secret in secrets:
            assert secret not in output.stdout + output.stderr


def limits(prefect_api: str) -> dict[str, tuple[int, float]]:
    response = httpx.post(f"{prefect_api}/v2/concurrency_limits/filter", json={}, timeout=30)
    response.raise_for_status()
    return {
        c["name"]: (c["limit"], c["slot_decay_per_second"])
        for c in response.json()
        if c["name"].startswith("launchsync-")
    }


def test_rate_limits_go_to_the_prefect_server_and_runs_keep_to_them(live, tmp_path):
    source = Path(load_config().source).read_text()
    start = source.index("[centric]")
    limited = tmp_path / "launchsync.toml"
    limited.write_text(
        source[:start]
        + source[start:].replace("requests_per_second = 0", "requests_per_second = 40", 1)
    )
    live.env["LAUNCHSYNC_CONFIG"] = str(limited)
    applied = live.cli("limits", "apply")
    assert "launchsync-centric-api: 40 requests per second" in applied.stderr
    assert limits(live.env["PREFECT_API_URL"]) == {"launchsync-centric-api": (40, 40.0)}

    done = live.sync()  # every Centric request takes a slot of the shared limit
    assert done["pulled"] > 0
    wait_until(
        lambda: slots_taken(live.env["PREFECT_API_URL"], "launchsync-centric-api") > 0,
        60,
        "the server to record slots of the Centric limit",
    )

    live.env.pop("LAUNCHSYNC_CONFIG")
    cleared = live.cli("limits", "apply")
    assert "launchsync-centric-api: no limit" in cleared.stderr
    assert limits(live.env["PREFECT_API_URL"]) == {}


def slots_taken(prefect_api: str, name: str) -> int:
    """Slots the server recorded as taken from the limit ``name`` (its acquired events)."""
    response = httpx.post(
        f"{prefect_api}/events/filter",
        json={
            "filter": {
                "event": {"name": ["prefect.concurrency-limit.acquired"]},
                "resource": {"labels": {"prefect.resource.name": [name]}},
            },
            "limit": 50,
        },
        timeout=30,
    )
    response.raise_for_status()
    return sum(
        int(e["resource"].get("slots-acquired", 1))
        for e in response.json()["events"]
        if e["resource"].get("prefect.resource.name") == name
    )
