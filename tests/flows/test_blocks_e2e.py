"""Credentials kept as Prefect blocks on a real Prefect server, environment variables as fallback."""

import pytest

from systems.generator import DefectRates, generate
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

    for output in (saved, refused, done, fallback):
        for secret in secrets:
            assert secret not in output.stdout + output.stderr
